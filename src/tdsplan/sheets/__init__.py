"""Spreadsheets for the people who carry the actions: the follow-up workbook written for
them, and what they send back read into typed rows.

openpyxl lives in this package and nowhere else, and loads only when a workbook is written
or read. The package knows the sheet's layout (:mod:`.layout`) and its cells, not the
plan: what a row means for the journal is :mod:`tdsplan.followup`'s business. The
workbook is written by :mod:`.workbook`; a sheet sent back is opened by :mod:`.returns`
and its rows read by :mod:`.rows`.

What comes back is hostile until proven otherwise: the file's size and, for a
workbook, the unpacked size of its parts are checked before anything is unpacked;
then every cell is read as a value of the type its column expects, and a wrong one
is reported at its place (``suivi.xlsx:Actions!C7``), all problems at once. A text
that a spreadsheet would run as a formula is written as text, and a formula sent back
is refused (:mod:`tdsplan.formulas`). Reading costs what the sheet's rows hold: a row
with nothing filled is passed over without being read, and a sheet longer than
:data:`~tdsplan.sheets.rows.MAX_ROWS` is refused where it passes the limit.
"""

from __future__ import annotations

from tdsplan.sheets.layout import (
    ACTIONS_SHEET,
    COLUMNS,
    HELP_SHEET,
    OPTIONAL,
    PLAN_NAME,
    REQUIRED,
    SHOWN,
    TO_FILL,
)
from tdsplan.sheets.returns import MAX_FILE, MAX_PARTS, MAX_UNPACKED, read_sheet
from tdsplan.sheets.rows import (
    MAX_ROWS,
    Sheet,
    SheetRow,
    cell_date,
    cell_number,
    cell_progress,
    clean_text,
    status_of,
)
from tdsplan.sheets.workbook import Cover, ExportRow, workbook

__all__ = [
    "ACTIONS_SHEET",
    "COLUMNS",
    "HELP_SHEET",
    "MAX_FILE",
    "MAX_PARTS",
    "MAX_ROWS",
    "MAX_UNPACKED",
    "OPTIONAL",
    "PLAN_NAME",
    "REQUIRED",
    "SHOWN",
    "TO_FILL",
    "Cover",
    "ExportRow",
    "Sheet",
    "SheetRow",
    "cell_date",
    "cell_number",
    "cell_progress",
    "clean_text",
    "status_of",
    "read_sheet",
    "workbook",
]

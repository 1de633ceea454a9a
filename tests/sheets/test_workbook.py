"""sheets.workbook: the cells a lead types in, as the spreadsheet program reads them."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tdsplan.sheets.layout import COLUMNS


def _letter(key: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(next(i for i, (k, _l) in enumerate(COLUMNS, 1) if k == key))


def test_the_value_column_takes_decimals_within_explicit_bounds(demo_book):
    sheet = load_workbook(io.BytesIO(demo_book))["Actions"]
    letter = _letter("valeur")
    [check] = [
        v for v in sheet.data_validations.dataValidation if str(v.sqref).startswith(f"{letter}2:")
    ]
    # No operator and no bounds reads « between 0 and 0 » in LibreOffice: 23,5 refused.
    assert (check.type, check.operator) == ("decimal", "between")
    assert (check.formula1, check.formula2) == ("-1000000000000", "1000000000000")
    assert check.allow_blank


def test_the_value_cells_keep_their_decimals_and_progress_stays_whole(demo_book):
    sheet = load_workbook(io.BytesIO(demo_book))["Actions"]
    value = sheet[f"{_letter('valeur')}2"]
    progress = sheet[f"{_letter('nouvel_avancement')}2"]
    assert value.number_format == "General"  # 23.5 shows 23,5, not 24
    assert progress.number_format == "0"
    assert not value.protection.locked

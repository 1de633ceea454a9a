"""sheets.workbook: the cells a lead types in, as the spreadsheet program reads them."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tdsplan.sheets.layout import COLUMNS, TO_FILL
from tdsplan.sheets.workbook import row_height


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


def test_number_formats_only_where_numbers_go(demo_book):
    sheet = load_workbook(io.BytesIO(demo_book))["Actions"]
    value = sheet[f"{_letter('valeur')}2"]
    progress = sheet[f"{_letter('nouvel_avancement')}2"]
    # « 0 » showed 23,5 as 24 and 50 % as 1, and a CSV saved from it said so.
    assert value.number_format == "General"
    assert progress.number_format == "General"
    for key in ("note", "nouveau_statut", "auteur", "indicateur"):
        assert sheet[f"{_letter(key)}2"].number_format == "@", key
    for key in ("nouvelle_echeance", "date"):
        assert sheet[f"{_letter(key)}2"].number_format == "yyyy-mm-dd", key
    assert not value.protection.locked


def test_the_cells_to_fill_are_yellow_as_the_help_says(demo_book):
    book = load_workbook(io.BytesIO(demo_book))
    sheet = book["Actions"]
    for key, _label in COLUMNS:
        colour = sheet[f"{_letter(key)}2"].fill.fgColor.rgb
        assert colour.endswith("FFF2CC" if key in dict(TO_FILL) else "EDEDED"), key
    assert "remplissez les colonnes jaunes" in " ".join(str(c.value) for c in book["Aide"]["A"])


def test_rows_are_as_high_as_their_text_and_the_help_is_whole(demo_book):
    book = load_workbook(io.BytesIO(demo_book))
    sheet = book["Actions"]
    titles = {row[0].row: len(row[3].value) for row in sheet.iter_rows(min_row=2)}
    longest = max(titles, key=lambda r: titles[r])
    assert sheet.row_dimensions[longest].height >= 30
    assert row_height({"note": "court"}) is None
    assert row_height({"note": "a" * 120}) == 47  # three lines of a 50-wide column
    assert row_height({"note": "un\ndeux\ntrois\nquatre"}) == 62
    aide = book["Aide"]
    for cell in aide["A"][1:]:
        lines = -(-len(cell.value) // 109)
        assert aide.row_dimensions[cell.row].height >= 15 * lines, cell.value


def test_printed_three_pages_wide_with_the_ids_and_headers_repeated(demo_book):
    sheet = load_workbook(io.BytesIO(demo_book))["Actions"]
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
        "landscape",
        1,  # Letter
        3,
        0,
    )
    assert sheet.print_title_rows == "$1:$1" and sheet.print_title_cols == "$A:$A"

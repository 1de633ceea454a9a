"""sheets: reading a workbook sent back — hostile files each get one clear French answer
naming the file (and the cell), never a traceback; dates and progress as people type them.
The workbook sent out is in test_followup."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tdsplan import sheets
from tdsplan.errors import SheetInvalidError, UsageError
from tdsplan.followup import follow_up_workbook
from tdsplan.project import Project
from tests.conftest import REPO

AS_OF = dt.date(2023, 1, 16)


@pytest.fixture(scope="module")
def demo_book() -> bytes:
    plan = Project.at(REPO / "examples" / "demo" / "plan").load()
    return follow_up_workbook(plan, AS_OF)


def refusal(path: Path) -> list[str]:
    with pytest.raises(SheetInvalidError) as caught:
        sheets.read_sheet(path)
    return [p.format(path.name) for p in caught.value.problems]


# ---------------------------------------------------------------- hostile files sent back

def test_not_a_spreadsheet(tmp_path):
    path = tmp_path / "suivi.xlsx"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    assert refusal(path) == [
        "suivi.xlsx: ce n’est pas un classeur (.xlsx) : le fichier est d’un autre type, ou abîmé"]
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert refusal(binary) == ["photo.csv: ce n’est ni un classeur (.xlsx) ni un fichier CSV"]


def test_password_protected_and_old_excel(tmp_path):
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    locked = tmp_path / "suivi.xlsx"
    locked.write_bytes(header + "EncryptionInfo".encode("utf-16-le") + bytes(100))
    assert refusal(locked) == ["suivi.xlsx: classeur protégé par un mot de passe : ouvrez-le, "
                               "retirez le mot de passe et enregistrez-le au format .xlsx"]
    old = tmp_path / "suivi.xls"
    old.write_bytes(header + "Workbook".encode("utf-16-le"))
    assert refusal(old) == ["suivi.xls: ancien format Excel (.xls) : enregistrez le fichier au "
                            "format .xlsx ou CSV"]


def test_corrupt_workbooks(tmp_path, demo_book):
    cut = tmp_path / "coupe.xlsx"
    cut.write_bytes(demo_book[: len(demo_book) // 2])
    assert refusal(cut) == ["coupe.xlsx: fichier abîmé : ce n’est pas un classeur lisible"]
    garbled = tmp_path / "abime.xlsx"
    source = zipfile.ZipFile(io.BytesIO(demo_book))
    with zipfile.ZipFile(garbled, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, b"<nonsense" if "worksheets" in info.filename else data)
    problems = refusal(garbled)
    assert len(problems) == 1 and problems[0].startswith("abime.xlsx: classeur abîmé, illisible")
    empty_zip = tmp_path / "vide.xlsx"
    with zipfile.ZipFile(empty_zip, "w") as target:
        target.writestr("bonjour.txt", "rien")
    assert refusal(empty_zip) == [
        "vide.xlsx: ce n’est pas un classeur Excel (.xlsx) : il n’a pas de feuilles"]


def test_opendocument_is_asked_for_as_xlsx(tmp_path):
    path = tmp_path / "suivi.ods"
    with zipfile.ZipFile(path, "w") as target:
        target.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert refusal(path) == ["suivi.ods: classeur OpenDocument (.ods) : enregistrez-le au "
                             "format .xlsx ou CSV"]


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path, monkeypatch):
    import openpyxl

    bomb = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("xl/workbook.xml", b"<workbook/>")
        target.writestr("xl/worksheets/sheet1.xml", bytes(3 * 2**20))  # 3 Mo of zeros
    assert bomb.stat().st_size < 10_000
    monkeypatch.setattr(sheets, "MAX_UNPACKED", 2**20)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("unpacked"))
    assert refusal(bomb) == [
        "bombe.xlsx: classeur refusé : une fois décompressé, il dépasserait 1 Mo"]
    many = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(many, "w") as target:
        for n in range(sheets.MAX_PARTS + 1):
            target.writestr(f"x/{n}", b"")
    assert refusal(many)[0].startswith("parts.xlsx: classeur refusé")


def test_a_file_too_big_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_FILE", 2**20)
    big = tmp_path / "gros.csv"
    big.write_bytes(b"x" * (2**20 + 1))
    assert refusal(big) == ["gros.csv: fichier trop gros (1 Mo, 1 Mo au plus)"]


def test_missing_file_or_folder_is_a_usage_error(tmp_path):
    for path, message in [(tmp_path / "absent.xlsx", "fichier introuvable"),
                          (tmp_path, "est un dossier")]:
        with pytest.raises(UsageError, match=message):
            sheets.read_sheet(path)


@pytest.mark.slow  # a long run: ten thousand rows
def test_ten_thousand_rows_are_read_and_a_screenful_of_problems_given(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Actions"
    sheet.append([label for _key, label in sheets.COLUMNS])
    for n in range(10_000):
        sheet.append([f"1.{n // 8 + 1}.{n % 8 + 1}", *[None] * 9,
                      "En cours" if n % 2 else "pas commencé", 10, None, "Note", None, "Léa"])
    book.save(tmp_path / "grand.xlsx")
    problems = refusal(tmp_path / "grand.xlsx")
    assert len(problems) == 5_000
    assert problems[0].startswith("grand.xlsx:Actions!K2: statut inconnu « pas commencé »")
    sheet.delete_rows(2, 10_000)
    for n in range(10_000):
        sheet.append([f"1.{n // 8 + 1}.{n % 8 + 1}", *[None] * 9, "En cours", 10, None, "N",
                      "2020-03-01", "Léa"])
    book.save(tmp_path / "grand.xlsx")
    read = sheets.read_sheet(tmp_path / "grand.xlsx")
    assert len(read.rows) == 10_000 and read.rows[-1].id == "1.1250.8"
    assert (read.rows[-1].statut.value, read.rows[-1].avancement, read.rows[-1].date) == (
        "en_cours", 10, dt.date(2020, 3, 1))


def ids_only(target: Path, rows: int, *, filled: dict[int, str] | None = None,
             dimension: str | None = None) -> Path:
    """A follow-up workbook whose ``rows`` rows below the header hold only an ID (row
    ``n`` of ``filled`` a note too), written straight into the sheet's XML: a million
    rows in a second. ``dimension`` is the size the sheet says it has (its true one
    unless told)."""
    book = Workbook()
    book.active.title = "Actions"
    book.active.append([label for _key, label in sheets.COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    note = {n: f'<c r="N{n}" t="inlineStr"><is><t>{text}</t></is></c>'
            for n, text in (filled or {}).items()}
    body = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>1.1.1</t></is></c>'
                   f'{note.get(n, "")}</row>' for n in range(2, rows + 2))
    size = dimension or f"A1:R{rows + 1}"
    with zipfile.ZipFile(buffer) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", body.encode() + b"</sheetData>").replace(
                    b'<dimension ref="A1:R1"/>', f'<dimension ref="{size}"/>'.encode())
            out.writestr(info.filename, data)
    return target


def test_rows_holding_only_ids_are_passed_over(tmp_path):
    sheet = sheets.read_sheet(ids_only(tmp_path / "ids.xlsx", 3_000, filled={2_500: "Bilan"}))
    assert [(r.id, r.line, r.note) for r in sheet.rows] == [("1.1.1", 2_500, "Bilan")]
    assert sheet.empty == 2_999


@pytest.mark.parametrize("dimension", ["A1:A1", "A1"])
def test_the_size_a_sheet_says_it_has_is_not_believed(tmp_path, dimension):
    # A program that records a wrong size (one cell) must not make the filled rows lost.
    path = ids_only(tmp_path / "ids.xlsx", 3, filled={4: "Bilan"}, dimension=dimension)
    assert [(r.line, r.note) for r in sheets.read_sheet(path).rows] == [(4, "Bilan")]


def test_a_sheet_longer_than_the_limit_is_refused_where_it_passes_it(tmp_path, monkeypatch):
    monkeypatch.setattr(sheets, "MAX_ROWS", 1_000)
    assert sheets.read_sheet(ids_only(tmp_path / "juste.xlsx", 1_000)).empty == 1_000
    message = "feuille trop longue : 1000 lignes au plus sous les en-têtes (une par action) ; " \
              "supprimez les lignes en trop"
    assert refusal(ids_only(tmp_path / "long.xlsx", 1_001)) == [
        f"long.xlsx:Actions!A1002: {message}"]
    header = ";".join(label for _key, label in sheets.COLUMNS)
    (tmp_path / "long.csv").write_text(header + "\n" + "1.1.1;\n" * 1_001, encoding="utf-8")
    assert refusal(tmp_path / "long.csv") == [f"long.csv:A1002: {message}"]


@pytest.mark.slow  # a million rows written, then read up to the limit
def test_a_sheet_of_a_million_rows_of_ids_is_refused_at_the_limit(tmp_path):
    path = ids_only(tmp_path / "million.xlsx", 1_048_575)
    assert refusal(path) == [
        "million.xlsx:Actions!A50002: feuille trop longue : 50000 lignes au plus sous les "
        "en-têtes (une par action) ; supprimez les lignes en trop"]


@pytest.mark.parametrize("typed, expected", [
    ("2020-03-15", dt.date(2020, 3, 15)),
    ("15/03/2020", dt.date(2020, 3, 15)),
    ("15 mars 2020", dt.date(2020, 3, 15)),
    ("1er avril 2021", dt.date(2021, 4, 1)),
    ("3 Février 2022", dt.date(2022, 2, 3)),
    ("12 août 2019", dt.date(2019, 8, 12)),
    ("15 déc. 2020", dt.date(2020, 12, 15)),
])
def test_dates_typed_as_text_are_read(typed, expected):
    assert sheets.cell_date(typed) == expected


@pytest.mark.parametrize("typed, message", [
    ("mars", "date « mars » illisible : écrivez-la 2020-03-15 ou « 15 mars 2020 »"),
    ("31 février 2021", "date « 31 février 2021 » impossible"),
    ("15 brumaire 2020", "date « 15 brumaire 2020 » illisible"),
])
def test_dates_that_say_too_little_are_refused(typed, message):
    with pytest.raises(ValueError, match=message):
        sheets.cell_date(typed)


@pytest.mark.parametrize("cell, percent, expected", [
    (45, False, 45), (45.0, False, 45), ("45 %", False, 45), ("45%", False, 45),
    (0.45, True, 45), (1, True, 100), ("100", False, 100),
])
def test_progress_as_people_type_it(cell, percent, expected):
    assert sheets.cell_progress(cell, percent) == expected


@pytest.mark.parametrize("cell", [101, -1, 45.5, "beaucoup", True, "45,5 %"])
def test_progress_that_is_not_a_whole_percentage(cell):
    with pytest.raises(ValueError, match="invalide : un nombre entier de 0 à 100"):
        sheets.cell_progress(cell, False)


# ---------------------------------------------------------------- which plan, which rows

def test_the_workbook_records_its_plans_period_and_a_csv_does_not(tmp_path, demo_book):
    (tmp_path / "suivi.xlsx").write_bytes(demo_book)
    assert sheets.read_sheet(tmp_path / "suivi.xlsx").periode == "2018-2023"
    book = load_workbook(io.BytesIO(demo_book))
    assert book.defined_names[sheets.PLAN_NAME].attr_text == '"2018-2023"'
    header = "ID;Dernière entrée;Dernière note;Nouveau statut;Avancement (%);" \
             "Nouvelle échéance;Note;Date;Auteur"
    (tmp_path / "s.csv").write_text(f"{header}\n2.1.4;;;;60;;;;\n", encoding="utf-8")
    assert sheets.read_sheet(tmp_path / "s.csv").periode is None


def test_partial_reading_sets_apart_the_rows_it_cannot_read(tmp_path):
    header = "ID;Dernière entrée;Dernière note;Nouveau statut;Avancement (%);" \
             "Nouvelle échéance;Note;Date;Auteur"
    (tmp_path / "s.csv").write_text(f"{header}\n1.1.1;;;finie bof;150;;;;\n2.1.4;;;;60;;;;\n"
                                    "3.1.1;;;;;;Bilan;31/02/2023;\n", encoding="utf-8")
    assert refusal(tmp_path / "s.csv") == [
        "s.csv:D2: statut inconnu « finie bof » (valeurs : À venir, En cours, En continu, "
        "Réalisée, Reportée, Abandonnée)",
        "s.csv:E2: avancement « 150 » invalide : un nombre entier de 0 à 100",
        "s.csv:H4: date « 31/02/2023 » impossible"]
    sheet = sheets.read_sheet(tmp_path / "s.csv", partial=True)
    assert [(r.id, r.avancement) for r in sheet.rows] == [("2.1.4", 60)]
    assert [(r.id, [p.place for p in r.problems]) for r in sheet.invalid] == [
        ("1.1.1", ["D2", "E2"]), ("3.1.1", ["H4"])]


@pytest.mark.parametrize("cell, expected", [
    (24, 24.0), (3.5, 3.5), ("450,5", 450.5), ("1 240", 1240.0), ("1\u202f240", 1240.0)])
def test_indicator_values_as_people_type_them(cell, expected):
    assert sheets.cell_number(cell) == expected


@pytest.mark.parametrize("cell, message", [
    ("beaucoup", "nombre « beaucoup » illisible : des chiffres (0 à 9), avec une virgule ou un "
                 "point pour les décimales, par exemple 24 ou 3,5"),
    ("nan", "nombre « nan » illisible"), ("inf", "nombre « inf » illisible"),
    ("1e999", "nombre « 1e999 » illisible"), ("1e13", "nombre « 1e13 » illisible"),
    ("١٢", "nombre « ١٢ » illisible"), ("1_000", "nombre « 1_000 » illisible"),
    ("10000000000000", "« 10000000000000 » hors limites : un nombre de -1\u00a0000\u00a0000"
                       "\u00a0000\u00a0000 à 1\u00a0000\u00a0000\u00a0000\u00a0000 est attendu"),
    (1e13, "« 10\u00a0000\u00a0000\u00a0000\u00a0000 » hors limites"),
    (float("nan"), "« nan » n’est pas un nombre fini"),
    (True, "« True » n’est pas un nombre"),
])
def test_indicator_values_that_are_not_numbers(cell, message):
    with pytest.raises(ValueError) as refused:
        sheets.cell_number(cell)
    assert str(refused.value).startswith(message)

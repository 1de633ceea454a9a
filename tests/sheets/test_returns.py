"""sheets.returns: opening a file sent back — hostile files each get one clear French answer
naming the file, never a traceback; the workbook's sheet and the plan it comes from.
The workbook sent out is in test_followup."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from tdsplan import sheets
from tdsplan.errors import UsageError
from tdsplan.sheets import returns
from tests.sheets.books import ids_only, refusal


def test_not_a_spreadsheet(tmp_path):
    path = tmp_path / "suivi.xlsx"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    assert refusal(path) == [
        "suivi.xlsx: ce n’est pas un classeur (.xlsx) : le fichier est d’un autre type, ou abîmé"
    ]
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert refusal(binary) == ["photo.csv: ce n’est ni un classeur (.xlsx) ni un fichier CSV"]


def test_password_protected_and_old_excel(tmp_path):
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    locked = tmp_path / "suivi.xlsx"
    locked.write_bytes(header + "EncryptionInfo".encode("utf-16-le") + bytes(100))
    assert refusal(locked) == [
        "suivi.xlsx: classeur protégé par un mot de passe : ouvrez-le, "
        "retirez le mot de passe et enregistrez-le au format .xlsx"
    ]
    old = tmp_path / "suivi.xls"
    old.write_bytes(header + "Workbook".encode("utf-16-le"))
    assert refusal(old) == [
        "suivi.xls: ancien format Excel (.xls) : enregistrez le fichier au format .xlsx ou CSV"
    ]


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
        "vide.xlsx: ce n’est pas un classeur Excel (.xlsx) : il n’a pas de feuilles"
    ]


def test_opendocument_is_asked_for_as_xlsx(tmp_path):
    path = tmp_path / "suivi.ods"
    with zipfile.ZipFile(path, "w") as target:
        target.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert refusal(path) == [
        "suivi.ods: classeur OpenDocument (.ods) : enregistrez-le au format .xlsx ou CSV"
    ]


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path, monkeypatch):
    import openpyxl

    bomb = tmp_path / "bombe.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("xl/workbook.xml", b"<workbook/>")
        target.writestr("xl/worksheets/sheet1.xml", bytes(3 * 2**20))  # 3 Mo of zeros
    assert bomb.stat().st_size < 10_000
    monkeypatch.setattr(returns, "MAX_UNPACKED", 2**20)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("unpacked"))
    assert refusal(bomb) == [
        "bombe.xlsx: classeur refusé : une fois décompressé, il dépasserait 1 Mo"
    ]
    many = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(many, "w") as target:
        for n in range(sheets.MAX_PARTS + 1):
            target.writestr(f"x/{n}", b"")
    assert refusal(many)[0].startswith("parts.xlsx: classeur refusé")


def test_a_file_too_big_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(returns, "MAX_FILE", 2**20)
    big = tmp_path / "gros.csv"
    big.write_bytes(b"x" * (2**20 + 1))
    assert refusal(big) == ["gros.csv: fichier trop gros (1 Mo, 1 Mo au plus)"]


def test_missing_file_or_folder_is_a_usage_error(tmp_path):
    for path, message in [
        (tmp_path / "absent.xlsx", "fichier introuvable"),
        (tmp_path, "est un dossier"),
    ]:
        with pytest.raises(UsageError, match=message):
            sheets.read_sheet(path)


@pytest.mark.parametrize("dimension", ["A1:A1", "A1"])
def test_the_size_a_sheet_says_it_has_is_not_believed(tmp_path, dimension):
    # A program that records a wrong size (one cell) must not make the filled rows lost.
    path = ids_only(tmp_path / "ids.xlsx", 3, filled={4: "Bilan"}, dimension=dimension)
    assert [(r.line, r.note) for r in sheets.read_sheet(path).rows] == [(4, "Bilan")]


def test_the_workbook_records_its_plans_period_and_a_csv_does_not(tmp_path, demo_book):
    (tmp_path / "suivi.xlsx").write_bytes(demo_book)
    assert sheets.read_sheet(tmp_path / "suivi.xlsx").periode == "2018-2023"
    book = load_workbook(io.BytesIO(demo_book))
    assert book.defined_names[sheets.PLAN_NAME].attr_text == '"2018-2023"'
    header = (
        "ID;Dernière entrée;Dernière note;Nouveau statut;Avancement (%);"
        "Nouvelle échéance;Note;Date;Auteur"
    )
    (tmp_path / "s.csv").write_text(f"{header}\n2.1.4;;;;60;;;;\n", encoding="utf-8")
    assert sheets.read_sheet(tmp_path / "s.csv").periode is None


@pytest.mark.parametrize("stored", ["inf", "NaN", "-Infinity", "1.2.3"])
def test_a_number_cell_holding_no_number_is_named_at_its_cell(tmp_path, stored):
    # openpyxl's reader does int("inf") on such a cell: without care, « ValueError ».
    book = Workbook()
    book.active.title = "Actions"
    book.active.append([label for _key, label in sheets.COLUMNS])
    book.active.append(["1.1.1", *[None] * 16, 5])
    buffer = io.BytesIO()
    book.save(buffer)
    target = tmp_path / "nan.xlsx"
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v>5</v>", f"<v>{stored}</v>".encode())
            out.writestr(info.filename, data)
    assert refusal(target) == [
        f"nan.xlsx:Actions!R2: cellule de nombre abîmée (« {stored} » n’est pas un nombre) : "
        "retapez la valeur et enregistrez de nouveau"
    ]

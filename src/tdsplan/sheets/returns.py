"""A sheet sent back, opened: the file checked, then its workbook sheet or its CSV text."""

from __future__ import annotations

import codecs
import csv
import html
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from tdsplan.errors import SheetInvalidError, SheetProblem, UsageError, clip, os_reason
from tdsplan.formulas import csv_text, runs_as_formula
from tdsplan.i18n import LANGUAGES, _, translator
from tdsplan.sheets.layout import ACTIONS_SHEET, LEAD_NAME, PLAN_NAME, TO_FILL
from tdsplan.sheets.rows import Cell, Sheet, clean_text, read_rows
from tdsplan.suggest import did_you_mean
from tdsplan.vocabulary import fold

#: Largest file read back (bytes on disk).
MAX_FILE = 20 * 1024 * 1024
#: Largest total size of a workbook's parts once unpacked, checked before unpacking.
MAX_UNPACKED = 200 * 1024 * 1024
#: Most parts a workbook may hold.
MAX_PARTS = 1000


def read_sheet(path: Path, *, partial: bool = False) -> Sheet:
    """The filled rows of a follow-up sheet (.xlsx, or .csv in UTF-8 or Windows-1252,
    « ; » or « , »). :class:`UsageError` when there is no such file;
    :class:`SheetInvalidError` with every problem found otherwise; with ``partial``,
    the rows whose cells cannot be read are set apart in :attr:`Sheet.invalid` instead,
    and only a sheet that cannot be read at all is refused."""
    data = _read_bytes(path)
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        sheet = _read_workbook(path, data)
    else:
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            _refuse_old_excel(path, data)
        if path.suffix.lower() in (".xlsx", ".xlsm", ".ods", ".xls"):
            raise _whole(
                path,
                _("ce n’est pas un classeur (.xlsx) : le fichier est d’un autre type, ou abîmé"),
            )
        sheet = _read_csv(path, data)
    if sheet.invalid and not partial:
        raise SheetInvalidError([p for row in sheet.invalid for p in row.problems])
    return sheet


def _refuse_old_excel(path: Path, data: bytes) -> None:
    if "EncryptionInfo".encode("utf-16-le") in data:
        raise _whole(
            path,
            _(
                "classeur protégé par un mot de passe : ouvrez-le, retirez "
                "le mot de passe et enregistrez-le au format .xlsx"
            ),
        )
    raise _whole(
        path, _("ancien format Excel (.xls) : enregistrez le fichier au format .xlsx ou CSV")
    )


def _whole(path: Path, message: str) -> SheetInvalidError:
    return SheetInvalidError([SheetProblem(path, "", message)])


def _read_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise UsageError(
                _("{path} est un dossier : indiquez le fichier à importer").format(path=path)
            )
        if not path.exists():
            raise UsageError(_("fichier introuvable : {path}").format(path=path))
        if not path.is_file():
            raise _whole(path, _("ce n’est pas un fichier ordinaire"))
        size = path.stat().st_size
        if size > MAX_FILE:
            raise _whole(
                path,
                _("fichier trop gros ({size} Mo, {limit} Mo au plus)").format(
                    size=size // 2**20, limit=MAX_FILE // 2**20
                ),
            )
        with path.open("rb") as stream:
            return stream.read(MAX_FILE + 1)
    except OSError as error:
        raise _whole(
            path, _("lecture impossible : {reason}").format(reason=os_reason(error))
        ) from None


def _read_workbook(path: Path, data: bytes) -> Sheet:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            names = {p.filename for p in parts}
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise _whole(path, _("fichier abîmé : ce n’est pas un classeur lisible")) from None
    if b"opendocument" in mimetype:
        raise _whole(
            path, _("classeur OpenDocument (.ods) : enregistrez-le au format .xlsx ou CSV")
        )
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED:
        raise _whole(
            path,
            _("classeur refusé : une fois décompressé, il dépasserait {limit} Mo").format(
                limit=MAX_UNPACKED // 2**20
            ),
        )
    if "xl/workbook.xml" not in names:
        raise _whole(path, _("ce n’est pas un classeur Excel (.xlsx) : il n’a pas de feuilles"))
    from openpyxl.reader.excel import ExcelReader

    try:
        with warnings.catch_warnings():  # openpyxl's English remarks on a sheet's styles
            warnings.simplefilter("ignore")
            # load_workbook's own steps, the reader kept: the scan of the rows reads the
            # workbook's parts and shared texts through it (tdsplan.sheets.fastrows).
            reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=False)
            reader.read()
            book = reader.wb
    except Exception as error:  # a corrupt part fails in many ways inside openpyxl
        raise _whole(
            path, _("classeur abîmé, illisible : {reason}").format(reason=type(error).__name__)
        ) from None
    try:
        return _read_book(path, reader, data)
    except SheetInvalidError:
        raise
    except Exception as error:  # a part that parsed but holds nonsense
        raise _whole(
            path, _("classeur abîmé, illisible : {reason}").format(reason=type(error).__name__)
        ) from None
    finally:
        book.close()


def _sheet_names() -> dict[str, str]:
    return {fold(translator(lang)(ACTIONS_SHEET)): lang for lang in LANGUAGES}


def _read_book(path: Path, reader: Any, data: bytes) -> Sheet:
    book = reader.wb
    names = _sheet_names()
    found = [name for name in book.sheetnames if fold(name) in names]
    if not found:
        expected = _(ACTIONS_SHEET)
        raise _whole(
            path,
            _("feuille « {name} » introuvable").format(name=expected)
            + did_you_mean(expected, book.sheetnames)
            + _(" ; feuilles du classeur : {names}").format(names=", ".join(book.sheetnames)),
        )
    sheet = book[found[0]]
    # The size a sheet records can be anything (A1:R1048576 over ten rows, or A1:A1
    # over a thousand): its rows are read as they come, to the last one it has.
    sheet.reset_dimensions()
    prefix = f"{_quoted_sheet(found[0])}!"
    locale = _month_first(data)
    # Each row's cells come read (tdsplan.sheets.fastrows.cell_of), when first asked for.
    read = read_rows(path, prefix, _checked_rows(path, prefix, reader, sheet, data), _same, locale)
    _refuse_merged(path, prefix, read, _sheet_part(data, found[0]))
    return replace(read, periode=_plan_period(book), porteur=_lead(book))


#: Locales whose programs read and write a date month first.
_MONTH_FIRST = ("en-us", "en-ph", "es-us")


def _month_first(data: bytes) -> str | None:
    """The locale a workbook was saved in (LibreOffice records it), if it writes the
    month before the day."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if "docProps/core.xml" not in archive.namelist():
            return None
        core = archive.read("docProps/core.xml")[:65536].decode("utf-8", "replace")
    found = re.search(r"<dc:language>\s*([A-Za-z-]+)\s*</dc:language>", core)
    return found[1] if found and found[1].lower() in _MONTH_FIRST else None


def _refuse_merged(path: Path, prefix: str, sheet: Sheet, part: bytes) -> None:
    """Merged cells over the ID or the columns to fill: the news would land on the
    first row only; refused, each range named."""
    from openpyxl.utils.cell import range_boundaries

    watched = {index + 1 for key, index in sheet.columns.items() if key in _WATCHED}
    problems = []
    for found in re.finditer(rb'<mergeCell\b[^>]*\bref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"', part):
        reference = found[1].decode()
        first_col, first_row, last_col, last_row = (
            int(b or 0) for b in range_boundaries(reference)
        )
        if first_row > 1 and watched & set(range(first_col, last_col + 1)):
            problems.append(
                SheetProblem(
                    path,
                    f"{prefix}{reference}",
                    _(
                        "cellules fusionnées : ce qu’elles disent ne vaudrait que pour la ligne "
                        "{row} ; défusionnez-les et recopiez la valeur sur chaque ligne"
                    ).format(row=first_row),
                )
            )
    if problems:
        raise SheetInvalidError(problems)


#: The columns whose cells must not be merged: the action's ID and the columns to fill.
_WATCHED = {"id", *(key for key, _label in TO_FILL)}


def _checked_rows(path: Path, prefix: str, reader: Any, sheet: Any, data: bytes) -> Iterator[Any]:
    """The sheet's rows, their cells read; a number cell that holds no number (``<v>inf</v>``, ``NaN``),
    which openpyxl cannot read, refused at its place."""
    from tdsplan.sheets.fastrows import sheet_rows

    try:
        yield from sheet_rows(reader, sheet)
    except ValueError:
        place = _not_a_number(data, sheet.title)
        if place is None:
            raise
        reference, text = place
        raise SheetInvalidError(
            [
                SheetProblem(
                    path,
                    f"{prefix}{reference}",
                    _(
                        "cellule de nombre abîmée (« {text} » n’est pas un nombre) : retapez "
                        "la valeur et enregistrez de nouveau"
                    ).format(text=clip(text, 40)),
                )
            ]
        ) from None


#: A cell of a sheet's XML: its attributes and what it holds.
_XML_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)


def _sheet_part(data: bytes, title: str) -> bytes:
    """The XML of the sheet named ``title`` in the workbook ``data`` (its size checked)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        links = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
        for found in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", book):
            name = re.search(r'\bname="([^"]*)"', found[0])
            link = re.search(r'\b\w+:id="([^"]*)"', found[0])
            if name is None or link is None or html.unescape(name[1]) != title:
                continue
            for relation in re.finditer(r"<Relationship\b[^>]*>", links):
                if f'Id="{link[1]}"' in relation[0]:
                    target = re.search(r'Target="([^"]*)"', relation[0])
                    part = target[1].lstrip("/") if target else ""
                    part = part if part.startswith("xl/") else f"xl/{part}"
                    if part in names:
                        return archive.read(part)
    return b""


def _not_a_number(data: bytes, title: str) -> tuple[str, str] | None:
    """The first number cell of the sheet ``title`` whose value is no number, and that
    value: looked for in its XML only once openpyxl has failed on it."""
    for match in _XML_CELL.finditer(_sheet_part(data, title)):
        attributes, inside = match[1], match[2] or b""
        kind = re.search(rb'\bt="([^"]*)"', attributes)
        value = re.search(rb"<v>([^<]*)</v>", inside)
        if value is None or (kind is not None and kind[1] != b"n"):
            continue
        text = value[1].decode("utf-8", "replace").strip()
        try:
            float(text) if "." in text or "e" in text.lower() else int(text)
        except ValueError:
            reference = re.search(rb'\br="([A-Z]+[0-9]+)"', attributes)
            return (reference[1].decode() if reference else "?"), text
    return None


def _plan_period(book: Any) -> str | None:
    defined = book.defined_names.get(PLAN_NAME)
    text = (getattr(defined, "attr_text", None) or "").strip()
    match = re.fullmatch(r'"(\d{4}-\d{4})"', text)
    return match[1] if match else None


def _lead(book: Any) -> str | None:
    defined = book.defined_names.get(LEAD_NAME)
    text = (getattr(defined, "attr_text", None) or "").strip()
    match = re.fullmatch(r'"((?:[^"]|"")*)"', text)
    return clean_text(match[1].replace('""', '"')).strip()[:200] or None if match else None


def _quoted_sheet(name: str) -> str:
    return name if re.fullmatch(r"\w+", name) else "'" + name.replace("'", "''") + "'"


def _same(cell: Cell) -> Cell:
    return cell


def _read_csv(path: Path, data: bytes) -> Sheet:
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")  # a spreadsheet's « CSV » on Windows
    if "\x00" in text[:4096]:
        raise _whole(path, _("ce n’est ni un classeur (.xlsx) ni un fichier CSV"))
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)

    def rows() -> Iterator[list[str]]:
        try:
            yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        except csv.Error as error:
            raise _whole(path, _("CSV illisible : {reason}").format(reason=error)) from None

    # A spreadsheet set to French writes « ; », one set to English « , » and dates month
    # first: then a date whose day and month could be swapped is refused.
    month_first = _("anglais") if delimiter == "," else None
    return read_rows(path, "", rows(), _field, month_first)


def _field(value: str) -> Cell:
    # What a spreadsheet would run is a formula, as a formula cell of a workbook; a
    # field the tool marked as text (« '=… ») is that text.
    if not value.strip():
        return Cell(None)
    if runs_as_formula(value):
        return Cell(value, formula=True)
    return Cell(csv_text(value))

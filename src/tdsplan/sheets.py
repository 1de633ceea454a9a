"""Spreadsheets for the people who carry the actions: the follow-up workbook written for
them, and what they send back read into typed rows.

openpyxl lives here and nowhere else, and loads only when a workbook is written or
read. This module knows the sheet's layout and its cells, not the plan: what a row
means for the journal is :mod:`tdsplan.followup`'s business.

What comes back is hostile until proven otherwise: the file's size and, for a
workbook, the unpacked size of its parts are checked before anything is unpacked;
then every cell is read as a value of the type its column expects, and a wrong one
is reported at its place (``suivi.xlsx:Actions!C7``), all problems at once. A text
that a spreadsheet would run as a formula is written as text, and a formula sent back
is refused (:mod:`tdsplan.formulas`). Reading costs what the sheet's rows hold: a row
with nothing filled is passed over without being read, and a sheet longer than
:data:`MAX_ROWS` is refused where it passes the limit.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tdsplan.errors import SheetInvalidError, SheetProblem, UsageError, os_reason
from tdsplan.files import stable_zip
from tdsplan.formulas import csv_text, runs_as_formula, starts_like_formula
from tdsplan.i18n import LANGUAGES, _, _mark, translator
from tdsplan.models import text_problem
from tdsplan.suggest import did_you_mean
from tdsplan.typed import parse_date, parse_number, parse_percent
from tdsplan.vocabulary import STATUS_ALIASES, Statut, fold, status_label

#: Largest file read back (bytes on disk).
MAX_FILE = 20 * 1024 * 1024
#: Largest total size of a workbook's parts once unpacked, checked before unpacking.
MAX_UNPACKED = 200 * 1024 * 1024
#: Most parts a workbook may hold.
MAX_PARTS = 1000
#: Most rows read from a sheet below its header, filled or not (a plan of 10 000
#: actions fits with room to spare; a sheet dragged down to Excel's 1 048 576th row
#: is refused there, not read for a minute).
MAX_ROWS = 50_000

ACTIONS_SHEET = _mark("Actions")
#: The workbook's defined name holding the period of the plan it was exported from.
PLAN_NAME = "tdsplan_periode"
HELP_SHEET = _mark("Aide")

#: The columns shown, read-only (key, header).
SHOWN = (
    ("id", "ID"),
    ("orientation", _mark("Orientation")),
    ("objectif", _mark("Objectif")),
    ("titre", _mark("Action")),
    ("porteur", _mark("Porteur")),
    ("statut", _mark("Statut actuel")),
    ("avancement", _mark("Avancement actuel")),
    ("echeance", _mark("Échéance")),
    ("derniere_date", _mark("Dernière entrée")),
    ("derniere_note", _mark("Dernière note")),
)
#: The columns a lead fills (key, header).
TO_FILL = (
    ("nouveau_statut", _mark("Nouveau statut")),
    ("nouvel_avancement", _mark("Avancement (%)")),
    ("nouvelle_echeance", _mark("Nouvelle échéance")),
    ("note", _mark("Note")),
    ("date", _mark("Date")),
    ("auteur", _mark("Auteur")),
    ("indicateur", _mark("Indicateur")),
    ("valeur", _mark("Valeur")),
)
COLUMNS = SHOWN + TO_FILL
#: Columns a sheet may lack (one exported before they were added): one indicator's value.
OPTIONAL = ("indicateur", "valeur")
#: Columns a sheet sent back must keep: the action, what it said then, what is new.
REQUIRED = ("id", "derniere_date", "derniere_note",
            *(key for key, _label in TO_FILL if key not in OPTIONAL))

_WIDTHS = {"id": 9, "orientation": 24, "objectif": 24, "titre": 40, "porteur": 20,
           "statut": 13, "avancement": 11, "echeance": 12, "derniere_date": 12,
           "derniere_note": 40, "nouveau_statut": 15, "nouvel_avancement": 12,
           "nouvelle_echeance": 13, "note": 50, "date": 12, "auteur": 18,
           "indicateur": 28, "valeur": 10}
_WRAPPED = {"orientation", "objectif", "titre", "porteur", "derniere_note", "note",
            "indicateur"}
_DATES = {"echeance", "derniere_date", "nouvelle_echeance", "date"}
#: The columns read back as text.
_TEXTS = {"derniere_note", "note", "auteur", "indicateur"}
#: Timestamps inside the workbook's zip: fixed, so that one plan gives one file.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


# ---------------------------------------------------------------- writing

@dataclass(frozen=True)
class ExportRow:
    """One action as the follow-up sheet shows it."""

    id: str
    orientation: str
    objectif: str
    titre: str
    porteur: str
    statut: str
    avancement: int | None
    echeance: dt.date | None
    derniere_date: dt.date | None
    derniere_note: str
    #: The action's indicator, when it has exactly one: its value is all there is to type.
    indicateur: str = ""


@dataclass(frozen=True)
class Cover:
    """What the help sheet says about where the workbook comes from."""

    organisation: str
    titre: str
    as_of: dt.date
    #: The plan's period (``2018-2023``), recorded in the workbook so that an import
    #: into another plan of the repository is caught.
    periode: str = ""


def workbook(rows: list[ExportRow], cover: Cover) -> bytes:
    """The follow-up workbook (.xlsx): sheet « Actions », one row per action, the
    columns to fill unlocked with their drop-down and checks, and the sheet « Aide »."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.worksheets[0]  # the one a new workbook has
    sheet.title = _(ACTIONS_SHEET)
    _fill_actions(sheet, rows)
    _fill_help(book.create_sheet(_(HELP_SHEET)), cover)
    created = dt.datetime.combine(cover.as_of, dt.time())
    book.properties.creator = cover.organisation
    book.properties.title = cover.titre
    book.properties.created = created
    if cover.periode:
        from openpyxl.workbook.defined_name import DefinedName

        book.defined_names[PLAN_NAME] = DefinedName(PLAN_NAME, attr_text=f'"{cover.periode}"')
    buffer = io.BytesIO()
    book.save(buffer)
    return _deterministic(buffer.getvalue(), created)


def _fill_actions(sheet: Any, rows: list[ExportRow]) -> None:
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    thin = Side(style="thin", color="BFBFBF")
    fill_keys = {key for key, _label in TO_FILL}
    # One named style per kind of column: set once per cell, it costs a tenth of setting
    # font, fill, border, alignment and protection one by one (10 000 rows in seconds).
    styles: dict[str, str] = {}
    for key, _label in COLUMNS:
        filled = key in fill_keys
        name = "tds-" + ("a-remplir" if filled else "lecture") + \
            ("-date" if key in _DATES else "") + ("-texte" if key in _WRAPPED else "") + \
            ("-pourcent" if key == "avancement" else "")
        if name not in sheet.parent.named_styles:
            style = NamedStyle(name)
            style.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            style.alignment = Alignment(vertical="top", wrap_text=key in _WRAPPED)
            style.number_format = ("yyyy-mm-dd" if key in _DATES else
                                   '0" %"' if key == "avancement" else
                                   "0" if filled and key != "valeur" else "General")
            style.protection = Protection(locked=not filled)
            if not filled:
                style.fill = PatternFill("solid", fgColor="EDEDED")
            sheet.parent.add_named_style(style)
        styles[key] = name
    sheet.append([_(label) for _key, label in COLUMNS])
    for index, (key, _label) in enumerate(COLUMNS, 1):
        cell = sheet.cell(1, index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FFF8DC" if key in fill_keys else "D9D9D9")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS[key]
    for row in rows:
        sheet.append([row.id, row.orientation, row.objectif, row.titre, row.porteur,
                      row.statut, row.avancement, row.echeance, row.derniere_date,
                      row.derniere_note, None, None, None, None, None, None,
                      row.indicateur or None, None])
    for line in sheet.iter_rows(min_row=2, max_row=len(rows) + 1):
        for key, cell in zip(styles, line, strict=True):
            cell.style = styles[key]
            if isinstance(cell.value, str) and starts_like_formula(cell.value):
                # openpyxl takes any text beginning with « = » for a formula, and Excel
                # would take « +1+1 » for one once the cell is edited: both stay text.
                cell.data_type = "s"
                cell.quotePrefix = True
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "B2"
    last = max(len(rows) + 1, 2)

    def column(key: str) -> str:
        letter = get_column_letter(next(i for i, (k, _l) in enumerate(COLUMNS, 1) if k == key))
        return f"{letter}2:{letter}{last}"

    labels = ",".join(status_label(s) for s in Statut)
    checks = [
        DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True,
                       sqref=column("nouveau_statut")),
        DataValidation(type="whole", operator="between", formula1="0", formula2="100",
                       allow_blank=True, sqref=column("nouvel_avancement")),
        DataValidation(type="date", operator="greaterThan", formula1="36526",
                       allow_blank=True, sqref=f"{column('nouvelle_echeance')} "
                                               f"{column('date')}"),
        DataValidation(type="decimal", allow_blank=True, sqref=column("valeur")),
    ]
    messages = [
        (_("Statut"), _("Choisissez un statut dans la liste.")),
        (_("Avancement"), _("Un nombre entier de 0 à 100.")),
        (_("Date"), _("Une date, par exemple 2020-03-15.")),
        (_("Valeur"), _("Un nombre : la valeur mesurée de l’indicateur de la colonne "
                        "« Indicateur »."))
    ]
    for check, (title, message) in zip(checks, messages, strict=True):
        check.error, check.errorTitle = message, title
        check.prompt, check.promptTitle = message, title
        check.showErrorMessage = check.showInputMessage = True
        sheet.add_data_validation(check)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = protection.formatRows = protection.autoFilter = False
    protection.sort = True
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_LETTER
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = _("Page &P de &N")


def _fill_help(sheet: Any, cover: Cover) -> None:
    from openpyxl.styles import Alignment, Font

    lines: list[tuple[str, bool]] = [
        (_("Donner des nouvelles de vos actions"), True),
        (_("Ce classeur vient de {organisation}. La feuille « {sheet} » liste les actions du "
           "« {plan} » que vous portez ou suivez, telles que nous les connaissions le {date}.")
         .format(organisation=cover.organisation, sheet=_(ACTIONS_SHEET), plan=cover.titre,
                 date=cover.as_of.isoformat()), False),
        (_("Les colonnes grises montrent chaque action : ne les modifiez pas. Pour chaque "
           "action qui a bougé, remplissez les colonnes jaunes de sa ligne :"), False),
        (_("• Nouveau statut : choisissez-le dans la liste ({labels}). Laissez vide s’il ne "
           "change pas.").format(labels=", ".join(status_label(s) for s in Statut)), False),
        (_("• Avancement (%) : un nombre entier de 0 à 100, si vous le mesurez."), False),
        (_("• Nouvelle échéance : la nouvelle date de fin prévue, si elle change."), False),
        (_("• Note : ce qui a été fait ou décidé, en quelques phrases."), False),
        (_("• Date : le jour où c’est arrivé, par exemple 2020-03-15 ou 15 mars 2020. Laissée "
           "vide, c’est le jour où nous recevrons vos nouvelles."), False),
        (_("• Auteur : votre nom."), False),
        (_("• Indicateur et Valeur : la valeur mesurée d’un indicateur de l’action, à la date "
           "de la ligne. Quand l’action a un seul indicateur, son nom est déjà là : tapez la "
           "valeur. Sinon, tapez le nom de l’indicateur tel que le plan le donne."), False),
        (_("Une ligne laissée vide ne change rien. Gardez le nom de la feuille « {sheet} » et "
           "ses colonnes à leur place ; tapez des valeurs, pas des formules.").format(
               sheet=_(ACTIONS_SHEET)), False),
        (_("Renvoyez le fichier tel quel (Excel .xlsx), ou enregistré au format CSV."), False),
    ]
    sheet.column_dimensions["A"].width = 100
    for index, (text, bold) in enumerate(lines, 1):
        cell = sheet.cell(index, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True, size=14)
    sheet.page_setup.paperSize = sheet.PAPERSIZE_LETTER
    sheet.page_setup.orientation = "landscape"


def _deterministic(data: bytes, created: dt.datetime) -> bytes:
    # openpyxl stamps the save time in docProps/core.xml and the zip entries: one plan
    # should give the same file every time, so both take the date of the export.
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ").encode()

    def modified(name: str, content: bytes) -> bytes:
        if name != "docProps/core.xml":
            return content
        return re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                      rb"\g<1>" + stamp + rb"\g<2>", content)

    return stable_zip(data, _ZIP_TIME, modified)


# ---------------------------------------------------------------- reading

@dataclass
class SheetRow:
    """A filled row sent back, its cells read as the values their columns expect.

    ``places`` gives each column's cell (``Actions!K7``) for messages."""

    path: Path
    line: int
    id: str
    places: dict[str, str] = field(default_factory=dict)
    statut: Statut | None = None
    avancement: int | None = None
    echeance: dt.date | None = None
    note: str | None = None
    date: dt.date | None = None
    auteur: str | None = None
    indicateur: str | None = None
    valeur: float | None = None
    derniere_date: dt.date | None = None
    derniere_note: str = ""
    #: What is wrong in its cells (a row read with ``partial``); such a row is not used.
    problems: list[SheetProblem] = field(default_factory=list)

    def problem(self, key: str, message: str) -> SheetProblem:
        """A problem at this row's cell of column ``key``."""
        return SheetProblem(self.path, self.places[key], message)


@dataclass(frozen=True)
class Sheet:
    """The filled rows of a sheet sent back, and how many rows were left empty.

    ``invalid`` holds the rows whose cells could not be read (only when read with
    ``partial``); ``periode`` the period of the plan the workbook was exported from
    (``2018-2023``), when it says so (a CSV does not)."""

    path: Path
    rows: list[SheetRow]
    empty: int
    invalid: list[SheetRow] = field(default_factory=list)
    periode: str | None = None


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
            raise _whole(path, _("ce n’est pas un classeur (.xlsx) : le fichier est d’un "
                                 "autre type, ou abîmé"))
        sheet = _read_csv(path, data)
    if sheet.invalid and not partial:
        raise SheetInvalidError([p for row in sheet.invalid for p in row.problems])
    return sheet


def _refuse_old_excel(path: Path, data: bytes) -> None:
    if "EncryptionInfo".encode("utf-16-le") in data:
        raise _whole(path, _("classeur protégé par un mot de passe : ouvrez-le, retirez "
                             "le mot de passe et enregistrez-le au format .xlsx"))
    raise _whole(path, _("ancien format Excel (.xls) : enregistrez le fichier au format "
                         ".xlsx ou CSV"))


def _whole(path: Path, message: str) -> SheetInvalidError:
    return SheetInvalidError([SheetProblem(path, "", message)])


def _read_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise UsageError(_("{path} est un dossier : indiquez le fichier à importer")
                             .format(path=path))
        if not path.exists():
            raise UsageError(_("fichier introuvable : {path}").format(path=path))
        if not path.is_file():
            raise _whole(path, _("ce n’est pas un fichier ordinaire"))
        size = path.stat().st_size
        if size > MAX_FILE:
            raise _whole(path, _("fichier trop gros ({size} Mo, {limit} Mo au plus)").format(
                size=size // 2**20, limit=MAX_FILE // 2**20))
        with path.open("rb") as stream:
            return stream.read(MAX_FILE + 1)
    except OSError as error:
        raise _whole(path, _("lecture impossible : {reason}").format(
            reason=os_reason(error))) from None


# ---------------------------------------------------------------- workbooks

def _read_workbook(path: Path, data: bytes) -> Sheet:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            names = {p.filename for p in parts}
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise _whole(path, _("fichier abîmé : ce n’est pas un classeur lisible")) from None
    if b"opendocument" in mimetype:
        raise _whole(path, _("classeur OpenDocument (.ods) : enregistrez-le au format .xlsx "
                             "ou CSV"))
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED:
        raise _whole(path, _("classeur refusé : une fois décompressé, il dépasserait {limit} "
                             "Mo").format(limit=MAX_UNPACKED // 2**20))
    if "xl/workbook.xml" not in names:
        raise _whole(path, _("ce n’est pas un classeur Excel (.xlsx) : il n’a pas de "
                             "feuilles"))
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # a corrupt part fails in many ways inside openpyxl
        raise _whole(path, _("classeur abîmé, illisible : {reason}").format(
            reason=type(error).__name__)) from None
    try:
        return _read_book(path, book)
    except SheetInvalidError:
        raise
    except Exception as error:  # a part that parsed but holds nonsense
        raise _whole(path, _("classeur abîmé, illisible : {reason}").format(
            reason=type(error).__name__)) from None
    finally:
        book.close()


def _sheet_names() -> dict[str, str]:
    return {fold(translator(lang)(ACTIONS_SHEET)): lang for lang in LANGUAGES}


def _read_book(path: Path, book: Any) -> Sheet:
    names = _sheet_names()
    found = [name for name in book.sheetnames if fold(name) in names]
    if not found:
        expected = _(ACTIONS_SHEET)
        raise _whole(path, _("feuille « {name} » introuvable").format(name=expected)
                     + did_you_mean(expected, book.sheetnames)
                     + _(" ; feuilles du classeur : {names}").format(
                         names=", ".join(book.sheetnames)))
    sheet = book[found[0]]
    # The size a sheet records can be anything (A1:R1048576 over ten rows, or A1:A1
    # over a thousand): its rows are read as they come, to the last one it has.
    sheet.reset_dimensions()
    prefix = f"{_quoted_sheet(found[0])}!"
    read = _read_rows(path, prefix, sheet.iter_rows(values_only=False), _cell)
    return replace(read, periode=_plan_period(book))


def _plan_period(book: Any) -> str | None:
    defined = book.defined_names.get(PLAN_NAME)
    text = (getattr(defined, "attr_text", None) or "").strip()
    match = re.fullmatch(r'"(\d{4}-\d{4})"', text)
    return match[1] if match else None


def _quoted_sheet(name: str) -> str:
    return name if re.fullmatch(r"\w+", name) else "'" + name.replace("'", "''") + "'"


@dataclass(frozen=True)
class _Cell:
    value: Any
    formula: bool = False
    percent: bool = False


def _cell(cell: Any) -> _Cell:
    # A text cell is text whatever it begins with (a « '=… » typed in Excel is kept as
    # « =… », quoted): only a formula cell is a formula.
    value = getattr(cell, "value", None)
    percent = "%" in (getattr(cell, "number_format", "") or "")
    return _Cell(value, getattr(cell, "data_type", None) == "f", percent)


# ---------------------------------------------------------------- CSV

def _read_csv(path: Path, data: bytes) -> Sheet:
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
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

    return _read_rows(path, "", rows(), _field)


def _field(value: str) -> _Cell:
    # What a spreadsheet would run is a formula, as a formula cell of a workbook; a
    # field the tool marked as text (« '=… ») is that text.
    if not value.strip():
        return _Cell(None)
    if runs_as_formula(value):
        return _Cell(value, formula=True)
    return _Cell(csv_text(value))


# ---------------------------------------------------------------- rows

def _header_names() -> dict[str, str]:
    names = {}
    for lang in LANGUAGES:
        tr = translator(lang)
        for key, label in COLUMNS:
            names[fold(tr(label))] = key
    return names


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _read_rows(path: Path, prefix: str, lines: Iterator[Sequence[Any]],
               read: Callable[[Any], _Cell]) -> Sheet:
    """The rows below the header, each raw cell of ``lines`` read by ``read`` only when
    its row has something filled."""
    header = [read(raw) for raw in next(lines, ())]
    problems: list[SheetProblem] = []
    names = _header_names()
    columns: dict[str, int] = {}
    for index, heading in enumerate(header):
        if isinstance(heading.value, str) and fold(heading.value) in names:
            key = names[fold(heading.value)]
            if key in columns:
                problems.append(SheetProblem(path, f"{prefix}{_letter(index)}1", _(
                    "colonne « {name} » en double").format(name=heading.value.strip())))
            columns.setdefault(key, index)
    labels = dict(COLUMNS)
    missing = [key for key in REQUIRED if key not in columns]
    for key in missing:
        problems.append(SheetProblem(path, f"{prefix}1:1", _(
            "colonne « {name} » absente de la ligne d’en-têtes : rétablissez-la telle "
            "qu’exportée").format(name=_(labels[key]))))
    if problems:
        raise SheetInvalidError(problems)
    rows: list[SheetRow] = []
    invalid: list[SheetRow] = []
    empty = 0
    # The indicator's name is written by the export: only a value makes the row filled.
    filled = [columns[key] for key, _label in TO_FILL if key != "indicateur" and key in columns]
    for number, line in enumerate(lines, 2):
        if number > MAX_ROWS + 1:
            raise SheetInvalidError([SheetProblem(path, f"{prefix}A{number}", _(
                "feuille trop longue : {limit} lignes au plus sous les en-têtes (une par "
                "action) ; supprimez les lignes en trop").format(limit=MAX_ROWS))])
        width = len(line)
        if not any(_given(read(line[index]).value) for index in filled if index < width):
            if any(_given(read(raw).value) for raw in line):
                empty += 1
            continue

        def cell(key: str, line: Sequence[Any] = line) -> _Cell:
            index = columns.get(key)
            return read(line[index]) if index is not None and index < len(line) else _Cell(None)

        places = {key: f"{prefix}{_letter(columns[key])}{number}" for key in columns}
        places.setdefault("id", f"{prefix}A{number}")
        row = SheetRow(path, number, "", places)
        row.problems = list(_read_row(row, cell))
        (invalid if row.problems else rows).append(row)
    return Sheet(path, rows, empty, invalid)


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _read_row(row: SheetRow, cell: Any) -> Iterator[SheetProblem]:
    for key in ("id", "derniere_date", "derniere_note", *(k for k, _label in TO_FILL)):
        found = cell(key)
        if found.formula:
            shown = " ".join(str(found.value).split())
            message = _("formule « {formula} » : tapez la valeur elle-même").format(
                formula=shown[:60])
            if key in _TEXTS:
                message += _(" ; un texte qui commence par « {sign} » se tape précédé d’une "
                             "apostrophe").format(sign=shown[:1])
            yield row.problem(key, message)
            continue
        try:
            _set(row, key, found)
        except ValueError as error:
            yield row.problem(key, str(error))
    if not row.id:
        yield row.problem("id", _("ligne remplie sans ID d’action : gardez l’ID exporté"))


def _set(row: SheetRow, key: str, cell: _Cell) -> None:
    value = cell.value
    if not _given(value):
        return
    if key == "id":
        row.id = _text(value).strip()
    elif key == "derniere_note":
        row.derniere_note = _text(value)
    elif key == "nouveau_statut":
        row.statut = _status(_text(value))
    elif key == "nouvel_avancement":
        row.avancement = cell_progress(value, cell.percent)
    elif key == "valeur":
        row.valeur = cell_number(value)
    elif key in ("note", "auteur", "indicateur"):
        # A note keeps a leading tab: what was written in it comes back byte for byte.
        text = _text(value).strip(" \r\n") if key == "note" else _text(value).strip()
        problem = text_problem(text)
        if problem:
            raise ValueError(problem)
        setattr(row, key, text)
    elif key == "nouvelle_echeance":
        row.echeance = cell_date(value)
    else:  # the date of the entry, or of the last one the sheet showed
        setattr(row, key, cell_date(value))


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


@functools.cache
def _status_names() -> dict[str, Statut]:
    """Keys, aliases and the labels of every language, folded: what a lead may write."""
    names = dict(STATUS_ALIASES)
    for lang in LANGUAGES:
        names.update({fold(status_label(s, lang)): s for s in Statut})
    return names


def _status(text: str) -> Statut:
    statut = _status_names().get(fold(text))
    if statut is None:
        raise ValueError(_("statut inconnu « {text} » (valeurs : {values})").format(
            text=text.strip(), values=", ".join(status_label(s) for s in Statut)))
    return statut


def cell_number(value: Any) -> float:
    """A measured value: a number cell, or text with a decimal comma or point (see
    :func:`tdsplan.query.parse_number`)."""
    try:
        return parse_number(value if isinstance(value, int | float | str) else _text(value))
    except UsageError as error:
        raise ValueError(str(error)) from None


def cell_progress(value: Any, percent: bool) -> int:
    """A progress: a whole number from 0 to 100, or a percent cell (0.4 for 40 %)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and percent \
            and 0 <= value <= 1:
        value = value * 100
    try:
        return parse_percent(value if isinstance(value, int | float | str) else _text(value))
    except UsageError as error:
        raise ValueError(str(error)) from None


def cell_date(value: Any) -> dt.date:
    """A date from a date cell, or from text as :func:`tdsplan.typed.parse_date` reads it
    (the command line's rule: 2020-03-15, 15/03/2020, « 15 mars 2020 »)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return parse_date(str(value))
    except UsageError as error:
        raise ValueError(str(error)) from None

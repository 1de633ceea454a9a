"""The follow-up workbook written for the action leads: its columns, styles, checks and help."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tdsplan.files import stable_zip
from tdsplan.formulas import starts_like_formula
from tdsplan.i18n import _
from tdsplan.models import MAX_NUMBER
from tdsplan.sheets.layout import ACTIONS_SHEET, COLUMNS, HELP_SHEET, LEAD_NAME, PLAN_NAME, TO_FILL
from tdsplan.vocabulary import Statut, status_label

if TYPE_CHECKING:
    from openpyxl.styles import Border

_WIDTHS = {
    "id": 9,
    "orientation": 24,
    "objectif": 24,
    "titre": 40,
    "porteur": 20,
    "statut": 13,
    "avancement": 12,
    "echeance": 12,
    "derniere_date": 12,
    "derniere_note": 40,
    "nouveau_statut": 15,
    "nouvel_avancement": 12,
    "nouvelle_echeance": 13,
    "note": 50,
    "date": 12,
    "auteur": 18,
    "indicateur": 28,
    "valeur": 10,
}
_WRAPPED = {"orientation", "objectif", "titre", "porteur", "derniere_note", "note", "indicateur"}
_DATES = {"echeance", "derniere_date", "nouvelle_echeance", "date"}
_FILL_KEYS = {key for key, _label in TO_FILL}
_SHOWN_KEYS = {key for key, _label in COLUMNS if key not in _FILL_KEYS} | {"indicateur"}
#: A measured value's format: its decimals shown as typed (23,5), none when whole; the
#: « 0 » of the other columns to fill would show 24.
VALUE_FORMAT = "General"
#: Pages across on which the sheet « Actions » prints (Letter landscape): one page wide
#: was about 37 %, letters 4 pt high.
PRINT_PAGES_WIDE = 3
#: Timestamps inside the workbook's zip: fixed, so that one plan gives one file.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


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
    #: The lead a workbook of one lead is for, recorded so that their return is known.
    porteur: str = ""


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
    if cover.porteur:
        from openpyxl.workbook.defined_name import DefinedName

        quoted = cover.porteur.replace('"', '""')
        book.defined_names[LEAD_NAME] = DefinedName(LEAD_NAME, attr_text=f'"{quoted}"')
    buffer = io.BytesIO()
    book.save(buffer)
    return _deterministic(buffer.getvalue(), created)


def _fill_actions(sheet: Any, rows: list[ExportRow]) -> None:
    """The sheet « Actions »: header, one styled row per action, checks, protection, print."""
    styles = _named_styles(sheet.parent)
    _header(sheet)
    for row in rows:
        sheet.append(
            [
                row.id,
                row.orientation,
                row.objectif,
                row.titre,
                row.porteur,
                row.statut,
                row.avancement,
                row.echeance,
                row.derniere_date,
                row.derniere_note,
                None,
                None,
                None,
                None,
                None,
                None,
                row.indicateur or None,
                None,
            ]
        )
    for line in sheet.iter_rows(min_row=2, max_row=len(rows) + 1):
        for key, cell in zip(styles, line, strict=True):
            cell.style = styles[key]
            if isinstance(cell.value, str) and starts_like_formula(cell.value):
                # openpyxl takes any text beginning with « = » for a formula, and Excel
                # would take « +1+1 » for one once the cell is edited: both stay text.
                cell.data_type = "s"
                cell.quotePrefix = True
    for number, row in enumerate(rows, 2):
        texts = {k: getattr(row, k) for k in _WRAPPED if k in _SHOWN_KEYS and getattr(row, k)}
        height = row_height(texts)
        if height is not None:
            sheet.row_dimensions[number].height = height
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "B2"
    last = max(len(rows) + 1, 2)
    _add_checks(sheet, last)
    _protect_and_print(sheet, last)


def _named_styles(book: Any) -> dict[str, str]:
    """Each column's named style, added to ``book`` once: set once per cell, it costs a
    tenth of setting font, fill, border, alignment and protection one by one (10 000 rows
    in seconds). The cells to fill are yellow, as the help says; a number format only
    where numbers go, text columns as text (a note « 2023 » stays a note)."""
    from openpyxl.styles import Alignment, NamedStyle, PatternFill, Protection

    styles: dict[str, str] = {}
    for key, _label in COLUMNS:
        filled = key in _FILL_KEYS
        name = f"tds-{'a-remplir' if filled else 'lecture'}-{_number_format(key, filled)}"
        name += "-texte" if key in _WRAPPED else ""
        if name not in book.named_styles:
            style = NamedStyle(name)
            style.border = _thin_border()
            style.alignment = Alignment(vertical="top", wrap_text=key in _WRAPPED)
            style.number_format = _number_format(key, filled)
            style.protection = Protection(locked=not filled)
            style.fill = PatternFill("solid", fgColor=FILL_COLOUR if filled else READ_COLOUR)
            book.add_named_style(style)
        styles[key] = name
    return styles


#: The pale yellow of the cells to fill, and the grey of the cells to read.
FILL_COLOUR, READ_COLOUR = "FFF2CC", "EDEDED"
#: The darker header colours of the same two kinds of column.
_HEADER_COLOURS = ("FFD966", "D9D9D9")
#: Columns a lead types words into: text cells, so nothing typed turns into a number.
_TEXT_FILLED = {"nouveau_statut", "note", "auteur", "indicateur"}


def _number_format(key: str, filled: bool) -> str:
    if key in _DATES:
        return "yyyy-mm-dd"
    if key == "avancement":
        return '0" %"'
    if filled and key in _TEXT_FILLED:
        return "@"
    # « General » keeps the decimals typed (23,5), and lets « 50 % » be a percentage.
    return VALUE_FORMAT


def row_height(texts: dict[str, str], widths: Mapping[str, float] = _WIDTHS) -> float | None:
    """The height (points) a row needs to show its wrapped texts whole, estimated from
    their length and their column's width; ``None`` for a row of one line."""
    lines = 1
    for key, text in texts.items():
        per_line = max(int(widths[key] * 1.1) - 1, 1)
        wanted = sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))
        lines = max(lines, wanted)
    return None if lines == 1 else min(15.0 * lines + 2, 409.0)


def _header(sheet: Any) -> None:
    """The header row: the columns to fill in yellow, the others in grey, each its width."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.append([_(label) for _key, label in COLUMNS])
    for index, (key, _label) in enumerate(COLUMNS, 1):
        cell = sheet.cell(1, index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_COLOURS[key not in _FILL_KEYS])
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.border = _thin_border()
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS[key]


def _thin_border() -> Border:
    """The light grey frame of every cell of the sheet."""
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="BFBFBF")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def _add_checks(sheet: Any, last: int) -> None:
    """The drop-down of statuses and the checks of the columns to fill, rows 2 to ``last``."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    def column(key: str) -> str:
        letter = get_column_letter(next(i for i, (k, _l) in enumerate(COLUMNS, 1) if k == key))
        return f"{letter}2:{letter}{last}"

    labels = ",".join(status_label(s) for s in Statut)
    checks = [
        DataValidation(
            type="list", formula1=f'"{labels}"', allow_blank=True, sqref=column("nouveau_statut")
        ),
        # Decimal, not whole: « 50 % » typed is the number 0.5 in a percent cell.
        DataValidation(
            type="decimal",
            operator="between",
            formula1="0",
            formula2="100",
            allow_blank=True,
            sqref=column("nouvel_avancement"),
        ),
        DataValidation(
            type="date",
            operator="greaterThan",
            formula1="36526",
            allow_blank=True,
            sqref=f"{column('nouvelle_echeance')} {column('date')}",
        ),
        # LibreOffice reads a check without operator or bounds as « between 0 and 0 ».
        DataValidation(
            type="decimal",
            operator="between",
            formula1=f"{-MAX_NUMBER:.0f}",
            formula2=f"{MAX_NUMBER:.0f}",
            allow_blank=True,
            sqref=column("valeur"),
        ),
    ]
    messages = [
        (_("Statut"), _("Choisissez un statut dans la liste.")),
        (_("Avancement"), _("Un nombre entier de 0 à 100 (50 ou 50 %).")),
        (_("Date"), _("Une date, par exemple 2020-03-15.")),
        (
            _("Valeur"),
            _("Un nombre : la valeur mesurée de l’indicateur de la colonne « Indicateur »."),
        ),
    ]
    for check, (title, message) in zip(checks, messages, strict=True):
        check.error, check.errorTitle = message, title
        check.prompt, check.promptTitle = message, title
        check.showErrorMessage = check.showInputMessage = True
        sheet.add_data_validation(check)


def _protect_and_print(sheet: Any, last: int) -> None:
    """The filter over rows 1 to ``last``, the sheet locked (formatting and filtering still
    allowed), and its printing: landscape US Letter, three pages wide at a readable size
    (the fill-in columns on the last), the header row and the ID column on each page."""
    from openpyxl.utils import get_column_letter

    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = protection.formatRows = protection.autoFilter = False
    protection.sort = True
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_LETTER
    setup.fitToWidth, setup.fitToHeight = PRINT_PAGES_WIDE, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.print_title_cols = "A:A"
    setup.pageOrder = "overThenDown"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = _("Page &P de &N")


def _fill_help(sheet: Any, cover: Cover) -> None:
    """The sheet « Aide »: where the workbook comes from, and how to fill each column."""
    from openpyxl.styles import Alignment, Font

    lines: list[tuple[str, bool]] = [
        (_("Donner des nouvelles de vos actions"), True),
        (
            _(
                "Ce classeur vient de {organisation}. La feuille « {sheet} » liste les actions du "
                "« {plan} » que vous portez ou suivez, telles que nous les connaissions le {date}."
            ).format(
                organisation=cover.organisation,
                sheet=_(ACTIONS_SHEET),
                plan=cover.titre,
                date=cover.as_of.isoformat(),
            )
            + (
                " " + _("Il est préparé pour {lead}.").format(lead=cover.porteur)
                if cover.porteur
                else ""
            ),
            False,
        ),
        (
            _(
                "Les colonnes grises montrent chaque action : ne les modifiez pas. Pour chaque "
                "action qui a bougé, remplissez les colonnes jaunes de sa ligne :"
            ),
            False,
        ),
        (
            _(
                "• Nouveau statut : choisissez-le dans la liste ({labels}). Laissez vide s’il ne "
                "change pas."
            ).format(labels=", ".join(status_label(s) for s in Statut)),
            False,
        ),
        (_("• Avancement (%) : un nombre entier de 0 à 100, si vous le mesurez."), False),
        (_("• Nouvelle échéance : la nouvelle date de fin prévue, si elle change."), False),
        (_("• Note : ce qui a été fait ou décidé, en quelques phrases."), False),
        (
            _(
                "• Date : le jour où c’est arrivé, par exemple 2020-03-15 ou 15 mars 2020. Laissée "
                "vide, c’est le jour où nous recevrons vos nouvelles."
            ),
            False,
        ),
        (_("• Auteur : votre nom."), False),
        (
            _(
                "• Indicateur et Valeur : la valeur mesurée d’un indicateur de l’action, à la date "
                "de la ligne. Quand l’action a un seul indicateur, son nom est déjà là : tapez la "
                "valeur. Sinon, tapez le nom de l’indicateur tel que le plan le donne."
            ),
            False,
        ),
        (
            _(
                "Une ligne laissée vide ne change rien. Gardez le nom de la feuille « {sheet} » et "
                "ses colonnes à leur place ; tapez des valeurs, pas des formules."
            ).format(sheet=_(ACTIONS_SHEET)),
            False,
        ),
        (_("Renvoyez le fichier tel quel (Excel .xlsx), ou enregistré au format CSV."), False),
    ]
    sheet.column_dimensions["A"].width = 100
    for index, (text, bold) in enumerate(lines, 1):
        cell = sheet.cell(index, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True, size=14)
            sheet.row_dimensions[index].height = 24
        else:
            sheet.row_dimensions[index].height = row_height({"a": text}, {"a": 100}) or 17
    sheet.page_setup.paperSize = sheet.PAPERSIZE_LETTER
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _deterministic(data: bytes, created: dt.datetime) -> bytes:
    # openpyxl stamps the save time in docProps/core.xml and the zip entries: one plan
    # should give the same file every time, so both take the date of the export.
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ").encode()

    def modified(name: str, content: bytes) -> bytes:
        if name != "docProps/core.xml":
            return content
        return re.sub(
            rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
            rb"\g<1>" + stamp + rb"\g<2>",
            content,
        )

    return stable_zip(data, _ZIP_TIME, modified)

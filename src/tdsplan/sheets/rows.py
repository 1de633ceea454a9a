"""The rows of a sheet sent back, each cell read as the value its column expects."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tdsplan.errors import SheetInvalidError, SheetProblem, UsageError
from tdsplan.i18n import LANGUAGES, _, translator
from tdsplan.models import text_problem
from tdsplan.sheets.layout import COLUMNS, REQUIRED, TO_FILL
from tdsplan.typed import parse_date, parse_number, parse_percent
from tdsplan.vocabulary import STATUS_ALIASES, Statut, fold, status_label

#: Most rows read from a sheet below its header, filled or not (a plan of 10 000
#: actions fits with room to spare; a sheet dragged down to Excel's 1 048 576th row
#: is refused there, not read for a minute).
MAX_ROWS = 50_000
#: The columns typed as text, where a formula may be a text that begins with « = » or
#: « - » (the grey ones, :data:`_WRITTEN_BY_THE_EXPORT`, are read as the text they show).
_TEXTS = {"note", "auteur", "indicateur"}
#: The grey columns read back: what the export wrote, to tell whether the action changed.
_WRITTEN_BY_THE_EXPORT = {"derniere_date", "derniere_note"}


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
    #: The grey columns as the row holds them (texts cleaned, dates as dates): what the
    #: sheet showed of the action, or what a lead typed there.
    shown: dict[str, Any] = field(default_factory=dict)

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
    #: Rows with nothing in the columns to fill but something in the grey ones, which
    #: may be news typed in the wrong place (:attr:`SheetRow.shown`).
    untouched: list[SheetRow] = field(default_factory=list)
    #: The lead a workbook of one lead was made for (a CSV does not say).
    porteur: str | None = None
    #: Where each column was found (its index from 0), by key.
    columns: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Cell:
    """A cell as read from a workbook or a CSV field, before its column's type is applied."""

    value: Any
    formula: bool = False
    percent: bool = False


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


def _columns(path: Path, prefix: str, header: list[Cell]) -> dict[str, int]:
    """Where each column is, found by its header in any language; every header missing
    or doubled refused at once."""
    problems: list[SheetProblem] = []
    names = _header_names()
    columns: dict[str, int] = {}
    for index, heading in enumerate(header):
        if isinstance(heading.value, str) and fold(heading.value) in names:
            key = names[fold(heading.value)]
            if key in columns:
                problems.append(
                    SheetProblem(
                        path,
                        f"{prefix}{_letter(index)}1",
                        _("colonne « {name} » en double").format(name=heading.value.strip()),
                    )
                )
            columns.setdefault(key, index)
    labels = dict(COLUMNS)
    missing = [key for key in REQUIRED if key not in columns]
    for key in missing:
        problems.append(
            SheetProblem(
                path,
                f"{prefix}1:1",
                _(
                    "colonne « {name} » absente de la ligne d’en-têtes : rétablissez-la telle "
                    "qu’exportée"
                ).format(name=_(labels[key])),
            )
        )
    if problems:
        raise SheetInvalidError(problems)
    return columns


def read_rows(
    path: Path,
    prefix: str,
    lines: Iterator[Sequence[Any]],
    read: Callable[[Any], Cell],
    month_first: str | None = None,
) -> Sheet:
    """The rows below the header, each raw cell of ``lines`` read by ``read`` only when
    its row has something filled. ``month_first``: why a day and a month may have been
    swapped (a program set to ``en-US``); such a date is refused with both readings."""
    columns = _columns(path, prefix, [read(raw) for raw in next(lines, ())])
    rows: list[SheetRow] = []
    invalid: list[SheetRow] = []
    untouched: list[SheetRow] = []
    empty = 0
    # The indicator's name is written by the export: only a value makes the row filled.
    filled = [columns[key] for key, _label in TO_FILL if key != "indicateur" and key in columns]
    letters = {key: _letter(index) for key, index in columns.items()}
    grey = [columns[key] for key in _GREY if key in columns]
    for number, line in enumerate(lines, 2):
        if number > MAX_ROWS + 1:
            raise SheetInvalidError(
                [
                    SheetProblem(
                        path,
                        f"{prefix}A{number}",
                        _(
                            "feuille trop longue : {limit} lignes au plus sous les en-têtes (une par "
                            "action) ; supprimez les lignes en trop"
                        ).format(limit=MAX_ROWS),
                    )
                ]
            )
        width = len(line)
        news = any(_given(read(line[index]).value) for index in filled if index < width)
        if not news and not any(_given(read(raw).value) for raw in line):
            continue

        def cell(key: str, line: Sequence[Any] = line) -> Cell:
            index = columns.get(key)
            return read(line[index]) if index is not None and index < len(line) else Cell(None)

        if not news:
            empty += 1
            if not any(_given(read(line[index]).value) for index in grey if index < width):
                continue  # an ID alone, or the indicator's name: nothing to look at
        shown = _shown(cell)
        if not news and all(value is None for value in shown.values()):
            continue
        places = {key: f"{prefix}{letter}{number}" for key, letter in letters.items()}
        places.setdefault("id", f"{prefix}A{number}")
        row = SheetRow(path, number, "", places, shown=shown)
        if not news:
            given = cell("id").value
            row.id = clean_text(_text(given)).strip() if _given(given) else ""
            untouched.append(row)
            continue
        row.problems = list(_read_row(row, cell, month_first))
        (invalid if row.problems else rows).append(row)
    return Sheet(path, rows, empty, invalid, untouched=untouched, columns=columns)


#: The grey columns compared with the plan: what a lead may have overwritten.
_GREY = ("statut", "avancement", "echeance", "derniere_date", "derniere_note")


def _shown(cell: Callable[[str], Cell]) -> dict[str, Any]:
    shown: dict[str, Any] = {}
    for key in _GREY:
        value = cell(key).value
        if not _given(value):
            shown[key] = None
        elif isinstance(value, dt.datetime):
            shown[key] = value.date()
        elif isinstance(value, float) and value.is_integer():
            shown[key] = int(value)
        else:
            shown[key] = clean_text(value) if isinstance(value, str) else value
    return shown


#: Characters a copy from a web page or a word processor leaves unseen in a text:
#: zero-width spaces and joiners, word joiner, byte-order mark, soft hyphen.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def clean_text(text: str) -> str:
    """``text`` without its invisible characters, its accents composed (NFC), its line
    breaks as line feeds: the same text however it was typed or saved."""
    return unicodedata.normalize("NFC", text.translate(_INVISIBLE)).replace("\r\n", "\n")


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _read_row(row: SheetRow, cell: Any, month_first: str | None) -> Iterator[SheetProblem]:
    for key in ("id", "derniere_date", "derniere_note", *(k for k, _label in TO_FILL)):
        found = cell(key)
        if found.formula and key in _WRITTEN_BY_THE_EXPORT:
            # Compared with the plan, never written to it: read as the text it shows (a
            # spreadsheet's CSV drops the mark that kept « - réunion » a text).
            found = Cell(str(found.value))
        if found.formula:
            shown = " ".join(str(found.value).split())
            message = _("formule « {formula} » : tapez la valeur elle-même").format(
                formula=shown[:60]
            )
            if key in _TEXTS:
                message += _(
                    " ; un texte qui commence par « {sign} » se tape précédé d’une apostrophe"
                ).format(sign=shown[:1])
            yield row.problem(key, message)
            continue
        try:
            _set(row, key, found, month_first)
        except ValueError as error:
            yield row.problem(key, str(error))
    if not row.id:
        yield row.problem("id", _("ligne remplie sans ID d’action : gardez l’ID exporté"))


def _set(row: SheetRow, key: str, cell: Cell, month_first: str | None = None) -> None:
    value = clean_text(cell.value) if isinstance(cell.value, str) else cell.value
    if not _given(value):
        return
    if key == "id":
        row.id = clean_text(_text(value)).strip()
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
        row.echeance = cell_date(value, month_first)
    elif key == "date":
        row.date = cell_date(value, month_first)
    else:  # the date of the last entry the sheet showed: written by the export
        row.derniere_date = cell_date(value)


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


def status_of(text: str) -> Statut | None:
    """The status a lead wrote (a key, an alias, a label in any language), or ``None``."""
    return _status_names().get(fold(text))


def _status(text: str) -> Statut:
    statut = status_of(text)
    if statut is None:
        raise ValueError(
            _("statut inconnu « {text} » (valeurs : {values})").format(
                text=text.strip(), values=", ".join(status_label(s) for s in Statut)
            )
        )
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
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and percent
        and 0 <= value <= 1
    ):
        value = value * 100
    try:
        return parse_percent(value if isinstance(value, int | float | str) else _text(value))
    except UsageError as error:
        raise ValueError(str(error)) from None


def cell_date(value: Any, month_first: str | None = None) -> dt.date:
    """A date from a date cell, or from text as :func:`tdsplan.typed.parse_date` reads it
    (the command line's rule: 2020-03-15, 2020/03/15, 15/03/2020, « 15 mars 2020 »).
    ``month_first``: the locale of a program that may have read
    or written the month first (``en-US``); a date whose day and month could then be
    swapped is refused with both readings, one that cannot be a day first (3/25/2026)
    is read month first."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if month_first and value.day <= 12 and value.day != value.month:
            raise ValueError(_ambiguous(value, month_first))
        return value
    text = str(value).strip()
    if month_first and (match := _SLASHED.fullmatch(text)):
        first, second, year = (int(part) for part in match.groups())
        if first <= 12 and second <= 12 and first != second:
            raise ValueError(_ambiguous(_date(year, first, second, text), month_first))
        if second > 12:
            text = f"{second}/{first}/{year}"
    try:
        return parse_date(text)
    except UsageError as error:
        raise ValueError(str(error)) from None


_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(_("date « {text} » impossible").format(text=text)) from None


def _ambiguous(read: dt.date, locale: str) -> str:
    """Why ``read`` is refused: its day and month may have been swapped."""
    swapped = _date(read.year, read.day, read.month, read.isoformat())
    return _(
        "date ambiguë (tableur réglé en {locale}) : le {first} ou le {second} ? Tapez-la "
        "2020-03-15 ou « 15 mars 2020 »"
    ).format(locale=locale, first=read.isoformat(), second=swapped.isoformat())

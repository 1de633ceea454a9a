"""The rows of a workbook's sheet as openpyxl reads them, scanned faster when written plainly.

openpyxl builds an XML element, then a dictionary, then a cell, for each of the
180 000 cells of a 10 000-row sheet (1.2 s). The scan here reads the sheet's XML with
regular expressions, the common forms only (``<c r="A2" s="3" t="s"><v>12</v></c>``,
numbers, inline texts, booleans), and makes each cell only when it is asked for: the
very :class:`~openpyxl.cell.read_only.ReadOnlyCell` openpyxl would have made, from the
same values, and read as :func:`cell_of` reads it. At the first thing it does not read
exactly (a formula, a rich text, an unusual number, another attribute order, white space
between rows, a DTD), it hands over to openpyxl, which goes on from the row the scan had reached: the rows are
openpyxl's in any case (``tests/sheets/test_fastrows.py`` compares them). What lies
outside the rows (the sheet's header and its end) is always parsed by openpyxl's own
parser, before the first row and after the last, as it would have been.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Any
from warnings import catch_warnings, simplefilter, warn

from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.styles.numbers import is_date_format, is_timedelta_format
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet._reader import WorkSheetParser

from tdsplan.sheets.rows import Cell

#: Bytes of the sheet's XML read at a time: a sheet of a million rows is never held whole.
CHUNK = 1 << 20
_MAIN = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_HEAD = re.compile(
    rb'\A(?:<\?xml version="1\.0"(?: encoding="(?i:utf-8)")?(?: standalone="(?:yes|no)")?\?>'
    rb"\s*)?(<worksheet\b[^<>]*>)"
)
_NUMBER = rb"-?+(?:[0-9]++\.?+[0-9]*+|\.[0-9]++)(?:[eE][-+]?+[0-9]++)?+"
#: A cell the scan reads (each of its forms exactly, else openpyxl reads the sheet):
#: column letters, style, then the value of a number, of a shared text or a boolean
#: (with its type), of a formula's text or an error (with its type), or an inline text.
_CELL_FORM = (
    rb'(?><c(?: r="([A-Z]{1,3})[0-9]+")?(?: s="([0-9]+)")?(?:'
    rb'(?: t="n")?\s*(?:/>|>(?:<v>(' + _NUMBER + rb")</v>|<v/>)?</c>)"
    rb'| t="(s|b)"\s*(?:/>|>(?:<v>([0-9]+)</v>|<v/>)?</c>)'
    rb'| t="(str|e)"\s*(?:/>|>(?:<v>([^<]*)</v>|<v/>)?</c>)'
    rb'| t="inlineStr"\s*(?:/>|>(?:<is><t(?: xml:space="preserve")?>([^<]+)</t></is>)?</c>)'
    rb"))"
)
_ROW_FORM = rb'(?><row((?:\s++[\w:]++="[^"<]*+")*+)\s*+(?:/>|>((?:' + _CELL_FORM + rb")*+)</row>))"


def _plain(pattern: bytes) -> bytes:
    """``pattern`` without its capturing groups."""
    return re.sub(rb"\((?!\?)", b"(?:", pattern)


_CELL = re.compile(_CELL_FORM)
_ROW = re.compile(
    rb'<row((?:\s++[\w:]++="[^"<]*+")*+)\s*+(?:/>|>((?:' + _plain(_CELL_FORM) + rb")*+)</row>)"
)
#: Rows that are all read exactly (atomic groups and possessive repeats: a row that
#: does not fit fails at once, never tried again in other ways).
_ROWS = re.compile(b"(?:" + _plain(_ROW_FORM) + b")*+")
_ROW_NUMBER = re.compile(rb'\sr="([0-9]+)"')
_ROW_ANY = re.compile(rb"\sr=|xmlns")
_SHARED = re.compile(rb' t="s"\s*><v>([0-9]+)</v>')
#: The groups of :data:`_CELL` matched by one cell.
_Raw = tuple[bytes, bytes, bytes, bytes, bytes, bytes, bytes, bytes]
#: Column letters of the cells of a row written in order from A, as most are.
_LETTERS = [get_column_letter(n).encode() for n in range(1, 65)]
_ENTITY = re.compile(rb"&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9a-fA-F]{1,6}));")
_NAMED = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"', b"apos": "'"}
_CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f]")
_ODD_ENTITY = re.compile(rb"&(?!amp;|lt;|gt;|quot;|apos;|#[0-9]{1,7};|#x[0-9a-fA-F]{1,6};)")
_REFERENCE = re.compile(rb"&#(x[0-9a-fA-F]{1,6}|[0-9]{1,7});")
#: Most cells :attr:`_Scan.made` keeps.
_MADE = 100_000
#: What a cell left out of a row reads as (openpyxl's empty cell).
_EMPTY = Cell(None)


class _Unread(Exception):
    """Something the scan does not read exactly: openpyxl takes over."""


def sheet_rows(reader: Any, sheet: Any) -> Iterator[Sequence[Cell]]:
    """The rows of the read-only ``sheet`` (its dimensions reset) of the workbook
    ``reader`` read (an :class:`openpyxl.reader.excel.ExcelReader`), as
    ``sheet.iter_rows(values_only=False)`` gives them, each cell read by :func:`cell_of`
    when first asked for."""
    done = 0
    with catch_warnings():  # said once already, as the workbook was read
        simplefilter("ignore")
        part = next(
            (rel.target for found, rel in reader.parser.find_sheets() if found.name == sheet.title),
            None,
        )
    try:
        if part is None:
            raise _Unread
        with reader.archive.open(part) as source:
            for row in _Scan(sheet, source, reader.shared_strings).rows():
                yield row
                done += 1
        return
    except _Unread:
        pass
    for row in islice(sheet.iter_rows(values_only=False), done, None):
        yield _Read(row)


def cell_of(cell: Any) -> Cell:
    """A cell of openpyxl as :func:`tdsplan.sheets.rows.read_rows` reads it."""
    # A text cell is text whatever it begins with (a « '=… » typed in Excel is kept as
    # « =… », quoted): only a formula cell is a formula.
    value = getattr(cell, "value", None)
    percent = "%" in (getattr(cell, "number_format", "") or "")
    return Cell(value, getattr(cell, "data_type", None) == "f", percent)


class _Lazy(Sequence[Cell]):
    """A row of ``size`` cells, each read (:meth:`_make`) when first asked for."""

    def __init__(self, size: int):
        self.read: list[Cell | None] = [None] * size

    def __len__(self) -> int:
        return len(self.read)

    def __getitem__(self, index: int) -> Cell:  # type: ignore[override]
        cell = self.read[index]
        if cell is None:
            cell = self.read[index] = self._make(index)
        return cell

    def __iter__(self) -> Iterator[Cell]:
        return (self[index] for index in range(len(self.read)))

    def _make(self, index: int) -> Cell:
        raise NotImplementedError


class _Read(_Lazy):
    """A row of openpyxl's."""

    def __init__(self, row: Sequence[Any]):
        super().__init__(len(row))
        self.row = row

    def _make(self, index: int) -> Cell:
        return cell_of(self.row[index])


def _parse_rest(scan: _Scan, xml: bytes) -> None:
    """What openpyxl's parser does with a sheet without rows: the same errors, raised."""
    parser = WorkSheetParser(io.BytesIO(xml), scan.strings, epoch=scan.sheet.parent.epoch)
    for _row in parser.parse():
        raise _Unread


def _number(text: str) -> int | float:
    """A number cell's value, as openpyxl casts it."""
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


class _Scan:
    def __init__(self, sheet: Any, source: Any, strings: list[str]):
        self.sheet, self.source, self.strings = sheet, source, strings
        self.columns: dict[bytes, int] = {}
        self.root = b""
        self.percents: dict[int, bool] = {}
        self.dates: dict[int, tuple[bool, bool]] = {}
        #: Cells already read, by their XML and column (see :meth:`_Row._make`).
        self.made: dict[_Raw, Cell] = {}
        self.warned = False

    def rows(self) -> Iterator[Sequence[Any]]:
        buffer = self._head()
        counter = 0  # openpyxl's row counter
        expected = 1  # the number of the next row openpyxl yields
        while True:
            close = buffer.find(b"</sheetData>")
            if close >= 0:
                chunk, rest = buffer[:close], buffer[close + len(b"</sheetData>") :]
            else:
                end = buffer.rfind(b"</row>")
                if end < 0:
                    more = self.source.read(CHUNK)
                    if not more:
                        raise _Unread
                    buffer += more
                    continue
                chunk, buffer = buffer[: end + len(b"</row>")], buffer[end + len(b"</row>") :]
            _check_chunk(chunk)
            for number, cells in self._tokens(chunk):
                counter = number if number is not None else counter + 1
                while expected < counter:
                    expected += 1
                    yield []
                if expected <= counter:
                    expected += 1
                    yield self._row(counter, cells)
            if close >= 0:
                _parse_rest(self, self.root + b"<sheetData/>" + rest + self.source.read())
                return
            buffer += self.source.read(CHUNK)

    def _head(self) -> bytes:
        """What follows ``<sheetData>``, once openpyxl has parsed what comes before."""
        buffer = b""
        while b"<sheetData" not in buffer:
            more = self.source.read(CHUNK)
            if not more:
                raise _Unread
            buffer += more
        start = buffer.find(b"<sheetData>")
        head = _HEAD.match(buffer)
        if start < 0 or head is None or _MAIN not in head[1] or b"<!" in buffer[:start]:
            raise _Unread
        _parse_rest(self, buffer[:start] + b"<sheetData/></worksheet>")
        self.root = head[0]
        return buffer[start + len(b"<sheetData>") :]

    def _tokens(self, chunk: bytes) -> Iterator[tuple[int | None, bytes]]:
        if not _ROWS.fullmatch(chunk):
            raise _Unread
        shared = _SHARED.findall(chunk)
        if shared and max(map(int, shared)) >= len(self.strings):
            raise _Unread  # openpyxl says so (IndexError) at its row
        for attributes, inside in _ROW.findall(chunk):
            number = _ROW_NUMBER.search(attributes)
            if number is None and _ROW_ANY.search(attributes) or b"xmlns" in attributes:
                raise _Unread
            yield (int(number[1]) if number else None), inside

    def placed(self, inside: bytes) -> list[_Raw | None]:
        """The cells of a row's XML by column, as openpyxl places them."""
        cells = _CELL.findall(inside)
        if [cell[0] for cell in cells] == _LETTERS[: len(cells)]:
            return cells
        placed: dict[int, _Raw] = {}
        column = 0
        for cell in cells:
            letters = cell[0]
            if letters:
                column = self.columns.get(letters) or self.columns.setdefault(
                    letters, column_index_from_string(letters.decode())
                )
            else:
                column += 1
            placed[column] = cell
        width = column  # the last cell's column, as openpyxl sizes a row
        return [placed.get(index) for index in range(1, width + 1)]

    def _row(self, number: int, inside: bytes) -> Sequence[Cell]:
        return _Row(self, number, self.placed(inside)) if inside else ()

    def percent(self, style_id: int) -> bool:
        """Whether the number format of style ``style_id`` shows a percent (openpyxl's
        lookup, its errors raised as they would be, at the cell's reading)."""
        known = self.percents.get(style_id)
        if known is None:
            cell = ReadOnlyCell(self.sheet, 1, 1, None, "n", style_id)
            known = self.percents[style_id] = cell_of(cell).percent
        return known

    def dated(self, style_id: int) -> tuple[bool, bool]:
        """Whether a number of style ``style_id`` is a date, and a duration: what
        openpyxl decides from the style's number format (none when the style names
        none: not a date)."""
        known = self.dates.get(style_id)
        if known is None:
            try:
                shown = ReadOnlyCell(self.sheet, 1, 1, None, "n", style_id).number_format
            except (IndexError, KeyError):
                shown = None
            known = self.dates[style_id] = (is_date_format(shown), is_timedelta_format(shown))
        return known


def _check_chunk(chunk: bytes) -> None:
    """Refuse (to openpyxl) rows whose texts the XML parser might read otherwise than
    :func:`_decoded`: a control character or a carriage return (line ends are
    normalized), ``]]>``, an entity other than the five of XML and characters, a
    character reference to no XML character, bytes that are no UTF-8."""
    if _CONTROL.search(chunk) or b"]]>" in chunk or _ODD_ENTITY.search(chunk):
        raise _Unread
    if b"&#" in chunk:
        for reference in set(_REFERENCE.findall(chunk)):
            code = int(reference[1:], 16) if reference[:1] == b"x" else int(reference)
            if not _xml_char(code):
                raise _Unread
    try:
        chunk.decode("utf-8")
    except UnicodeDecodeError:
        raise _Unread from None


def _xml_char(code: int) -> bool:
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _decoded(raw: bytes) -> str:
    if b"&" not in raw:
        return raw.decode("utf-8")
    return _ENTITY.sub(_entity, raw).decode("utf-8")


def _entity(found: re.Match[bytes]) -> bytes:
    if found[1]:
        return _NAMED[found[1]].encode()
    code = int(found[2]) if found[2] else int(found[3], 16)
    return chr(code).encode("utf-8", "surrogatepass")


class _Row(_Lazy):
    """One row: its cells placed by column (the last of a column wins, as openpyxl
    places them)."""

    def __init__(self, scan: _Scan, number: int, placed: list[_Raw | None]):
        super().__init__(len(placed))
        self.scan, self.number = scan, number
        self.raw = placed

    def _make(self, index: int) -> Cell:
        raw = self.raw[index]
        if raw is None:
            return _EMPTY
        # The same XML in the same column reads the same (a status, an empty cell of a
        # style): read once (cells are frozen), unless it was warned of.
        made = self.scan.made
        cell = made.get(raw)
        if cell is None:
            cell = self._cell(raw, index + 1)
            if len(made) < _MADE and not self.scan.warned:
                made[raw] = cell
            self.scan.warned = False
        return cell

    def _cell(self, raw: _Raw, column: int) -> Cell:
        """What :func:`cell_of` reads of the cell openpyxl would make (never a formula:
        the scan hands a formula over)."""
        _letters, style, number, shared, index, text, value, inline = raw
        style_id = int(style) if style else 0
        percent = self.scan.percent(style_id)
        if number:
            return Cell(self._date(_number(number.decode()), style_id, column), False, percent)
        if shared and index:
            found = self.scan.strings[int(index)] if shared == b"s" else bool(int(index))
            return Cell(found, False, percent)
        if text and value:
            return Cell(_decoded(value), False, percent)
        if inline:
            return Cell(_decoded(inline), False, percent)
        return Cell(None, False, percent)

    def _date(self, value: Any, style_id: int, column: int) -> Any:
        date, duration = self.scan.dated(style_id)
        if not date:
            return value
        try:
            return from_excel(value, self.scan.sheet.parent.epoch, timedelta=duration)
        except (OverflowError, ValueError):
            self.scan.warned = True  # said for each cell, as openpyxl says it
            warn(  # openpyxl's own words
                f"Cell {get_column_letter(column)}{self.number} is marked as a date but the "
                f"serial value {value} is outside the limits for dates. The cell will be "
                "treated as an error.",
                stacklevel=2,
            )
            return "#VALUE!"

"""The fast scan of a sheet's rows reads every cell as openpyxl does, or hands over to it."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.reader.excel import ExcelReader

from tdsplan.sheets import fastrows
from tdsplan.sheets.fastrows import cell_of, sheet_rows

#: An XML sheet's start and end, as a workbook writer leaves them around its rows.
HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<dimension ref="A1:R3"/><sheetFormatPr defaultRowHeight="15"/><sheetData>'
)
TAIL = b'</sheetData><mergeCells count="1"><mergeCell ref="B2:C2"/></mergeCells></worksheet>'


def styled_book() -> bytes:
    """A workbook whose styles 1 to 4 are a percent, a date, a time and a text format."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Actions"
    for column, style in enumerate(("0%", "yyyy-mm-dd", "[h]:mm", "@"), 1):
        sheet.cell(1, column, 1).number_format = style
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_rows(
    rows: bytes, *, strings: list[str] | None = None, whole: bytes | None = None
) -> bytes:
    """The styled workbook with its sheet's XML replaced (``whole``, or the rows
    ``rows`` between :data:`HEAD` and :data:`TAIL`), and its shared texts ``strings``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(styled_book())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = whole if whole is not None else HEAD + rows + TAIL
            if info.filename == "[Content_Types].xml" and strings is not None:
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            target.writestr(info.filename, data)
        if strings is not None:
            items = "".join(f"<si><t>{text}</t></si>" for text in strings)
            target.writestr(
                "xl/sharedStrings.xml",
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'count="{len(strings)}">{items}</sst>',
            )
    return out.getvalue()


def both(data: bytes) -> tuple[object, object, bool]:
    """The rows as openpyxl reads them and as the scan does (each cell as
    :func:`cell_of` reads it, with the type of its value), and whether the scan handed
    over; an error is compared by its type."""

    def rows(scan: bool) -> object:
        reader = ExcelReader(io.BytesIO(data), read_only=True)
        reader.read()
        book = reader.wb
        sheet = book[book.sheetnames[0]]
        sheet.reset_dimensions()
        try:
            found = sheet_rows(reader, sheet) if scan else sheet.iter_rows(values_only=False)
            return [
                [(cell, type(cell.value)) for cell in (row if scan else map(cell_of, row))]
                for row in found
            ]
        except Exception as error:  # openpyxl's own failures, compared
            return type(error)
        finally:
            book.close()

    handed = []
    original = fastrows._Unread.__init__

    def noted(self, *args):
        handed.append(True)
        original(self, *args)

    fastrows._Unread.__init__ = noted  # type: ignore[method-assign]
    try:
        scanned = rows(True)
    finally:
        fastrows._Unread.__init__ = original  # type: ignore[method-assign]
    return rows(False), scanned, bool(handed)


def test_the_demo_workbook_is_scanned_as_openpyxl_reads_it(demo_book):
    expected, scanned, handed = both(demo_book)
    assert scanned == expected
    assert not handed
    assert len(expected) > 20  # type: ignore[arg-type]


def test_a_workbook_saved_by_openpyxl_is_scanned_as_read(demo_book, tmp_path):
    book = load_workbook(io.BytesIO(demo_book))
    sheet = book["Actions"]
    sheet["K2"], sheet["L2"], sheet["N2"] = "En cours", 0.5, "Nouvelles & <suite> « é »"
    sheet["L2"].number_format = "0%"
    sheet["O2"] = dt.datetime(2022, 1, 15)
    sheet["P3"] = True
    book.save(tmp_path / "rempli.xlsx")
    expected, scanned, handed = both((tmp_path / "rempli.xlsx").read_bytes())
    assert scanned == expected
    assert not handed


ROWS = [
    # Shared texts, numbers, a boolean, a percent, a date, a time, an error, a text.
    b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>0.4</v></c>'
    b'<c r="C1" s="2"><v>44576</v></c><c r="D1" s="3"><v>1.5</v></c><c r="E1" t="b"><v>1</v></c>'
    b'<c r="F1" t="e"><v>#N/A</v></c><c r="G1" t="str"><v>a &amp; b</v></c>'
    b'<c r="H1" t="s"><v>1</v></c><c r="I1"><v>-1.5E3</v></c><c r="J1" s="4" t="n"><v>7</v></c>'
    b"</row>",
    # Gaps: rows skipped, columns skipped, cells without their place, a column twice,
    # cells out of order, empty cells, a row going back.
    b'<row r="3"><c r="C3" t="inlineStr"><is><t xml:space="preserve"> x </t></is></c></row>'
    b'<row r="5"><c r="B5"/><c t="n"><v>2</v></c><c r="B5"><v>3</v></c></row>'
    b'<row r="6"><c r="D6"><v>1</v></c><c r="A6"><v>2</v></c></row>'
    b'<row r="7"/><row><c><v>8</v></c><c t="inlineStr"/><c t="s"/><c t="str"><v></v></c></row>'
    b'<row r="4"><c r="A4"><v>4</v></c></row><row r="9" spans="1:3" ht="15"><c r="A9"><v>9</v>'
    b"</c></row>",
    # References and entities.
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&#233;&#x2019;&lt;&gt;&quot;&apos;&#13;</t></is>'
    b'</c><c r="B1" s="2"><v>99999999</v></c></row>',
]


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date:UserWarning")  # both readers say it
@pytest.mark.parametrize("rows", ROWS)
def test_cells_of_every_form_the_scan_reads_are_openpyxls(rows):
    expected, scanned, handed = both(with_rows(rows, strings=["un", "deux &amp; trois"]))
    assert scanned == expected
    assert not handed


FIRST = b'<row r="1"><c r="A1" t="inlineStr"><is><t>1.1.1</t></is></c></row>'
HANDED = [
    b'<row r="2"><c r="A2"><f>1+1</f><v>2</v></c></row>',  # a formula
    b'<row r="2"><c r="A2" t="inlineStr"><is><r><t>riche</t></r></is></c></row>',  # rich text
    b'<row r="2"><c r="A2"><v>inf</v></c></row>',  # no number
    b'<row r="2"><c r="A2"><v>abc</v></c></row>',  # no number: openpyxl's error
    b'<row r="2"><c r="A2" t="s"><v>7</v></c></row>',  # no such shared text: its error
    b'<row r="2"><c t="s" r="A2"><v>0</v></c></row>',  # another order of attributes
    b'<row r="2">\n  <c r="A2"><v>1</v></c>\n</row>',  # white space between cells
    b'\n<row r="2"><c r="A2"><v>1</v></c></row>',  # and between rows
    b'<row r="2"><c r="A2" t="inlineStr"><is><t>a\r\nb</t></is></c></row>',  # CR LF
    b'<row r="2"><c r="A2" t="inlineStr"><is><t>a&#1;b</t></is></c></row>',  # no character
    b'<row r="2"><c r="A2" t="inlineStr"><is><t>a&nbsp;b</t></is></c></row>',  # no entity
    b'<row r="2"><c r="A2" t="inlineStr"><is><t>a\xff</t></is></c></row>',  # no UTF-8
    b'<row r="2"><c r="A2" t="inlineStr"><is><t><![CDATA[x]]></t></is></c></row>',
    b'<row r="2.0"><c r="A2"><v>1</v></c></row>',  # a row number openpyxl reads
    b'<row r="2"><c r="A2" t="d"><v>2022-01-15T00:00:00</v></c></row>',  # a date cell
    b'<row r="2"><c r="A2" cm="1"><v>1</v></c></row>',  # another attribute
    b'<row r="2" xmlns="urn:autre"><c r="A2"><v>1</v></c></row>',  # another namespace
    b'<row r="2"><c r="A2"><v>1</v></c></row><foo/>',  # something else among the rows
    b'<row r="2"><c r="A2"><v>1</v></c>',  # cut short: openpyxl's error
]


@pytest.mark.parametrize("rest", HANDED)
def test_what_the_scan_does_not_read_exactly_is_left_to_openpyxl(rest):
    expected, scanned, handed = both(with_rows(FIRST + rest, strings=["un"]))
    assert scanned == expected
    assert handed


@pytest.mark.parametrize(
    "whole",
    [
        HEAD.replace(b"<sheetFormatPr", b"<sheetFormatPr foo") + FIRST + TAIL,  # bad head
        HEAD + FIRST + TAIL.replace(b"</mergeCells>", b""),  # bad end
        HEAD + FIRST + TAIL + b"<reste/>",  # something after the sheet
        HEAD.replace(b' encoding="UTF-8"', b' encoding="ISO-8859-1"') + FIRST + TAIL,
        b'<!DOCTYPE worksheet [<!ENTITY e "x">]>'
        + HEAD[HEAD.index(b"<worksheet") :]
        + FIRST
        + TAIL,
        HEAD.replace(b"<sheetData>", b"<sheetData/>") + TAIL[len(b"</sheetData>") :],
        HEAD.replace(b"spreadsheetml/2006/main", b"autre") + FIRST + TAIL,
        HEAD + FIRST.replace(b"1.1.1", b"1.1.1" * 300_000) + TAIL,  # longer than a chunk
    ],
)
def test_a_sheet_unusual_outside_its_rows_reads_as_openpyxl_reads_it(whole):
    expected, scanned, _handed = both(with_rows(b"", whole=whole))
    assert scanned == expected


def test_rows_over_many_chunks_are_all_read(monkeypatch):
    monkeypatch.setattr(fastrows, "CHUNK", 97)  # every row cut somewhere
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>%d &amp; %d</t></is></c>'
        b'<c r="C%d"><v>%d</v></c></row><row r="%d"/>' % (n, n, n, n, n, n, n + 1)
        for n in range(1, 200, 3)
    )
    expected, scanned, handed = both(with_rows(rows))
    assert scanned == expected
    assert not handed


TEXTS = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00"),
    max_size=12,
)
VALUES = st.one_of(
    st.none(),
    TEXTS,
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(9999, 1, 1)),
    st.sampled_from(["=1+1", "'=texte", "  ", "\t", "a\nb", "a\r\nb"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.integers(1, 12), st.integers(1, 20), VALUES, st.sampled_from(["0%", None])),
        max_size=25,
    )
)
def test_any_workbook_openpyxl_writes_is_read_the_same(cells):
    book = Workbook()
    sheet = book.active
    for row, column, value, style in cells:
        try:
            sheet.cell(row, column, value)
        except Exception:  # what openpyxl refuses to write (control characters)
            continue
        if style:
            sheet.cell(row, column).number_format = style
    buffer = io.BytesIO()
    book.save(buffer)
    expected, scanned, _handed = both(buffer.getvalue())
    assert scanned == expected


def test_the_bench_sheet_reads_the_same(tmp_path: Path, demo_book):
    """The import's own path: the rows read from a whole workbook (tdsplan.sheets)."""
    from tdsplan.sheets import read_sheet

    (tmp_path / "suivi.xlsx").write_bytes(demo_book)
    fast = read_sheet(tmp_path / "suivi.xlsx", partial=True)
    original = fastrows._Scan.rows

    def unread(self):
        raise fastrows._Unread
        yield  # pragma: no cover

    fastrows._Scan.rows = unread  # type: ignore[method-assign]
    try:
        slow = read_sheet(tmp_path / "suivi.xlsx", partial=True)
    finally:
        fastrows._Scan.rows = original  # type: ignore[method-assign]
    assert fast == slow
    assert fast.untouched

"""Sheets sent back, for the tests of tdsplan.sheets: a refusal's messages, and workbooks
of IDs only written straight into their XML."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from tdsplan import sheets
from tdsplan.errors import SheetInvalidError


def refusal(path: Path) -> list[str]:
    with pytest.raises(SheetInvalidError) as caught:
        sheets.read_sheet(path)
    return [p.format(path.name) for p in caught.value.problems]


def ids_only(
    target: Path, rows: int, *, filled: dict[int, str] | None = None, dimension: str | None = None
) -> Path:
    """A follow-up workbook whose ``rows`` rows below the header hold only an ID (row
    ``n`` of ``filled`` a note too), written straight into the sheet's XML: a million
    rows in a second. ``dimension`` is the size the sheet says it has (its true one
    unless told)."""
    book = Workbook()
    book.active.title = "Actions"
    book.active.append([label for _key, label in sheets.COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    note = {
        n: f'<c r="N{n}" t="inlineStr"><is><t>{text}</t></is></c>'
        for n, text in (filled or {}).items()
    }
    body = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>1.1.1</t></is></c>{note.get(n, "")}</row>'
        for n in range(2, rows + 2)
    )
    size = dimension or f"A1:R{rows + 1}"
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", body.encode() + b"</sheetData>").replace(
                    b'<dimension ref="A1:R1"/>', f'<dimension ref="{size}"/>'.encode()
                )
            out.writestr(info.filename, data)
    return target

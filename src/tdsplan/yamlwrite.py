"""Writing plan files: scalars and ``key: value`` lines that read back exactly as given.

The one writer of YAML text, beside its reader (:mod:`tdsplan.yamlio`): an edit's
splices, ``init`` and ``add`` write through it, so a number is never rounded (``0.1234567``
stays ``0.1234567``, ``2`` stays ``2``), a date is written ``AAAA-MM-JJ`` and a text is
quoted only when the reader would otherwise take it for something else.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import textwrap
from decimal import Decimal
from enum import Enum

from tdsplan.yamlfast import yaml_number
from tdsplan.yamlio import resolve_plain

_PLAIN_SAFE = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n\r]*$")
#: Beyond it an integral float is written as a float (``1e+16``), not as its 17 digits.
_INTEGRAL = 2**53


def format_scalar(value: str) -> str:
    """``value`` as a YAML scalar that reads back as the same text: plain when that is safe,
    double-quoted otherwise."""
    plain = (
        _PLAIN_SAFE.match(value) is not None
        and ": " not in value
        and " #" not in value
        and not value.endswith((":", " ", "\t"))
        and value.isprintable()
        and resolve_plain(value) == value
        and not yaml_number(value)  # other YAML tools would read a number
        # YAML 1.1 tools would read these as booleans.
        and value.lower() not in ("yes", "no", "on", "off", "y", "n")
    )
    if plain:
        return value
    return "".join(
        c if _printable(c) else _escape(c) for c in json.dumps(value, ensure_ascii=False)
    )


def format_number(value: float) -> str:
    """``value`` as a YAML number equal to it when read back: an integral value without
    its ``.0`` (as people write a target), any other float by its shortest exact form in
    decimal digits."""
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    if value.is_integer() and abs(value) < _INTEGRAL:
        return str(int(value))
    # In digits and a point, never with an exponent (tdsplan reads no « 1e-05 »): the
    # shortest exact form, written out (0.00001).
    return format(Decimal(repr(value)), "f")


def format_value(value: object) -> str:
    """A status, date, boolean, number or text as the YAML scalar that reads back as it."""
    if isinstance(value, Enum):  # a status: its key
        return format_scalar(str(value.value))
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value)
    return format_scalar(str(value))


def format_entry(key: str, value: object, indent: int = 0, width: int | None = 95) -> str:
    """``key: value`` as YAML lines: one line when it fits in ``width`` (or ``width`` is
    ``None``), else a text folded (``>-``) over lines indented two more spaces, as people
    write long texts."""
    pad = " " * indent
    line = f"{pad}{key}: {format_value(value)}"
    if width is None or len(line) <= width or not isinstance(value, str):
        return line
    foldable = value == " ".join(value.split()) and value.isprintable() and "\t" not in value
    if not foldable:
        return line
    inner = pad + "  "
    wrapped = textwrap.wrap(
        value, width=width - len(inner), break_long_words=False, break_on_hyphens=False
    )
    return f"{pad}{key}: >-\n" + "\n".join(inner + part for part in wrapped)


def _printable(char: str) -> bool:
    """YAML's ``c-printable``, less the characters some readers take for line breaks."""
    code = ord(char)
    return (
        char in "\t\n\r"
        or 0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0x2027
        or 0x202A <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or code >= 0x10000
    )


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

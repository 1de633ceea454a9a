"""What a text or a date of the plan files may be: no control character that would act
on a terminal or reorder the text, no text past :data:`MAX_TEXT`; a quoted ISO date is
that day."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic_core import PydanticCustomError

from tdsplan.i18n import _, _mark

#: Longest text a field may hold: a title, a note, a mission.
MAX_TEXT = 5000
#: Characters that would act on a terminal or reorder text instead of being shown.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
#: Characters XML may not hold (U+FFFE, U+FFFF: not characters at all), which would make
#: the site's feeds unreadable.
_NONCHARACTERS = frozenset("\ufffe\uffff")
#: Control characters (category Cc) but tab and line feed, the direction controls, and
#: the two noncharacters XML refuses.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


#: Messages of the text rules, by pydantic error type (French; English in the catalogue).
TEXT_ERRORS = {
    "tdsplan_control": _mark(
        "caractère de contrôle U+{code} interdit dans un texte : supprimez-le"
    ),
    "tdsplan_bidi": _mark(
        "caractère de contrôle de direction U+{code} interdit dans un texte : supprimez-le"
    ),
    "tdsplan_nonchar": _mark(
        "U+{code} n’est pas un caractère et est interdit dans un texte : supprimez-le"
    ),
    "tdsplan_long": _mark("texte trop long ({length} caractères, {limit} au plus)"),
}


def plain_text(value: str) -> str:
    """``value`` if it may be a text of the plan; a pydantic error saying why not."""
    found = _FORBIDDEN.search(value)  # one C-speed scan: texts are many in a large plan
    if found:
        char = found.group()
        kind = (
            "tdsplan_bidi"
            if char in _BIDI
            else "tdsplan_nonchar"
            if char in _NONCHARACTERS
            else "tdsplan_control"
        )
        raise PydanticCustomError(kind, TEXT_ERRORS[kind], {"code": f"{ord(char):04X}"})
    if len(value) > MAX_TEXT:
        raise PydanticCustomError(
            "tdsplan_long", TEXT_ERRORS["tdsplan_long"], {"length": len(value), "limit": MAX_TEXT}
        )
    return value


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be a text of the plan, or ``None`` if it can."""
    try:
        plain_text(value)
    except PydanticCustomError as error:
        return _(TEXT_ERRORS[error.type]).format(**(error.context or {}))
    return None


def quoted_date(value: Any) -> Any:
    """A date for a quoted ISO day (« "2020-03-31" »), anything else as it is."""
    # "2020-03-31" in quotes is still that day: editors (and the JSON Schema) see no
    # difference, so neither does tdsplan. An impossible day stays text, and is refused.
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" == value[7]:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value

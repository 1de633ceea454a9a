"""Text that a spreadsheet would run as a formula, and how tdsplan keeps it text.

A title, a lead's name or a note that begins with ``=``, ``+``, ``-`` or ``@`` (or a
tab or a carriage return, which may hide one) is taken for a formula by Excel or
LibreOffice when the file is opened: ``=HYPERLINK(...)`` becomes a link,
``=cmd|' /C calc'!A0`` asks to run a program (OWASP, « CSV injection »). So what
tdsplan writes for a spreadsheet keeps such text text: a text cell in a workbook
(:mod:`tdsplan.sheets`), and in a CSV the field prefixed with an apostrophe
(:func:`csv_field`), which :func:`csv_text` removes exactly when it was added.

What comes back follows the same rule: a formula cell of a workbook, or a CSV field
that a spreadsheet would run (:func:`runs_as_formula`), is not text, and is refused.
"""

from __future__ import annotations

import re

#: What makes a spreadsheet read a cell's text as a formula (OWASP's list).
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: The apostrophe that marks a CSV field as text.
QUOTE = "'"
#: The first characters of a text that :func:`csv_field` prefixes (each one character:
#: looked up in a set, not tried one by one; an empty text's ``""`` is not among them).
_MARKED = frozenset((*TRIGGERS, QUOTE))
#: A signed number (``-2``, ``+3,5``, ``-1 000``): a spreadsheet reads it as a number.
_NUMBER = re.compile(r"[+-][\d \u202f\xa0.,]*\d[\d \u202f\xa0.,]*(?:[eE][+-]?\d+)?\s*%?")


def starts_like_formula(text: str) -> bool:
    """Whether ``text`` begins as a spreadsheet's formula may: with =, +, -, @, a tab or
    a carriage return."""
    return text.startswith(TRIGGERS)


def csv_field(text: str) -> str:
    """``text`` as a CSV field that a spreadsheet shows as text: prefixed with an
    apostrophe when it could be read as a formula, or begins with an apostrophe itself
    (so that reading it back removes only the one added)."""
    return QUOTE + text if text[:1] in _MARKED else text


def csv_text(field: str) -> str:
    """The text of a CSV field: :func:`csv_field` undone, and any other field as it is."""
    rest = field[1:]
    return rest if field.startswith(QUOTE) and rest.startswith((*TRIGGERS, QUOTE)) else field


def runs_as_formula(field: str) -> bool:
    """Whether a spreadsheet opening a CSV would run ``field`` as a formula: it begins,
    after any blank, with =, +, - or @, and is not a signed number such as ``-2``."""
    text = field.lstrip(" \t\r\n")
    return text.startswith(("=", "+", "-", "@")) and not _NUMBER.fullmatch(text)

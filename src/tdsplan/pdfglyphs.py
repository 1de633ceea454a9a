"""The characters a PDF report can show: those the fonts Typst carries have. PDF/UA refuses
a character no font can draw, so any other is replaced by a visible mark in the pages (the
document's title and author keep it), and said."""

from __future__ import annotations

import re
from collections.abc import Callable

from tdsplan.i18n import _, ngettext

#: Shown in place of a character that no font of the report has.
MISSING = "□"
#: What every font of the report draws, in roman, bold and italic (tests/test_render.py
#: typesets them all): Latin letters of every European language and the punctuation of
#: French typography. Only the other characters of a report are tried.
_DRAWN = re.compile(r"[\t\n\r\x20-\x7e\xa0-\u024f\u2010-\u2027\u202f-\u2040]*")
#: Typst's words for a character it cannot draw (the text is a Typst string's contents).
_NOT_DRAWN = re.compile(r'the text `"(.*?)"` could not be displayed with font')
_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]+)\}|\\(.)")
#: A character written as an escape in a Typst string of the source (``\u{18cd6}``), not
#: a text that holds a backslash (``\\u{41}``).
_ESCAPED = re.compile(r"(?<!\\)((?:\\\\)*)\\u\{([0-9a-fA-F]{1,6})\}")
#: The line of the document's metadata (its title and author: Typst strings, one line).
_METADATA = re.compile(r"^#set document\(.*$", re.MULTILINE)
#: Characters tried one failure at a time; beyond, the rest are taken as not drawn.
MAX_TRIES = 64
#: Characters named in the warning; beyond, how many more.
SHOWN = 10


def drawable(source: str, typeset: Callable[[str], str | None]) -> tuple[str, str]:
    """``source`` with each character no font has replaced by :data:`MISSING`, save in
    the document's title and author (metadata, never drawn), and the warning that says
    which (``""`` when none). ``typeset`` typesets a probe document and returns Typst's
    error, or ``None``."""
    metadata = _METADATA.search(source)
    parts = [source] if metadata is None else [source[: metadata.start()], source[metadata.end() :]]
    missing = not_drawn("\n".join(parts), typeset)
    if not missing:
        return source, ""
    shown = [_marked(part, missing) for part in parts]
    return ("" if metadata is None else metadata[0]).join(shown), _warning(missing)


def not_drawn(source: str, typeset: Callable[[str], str | None]) -> list[str]:
    """The characters of ``source`` that no font has (see :func:`drawable`); none when
    a probe meets another error (the real typesetting will say it)."""
    # (a character every font draws is left out even when escaped: a French report's
    # narrow no-break spaces, ``\u{202f}``, need no probe, nor its 19 MB of Typst)
    escaped = {_escaped(m) for m in _ESCAPED.finditer(source)} - {""}
    others = sorted(set(_DRAWN.sub("", source + "".join(escaped))))
    missing: list[str] = []
    for _try in range(MAX_TRIES):
        if not others:
            break
        error = typeset(probe(others))
        if error is None:
            return missing
        found = _NOT_DRAWN.search(error)
        text = _unescape(found.group(1)) if found else ""
        named = [c for c in text if c in others]
        if not named:
            return []
        missing += named
        others = [c for c in others if c not in named]
    return missing + others  # past the tries: taken as not drawn


def _marked(source: str, missing: list[str]) -> str:
    """``source`` with each of ``missing`` shown as :data:`MISSING`, escaped or not."""
    gone = set(missing)
    table: dict[str, str | int | None] = dict.fromkeys(missing, MISSING)
    return _ESCAPED.sub(
        lambda m: m[1] + MISSING if _escaped(m) in gone else m[0],
        source.translate(str.maketrans(table)),
    )


def probe(characters: list[str]) -> str:
    """A Typst document that draws ``characters`` in the report's font, roman, bold and
    italic, as PDF/UA wants it (a title, a heading)."""
    text = "".join(characters).replace("\\", "\\\\").replace('"', '\\"')
    return (
        '#set document(title: "?")\n#set text(font: "Libertinus Serif")\n= ?\n'
        f'#text("{text}") #strong("{text}") #emph("{text}")\n'
    )


def _escaped(match: re.Match[str]) -> str:
    """The character of an escape, ``""`` for none (past Unicode, or a surrogate)."""
    code = int(match[2], 16)
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else ""


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else m[2], text)


def _warning(missing: list[str]) -> str:
    named = ", ".join(
        _("« {character} » (U+{code})").format(character=c, code=f"{ord(c):04X}")
        for c in missing[:SHOWN]
    )
    if len(missing) > SHOWN:
        more = len(missing) - SHOWN
        named += ngettext(" et {n} autre", " et {n} autres", more).format(n=more)
    return _(
        "le PDF montre {mark} à la place de {characters} : aucune police du rapport n’a "
        "ces caractères (le Markdown, le HTML et le DOCX les gardent)"
    ).format(mark=MISSING, characters=named)

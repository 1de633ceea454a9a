"""Plain data from YAML text without positions: the YAML 1.2 core rules of plain
scalars, and one loop over libyaml's events building what :mod:`tdsplan.yamlio`'s
builder builds, several times faster, that hands any file with a problem over to it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

#: Deeper nesting than any plan file needs is refused.
MAX_DEPTH = 32
#: Keys whose plain scalar values are kept as written.
TEXT_KEYS = frozenset({"id"})


_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
#: A comment glued to its "#" right after a plain value: most likely text it cut
#: (``Site #2 en ligne``), rarely a comment (``# comme ceci``, with a space).
_CUT = re.compile(r"[ \t]+#[^\s#]")
#: A plain scalar starting otherwise is text.
_SPECIAL_FIRST = frozenset("0123456789+-.~nNtTfF")


#: What :func:`plain_data` returns when the file needs the full pass to be worded.
_FALLBACK: Any = object()


def plain_data(text: str, get_event: Any, events: Any) -> Any:
    """The data of ``text`` built from the events ``get_event`` gives (libyaml's, of the
    classes of the module ``events``) without any position, in one loop: the data of
    :mod:`tdsplan.yamlio`'s builder, several times faster; :data:`_FALLBACK` at the
    first problem (an anchor, a tag, a duplicate key...), which the builder's full pass,
    with positions, then words. A syntax error is the caller's to catch."""
    ScalarEvent, MappingStartEvent = events.ScalarEvent, events.MappingStartEvent
    SequenceStartEvent, MappingEndEvent = events.SequenceStartEvent, events.MappingEndEvent
    SequenceEndEvent, DocumentStartEvent = events.SequenceEndEvent, events.DocumentStartEvent
    AliasEvent = events.AliasEvent
    resolve = resolve_plain
    special, cut, hashes = _SPECIAL_FIRST, _CUT.match, "#" in text
    # An anchor needs a "&", a tag a "!": without them, no event has one to refuse.
    marked = "&" in text or "!" in text
    data: Any = None
    top: Any = None  # the open container (None: the root's value is next)
    mapping = False  # whether ``top`` is a mapping
    key: str | None = None  # the pending key of ``top``, None when a key is next
    stack: list[tuple[Any, bool, str | None]] = []
    documents = 0
    while True:
        event: Any = get_event()
        kind = type(event)
        if kind is ScalarEvent:
            if marked and (event.anchor is not None or event.tag is not None):
                return _FALLBACK
            if len(stack) > MAX_DEPTH:
                return _FALLBACK
            raw = event.value
            if mapping and key is None:
                if raw in top:
                    return _FALLBACK  # a duplicate key
                key = raw
                continue
            if event.style:
                value: Any = raw
            else:
                if hashes and cut(text, event.end_mark.index):
                    return _FALLBACK  # a "#" that cut a text: the full pass says so
                if key in TEXT_KEYS and raw != "":
                    value = raw  # an ID stays as written: 1.10 is not 1.1
                else:
                    value = raw if raw and raw[0] not in special else resolve(raw)
            if top is None:
                data = value
            elif mapping:
                top[key] = value
                key = None
            else:
                top.append(value)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if marked and (event.anchor is not None or event.tag is not None):
                return _FALLBACK
            if len(stack) > MAX_DEPTH:
                return _FALLBACK
            container: Any = {} if kind is MappingStartEvent else []
            if top is None:
                data = container
            elif mapping:
                if key is None:
                    return _FALLBACK  # a complex key
                top[key] = container
                key = None
            else:
                top.append(container)
            stack.append((top, mapping, key))
            top, mapping, key = container, kind is MappingStartEvent, None
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            top, mapping, key = stack.pop()
        elif event is None:
            return data
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                return _FALLBACK
        elif kind is AliasEvent:
            return _FALLBACK


#: Plain scalars already resolved (not text): a plan repeats its dates and numbers.
_RESOLVED: dict[str, Any] = {}
#: How many :data:`_RESOLVED` keeps at most.
_RESOLVED_MAX = 20_000
#: Starts of the words ``null``, ``true`` and ``false``, the only non-texts starting
#: with a letter (five letters at most).
_WORD_FIRST = frozenset("nNtTfF")


def resolve_plain(text: str) -> Any:
    """Type of a plain scalar by the YAML 1.2 core schema (most are text: decided at once);
    :mod:`tdsplan.yamlwrite` asks it whether a text may be written plain."""
    first = text[:1]
    if first and (first not in _SPECIAL_FIRST or (first in _WORD_FIRST and len(text) > 5)):
        return text
    try:
        return _RESOLVED[text]
    except KeyError:
        pass
    value = _resolve(text)
    if value is not text and len(_RESOLVED) < _RESOLVED_MAX:
        _RESOLVED[text] = value
    return value


def _resolve(text: str) -> Any:
    if _NULL.match(text):
        return None
    if _TRUE.match(text):
        return True
    if _FALSE.match(text):
        return False
    try:
        if _INT.match(text):
            return int(text)
        if _OCT.match(text):
            return int(text[2:], 8)
        if _HEX.match(text):
            return int(text[2:], 16)
    except ValueError:  # more digits than Python converts
        return text
    if _FLOAT.match(text) or _INF.match(text) or _NAN.match(text):
        return float(
            text.replace(".inf", "inf")
            .replace(".Inf", "inf")
            .replace(".INF", "inf")
            .replace(".nan", "nan")
            .replace(".NaN", "nan")
            .replace(".NAN", "nan")
        )
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text

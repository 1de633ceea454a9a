"""Plan data built from libyaml's events in one loop; the YAML 1.2 rules of plain scalars.

The loops build what :mod:`tdsplan.yamlio`'s builder builds (with or without positions),
several times faster, and hand any file with a problem over to it, which words it."""

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
    resolve, deepest, text_keys = resolve_plain, MAX_DEPTH, TEXT_KEYS
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
            if len(stack) > deepest:
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
                if key in text_keys and raw != "":
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
            if len(stack) > deepest:
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


_NONE: Any = None
#: The indexes of the actions whose positions are kept, or ``None`` for every position.
Picked = frozenset[int] | None


# What an edit of a few actions of a file needs: the positions of the root, its keys and
# values, and of those actions with all they hold; for the others, their data only (the
# positions of 9 actions in 10 of the files an import changes cost a third of their parse).
# Every position with ``actions=None`` (the values, keys, spans, key starts, flow and
# sources of a tdsplan.yamlio.Document, as its builder records them); _FALLBACK at the
# first problem.
def selected_positions(text: str, get_event: Any, events: Any, actions: Picked) -> Any:
    """:func:`plain_data` with a Document's positions of the root and ``actions``' items."""
    Scalar, MappingStart = events.ScalarEvent, events.MappingStartEvent
    starts = (MappingStart, events.SequenceStartEvent)
    ends = (events.MappingEndEvent, events.SequenceEndEvent)
    resolve, special, cut, hashes = resolve_plain, _SPECIAL_FIRST, _CUT.match, "#" in text
    deepest, text_keys, marked = MAX_DEPTH, TEXT_KEYS, "&" in text or "!" in text
    values, keys, spans, key_starts, sources = (dict[Any, Any]() for _ in range(5))
    flow: set[Any] = set()
    data = top = key = pick = _NONE  # pick: the indexes kept among the open list's items
    loc: tuple[Any, ...] = ()
    mapping, first, last, flowing, kept, inner, documents = False, 0, 0, False, True, True, 0
    stack: list[tuple[Any, ...]] = []
    while True:
        event: Any = get_event()
        kind = type(event)
        if kind is Scalar or kind in starts:
            if len(stack) > deepest or (
                marked and (event.anchor is not None or event.tag is not None)
            ):
                return _FALLBACK
            mark = event.start_mark
            if kind is Scalar:
                raw, end = event.value, event.end_mark.index
                if mapping and key is None:
                    if raw in top:
                        return _FALLBACK  # a duplicate key
                    key = raw
                    if inner:
                        keys[(*loc, raw)] = (mark.line + 1, mark.column + 1)
                        key_starts[(*loc, raw)] = mark.index
                    last = end if end > last else last
                    continue
                plain = not event.style
                if plain and hashes and cut(text, end):
                    return _FALLBACK  # a "#" that cut a text
                value = raw if not plain or (raw and raw[0] not in special) else resolve(raw)
                source = plain and value is not raw and value is not None  # not a text
                if mapping and plain and key in text_keys and raw != "":
                    value = raw  # an ID stays as written: 1.10 is not 1.1
            else:
                value = {} if kind is MappingStart else []
                if mapping and key is None:
                    return _FALLBACK  # a complex key
            here_kept = inner or (pick is not None and len(top) in pick)
            if top is None:
                here, data = (), value
            elif mapping:
                here, top[key], key = (*loc, key), value, None
            else:
                here = (*loc, len(top))
                top.append(value)
            if here_kept:
                values[here] = (mark.line + 1, mark.column + 1)
                if kind is Scalar:
                    spans[here] = (mark.index, end)
                    if source:
                        sources[here] = raw
                elif event.flow_style:
                    flow.add(here)
            if kind is Scalar:
                last = end if top is not None and end > last else last
                continue
            stack.append((top, mapping, key, loc, first, last, flowing, kept, inner, pick))
            top, mapping, key, loc = value, kind is MappingStart, None, here
            flowing, kept, first, last = bool(event.flow_style), here_kept, mark.index, mark.index
            inner = here_kept and (actions is None or len(here) != 1)
            pick = actions if here == ("actions",) and not mapping else None
        elif kind in ends:
            end = event.end_mark.index if flowing else last
            if kept:
                spans[loc] = (first, end)
            top, mapping, key, loc, first, last, flowing, kept, inner, pick = stack.pop()
            last = end if top is not None and end > last else last
        elif event is None:
            return data, values, keys, spans, key_starts, flow, sources
        elif kind is events.AliasEvent or (kind is events.DocumentStartEvent and documents):
            return _FALLBACK  # an alias, or a second document
        else:
            documents += kind is events.DocumentStartEvent


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


def yaml_number(text: str) -> bool:
    """Whether a YAML 1.2 tool would read plain ``text`` as a number (``0x10``, ``1e3``,
    ``.inf``...), though tdsplan reads only decimal numbers: a text written plain must
    not be one (:mod:`tdsplan.yamlwrite`)."""
    return bool(_INT.match(text) or _FLOAT.match(text)) or foreign_number(text)


def foreign_number(text: str) -> bool:
    """Whether plain ``text`` is a number of a form tdsplan does not read (``0x10``,
    ``0o17``, ``.inf``, ``.nan``), as opposed to digits."""
    return bool(_OCT.match(text) or _HEX.match(text) or _INF.match(text) or _NAN.match(text))


def _resolve(text: str) -> Any:
    """A plain scalar's value. A number is written in digits (``12``, ``-3``, ``12.5``;
    ``1.5e3`` too, which earlier versions of tdsplan wrote and git keeps): ``0x10``,
    ``0o17``, ``.inf``, ``.nan`` are read as the text they are, which a number field then
    refuses, located."""
    if _NULL.match(text):
        return None
    if _TRUE.match(text):
        return True
    if _FALSE.match(text):
        return False
    try:
        if _INT.match(text):
            return int(text)
    except ValueError:  # more digits than Python converts
        return text
    if _FLOAT.match(text):  # an exponent too: earlier versions wrote 1e-05, git keeps it
        return float(text)
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text

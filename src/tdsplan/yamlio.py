"""Reading plan files: bytes → text → plain Python data, with the position of every node.

This is the only module that imports ruamel.yaml. It reads the YAML event stream
rather than ruamel's constructed objects, so that it can:

* resolve plain scalars by the YAML 1.2 core schema only (``no`` stays the text
  ``"no"``, ``2019-05-01`` becomes a date, an impossible date stays text so the
  model can say so);
* keep the source text of ``id`` values (``1.10`` is an objective ID, not the
  number 1.1);
* refuse anchors, aliases and explicit tags before they cost anything;
* report duplicate keys;
* remember where each key and value stands, so that any later error can be
  reported as ``file:line:column``.
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from tdsplan.errors import Problem, os_reason
from tdsplan.i18n import _
from tdsplan.yamlerrors import syntax_problem
from tdsplan.yamlfast import (
    _CUT,
    _FALLBACK,
    MAX_DEPTH,
    TEXT_KEYS,
    plain_data,
    resolve_plain as resolve_plain,  # also read from here
    selected_positions,
)

#: Larger files are refused unread: a plan file holds one objective.
MAX_FILE_BYTES = 1024 * 1024
Loc = tuple[str | int, ...]

_LONE_CR = re.compile(r"\r(?!\n)")

#: A ``%YAML`` directive and its version (ruamel knows 1.1 and 1.2 only).
_DIRECTIVE = re.compile(r"^%YAML[ \t]+(\S*)", re.MULTILINE)
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.MULTILINE)


@dataclass
class Document:
    """A parsed plan file: its data and where each of its nodes stands (1-based)."""

    path: Path
    data: Any
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    #: Character offsets (start, end) of each value in the text, for editing.
    spans: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    #: Offset where each key starts.
    key_starts: dict[Loc, int] = field(default_factory=dict)
    #: Collections written in flow style (``[a, b]``, ``{a: 1}``).
    flow: set[Loc] = field(default_factory=set)
    #: Source text of the plain scalars read as something else than text (``1.10``,
    #: ``017``, ``true``...), to show a value as it was written.
    sources: dict[Loc, str] = field(default_factory=dict)
    #: False when parsed without positions: parse again to place a problem.
    has_positions: bool = True

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the node at ``loc``, or of its nearest existing parent."""
        loc = tuple(loc)
        if key and loc in self.keys:
            return self.keys[loc]
        while loc not in self.values and loc:
            loc = loc[:-1]
        return self.values.get(loc, (1, 1))


class FileProblems(Exception):
    """A file could not be read as YAML; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        self.problems = problems


def read_document(path: Path, *, positions: bool = True) -> Document:
    """Read and parse one plan file; raise :class:`FileProblems` if it cannot be."""
    return parse_document(path, read_text(path), positions=positions)


def read_text(path: Path) -> str:
    """Return a plan file's text (UTF-8, BOM removed), or raise :class:`FileProblems`."""
    return read_source(path)[0]


def read_source(path: Path) -> tuple[str, bool]:
    """A plan file's text and whether it began with a UTF-8 BOM (kept when it is rewritten)."""
    return decode_source(path, read_raw(path)[0])


def read_raw(path: Path) -> tuple[bytes, os.stat_result]:
    """A plan file's bytes (at most one more than :data:`MAX_FILE_BYTES`) and the status
    of the open file, taken before reading; :class:`FileProblems` if it cannot be read."""
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise _fail(path, _("c’est un dossier, pas un fichier YAML"))
        if not stat.S_ISREG(mode):  # a FIFO or a device would block or never end
            raise _fail(
                path, _("ce n’est pas un fichier ordinaire (tube, périphérique...) : refusé")
            )
        with path.open("rb") as stream:
            info = os.fstat(stream.fileno())
            return stream.read(MAX_FILE_BYTES + 1), info
    except OSError as error:
        raise _fail(
            path, _("lecture impossible : {reason}").format(reason=os_reason(error))
        ) from None


def decode_source(path: Path, raw: bytes) -> tuple[str, bool]:
    """The text of a plan file's bytes and whether they began with a UTF-8 BOM; the same
    checks (size, encoding) whether the bytes were read or are about to be written."""
    if len(raw) > MAX_FILE_BYTES:
        raise _fail(
            path,
            _(
                "fichier trop volumineux (plus de 1 Mio) : un fichier du plan "
                "n’a pas besoin d’être si gros"
            ),
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _fail(path, _("fichier encodé en UTF-16 : enregistrez-le en UTF-8"), 1, 1)
    bom = raw.startswith(codecs.BOM_UTF8)
    if bom:
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        return raw.decode("utf-8"), bom
    except UnicodeDecodeError as error:
        line, column = _byte_position(raw, error.start)
        raise _fail(
            path,
            _("octet 0x{byte:02X} invalide en UTF-8 : enregistrez le fichier en UTF-8").format(
                byte=raw[error.start]
            ),
            line,
            column,
        ) from None


def parse_document(
    path: Path, text: str, *, positions: bool = True, actions: frozenset[int] | None = None
) -> Document:
    """Parse YAML text into a :class:`Document`, or raise :class:`FileProblems`.

    libyaml's C parser (through PyYAML) reads the text when it is installed; on
    any error, or without it, ruamel.yaml's parser reads it again, so that every
    problem is worded the same way whichever parser found it. Without
    ``positions``, nothing is recorded of where nodes stand (faster, lighter):
    parse again with them to report a problem. ``actions`` (indexes in the root's
    ``actions`` list): the positions inside the other actions are not needed (an edit of
    those actions), and may be left out.
    """
    markers = [
        Problem(
            path,
            text.count("\n", 0, match.start()) + 1,
            1,
            _(
                "marqueur de conflit git « {marker} » : la fusion n’est pas terminée (gardez "
                "la bonne version et supprimez les lignes <<<<<<<, ======= et >>>>>>>)"
            ).format(marker=match.group(1)),
        )
        for match in (_CONFLICT.finditer(text) if _may_conflict(text) else ())
    ]
    if markers:
        raise FileProblems(markers)
    lone_cr = _LONE_CR.search(text) if "\r" in text else None
    if lone_cr:
        line, column = _char_position_yaml(text, lone_cr.start())
        raise _fail(
            path,
            _(
                "fin de ligne « CR » seule (ancien format Mac) : enregistrez le "
                "fichier avec des fins de ligne LF ou CRLF"
            ),
            line,
            column,
        )
    for match in _DIRECTIVE.finditer(text) if "%YAML" in text else ():
        if match.group(1) not in ("1.1", "1.2"):
            raise _fail(
                path,
                _(
                    "directive « %YAML {version} » non prise en charge : tdsplan lit "
                    "le YAML 1.2 (supprimez cette ligne)"
                ).format(version=match.group(1)),
                text.count("\n", 0, match.start()) + 1,
                1,
            )
    if not positions:
        data = _fast_data(text)
        document = None if data is _FALLBACK else Document(path, data, has_positions=False)
    else:
        found = _fast_data(text, partial(selected_positions, actions=actions))
        document = None if found is _FALLBACK else Document(path, *found)
    if document is None:
        # The fast loops hand over when the builder would find a problem too; without
        # positions, it would only stop (tests/test_yamlio_fast.py): ruamel words it.
        builder = (_fast_build(path, text, True) if positions else None) or _build(path, text)
        if builder.problems:
            raise FileProblems(builder.problems)
        document = builder.document
    if document.data is None:
        raise _fail(path, _("fichier vide : il devrait décrire un élément du plan"), 1, 1)
    return document


def _fast_data(text: str, build: Any = plain_data) -> Any:
    """What ``build`` makes of the events of ``text`` (:func:`tdsplan.yamlfast.plain_data`:
    its data without positions), or :data:`_FALLBACK` when the full pass must read it (a
    problem to word, no libyaml)."""
    try:
        from yaml import YAMLError, events
        from yaml._yaml import CParser
    except ImportError:  # PyYAML without libyaml
        return _FALLBACK
    parser = CParser(text)
    try:
        with collector_paused():  # what is built holds no cycle
            return build(text, parser.get_event, events)
    except YAMLError:
        return _FALLBACK
    finally:
        parser.dispose()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The garbage collector paused while building data that holds no cycle: run every few
    hundred objects made, it would only walk everything else alive (a plan being edited,
    most of the time); any cycle made meanwhile is collected at the next run after."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _fast_build(path: Path, text: str, positions: bool) -> _Builder | None:
    """The document built from libyaml's events, or ``None`` if ruamel must read it."""
    try:
        import yaml

        loader = yaml.CSafeLoader(text)
    except (ImportError, AttributeError):  # PyYAML without libyaml
        return None
    builder = _Builder(path, positions, text)
    try:
        while loader.check_event():
            if builder.feed(loader.get_event()):
                return None  # a problem to word: ruamel's pass says it
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return builder


def _build(path: Path, text: str) -> _Builder:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    builder = _Builder(path, True, text)
    try:
        for event in YAML(typ="safe", pure=True).parse(text):
            if builder.feed(event):
                break
    except ReaderError as error:
        line, column = _char_position(text, error.position)
        code = ord(error.character) if isinstance(error.character, str) else error.character
        builder.problems.append(
            Problem(
                path,
                line,
                column,
                _("caractère interdit U+{code:04X} : supprimez-le").format(code=code),
            )
        )
    except MarkedYAMLError as error:
        builder.problems.append(Problem(path, *syntax_problem(text, error)))
    except YAMLError as error:  # pragma: no cover - ruamel raises marked errors in practice
        builder.problems.append(
            Problem(path, 0, 0, _("YAML invalide : {error}").format(error=error))
        )
    return builder


class _Builder:
    """Turns parser events (ruamel's or PyYAML's: same names, same fields) into dicts,
    lists and scalars, recording where each node stands."""

    def __init__(self, path: Path, positions: bool = True, text: str = ""):
        self.document = Document(path, None, has_positions=positions)
        self.positions = positions
        self.text = text
        self.problems: list[Problem] = []
        # Each frame: [container, its loc, pending key (mappings only), start offset,
        # end offset of its last content, whether a duplicate key was reported].
        self.stack: list[list[Any]] = []
        self.documents = 0
        self._last_loc: Loc | None = None

    def feed(self, event: Any) -> bool:
        """Take one event; return True when building must stop."""
        kind = type(event).__name__
        if kind == "ScalarEvent":
            if self._check(event):
                return True
            start, end = event.start_mark, event.end_mark
            # PyYAML marks a plain scalar with style "", ruamel with None.
            plain = not event.style
            value = resolve_plain(event.value) if plain else event.value
            is_key = (
                bool(self.stack) and type(self.stack[-1][0]) is dict and self.stack[-1][2] is None
            )
            if self._place(event, (start.line + 1, start.column + 1), value):
                return True
            if (
                plain
                and not is_key
                and self.text
                and _CUT.match(self.text, end.index)
                and self._cut(end)
            ):
                return True
            if not self.positions:
                return False
            if (
                plain
                and not is_key
                and not isinstance(value, str)
                and value is not None
                and self._last_loc is not None
            ):
                self.document.sources[self._last_loc] = event.value
            if self._last_loc is not None:
                self.document.spans[self._last_loc] = (start.index, end.index)
            if self.stack:
                frame = self.stack[-1]
                if end.index > frame[4]:
                    frame[4] = end.index
            return False
        if kind in ("MappingStartEvent", "SequenceStartEvent"):
            if self._check(event):
                return True
            container: Any = {} if kind == "MappingStartEvent" else []
            mark = event.start_mark
            if self._place(event, (mark.line + 1, mark.column + 1), container):
                return True
            if event.flow_style and self.positions and self._last_loc is not None:
                self.document.flow.add(self._last_loc)
            self.stack.append([container, self._last_loc, None, mark.index, mark.index, False])
            return False
        if kind in ("MappingEndEvent", "SequenceEndEvent"):
            _container, loc, _key, start, end, _dup = self.stack.pop()
            if not self.positions:
                return False
            if loc in self.document.flow:
                end = event.end_mark.index
            self.document.spans[loc] = (start, end)
            if self.stack and end > self.stack[-1][4]:
                self.stack[-1][4] = end
            return False
        if kind == "DocumentStartEvent":
            self.documents += 1
            if self.documents > 1:
                return self._stop(
                    event,
                    _(
                        "plusieurs documents YAML dans un même fichier "
                        "(ligne « --- ») : un seul est permis"
                    ),
                )
            return False
        if kind == "AliasEvent":
            return self._stop(
                event,
                _("alias « *{name} » interdit : recopiez la valeur").format(name=event.anchor),
            )
        return False

    def _check(self, event: Any) -> bool:
        if event.anchor is not None:
            return self._stop(
                event,
                _(
                    "ancre « &{name} » interdite : les fichiers du plan "
                    "n’utilisent ni ancres ni alias"
                ).format(name=event.anchor),
            )
        if event.tag is not None:
            return self._stop(
                event,
                _("étiquette YAML « {tag} » interdite : écrivez la valeur telle quelle").format(
                    tag=event.tag
                ),
            )
        if len(self.stack) > MAX_DEPTH:
            return self._stop(event, _("imbrication trop profonde"))
        return False

    def _place(self, event: Any, position: tuple[int, int], value: Any) -> bool:
        document = self.document
        positions = self.positions
        if not self.stack:
            document.data = value
            self._last_loc = ()
            if positions:
                document.values[()] = position
            return False
        frame = self.stack[-1]
        container, loc = frame[0], frame[1]
        if type(container) is list:
            if positions:
                self._last_loc = (*loc, len(container))
                document.values[self._last_loc] = position
            container.append(value)
            return False
        if frame[2] is None:  # a key
            if type(event).__name__ != "ScalarEvent":
                return self._stop(event, _("clé complexe interdite : une clé est un simple mot"))
            key = event.value
            if not positions:
                if key in container:
                    return self._stop(event, "clé en double")  # worded by the full pass
                frame[2] = key
                return False
            key_loc = (*loc, key)
            if key in container:
                first = document.keys[key_loc][0]
                if loc and isinstance(loc[-1], int):  # an item of a list
                    if not frame[5]:  # one message for a whole item missing its dash
                        frame[5] = True
                        self.problems.append(
                            Problem(
                                document.path,
                                *position,
                                _(
                                    "clé « {key} » en double (déjà ligne {line}) : s’il s’agit d’un "
                                    "nouvel élément de la liste, commencez-le par « - » (« - {key}: "
                                    "... »)"
                                ).format(key=key, line=first),
                            )
                        )
                else:
                    self.problems.append(
                        Problem(
                            document.path,
                            *position,
                            _("clé « {key} » en double (déjà ligne {line})").format(
                                key=key, line=first
                            ),
                        )
                    )
            else:
                document.keys[key_loc] = position
                document.key_starts[key_loc] = event.start_mark.index
            frame[2] = key
            self._last_loc = None
            return False
        key, frame[2] = frame[2], None
        if (
            key in TEXT_KEYS
            and type(event).__name__ == "ScalarEvent"
            and not event.style
            and event.value != ""
        ):
            value = event.value  # an ID stays as written: 1.10 is not 1.1
        container[key] = value
        if positions:
            self._last_loc = (*loc, key)
            document.values.setdefault(self._last_loc, position)
        return False

    def _cut(self, end: Any) -> bool:
        """A ``#`` right after a plain text cut it (``note: Site #2 en ligne.``): say so.
        Returns True when building must stop (the fast pass: the full pass words it)."""
        if not self.positions:
            return True
        hash_at = self.text.index("#", end.index)
        line_end = self.text.find("\n", hash_at)
        rest = self.text[hash_at : line_end if line_end >= 0 else len(self.text)].strip()
        if len(rest) > 40:
            rest = rest[:39] + "…"
        column = end.column + (hash_at - end.index) + 1
        self.problems.append(
            Problem(
                self.document.path,
                end.line + 1,
                column,
                _(
                    "le texte s’arrête avant « {rest} » : en YAML, « # » après une espace commence un "
                    "commentaire ; mettez tout le texte entre guillemets"
                ).format(rest=rest),
            )
        )
        return False

    def _stop(self, event: Any, message: str) -> bool:
        mark = event.start_mark
        self.problems.append(Problem(self.document.path, mark.line + 1, mark.column + 1, message))
        return True


def _may_conflict(text: str) -> bool:
    """Whether ``text`` holds what a git conflict marker starts with (a search for the
    markers themselves costs ten times more, for the rare file that has one)."""
    return "<<<<<<<" in text or "=======" in text or ">>>>>>>" in text


def _fail(path: Path, message: str, line: int = 0, column: int = 0) -> FileProblems:
    return FileProblems([Problem(path, line, column, message)])


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


def _char_position_yaml(text: str, index: int) -> tuple[int, int]:
    """Line and column of ``index`` counting CR, LF and CRLF as line breaks, as YAML does."""
    breaks = list(re.finditer(r"\r\n|\r|\n", text[:index]))
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - line_start + 1


def _char_position(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1

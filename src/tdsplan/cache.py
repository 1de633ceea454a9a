"""The parse cache: plan files as parsed, kept between runs as plain JSON data.

The cache only saves time, so it is trusted only when nothing about it is in doubt.
Its file is JSON (data, never code), opened without following a link and without
blocking (a FIFO in its place is not waited for), read only when it is a regular
file owned by the user and not writable by anyone else, and checked entry by entry
against a fixed shape: each entry a stamp of four integers and the mapping its file
held. What JSON can hold inside that mapping (text, numbers, booleans, null, lists,
mappings, and dates written ``{"$date": "2019-05-01"}`` and checked as they are read)
is no more than a YAML file could say, so it is not walked again: the models validate
it like any parsed file. Anything else and the whole cache is ignored: the plan is
simply parsed again.

The cache also remembers the files of the last whole reading that found no problem
(:attr:`ParseCache.valid`): while every one of them is served from the cache, the
checks across files (:mod:`tdsplan.checks`) would find what they found then, nothing.

An entry serves only while its file has the same size, modification time, change
time and inode, its stamp taken from the very read that gave its data. A file modified
within :data:`RESOLUTION` of the moment its reading began is never trusted: on a file
system with coarse timestamps, an edit made just after (or during) a cached run could
keep the same stamp (git's "racy" files).

A command that parsed a few changed files adds them to a small second file beside the
cache (:func:`overlay_file`) instead of writing every entry again (12 MB for a
10,000-action plan); that file names the cache it completes (a random name each whole
cache is written with), is read with the same care and is ignored once the cache is
written again, which it is in whole when the second file would pass
:data:`OVERLAY_SHARE` of its size.

The cache costs at most what it saves: a cache file larger than
:data:`MAX_CACHE_BYTES` is neither written nor read (its size is known before a byte
of it is), and the cache folder is pruned, oldest first, past :data:`MAX_TOTAL_BYTES`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import secrets
import stat
import time
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from tdsplan.files import read_regular, write_atomically
from tdsplan.version import __version__
from tdsplan.yamlio import Document

#: Version of the file's layout; a cache of another layout or tdsplan version is ignored.
FORMAT = 3
#: Coarsest modification-time resolution of a common file system (FAT: 2 s).
RESOLUTION = 2_000_000_000
#: A cache file larger than this is neither written nor read (a 10,000-action plan's is
#: 12 MB; reading a larger one would cost more than parsing the plan again).
MAX_CACHE_BYTES = 64 * 1024 * 1024
#: An overlay is written while it stays within this share of its cache's size.
OVERLAY_SHARE = 1 / 4
#: The cache folder (every plan's cache and index) is pruned, oldest first, past this.
MAX_TOTAL_BYTES = 256 * 1024 * 1024
#: What tdsplan writes in the cache folder, and may therefore prune.
_OWN_FILES = re.compile(r"(?:plan-[0-9a-f]{20}(?:\.index|\.delta)?|site-[0-9a-f]{20})\.json")

#: Who may own the cache (Windows has no owners to compare: its st_uid is always 0).
_UID = os.getuid() if hasattr(os, "getuid") else 0

_DATE = "$date"
_DATE_OPEN = '{"' + _DATE + '": '

Stamp = tuple[int, int, int, int]


def cache_file(cache_dir: Path, folder: Path) -> Path:
    """Where the parse cache of the plan in ``folder`` lives inside ``cache_dir``."""
    digest = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:20]
    return cache_dir / f"plan-{digest}.json"


def overlay_file(file: Path) -> Path:
    """The file beside the cache ``file`` that holds the entries parsed since it was
    written (see the module's doc)."""
    return file.with_suffix(".delta.json")


Entries = dict[str, tuple[Stamp, dict[str, Any]]]


class ParseCache:
    """Parsed plan files kept between runs in ``file`` (``None``: no cache at all)."""

    def __init__(self, file: Path | None):
        self.file = file
        #: When this reading began: a file modified since (or just before) is "racy".
        self.started = time.time_ns()
        self.entries: Entries = {}
        #: The files of the last whole reading found valid (see :meth:`vouches`).
        self.valid: frozenset[str] = frozenset()
        self.changed = False
        #: The whole cache file read (its random name, its size), which an overlay completes.
        self.base: tuple[str, int] | None = None
        #: The entries not in the whole cache file: read from its overlay or parsed now.
        self.overlaid: set[str] = set()
        if file is None:
            return
        read = _load(file)
        if read is None:
            return
        self.entries, self.valid, name, size = read
        if name is not None:
            self.base = name, size
            over = _load(overlay_file(file), name)
            if over is not None:
                self.entries.update(over[0])
                self.overlaid = set(over[0])
                self.valid = over[1]
        if not self.valid <= self.entries.keys():
            self.valid = frozenset()

    def racy(self, file_stamp: Stamp) -> bool:
        """Whether a later edit of a file read now could keep ``file_stamp`` (its
        modification time is within :data:`RESOLUTION` of this reading's start)."""
        return file_stamp[1] > self.started - RESOLUTION

    def document(self, path: Path) -> tuple[Document, Stamp] | None:
        """The cached parse of ``path`` and its stamp, if the file has not changed since."""
        if self.file is None:
            return None
        entry = self.entries.get(str(path))
        if entry is None or entry[0] != stamp(path):
            return None
        return Document(path, entry[1], has_positions=False), entry[0]

    def keep(self, document: Document, file_stamp: Stamp) -> Document:
        """Remember ``document``, just parsed from bytes read with ``file_stamp`` (a
        mapping only: any other file is not the plan's and is parsed again to say so)."""
        if self.file is not None and not self.racy(file_stamp) and isinstance(document.data, dict):
            self.entries[str(document.path)] = (file_stamp, document.data)
            self.overlaid.add(str(document.path))
            self.valid = frozenset()  # a file changed: the checks must run again
            self.changed = True
        return document

    def vouches(self, paths: Iterable[Path]) -> bool:
        """Whether ``paths``, every one served from this cache, are exactly the files of
        the last whole reading that found no problem."""
        return bool(self.valid) and self.valid == {str(p) for p in paths}

    def found_valid(self, paths: Iterable[Path]) -> None:
        """Remember that a whole reading of ``paths`` found no problem."""
        names = frozenset(str(p) for p in paths)
        if self.file is not None and names != self.valid:
            self.valid = names
            self.changed = True

    def save(self) -> None:
        """Write what changed (the overlay, or the whole cache when the overlay would pass
        its share of it or cannot be written, or there is no cache to complete), then
        prune the cache folder; any failure is silent (a cache is a convenience)."""
        if self.file is None or not self.changed:
            return
        parts, whole = self._encoded(self.overlaid)
        if self.base is not None:
            body = self._body(parts, whole, base=self.base[0])
            if len(body) <= self.base[1] * OVERLAY_SHARE and write_own_file(
                overlay_file(self.file), body
            ):
                prune(self.file.parent, keep=self.file)
                return
        rest, whole_rest = self._encoded([n for n in self.entries if n not in self.overlaid])
        every = {n: parts.get(n) or rest[n] for n in self.entries if n in parts or n in rest}
        body = self._body(every, whole and whole_rest, base=None)
        if len(body) <= MAX_CACHE_BYTES and write_own_file(self.file, body):
            _remove_own(overlay_file(self.file))
        prune(self.file.parent, keep=self.file)

    def _encoded(self, names: Collection[str]) -> tuple[dict[str, str], bool]:
        """The entries ``names`` as JSON (``[stamp,data]``), and whether none was left
        out: too recent to tell a later edit from this one, or not encodable (each is
        parsed again next time)."""
        parts: dict[str, str] = {}
        for name in names:
            entry_stamp, data = self.entries[name]
            encoded = None if self.racy(entry_stamp) else _encode(data)
            if encoded is not None:
                parts[name] = f"[{json.dumps(list(entry_stamp))},{encoded}]"
        return parts, len(parts) == len(names)

    def _body(self, parts: dict[str, str], whole: bool, base: str | None) -> bytes:
        """The file of the encoded entries ``parts`` (``whole``: none was left out), the
        overlay of the cache named ``base`` or (``None``) a whole cache, with a random
        name of its own, and the files found valid."""
        valid = self.valid if whole and self.valid <= self.entries.keys() else frozenset()
        own = f'"base":{json.dumps(base)}' if base else f'"name":"{secrets.token_hex(16)}"'
        # The parsed data is encoded once per entry and spliced in, not encoded twice.
        entries = ",".join(f"{json.dumps(name)}:{part}" for name, part in parts.items())
        return (
            f'{{"format":{FORMAT},"version":{json.dumps(__version__)},{own},'
            f'"written":{self.started},"valid":{json.dumps(sorted(valid))},'
            f'"entries":{{{entries}}}}}'
        ).encode()


def prune(folder: Path, *, keep: Path | None = None, total: int | None = None) -> None:
    """Remove from the cache ``folder`` what tdsplan wrote there and will not read: any
    cache file over :data:`MAX_CACHE_BYTES`, then the oldest files until the folder
    holds at most ``total`` bytes (default :data:`MAX_TOTAL_BYTES`; ``keep``, just
    written, last of all). Only this
    user's regular files, named as tdsplan names them, are looked at (a stat each,
    never a read); any failure is silent."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    mine: list[tuple[int, int, Path]] = []  # (mtime, size, path)
    for entry in entries:
        if not _OWN_FILES.fullmatch(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_uid != _UID:
            continue
        path = Path(entry.path)
        if info.st_size > MAX_CACHE_BYTES:
            _remove(path)
            continue
        mine.append((info.st_mtime_ns if path != keep else 1 << 62, info.st_size, path))
    size = sum(s for _m, s, _p in mine)
    limit = MAX_TOTAL_BYTES if total is None else total
    for _mtime, file_size, path in sorted(mine):
        if size <= limit:
            break
        _remove(path)
        size -= file_size


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _remove_own(path: Path) -> None:
    """Remove ``path`` if it is a regular file of this user (what tdsplan writes)."""
    with contextlib.suppress(OSError):
        info = os.lstat(path)
        if stat.S_ISREG(info.st_mode) and info.st_uid == _UID:
            path.unlink()


def stamp_of(info: os.stat_result) -> Stamp:
    """What must not change for what was read from a file to stand: its size,
    modification and change times, and inode."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def stamp(path: Path) -> Stamp | None:
    """The stamp of ``path`` now (see :func:`stamp_of`); ``None`` if it cannot be had."""
    try:
        info = path.stat()
    except (OSError, ValueError):
        return None
    return stamp_of(info)


def _encode(data: Any) -> str | None:
    """``data`` as JSON, dates as ``{"$date": "2019-05-01"}``; ``None`` when a key of the
    data itself is ``$date`` (it could not be told from a date when read back)."""
    dates = 0

    def other(value: Any) -> Any:
        nonlocal dates
        if isinstance(value, dt.date):
            dates += 1
            return {_DATE: value.isoformat()}
        raise TypeError(type(value).__name__)

    try:
        text = json.dumps(data, default=other, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        return None
    # Quotes inside strings are escaped, so this opening only comes from a mapping key.
    return text if text.count('{"' + _DATE + '":') == dates else None


def _decode_object(pairs: dict[str, Any]) -> Any:
    if len(pairs) == 1 and _DATE in pairs:
        value = pairs[_DATE]
        if not isinstance(value, str):
            raise ValueError("date")
        return dt.date.fromisoformat(value)
    return pairs


#: What a cache file holds: its entries, its files found valid, the name of the whole
#: cache (``None`` for an overlay, or a cache without one) and the file's size.
Loaded = tuple[Entries, frozenset[str], str | None, int]
#: The cache file and overlay last read by this process, and how each stood
#: (:func:`_standing`). An edit reads its plan twice (before its changes and with them):
#: the second reading finds the files as the first did, not read again.
_LAST: dict[tuple[Path, str | None], tuple[tuple[int, ...], Loaded]] = {}


def _standing(file: Path) -> tuple[int, ...] | None:
    """What must not change for a cache file read to stand: its device, inode, size,
    times, owner and mode (a cache is replaced by a rename: a new inode)."""
    try:
        info = os.lstat(file)
    except (OSError, ValueError):
        return None
    return (
        info.st_dev,
        info.st_ino,
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
        info.st_uid,
        info.st_mode,
    )


def _load(file: Path, base: str | None = None) -> Loaded | None:
    """What the whole cache ``file`` holds (or the overlay of the cache named ``base``),
    or ``None`` on any doubt about it; the same as the last reading's while the file
    stands as it did then (each entry is still checked against its plan file as it is
    served)."""
    before = _standing(file)
    if before is None:
        return None
    last = _LAST.get((file, base))
    if last is not None and last[0] == before:
        entries, valid, name, size = last[1]
        return dict(entries), valid, name, size
    raw = read_own_file(file)
    read = _content(raw, base) if raw is not None else None
    if base is None:  # the files of this plan's cache only
        for other in [k for k in _LAST if k[0] not in (file, overlay_file(file))]:
            del _LAST[other]
    if read is not None and _standing(file) == before:  # not replaced while read
        _LAST[file, base] = (before, (dict(read[0]), *read[1:]))
    return read


def _content(raw: bytes, base: str | None) -> Loaded | None:
    """What the cache file of bytes ``raw`` holds (the overlay of the cache named
    ``base``, if given): its files found valid are none if an entry is too recent to
    trust; ``None`` on any doubt about it."""
    try:
        content = json.loads(raw, object_hook=_decode_object)
    except (ValueError, RecursionError, TypeError):
        return None
    if not (
        isinstance(content, dict)
        and content.get("format") == FORMAT
        and content.get("version") == __version__
        and content.get("base") == base
    ):
        return None
    written, entries, valid = content.get("written"), content.get("entries"), content.get("valid")
    if (
        type(written) is not int
        or not isinstance(entries, dict)
        or not isinstance(valid, list)
        or not all(type(name) is str for name in valid)
    ):
        return None
    kept: Entries = {}
    for name, entry in entries.items():
        # The shape JSON gave is trusted below the entry's mapping (see the module's doc).
        if not (
            type(entry) is list
            and len(entry) == 2
            and type(entry[0]) is list
            and len(entry[0]) == 4
            and all(type(n) is int for n in entry[0])
            and type(entry[1]) is dict
        ):
            return None
        size, mtime, ctime, inode = entry[0]
        if mtime > written - RESOLUTION:
            valid = []
            continue  # never written so, but not to be trusted if it were
        kept[name] = ((size, mtime, ctime, inode), entry[1])
    own = content.get("name") if base is None else None
    return kept, frozenset(valid), own if type(own) is str else None, len(raw)


def read_own_file(file: Path) -> bytes | None:
    """The bytes of ``file`` if it is a regular file of this user that only they can
    write; ``None`` otherwise. Never follows a link, never blocks on a FIFO."""
    try:
        return read_regular(file, MAX_CACHE_BYTES, _own)
    except (OSError, ValueError):
        return None


def _own(info: os.stat_result) -> bool:
    return info.st_uid == _UID and not info.st_mode & 0o022


def write_own_file(file: Path, data: bytes, durable: bool = True) -> bool:
    """Replace ``file`` atomically by ``data`` (mode 0600), unless something other than
    a regular file of this user stands in its place; never leaves a temporary file
    (``durable``: see :func:`tdsplan.files.write_atomically`); whether it was written."""
    try:
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            info = os.lstat(file)
        except FileNotFoundError:
            pass
        else:
            if not stat.S_ISREG(info.st_mode) or info.st_uid != _UID:
                return False  # a folder, a FIFO, a link or someone else's file: leave it be
        write_atomically(file, data, mode=0o600, durable=durable)
    except OSError:
        return False  # a cache is a convenience: never fail a command for it
    return True

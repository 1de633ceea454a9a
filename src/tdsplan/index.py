"""Whether the whole plan is valid, at the cost of the files that changed.

An edit must not write into a plan that is invalid anywhere, but reading and
validating every file of a 10,000-action plan before each ``update`` would make
the smallest change slow. The index remembers, per file, the stamp (size,
modification and change times, inode) it had when the whole plan was last found
valid, and the IDs it declares (the cross-file part of the checks). While every
stamp still matches, the plan is known valid without reading a file; otherwise
the whole plan is read once (with the parse cache) and either its problems are
raised or the index is rebuilt.

The index is plain JSON in the user's cache folder, checked before it is trusted. Its
stamps are those of the very bytes that were validated (taken by the loader as it read
them, or by the edit as it wrote them), never taken again later. A file modified within
the file system's timestamp resolution of its reading is vouched for by the hash of
those bytes, not by its stamp alone: a same-second rewrite of the same size keeps the
stamp on a coarse file system, never the hash.

The index also keeps the day the journal dates were checked against (``checked``): it
vouches for a reading on that day or later only (an entry dated after today is refused,
see :func:`tdsplan.checks.entry_date_rule`; a plan valid on a day has no entry after it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tdsplan.cache import read_own_file, stamp_of
from tdsplan.errors import PlanInvalidError
from tdsplan.files import write_atomically
from tdsplan.project import Project
from tdsplan.store import YAML_SUFFIXES, plan_entries
from tdsplan.version import __version__

#: 3: the day the journal dates were checked against (``checked``).
FORMAT = 3

Stamps = dict[str, list[int]]


def _stamps(folder: Path) -> Stamps | None:
    """Every plan file under ``folder`` the loader reads (the same walk:
    :func:`tdsplan.store.plan_entries`) with its stamp, by path relative to ``folder``;
    ``None`` when a symbolic link is met (its target's changes would not show in its own
    stamp: such a plan is always read whole)."""
    found: Stamps = {}
    try:
        entries = [(entry, True) for entry in plan_entries(folder, root=True)]
    except OSError:
        return found
    while entries:
        entry, at_root = entries.pop()
        try:
            if entry.is_symlink():
                return None
            if entry.is_dir(follow_symlinks=False):
                if at_root:  # an orientation's folder; the loader reads no deeper
                    entries += [(e, False) for e in plan_entries(Path(entry.path), root=False)]
            elif entry.name.lower().endswith(YAML_SUFFIXES):  # .YAML is reported
                found[os.path.relpath(entry.path, folder)] = list(stamp_of(entry.stat()))
        except OSError:
            continue
    return found


def _read(file: Path | None) -> dict[str, Any] | None:
    if file is None:
        return None
    raw = read_own_file(file)  # never a FIFO, a link or someone else's file
    try:
        data = json.loads(raw) if raw is not None else None
    except (ValueError, RecursionError):
        return None
    if (
        not isinstance(data, dict)
        or data.get("format") != [FORMAT, __version__]
        or not isinstance(data.get("files"), dict)
        or not isinstance(data.get("ids"), dict)
        or not isinstance(data.get("hashes"), dict)
        or not all(type(name) is str for name in data["ids"].values())
        or not (data.get("checked") is None or _day(data["checked"]) is not None)
    ):
        return None
    return data


def _day(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _vouches_for_dates(known: dict[str, Any], today: dt.date | None) -> bool:
    """Whether the dates checked on the index's day are still good ``today``: a reading
    without ``today`` checks none; otherwise they must have been checked on that day or
    before (a plan valid then has no entry after it)."""
    if today is None:
        return True
    checked = _day(known.get("checked"))
    return checked is not None and checked <= today


def _write(
    file: Path | None,
    stamps: Stamps,
    hashes: dict[str, str],
    ids: dict[str, str],
    checked: dt.date | None,
) -> None:
    if file is None:
        return
    record = {
        "format": [FORMAT, __version__],
        "files": stamps,
        "hashes": hashes,
        "ids": ids,
        "checked": None if checked is None else checked.isoformat(),
    }
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(
            file,
            json.dumps(record).encode("utf-8"),
            mode=0o600,
        )
    except OSError:
        pass  # an index is a convenience: never fail a command for it


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _trusted(known: dict[str, Any], stamps: Stamps, folder: Path) -> bool:
    """Whether the index vouches for the plan as it stands: same stamps, and the same
    bytes as those validated for the files whose stamp alone could not tell."""
    if known["files"] != stamps:
        return False
    return all(
        isinstance(digest, str) and _digest(folder / name) == digest
        for name, digest in known["hashes"].items()
    )


def ensure_valid(project: Project) -> dict[str, str]:
    """Raise :class:`PlanInvalidError` with every located problem if the plan of
    ``project`` is invalid; return each action ID with the file declaring it (its path
    relative to the plan folder).

    When the project's index exists, every file's stamp matches it and its journal dates
    were checked on :attr:`Project.today` or before, nothing is read."""
    index = index_file(project)
    stamps = _stamps(project.plan_dir)
    known = _read(index)
    if (
        stamps is not None
        and known is not None
        and _vouches_for_dates(known, project.today)
        and _trusted(known, stamps, project.plan_dir)
    ):
        trusted: dict[str, str] = known["ids"]  # checked by _read
        return trusted
    loaded = project.read()
    if loaded.problems or loaded.plan is None:
        raise PlanInvalidError(loaded.problems)
    ids: dict[str, str] = {
        action.id: _relative(project, action.source.file)
        for _, _, action in loaded.plan.iter_actions()
    }
    if stamps is not None:  # no link in the plan: the stamps say all
        read = {_relative(project, path): r for path, r in loaded.reads.items()}
        _write(
            index,
            {name: list(r.stamp) for name, r in read.items()},
            {name: r.digest for name, r in read.items() if r.digest is not None},
            ids,
            project.today,
        )
    return ids


def _relative(project: Project, path: Path) -> str:
    return os.path.relpath(path, project.plan_dir)


def record_write(project: Project, path: Path, data: bytes, ids: Iterable[str] = ()) -> None:
    """After a validated edit wrote ``data`` to ``path``, keep the index true without
    reading the plan (``ids``: the action IDs the edit added in that file). The file is
    vouched for by the hash of ``data``, not by what it holds when this runs; its journal
    dates were checked on :attr:`Project.today` (none checked without it)."""
    index = index_file(project)
    known = _read(index)
    if known is None:
        return
    try:
        stamp = list(stamp_of(path.stat()))
    except OSError:
        return
    name = _relative(project, path)
    known["files"][name] = stamp
    known["hashes"][name] = hashlib.sha256(data).hexdigest()  # just written: racy
    for identifier in ids or ():
        known["ids"][identifier] = name
    before, today = _day(known.get("checked")), project.today
    checked = None if before is None or today is None else max(before, today)
    _write(index, known["files"], known["hashes"], known["ids"], checked)


def index_file(project: Project) -> Path | None:
    """The index of ``project``, beside its parse cache (``None``: no cache, no index)."""
    cache = project.cache_file
    return cache.with_suffix(".index.json") if cache is not None else None

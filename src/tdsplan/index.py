"""Whether the whole plan is valid, at the cost of the files that changed.

An edit must not write into a plan that is invalid anywhere, but reading and
validating every file of a 10,000-action plan before each ``update`` would make
the smallest change slow. The index remembers, per file, the stamp (size,
modification and change times, inode) it had when the whole plan was last found
valid, and the IDs it declares (the cross-file part of the checks). While every
stamp still matches, the plan is known valid without reading a file; otherwise
the whole plan is read once (with the parse cache) and either its problems are
raised or the index is rebuilt.

The index is plain JSON in the user's cache folder, checked before it is trusted.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from tdsplan.errors import PlanInvalidError
from tdsplan.files import write_atomically
from tdsplan.project import Project
from tdsplan.store import PLAN_FILE, YAML_SUFFIXES
from tdsplan.version import __version__

FORMAT = 1

Stamps = dict[str, list[int]]


def _stamps(folder: Path) -> Stamps | None:
    """Every plan file under ``folder`` (the folders the loader reads) with its stamp, by
    path relative to ``folder``; ``None`` when a symbolic link is met (its target's
    changes would not show in its own stamp: such a plan is always read whole)."""
    found: Stamps = {}
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith((".", "_")) and entry.name != PLAN_FILE:
                continue
            try:
                if entry.is_symlink():
                    return None
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                elif entry.name.endswith(YAML_SUFFIXES):
                    found[os.path.relpath(entry.path, folder)] = _stamp(entry.stat())
            except OSError:
                continue
    return found


def _stamp(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _read(file: Path | None) -> dict | None:
    if file is None:
        return None
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != [FORMAT, __version__] \
            or not isinstance(data.get("files"), dict) or not isinstance(data.get("ids"), dict):
        return None
    return data


def _write(file: Path | None, stamps: Stamps, ids: dict[str, str]) -> None:
    if file is None:
        return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(file, json.dumps({"format": [FORMAT, __version__], "files": stamps,
                                           "ids": ids}).encode("utf-8"))
    except OSError:
        pass  # an index is a convenience: never fail a command for it


def ensure_valid(project: Project) -> dict[str, str]:
    """Raise :class:`PlanInvalidError` with every located problem if the plan of
    ``project`` is invalid; return each action ID with the file declaring it (its path
    relative to the plan folder).

    When the project's index exists and every file's stamp matches it, nothing is read."""
    index = index_file(project)
    stamps = _stamps(project.plan_dir)
    known = _read(index)
    if stamps is not None and known is not None and known["files"] == stamps:
        return known["ids"]
    loaded = project.read()
    if loaded.problems or loaded.plan is None:
        raise PlanInvalidError(loaded.problems)
    ids = {action.id: _relative(project, action.source.file)
           for _, _, action in loaded.plan.iter_actions()}
    if stamps is not None:
        _write(index, stamps, ids)
    return ids


def _relative(project: Project, path: Path) -> str:
    return os.path.relpath(path, project.plan_dir)


def record_write(project: Project, path: Path, ids: Iterable[str] = ()) -> None:
    """After a validated edit wrote ``path``, keep the index true without reading the plan
    (``ids``: the action IDs the edit added in that file)."""
    index = index_file(project)
    known = _read(index)
    if known is None:
        return
    try:
        stamp = _stamp(path.stat())
    except OSError:
        return
    name = _relative(project, path)
    known["files"][name] = stamp
    for identifier in ids or ():
        known["ids"][identifier] = name
    _write(index, known["files"], known["ids"])


def index_file(project: Project) -> Path | None:
    """The index of ``project``, beside its parse cache (``None``: no cache, no index)."""
    cache = project.cache_file
    return cache.with_suffix(".index.json") if cache is not None else None

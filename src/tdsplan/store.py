"""Finding a plan folder and loading it into a validated :class:`~tdsplan.models.Plan`.

Layout of a plan folder::

    plan/
      plan.yaml                          the plan itself (PlanInfo)
      1-comprehension-commune/           one folder per orientation
        orientation.yaml                 the orientation (OrientationInfo)
        1.1-definition-commune.yaml      one file per objective, with its actions
      _schemas/                          folders starting with _ or . are not read
      bilans/                            the bilans' words and adoptions (tdsplan.editorial)
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from tdsplan import checks
from tdsplan.cache import ParseCache, Stamp, stamp_of
from tdsplan.errors import Problem, os_reason
from tdsplan.i18n import _
from tdsplan.messages import validation_problems
from tdsplan.models import Located, Objectif, Orientation, OrientationInfo, Plan, PlanInfo, Source
from tdsplan.yamlio import Document, FileProblems, decode_source, parse_document, read_raw

PLAN_FILE = "plan.yaml"
ORIENTATION_FILE = "orientation.yaml"
SCHEMA_DIR = "_schemas"
#: The folder of the bilans' editorial files and adoption records (tdsplan.editorial).
BILANS_DIR = "bilans"
YAML_SUFFIXES = (".yaml", ".yml")
#: What editors and tools leave beside the files they work on; never read, anywhere in
#: the plan (besides any name starting with a dot).
LEFTOVER_SUFFIXES = ("~", ".swp", ".swo", ".orig", ".rej", ".bak", ".tmp")


def is_leftover(name: str) -> bool:
    """Whether a file named ``name`` is an editor's or a tool's, not the plan's: hidden
    (``.#1.2-outils.yaml``, ``.1.2-outils.yaml.swp``), a backup (``1.2-outils.yaml~``,
    ``*.orig``, ``*.bak``, ``*.rej``), an Emacs save (``#1.2-outils.yaml#``) or a
    temporary file (``*.tmp``)."""
    return (
        name.startswith(".")
        or name.endswith(LEFTOVER_SUFFIXES)
        or (name.startswith("#") and name.endswith("#"))
    )


def skipped(name: str, *, root: bool) -> bool:
    """Whether the loader passes over an entry named ``name`` of a plan folder: a
    leftover anywhere, and at the plan's root (``root``) any name starting with ``_``
    (``_schemas``) and the bilans' folder (:data:`BILANS_DIR`)."""
    return is_leftover(name) or (root and (name.startswith("_") or name == BILANS_DIR))


def plan_entries(folder: Path, *, root: bool) -> list[os.DirEntry[str]]:
    """What the loader reads (or reports) in one folder of a plan, by name: the plan's
    root (``root``) or an orientation's folder; the one walk of a plan's files, shared
    by the loader and the validity index (:mod:`tdsplan.index`). Raises
    :class:`OSError` when the folder cannot be listed."""
    with os.scandir(folder) as found:
        return sorted((e for e in found if not skipped(e.name, root=root)), key=lambda e: e.name)


M = TypeVar("M", bound=Located)


@dataclass(frozen=True)
class Read:
    """How a plan file stood when the content validated was read: its stamp, and, when
    the stamp alone could not tell a later edit from it (see
    :meth:`tdsplan.cache.ParseCache.racy`), the SHA-256 of the very bytes read."""

    stamp: Stamp
    digest: str | None = None


@dataclass
class Loaded:
    """A plan folder as read: the plan (when valid), its documents, and every problem;
    ``reads`` says how each file read from the folder (not an override) stood."""

    plan: Plan | None
    documents: dict[Path, Document] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    reads: dict[Path, Read] = field(default_factory=dict)
    #: What is accepted but deserves a look (a journal entry after the plan's end).
    warnings: list[Problem] = field(default_factory=list)


def read_plan(
    folder: Path,
    overrides: Mapping[Path, str | bytes] | None = None,
    *,
    only: str | None = None,
    cache: Path | None = None,
    today: dt.date | None = None,
) -> Loaded:
    """Read every file of the plan in ``folder``, collecting problems instead of raising.

    ``overrides`` gives the text of some files as an edit would leave them (or the
    bytes it would write: they pass the same checks as bytes read), so that the edited
    plan is validated before anything is written. ``only`` (an ID)
    restricts the reading to ``plan.yaml`` and the files of that element's branch,
    found by their names, so that editing one action costs the same in a plan of
    any size; the whole plan is read when the names do not lead to it. ``cache``
    is a file where parsed files are kept between runs, keyed by their size and
    modification time (see :mod:`tdsplan.cache`). ``today`` refuses journal entries
    dated after it (see :func:`tdsplan.checks.entry_date_rule`); ``None``: not checked.
    """
    enabled = gc.isenabled()
    gc.disable()  # the parsed data (the cache's first) holds no cycle: collecting is waste
    try:
        parse_cache = ParseCache(cache)
        reader = _Reader(folder, overrides or {}, parse_cache)
        info = reader.model(folder / PLAN_FILE, PlanInfo)
        orientations = []
        try:
            entries = reader.entries(folder, root=True)
        except OSError as error:
            reader.problems.append(
                Problem(
                    folder, 0, 0, _("lecture impossible : {reason}").format(reason=os_reason(error))
                )
            )
            entries = []
        branch = _branch(entries, only, reader) if only else None
        for sub in branch or entries:
            if reader.is_dir(sub):
                orientation = reader.orientation(sub, only if branch else None)
                if orientation is not None:
                    orientations.append(orientation)
            elif sub.suffix.lower() in YAML_SUFFIXES and sub.suffix not in YAML_SUFFIXES:
                reader.problems.append(Problem(sub, 0, 0, _wrong_case(sub)))
            elif sub.suffix in YAML_SUFFIXES and sub.name != PLAN_FILE:
                reader.problems.append(
                    Problem(
                        sub,
                        0,
                        0,
                        _(
                            "fichier inattendu à la racine du plan : un objectif va dans "
                            "le dossier de son orientation"
                        ),
                    )
                )
        orientations.sort(key=lambda o: id_key(o.id))
        whole = not overrides and branch is None
        if whole and reader.all_cached and parse_cache.vouches(reader.documents):
            problems = reader.problems  # the same files as the last valid reading
        else:
            problems = reader.problems + checks.check_plan(info, orientations, reader.positioned)
        if whole and not problems:
            parse_cache.found_valid(reader.documents)
        # The dates' rule depends on today: never vouched for by the cache.
        dated, warnings = checks.check_journal_dates(info, orientations, reader.positioned, today)
        problems += dated + reader.said_changed()
    finally:
        if enabled:
            # What was just read holds no cycle and lives as long as the plan: out of the
            # collector's sight, so that the passes after the read do not walk it (0.45 s
            # for a 10,000-action plan).
            gc.freeze()
            gc.enable()
    parse_cache.save()
    plan = None
    if not problems and info is not None:
        plan = Plan(**dict(info), orientations=orientations)
        plan.locate(info.source)
    return Loaded(plan, reader.documents, problems, reader.reads, warnings)


def _wrong_case(path: Path) -> str:
    return _(
        "extension « {suffix} » : tdsplan ne lit que les fichiers en .yaml ou .yml, en "
        "minuscules ; renommez-le en {name}"
    ).format(suffix=path.suffix, name=path.stem + path.suffix.lower())


def _outside_message() -> str:
    return _("lien symbolique vers l’extérieur du plan : tdsplan ne lit que les fichiers du plan")


def _branch(entries: list[Path], identifier: str, reader: _Reader) -> list[Path] | None:
    """The orientation folder an ID's name points to, if exactly one does."""
    head = identifier.strip().split(".", 1)[0]
    found = [e for e in entries if reader.is_dir(e) and _prefix(e.name) == head]
    return found if len(found) == 1 else None


def _prefix(name: str) -> str:
    """The ID a file or folder name starts with: ``1.2-outils.yaml`` → ``1.2``."""
    return name.split("-", 1)[0].removesuffix(".yaml").removesuffix(".yml")


def id_key(identifier: str) -> tuple[int, ...]:
    """Sort key of an ID: ``1.10`` comes after ``1.9``."""
    try:
        return tuple(int(part) for part in identifier.split("."))
    except ValueError:
        return (1 << 30,)


class _Reader:
    def __init__(self, folder: Path, overrides: Mapping[Path, str | bytes], cache: ParseCache):
        self.folder = folder
        self.root = folder.resolve()
        self.overrides = overrides
        # What each folder holds of the files (and folders) the overrides create.
        self.created: dict[Path, set[Path]] = {}
        for path in overrides:
            self.created.setdefault(path.parent, set()).add(path)
            self.created.setdefault(path.parent.parent, set()).add(path.parent)
        self.cache = cache
        self.documents: dict[Path, Document] = {}
        self.problems: list[Problem] = []
        #: The files that changed while this reading placed one of their problems.
        self.changed: list[Path] = []
        self.reads: dict[Path, Read] = {}
        #: Whether every document so far came from the parse cache.
        self.all_cached = True

    def outside(self, path: Path) -> bool:
        """Whether ``path`` leads out of the plan folder (through a symbolic link).

        Only links are resolved: the check costs one lstat per ordinary file, and a file
        inside a linked folder is caught when the folder itself is checked."""
        if not path.is_symlink():
            return False
        try:
            return not path.resolve().is_relative_to(self.root)
        except (OSError, RuntimeError):  # a loop of links
            return False  # reading it will say so

    def model(self, path: Path, model: type[M]) -> M | None:
        if self.outside(path):
            self.problems.append(Problem(path, 0, 0, _outside_message()))
            return None
        try:
            document = self.document(path, positions=False)
        except FileProblems as error:
            self.problems.extend(error.problems)
            return None
        self.documents[path] = document
        if not isinstance(document.data, dict):
            self.problems.append(
                Problem(
                    path,
                    1,
                    1,
                    _(
                        "le fichier doit contenir des paires « clé: valeur », pas une liste ni une "
                        "valeur seule"
                    ),
                )
            )
            return None
        try:
            value = model.model_validate(document.data)
        except ValidationError as error:
            self.problems.extend(validation_problems(error, self.positioned(path), model))
            return None
        value.locate(Source(path))
        return value

    def document(self, path: Path, *, positions: bool) -> Document:
        if path in self.overrides:
            self.all_cached = False
            new = self.overrides[path]
            text = new if isinstance(new, str) else decode_source(path, new)[0]
            return parse_document(path, text, positions=positions)
        if not positions:
            cached = self.cache.document(path)
            if cached is not None:
                self.reads.setdefault(path, Read(cached[1]))
                return cached[0]
        if not positions:
            self.all_cached = False
        raw, info = read_raw(path)
        document = parse_document(path, decode_source(path, raw)[0], positions=positions)
        file_stamp = stamp_of(info)
        # The first reading is the one validated; a racy one is vouched for by its bytes.
        self.reads.setdefault(
            path,
            Read(
                file_stamp, hashlib.sha256(raw).hexdigest() if self.cache.racy(file_stamp) else None
            ),
        )
        return document if positions else self.cache.keep(document, file_stamp)

    def positioned(self, path: Path) -> Document:
        """The document of ``path`` with the position of every node, to place a problem.
        The file is read again for them: if it no longer holds what was read (an editor
        saving it meanwhile), its problems are placed at its top and it is said changed."""
        document = self.documents.get(path)
        if document is not None and document.has_positions:
            return document
        try:
            fresh: Document | None = self.document(path, positions=True)
        except FileProblems:
            fresh = None
        if fresh is None or (document is not None and fresh.data != document.data):
            self.changed.append(path)
            fresh = Document(path, None if document is None else document.data)
        self.documents[path] = fresh
        return fresh

    def said_changed(self) -> list[Problem]:
        """A problem for each file that changed while one of its problems was placed."""
        message = _("le fichier a changé pendant la lecture : relancez la commande")
        return [Problem(path, 0, 0, message) for path in dict.fromkeys(self.changed)]

    def entries(self, folder: Path, *, root: bool) -> list[Path]:
        """What the loader reads in ``folder`` (see :func:`plan_entries`), with the files
        and folders an edit is about to create."""
        try:
            found = {Path(entry.path) for entry in plan_entries(folder, root=root)}
        except (FileNotFoundError, NotADirectoryError):  # about to be created
            found = set()
        created = {p for p in self.created.get(folder, set()) if not skipped(p.name, root=root)}
        return sorted(found | created)

    def is_dir(self, path: Path) -> bool:
        try:
            if path.is_dir():
                return True
        except OSError:  # unreadable: said when it is read
            return False
        return path in self.created

    def orientation(self, folder: Path, only: str | None = None) -> Orientation | None:
        if self.outside(folder):
            self.problems.append(Problem(folder, 0, 0, _outside_message()))
            return None
        info_path = folder / ORIENTATION_FILE
        try:
            here = self.entries(folder, root=False)
        except OSError as error:
            self.problems.append(
                Problem(
                    folder, 0, 0, _("lecture impossible : {reason}").format(reason=os_reason(error))
                )
            )
            return None
        if info_path not in here:
            self.problems.append(
                Problem(
                    folder,
                    0,
                    0,
                    _(
                        "dossier sans orientation.yaml : chaque dossier du plan décrit une orientation"
                    ),
                )
            )
            return None
        info = self.model(info_path, OrientationInfo)
        objectifs = []
        files = []
        for path in here:
            if path.name == ORIENTATION_FILE:
                continue
            if path.suffix in YAML_SUFFIXES:
                files.append(path)
            elif path.suffix.lower() in YAML_SUFFIXES:
                self.problems.append(Problem(path, 0, 0, _wrong_case(path)))
        wanted = ".".join(only.strip().split(".")[:2]) if only and only.count(".") else None
        if wanted and sum(_prefix(p.name) == wanted for p in files) == 1:
            files = [p for p in files if _prefix(p.name) == wanted]
        for path in files:
            objectif = self.model(path, Objectif)
            if objectif is not None:
                for index, action in enumerate(objectif.actions):
                    action.locate(Source(path, ("actions", index)))
                objectifs.append(objectif)
        if info is None:
            return None
        objectifs.sort(key=lambda o: id_key(o.id))
        orientation = Orientation(**dict(info), objectifs=objectifs)
        orientation.locate(info.source)
        return orientation

"""The plan's versions in git: the plan folder as it was at a revision, or as last
committed before a date. What changed between two versions is :mod:`tdsplan.changes`'s."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tdsplan.errors import PlanInvalidError, Problem, RootFileError, UsageError
from tdsplan.i18n import _
from tdsplan.models import Plan
from tdsplan.project import Project
from tdsplan.repository import Repository


class AbsentAtRevisionError(UsageError):
    """The plan folder did not exist at the revision asked for."""


def _load(root: Path, relative: Path, revision: str | None) -> Plan:
    if revision is None:
        return _project(root / relative).load()
    with _checkout(root, relative, revision) as folder:
        try:
            return _project(folder).load()
        except PlanInvalidError as error:
            raise PlanInvalidError(
                Problem(
                    Path(f"{revision}:{relative / p.path.relative_to(folder)}"),
                    p.line,
                    p.column,
                    p.message,
                )
                for p in error.problems
            ) from None


def _project(plan_dir: Path) -> Project:
    """The project of ``plan_dir`` with the earlier plans of its repository, so that its
    carried actions read what they inherit; alone when no repository file lists it."""
    try:
        repository = Repository.find(plan_dir)
    except RootFileError:
        return Project.at(plan_dir)
    ref = repository.holding(plan_dir)
    return Project.at(plan_dir) if ref is None else repository.project(ref)


def _companions(root: Path, relative: Path) -> list[str]:
    """What a plan folder needs beside it to be read as it is in its repository: the
    repository file and the folders of the earlier plans it lists (as they are now),
    relative to ``root``."""
    try:
        repository = Repository.find(root / relative)
    except (RootFileError, UsageError):
        return []
    ref = repository.holding(root / relative)
    if repository.file is None or ref is None:
        return []
    paths = [
        repository.file.resolve(),
        *(p.plan_dir for _period, p in repository.project(ref).earlier),
    ]
    return [
        str(path.resolve().relative_to(root.resolve()))
        for path in paths
        if path.resolve().is_relative_to(root.resolve())
    ]


@contextmanager
def _checkout(root: Path, relative: Path, revision: str) -> Iterator[Path]:
    """The plan folder as it was at ``revision``, in a temporary folder, with the
    repository file and the earlier plans as they were then (those that existed)."""
    _git(
        root,
        "rev-parse",
        "--verify",
        "--quiet",
        f"{revision}^{{commit}}",
        error=_("révision git inconnue « {revision} »").format(revision=revision),
    )
    companions = _companions(root, relative)
    if companions:
        listed = _git(root, "ls-tree", "--name-only", revision, "--", *companions)
        companions = [c for c in companions if c in listed.splitlines()]
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "--", str(relative), *companions],
        cwd=root,
        capture_output=True,
    )
    if archive.returncode != 0:
        raise AbsentAtRevisionError(
            _("le plan n’existait pas à la révision {revision} (pas de dossier {folder})").format(
                folder=relative, revision=revision
            )
        )
    with tempfile.TemporaryDirectory(prefix="tdsplan-") as temporary:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(temporary, filter="data")
        yield Path(temporary) / relative


def _git_root(folder: Path) -> Path:
    output = _git(
        folder,
        "rev-parse",
        "--show-toplevel",
        error=_(
            "{folder} n’est pas dans un dépôt git : tdsplan diff compare des révisions git"
        ).format(folder=folder),
    )
    return Path(output.strip())


def _git(cwd: Path, *args: str, error: str | None = None) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    except FileNotFoundError:
        raise UsageError(
            _("git est introuvable : installez git pour utiliser tdsplan diff")
        ) from None
    if result.returncode != 0:
        raise UsageError(
            error
            or _("git {args} a échoué : {reason}").format(
                args=" ".join(args), reason=result.stderr.strip()
            )
        )
    return result.stdout


def tag(folder: Path, name: str, message: str) -> str:
    """Mark the current commit of the repository holding ``folder`` with the annotated
    tag ``name`` (replacing one of that name); its short revision. :class:`UsageError`
    when ``folder`` is not in a git repository or has no commit."""
    root = _git_root(folder)
    _git(root, "tag", "--force", "--annotate", name, "--message", message)
    return _git(root, "rev-parse", "--short", f"{name}^{{commit}}").strip()


def init_repository(folder: Path) -> bool:
    """Make ``folder`` a git repository (``git init``); ``False`` when git is not
    installed. :class:`UsageError` when git fails."""
    try:
        _git(folder, "init", "--quiet")
    except UsageError:
        if shutil.which("git") is None:
            return False
        raise
    return True


def committed(file: Path) -> bool | None:
    """Whether ``file`` is in git as it is on disk (tracked, no change since the last
    commit); ``None`` when it is not in a git repository, or git is missing."""
    try:
        root = _git_root(file.parent)
        changed = _git(root, "status", "--porcelain", "--", str(file.resolve()))
    except UsageError:
        return None
    return not changed.strip()


def plan_at(folder: Path, revision: str | None) -> Plan:
    """The plan in ``folder`` as it was at git ``revision`` (``None``: the files as they
    are now, ``folder`` being in a repository all the same)."""
    root = _git_root(folder)
    return _load(root, folder.resolve().relative_to(root), revision)


def revision_before(folder: Path, date: str) -> str | None:
    """The last commit of the repository of ``folder`` before ``date`` (``AAAA-MM-JJ``, at
    midnight), if any."""
    return _revision_before(_git_root(folder), date)


def _revision_before(root: Path, date: str) -> str | None:
    return _git(root, "rev-list", "-1", f"--before={date} 00:00", "HEAD").strip() or None


def plan_committed_before(folder: Path, date: str) -> Plan | None:
    """The plan in ``folder`` as last committed before ``date`` (``AAAA-MM-JJ``); ``None``
    outside git or when nothing was committed yet."""
    try:
        root = _git_root(folder)
        revision = _revision_before(root, date)
    except UsageError:
        return None
    return _load(root, folder.resolve().relative_to(root), revision) if revision else None


def last_commit_time(folder: Path) -> dt.datetime | None:
    """When the plan in ``folder`` was last committed (the committer's date of the last
    commit that touched it, with its UTC offset): the date a report made from it carries,
    true and the same on every machine. ``None`` outside git, or before any commit."""
    try:
        stamp = _git(_git_root(folder), "log", "-1", "--format=%cI", "--", str(folder.resolve()))
    except UsageError:
        return None
    return dt.datetime.fromisoformat(stamp.strip()) if stamp.strip() else None

"""The plan's history in git: the plan at a revision, and what changed between two."""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tdsplan.errors import PlanInvalidError, Problem, UsageError
from tdsplan.i18n import _
from tdsplan.models import Action, EntreeJournal, Plan, Statut
from tdsplan.project import Project


@dataclass(frozen=True)
class StatusChange:
    action: Action
    before: Statut
    after: Statut


@dataclass
class PlanDiff:
    """What changed in the plan between two states of it."""

    before: str
    after: str
    added: list[Action] = field(default_factory=list)
    removed: list[Action] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    new_entries: list[tuple[Action, EntreeJournal]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.status_changes or self.new_entries)


def compare(old: Plan | None, new: Plan, before: str, after: str) -> PlanDiff:
    """Actions added and removed, status changes and new journal entries from ``old`` to
    ``new`` (``old`` is ``None`` when the plan did not exist yet)."""
    result = PlanDiff(before, after)
    old_actions = {a.id: a for _, _, a in old.iter_actions()} if old is not None else {}
    new_actions = {a.id: a for _, _, a in new.iter_actions()}
    for identifier, action in new_actions.items():
        previous = old_actions.get(identifier)
        if previous is None:
            result.added.append(action)
            result.new_entries += [(action, e) for e in action.journal]
            continue
        if previous.statut is not action.statut:
            result.status_changes.append(StatusChange(action, previous.statut, action.statut))
        result.new_entries += [(action, e) for e in added_entries(previous, action)]
    result.removed = [a for i, a in old_actions.items() if i not in new_actions]
    result.new_entries.sort(key=lambda pair: pair[1].date)
    return result


def added_entries(previous: Action | None, action: Action) -> list[EntreeJournal]:
    """The journal entries of ``action`` that its ``previous`` version did not have
    (every entry when there was none); an entry counts as many times as it is written."""
    known = [e.model_dump() for e in previous.journal] if previous is not None else []
    added = []
    for entry in action.journal:
        dumped = entry.model_dump()
        if dumped in known:
            known.remove(dumped)
        else:
            added.append(entry)
    return added


def diff_revisions(folder: Path, before: str | None, after: str | None = None, *,
                   since: str | None = None) -> PlanDiff:
    """Compare the plan in ``folder`` at git revision ``before`` (or as it was on the
    date ``since``) with revision ``after`` (default: the files as they are now)."""
    root = _git_root(folder)
    relative = folder.resolve().relative_to(root)
    if since is not None:
        before = _revision_before(root, since)
        label_before = _("état au {date}").format(date=since)
        if before is None:
            return compare(None, _load(root, relative, after), label_before, _label(after))
    before = before or "HEAD"
    return compare(_load(root, relative, before), _load(root, relative, after),
                   _label(before), _label(after))


def _label(revision: str | None) -> str:
    return revision if revision is not None else _("fichiers actuels")


def _load(root: Path, relative: Path, revision: str | None) -> Plan:
    if revision is None:
        return Project.at(root / relative).load()
    with _checkout(root, relative, revision) as folder:
        try:
            return Project.at(folder).load()
        except PlanInvalidError as error:
            raise PlanInvalidError(
                Problem(Path(f"{revision}:{relative / p.path.relative_to(folder)}"), p.line,
                        p.column, p.message) for p in error.problems) from None


@contextmanager
def _checkout(root: Path, relative: Path, revision: str) -> Iterator[Path]:
    """The plan folder as it was at ``revision``, in a temporary folder."""
    _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}",
         error=_("révision git inconnue « {revision} »").format(revision=revision))
    archive = subprocess.run(["git", "archive", "--format=tar", revision, "--", str(relative)],
                             cwd=root, capture_output=True)
    if archive.returncode != 0:
        raise UsageError(_("le dossier {folder} n’existe pas à la révision {revision}").format(
            folder=relative, revision=revision))
    with tempfile.TemporaryDirectory(prefix="tdsplan-") as temporary:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(temporary, filter="data")
        yield Path(temporary) / relative


def _git_root(folder: Path) -> Path:
    output = _git(folder, "rev-parse", "--show-toplevel",
                  error=_("{folder} n’est pas dans un dépôt git : tdsplan diff compare des "
                          "révisions git").format(folder=folder))
    return Path(output.strip())


def _git(cwd: Path, *args: str, error: str | None = None) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    except FileNotFoundError:
        raise UsageError(_("git est introuvable : installez git pour utiliser tdsplan diff")) \
            from None
    if result.returncode != 0:
        raise UsageError(error or _("git {args} a échoué : {reason}").format(
            args=" ".join(args), reason=result.stderr.strip()))
    return result.stdout


def plan_at(folder: Path, revision: str) -> Plan:
    """The plan in ``folder`` as it was at git ``revision``."""
    root = _git_root(folder)
    return _load(root, folder.resolve().relative_to(root), revision)


def _revision_before(root: Path, date: str) -> str | None:
    """The last commit before ``date`` (``AAAA-MM-JJ``, at midnight), if any."""
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

"""What changed in the plan since a date or a git revision: the « depuis » of the status screen.

Since a date, the journal tells: entries dated on or after it, and the status each
action had the day before compared with the one it has now. When the plan folder is
in git, the plan as committed on that date adds what the journal cannot date: new
actions, new due dates and new indicator values. Since a revision, git tells it all.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from tdsplan.errors import UsageError
from tdsplan.i18n import _
from tdsplan.models import Action, EntreeJournal, Plan, Statut
from tdsplan.query import plan_state


@dataclass(frozen=True)
class StatusChange:
    action: Action
    before: Statut
    after: Statut


@dataclass(frozen=True)
class Reschedule:
    action: Action
    before: dt.date | None
    after: dt.date | None


@dataclass(frozen=True)
class IndicatorValue:
    action: Action
    nom: str
    before: float | None
    after: float | None
    unite: str | None = None


@dataclass
class Changes:
    """What changed since ``since`` (a date, or a revision's name) up to ``as_of``."""

    since: str
    date: dt.date | None
    entries: list[tuple[Action, EntreeJournal]] = field(default_factory=list)
    status_changes: list[StatusChange] = field(default_factory=list)
    added: list[Action] = field(default_factory=list)
    rescheduled: list[Reschedule] = field(default_factory=list)
    indicators: list[IndicatorValue] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.entries or self.status_changes or self.added or self.rescheduled
                    or self.indicators)


_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")


def is_date(text: str) -> bool:
    """Whether ``text`` is meant as a date (``AAAA-MM-JJ``) rather than a git revision."""
    return bool(_DATE.match(text))


def since_date(plan: Plan, since: dt.date, as_of: dt.date,
               committed: Plan | None = None) -> Changes:
    """Changes from ``since`` to ``as_of`` told by the journal; ``committed``, the plan as it
    was recorded on ``since`` (when known), adds new actions, due dates and indicator values."""
    result = Changes(since.isoformat(), since)
    before = _statuses(plan, since - dt.timedelta(days=1))
    after = _statuses(plan, as_of)
    for _o, _ob, action in plan.iter_actions():
        result.entries += [(action, e) for e in action.journal if since <= e.date <= as_of]
        old, new = before[action.id], after[action.id]
        if old is not new:
            result.status_changes.append(StatusChange(action, old, new))
    result.entries.sort(key=lambda pair: pair[1].date)
    if committed is not None:
        _compare_files(committed, plan, result)
    return result


def since_revision(old: Plan | None, new: Plan, revision: str) -> Changes:
    """Changes between the plan at a git revision (``None``: it did not exist) and now."""
    result = Changes(revision, None)
    old_actions = {a.id: a for _o, _ob, a in old.iter_actions()} if old is not None else {}
    for _o, _ob, action in new.iter_actions():
        previous = old_actions.get(action.id)
        known = [e.model_dump() for e in previous.journal] if previous is not None else []
        for entry in action.journal:
            dumped = entry.model_dump()
            if dumped in known:
                known.remove(dumped)
            else:
                result.entries.append((action, entry))
        if previous is not None and previous.statut is not action.statut:
            result.status_changes.append(StatusChange(action, previous.statut, action.statut))
    result.entries.sort(key=lambda pair: pair[1].date)
    if old is not None:
        _compare_files(old, new, result)
    else:
        result.added = [a for _o, _ob, a in new.iter_actions()]
    return result


def _statuses(plan: Plan, as_of: dt.date) -> dict[str, Statut]:
    return {a.id: s.statut for o in plan_state(plan, as_of).orientations
            for ob in o.objectifs for a, s in ob.actions}


def _compare_files(old: Plan, new: Plan, result: Changes) -> None:
    old_actions = {a.id: a for _o, _ob, a in old.iter_actions()}
    for _o, _ob, action in new.iter_actions():
        previous = old_actions.get(action.id)
        if previous is None:
            result.added.append(action)
            continue
        if previous.echeance != action.echeance:
            result.rescheduled.append(Reschedule(action, previous.echeance, action.echeance))
        old_values = {i.nom: i.reel for i in previous.indicateurs}
        for indicator in action.indicateurs:
            if indicator.reel is not None and old_values.get(indicator.nom) != indicator.reel:
                result.indicators.append(IndicatorValue(
                    action, indicator.nom, old_values.get(indicator.nom), indicator.reel,
                    indicator.unite))


def changes_since(folder: Path, plan: Plan, since: str, as_of: dt.date) -> Changes:
    """Changes since ``since``: a date (``AAAA-MM-JJ``, the journal, and git when the plan
    is in a repository) or a git revision."""
    from tdsplan import history
    from tdsplan.query import parse_date

    if is_date(since):
        date = parse_date(since)
        return since_date(plan, date, as_of, history.plan_committed_before(folder, str(date)))
    try:
        old = history.plan_at(folder, since)
    except UsageError:
        raise UsageError(_("« {since} » n’est ni une date (AAAA-MM-JJ) ni une révision git "
                           "du plan").format(since=since)) from None
    return since_revision(old, plan, since)

"""What changed in the plan since a date or a git revision: the « depuis » of the status screen.

Since a date, the journal tells: entries dated on or after it, and the status, due date
and indicator values each action had the day before compared with those it has now.
When the plan folder is in git, the plan as committed on that date adds what the
journal cannot date: the actions that are new. Since a revision, git tells it all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from tdsplan import history
from tdsplan.errors import UsageError
from tdsplan.history import StatusChange, added_entries
from tdsplan.i18n import _
from tdsplan.models import Action, EntreeJournal, Plan
from tdsplan.state import ActionState, plan_state
from tdsplan.typed import looks_like_date, parse_date


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


def since_date(plan: Plan, since: dt.date, as_of: dt.date,
               committed: Plan | None = None) -> Changes:
    """Changes from ``since`` to ``as_of`` told by the journal: the entries dated between
    them, and each action's status, due date and indicator values the day before ``since``
    compared with ``as_of``. ``committed``, the plan as it was recorded on ``since`` (when
    known), tells which actions are new."""
    result = Changes(since.isoformat(), since)
    for action in _actions(plan):
        result.entries += [(action, e) for e in action.journal if since <= e.date <= as_of]
    result.entries.sort(key=lambda pair: pair[1].date)
    _compare(_states(plan, since - dt.timedelta(days=1)), _states(plan, as_of), result)
    if committed is not None:
        known = {a.id for a in _actions(committed)}
        result.added = [a for a in _actions(plan) if a.id not in known]
    return result


def since_revision(old: Plan | None, new: Plan, revision: str, as_of: dt.date) -> Changes:
    """Changes between the plan at a git revision (``None``: it did not exist) and now:
    journal entries added, and statuses, due dates and indicator values on ``as_of``
    as each version of the files tells them."""
    result = Changes(revision, None)
    old_actions = {a.id: a for a in _actions(old)} if old is not None else {}
    for action in _actions(new):
        previous = old_actions.get(action.id)
        result.entries += [(action, e) for e in added_entries(previous, action)]
        if previous is None:
            result.added.append(action)
    result.entries.sort(key=lambda pair: pair[1].date)
    if old is not None:
        _compare(_states(old, as_of), _states(new, as_of), result)
    return result


def _actions(plan: Plan) -> list[Action]:
    return [a for _o, _ob, a in plan.iter_actions()]


def _states(plan: Plan, as_of: dt.date) -> dict[str, tuple[Action, ActionState]]:
    return {a.id: (a, s) for o in plan_state(plan, as_of).orientations
            for ob in o.objectifs for a, s in ob.actions}


def _compare(before: dict[str, tuple[Action, ActionState]],
             after: dict[str, tuple[Action, ActionState]], result: Changes) -> None:
    for identifier, (action, new) in after.items():
        if identifier not in before:
            continue
        old = before[identifier][1]
        if old.statut is not new.statut:
            result.status_changes.append(StatusChange(action, old.statut, new.statut))
        if old.echeance != new.echeance:
            result.rescheduled.append(Reschedule(action, old.echeance, new.echeance))
        units = {i.nom: i.unite for i in action.indicateurs}
        for name, measure in new.indicateurs.items():
            previous = old.indicateurs.get(name)
            if previous is None or previous.valeur != measure.valeur:
                result.indicators.append(IndicatorValue(
                    action, name, previous.valeur if previous else None, measure.valeur,
                    units.get(name)))


def changes_since(folder: Path, plan: Plan, since: str, as_of: dt.date) -> Changes:
    """Changes since ``since``: a date (``AAAA-MM-JJ``, the journal, and git when the plan
    is in a repository) or a git revision."""

    if looks_like_date(since):
        date = parse_date(since)
        return since_date(plan, date, as_of, history.plan_committed_before(folder, str(date)))
    try:
        old = history.plan_at(folder, since)
    except UsageError:
        raise UsageError(_("« {since} » n’est ni une date (AAAA-MM-JJ) ni une révision git "
                           "du plan").format(since=since)) from None
    return since_revision(old, plan, since, as_of)

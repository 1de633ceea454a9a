"""What changed in the plan between two states of it, told once for every view.

Two states are two dates of one journal (``status --since 2021-01-15``) or two versions
of the plan (``diff REV1 REV2``, ``status --since REV``: see :mod:`tdsplan.history`).
Between them, :class:`Changes` lists the journal entries added and, for each action, its
status, progress, due date and indicator values in the earlier state against the later
one (a status change and a reschedule come with the entry that decided them), and the
actions added, removed or given a new ID. A period's story, entry by entry
(:func:`movements`), is what the reports and the site's year pages tell: each status
change and reschedule decided in it, and whether the action was completed, started or
postponed then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from tdsplan import history
from tdsplan.errors import UsageError
from tdsplan.i18n import _
from tdsplan.models import Action, ActionId, EntreeJournal, Plan, Statut
from tdsplan.state import CARRY_OVER_AUTHOR, ActionState, state_at
from tdsplan.typed import looks_like_date, parse_date

ONE_DAY = dt.timedelta(days=1)

#: The day a change was decided: always known in a period's story (``dt.date``); between
#: two versions of the files, unknown (``None``) when no journal entry made it.
When = TypeVar("When", bound="dt.date | None")


@dataclass(frozen=True)
class StatusChange(Generic[When]):
    """A status changed from ``before`` to ``after``, decided on ``date`` (``note``: why)."""

    action: Action
    before: Statut
    after: Statut
    date: When
    note: str | None = None


@dataclass(frozen=True)
class Reschedule(Generic[When]):
    """A due date moved from ``before`` (``None``: none was set) to ``after``, decided on
    ``date`` (``note``: why)."""

    action: Action
    before: dt.date | None
    after: dt.date | When
    date: When
    note: str | None = None


@dataclass(frozen=True)
class ProgressChange:
    action: Action
    before: int | None
    after: int | None


@dataclass(frozen=True)
class IndicatorValue:
    action: Action
    nom: str
    before: float | None
    after: float | None
    unite: str | None = None


@dataclass(frozen=True)
class Moved:
    """One action given a new ID (``tdsplan move``): ``before`` as it was, ``after`` as it
    is now."""

    before: Action
    after: Action


@dataclass
class Changes:
    """What changed from the state named ``before`` (a date, a revision, « état au … ») to
    the one named ``after``; ``date`` is the earlier state's when both are of one journal."""

    before: str
    after: str
    date: dt.date | None = None
    entries: list[tuple[Action, EntreeJournal]] = field(default_factory=list)
    status_changes: list[StatusChange[dt.date | None]] = field(default_factory=list)
    progress: list[ProgressChange] = field(default_factory=list)
    rescheduled: list[Reschedule[dt.date | None]] = field(default_factory=list)
    indicators: list[IndicatorValue] = field(default_factory=list)
    added: list[Action] = field(default_factory=list)
    removed: list[Action] = field(default_factory=list)
    moved: list[Moved] = field(default_factory=list)
    #: Between two versions: entries rewritten in place (``amend``: the action, the entry
    #: as it was, as it is now) and entries deleted (``amend --delete``).
    corrected: list[tuple[Action, EntreeJournal, EntreeJournal]] = field(default_factory=list)
    dropped: list[tuple[Action, EntreeJournal]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(
            self.entries
            or self.status_changes
            or self.progress
            or self.rescheduled
            or self.indicators
            or self.added
            or self.removed
            or self.moved
            or self.corrected
            or self.dropped
        )


def between_dates(
    plan: Plan, since: dt.date, as_of: dt.date, committed: Plan | None = None
) -> Changes:
    """What the journal tells from ``since`` to ``as_of``: the entries dated between them,
    and each action the day before ``since`` against ``as_of``. ``committed``, the plan as
    it was recorded on ``since`` (when known), tells which actions are new or gone."""
    result = Changes(since.isoformat(), as_of.isoformat(), since)
    for action in _actions(plan):
        added = [e for e in action.journal if since <= e.date <= as_of]
        result.entries += [(action, e) for e in added]
        _compare(
            action, state_at(action, since - ONE_DAY), state_at(action, as_of), added, as_of, result
        )
    if committed is not None:
        _added_and_removed(committed, plan, result)
    result.entries.sort(key=lambda pair: pair[1].date)
    return result


def between_plans(
    old: Plan | None, new: Plan, before: str, after: str, as_of: dt.date = dt.date.max
) -> Changes:
    """What changed from version ``old`` of the plan (``None``: it did not exist) to
    ``new``: the journal entries added, and each action as both versions tell it on
    ``as_of`` (by default, as their files stand)."""
    result = Changes(before, after)
    known: dict[ActionId, Action] = {}
    if old is None:
        result.added = _actions(new)
    else:
        replaced = _added_and_removed(old, new, result)
        known = {a.id: a for a in _actions(old) if a.id not in replaced}
        known |= {m.after.id: m.before for m in result.moved}
    for action in _actions(new):
        previous = known.get(action.id)
        added, gone = journal_difference(previous, action)
        result.entries += [(action, e) for e in _rewritten(action, added, gone, result)]
        if previous is not None:
            _compare(
                action, state_at(previous, as_of), state_at(action, as_of), added, as_of, result
            )
    result.entries.sort(key=lambda pair: pair[1].date)
    result.corrected.sort(key=lambda change: change[2].date)
    result.dropped.sort(key=lambda pair: pair[1].date)
    return result


def journal_difference(
    previous: Action | None, action: Action
) -> tuple[list[EntreeJournal], list[EntreeJournal]]:
    """The journal entries of ``action`` that its ``previous`` version did not have (every
    entry when there was none), and those of ``previous`` that ``action`` no longer has,
    each in its journal's order; an entry counts as many times as it is written."""
    left = [(e.model_dump(), e) for e in previous.journal] if previous is not None else []
    added = []
    for entry in action.journal:
        dumped = entry.model_dump()
        found = next((i for i, (known, _e) in enumerate(left) if known == dumped), None)
        if found is None:
            added.append(entry)
        else:
            del left[found]
    return added, [e for _dumped, e in left]


def _rewritten(
    action: Action, added: list[EntreeJournal], gone: list[EntreeJournal], result: Changes
) -> list[EntreeJournal]:
    """Of the entries ``added`` to ``action``, those that are new: an entry of the same day
    that its previous version had and ``action`` no longer has (``gone``) was corrected
    (``result.corrected``); an entry gone with none in its place was deleted
    (``result.dropped``)."""
    gone = list(gone)
    new = []
    for entry in added:
        old = next((e for e in gone if e.date == entry.date), None)
        if old is None:
            new.append(entry)
        else:
            gone.remove(old)
            result.corrected.append((action, old, entry))
    result.dropped += [(action, e) for e in gone]
    return new


def _actions(plan: Plan) -> list[Action]:
    return [a for _o, _ob, a in plan.iter_actions()]


def _added_and_removed(old: Plan, new: Plan, result: Changes) -> set[ActionId]:
    """The actions of ``new`` only, of ``old`` only, and those given a new ID, an action
    moved being known by its title and its journal, also when another action took its
    old ID (``move 3.1.2 3.1.9`` then ``move 3.1.3 3.1.2``). Returns the IDs that both
    hold for two different actions."""
    before = {a.id: a for a in _actions(old)}
    after = {a.id: a for a in _actions(new)}
    retitled = {i for i in before.keys() & after.keys() if before[i].titre != after[i].titre}
    gone = [a for i, a in before.items() if i not in after or i in retitled]
    came = [a for i, a in after.items() if i not in before or i in retitled]
    result.moved = _moves(gone, came)
    left, arrived = {m.before.id for m in result.moved}, {m.after.id for m in result.moved}
    replaced = retitled & (left | arrived)  # else an action retitled where it stands
    result.added = [
        a for a in came if a.id not in arrived and (a.id not in before or a.id in replaced)
    ]
    result.removed = [
        a for a in gone if a.id not in left and (a.id not in after or a.id in replaced)
    ]
    return replaced


def _moves(removed: list[Action], added: list[Action]) -> list[Moved]:
    """The actions gone from one ID and come at another that are one action moved: the
    same title, and every journal entry of the old one still in the new one (a move keeps
    the journal; the action may have been updated since)."""
    moves, free = [], list(added)
    for old in removed:
        for new in free:
            if new.titre == old.titre and not journal_difference(old, new)[1]:
                moves.append(Moved(old, new))
                free.remove(new)
                break
    return moves


def _compare(
    action: Action,
    old: ActionState,
    new: ActionState,
    added: list[EntreeJournal],
    as_of: dt.date,
    result: Changes,
) -> None:
    """``action`` in state ``old`` against ``new``; ``added``, the entries between them,
    give the day and the note of the one that decided a status or a due date."""
    if old.statut is not new.statut:
        why = _decided(action, "statut", added, as_of)
        result.status_changes.append(
            StatusChange(
                action, old.statut, new.statut, why.date if why else None, why.note if why else None
            )
        )
    if old.avancement != new.avancement:
        result.progress.append(ProgressChange(action, old.avancement, new.avancement))
    if old.echeance != new.echeance:
        why = _decided(action, "echeance", added, as_of)
        result.rescheduled.append(
            Reschedule(
                action,
                old.echeance,
                new.echeance,
                why.date if why else None,
                why.note if why else None,
            )
        )
    units = {i.nom: i.unite for i in action.indicateurs}
    for name, measure in new.indicateurs.items():
        previous = old.indicateurs.get(name)
        if previous is None or previous.valeur != measure.valeur:
            result.indicators.append(
                IndicatorValue(
                    action,
                    name,
                    previous.valeur if previous else None,
                    measure.valeur,
                    units.get(name),
                )
            )


def _decided(
    action: Action, name: str, added: list[EntreeJournal], as_of: dt.date
) -> EntreeJournal | None:
    """The entry that set field ``name`` as it is on ``as_of``, if it is one of ``added``."""
    in_force = None
    for entry in action.journal:
        if entry.date <= as_of and getattr(entry, name) is not None:
            in_force = entry
    return in_force if any(e is in_force for e in added) else None


def changes_since(folder: Path, plan: Plan, since: str, as_of: dt.date) -> Changes:
    """Changes since ``since``: a date (``AAAA-MM-JJ``: the journal, and git when the plan
    is in a repository) or a git revision (the plan then and now, on ``as_of``)."""
    if looks_like_date(since):
        date = parse_date(since)
        return between_dates(
            plan, date, as_of, history.plan_committed_before(folder, date.isoformat())
        )
    try:
        old = history.plan_at(folder, since)
    except history.AbsentAtRevisionError:
        raise
    except UsageError:
        raise UsageError(
            _("« {since} » n’est ni une date (AAAA-MM-JJ) ni une révision git du plan").format(
                since=since
            )
        ) from None
    return between_plans(old, plan, since, as_of.isoformat(), as_of)


def between_revisions(
    folder: Path, before: str | None, after: str | None = None, *, since: str | None = None
) -> Changes:
    """The plan in ``folder`` at git revision ``before`` (default ``HEAD``), or as last
    committed before the date ``since`` (``AAAA-MM-JJ``), against revision ``after``
    (default: the files as they are now)."""
    old: Plan | None
    if since is not None:
        label = _("état au {date}").format(date=since)
        revision = history.revision_before(folder, since)
        old = history.plan_at(folder, revision) if revision is not None else None
    else:
        label = before or "HEAD"
        old = history.plan_at(folder, label)
    return between_plans(
        old,
        history.plan_at(folder, after),
        label,
        after if after is not None else _("fichiers actuels"),
    )


@dataclass(frozen=True)
class Movements:
    """What became of an action during a period: the status changes and reschedules
    decided in it, and whether it was completed, started or postponed then."""

    changes: list[StatusChange[dt.date]]
    reschedules: list[Reschedule[dt.date]]
    completed: bool
    started: bool
    postponed: bool


def movements(
    action: Action,
    now: Statut,
    start: dt.date,
    end: dt.date,
    then: ActionState | None = None,
) -> Movements:
    """The story of ``action`` from ``start`` to ``end``, ``now`` being its status at the
    end, ``then`` its state on the eve of ``start`` when the caller has it already. A
    carried-over action starts in the state it was inherited in (its first entry): that
    entry is no change of this plan's."""
    if then is None:
        then = state_at(action, start - ONE_DAY)
    inherited = (
        action.journal[0]
        if action.reprise_de
        and action.journal
        and action.journal[0].auteur == CARRY_OVER_AUTHOR
        and start <= action.journal[0].date <= end
        else None
    )
    first, due = then.statut, then.echeance
    if inherited is not None and inherited.statut is not None:
        first = inherited.statut
    if inherited is not None and inherited.echeance is not None:
        due = inherited.echeance
    window = [e for e in action.journal if e is not inherited and start <= e.date <= end]
    changes = [
        StatusChange(action, was, value, entry.date, entry.note)
        for entry, was, value in _steps(window, "statut", first)
    ]
    reschedules = [
        Reschedule(action, was, value, entry.date, entry.note)
        for entry, was, value in _steps(window, "echeance", due)
    ]
    started = first is Statut.A_VENIR and any(
        c.before is Statut.A_VENIR and c.after in (Statut.EN_COURS, Statut.EN_CONTINU)
        for c in changes
    )
    return Movements(
        changes,
        reschedules,
        now is Statut.REALISEE and first is not Statut.REALISEE,
        started,
        now is Statut.REPORTEE and bool(changes),
    )


def _steps(
    entries: list[EntreeJournal], name: str, first: Any
) -> list[tuple[EntreeJournal, Any, Any]]:
    """Each entry that changes field ``name``, with the value before it and its own;
    entries of one day apply in their order."""
    found, current = [], first
    for entry in entries:
        value = getattr(entry, name)
        if value is not None and value != current:
            found.append((entry, current, value))
            current = value
    return found

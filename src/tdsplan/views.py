"""What the status screen and the journal show: action lines, watch lists, filters.

Every function takes the reference date (``as_of``) as an argument: nothing here
reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from tdsplan.elements import Element, actions_of, find
from tdsplan.errors import UsageError
from tdsplan.fiscal import PlanPosition, months_before, period_position, plan_period
from tdsplan.i18n import _
from tdsplan.indicators import Reading, readings
from tdsplan.models import Action, EntreeJournal, Objectif, Orientation, Plan
from tdsplan.state import ActionState, Rollup, last_entry, plan_state
from tdsplan.typed import funder_id, parse_lead, parse_status, parse_territory, plain
from tdsplan.vocabulary import Statut, fold

T = TypeVar("T")


@dataclass(frozen=True)
class Thresholds:
    """How far ahead a due date is « proche », and how long without news is « silence »:
    ``months`` for an action under way, ``continuous`` for one *en continu* (whose news
    come rarer), or ``months`` when it is longer."""

    days: int = 90
    months: int = 6
    continuous: int = 12

    def silence(self, statut: Statut) -> int:
        """How many months without news make an action of ``statut`` silent."""
        return max(self.months, self.continuous) if statut is Statut.EN_CONTINU else self.months


def thresholds(plan: Plan, days: int | None = None, months: int | None = None) -> Thresholds:
    """The thresholds of ``plan.yaml`` (its ``suivi`` block), ``days`` and ``months`` first."""
    return Thresholds(
        plan.suivi.echeance_jours if days is None else days,
        plan.suivi.silence_mois if months is None else months,
        plan.suivi.silence_continu_mois,
    )


@dataclass
class ActionLine:
    """An action on the view's date, with what a line about it shows."""

    action: Action
    state: ActionState
    orientation: Orientation | None = None
    objectif: Objectif | None = None
    echeance: dt.date | None = None
    porteur: str | None = None
    derniere_entree: dt.date | None = None
    #: Since when nothing was heard of it: its last entry, or when it was due to start,
    #: never before the day it was added to the plan.
    nouvelles: dt.date | None = None

    def due_within(self, as_of: dt.date, days: int) -> bool:
        """Due in the next ``days`` days (today included) and not done yet."""
        return bool(
            self.echeance
            and self.state.statut.can_be_late
            and as_of <= self.echeance <= as_of + dt.timedelta(days=days)
        )

    def silent_for(self, as_of: dt.date, months: int | Thresholds) -> bool:
        """Under way (or due to have started) with no journal entry for ``months`` months
        (or, given thresholds, those of its status: see :meth:`Thresholds.silence`)."""
        if self.state.statut in (Statut.REALISEE, Statut.ABANDONNEE) or self.nouvelles is None:
            return False
        if isinstance(months, Thresholds):
            months = months.silence(self.state.statut)
        return self.nouvelles <= months_before(as_of, months)


def action_line(
    plan: Plan,
    orientation: Orientation,
    objectif: Objectif,
    action: Action,
    state: ActionState,
    as_of: dt.date,
) -> ActionLine:
    """What a line about ``action`` on ``as_of`` shows."""
    last = last_entry(action, as_of)
    started = action.debut or plan_period(plan)[0]
    heard = max(last or started, action.ajoutee_le or dt.date.min)
    return ActionLine(
        action, state, orientation, objectif, state.echeance, state.porteur, last, heard
    )


@dataclass
class ObjectifView:
    objectif: Objectif
    rollup: Rollup
    actions: list[ActionLine]


@dataclass
class OrientationView:
    orientation: Orientation
    rollup: Rollup
    objectifs: list[ObjectifView]


def _itself(item: Any) -> ActionLine:
    """The line of an :class:`ActionLine`: the default view of :meth:`Watch.of`."""
    return item


@dataclass(frozen=True)
class IndicatorLine:
    """An indicator read on the view's date, with the action that measures it."""

    action: Action
    reading: Reading


def off_track(plan: Plan, as_of: dt.date) -> list[IndicatorLine]:
    """The indicators labelled « en retard » on ``as_of`` against the plan's target (as
    ``show`` reads them), least attained first, then in plan order."""
    found = [
        IndicatorLine(action, reading)
        for _o, _ob, action in plan.iter_actions()
        for reading in readings(plan, action, as_of)
        if reading.label == "en_retard"
    ]
    return sorted(found, key=lambda line: line.reading.attainment or 0.0)


@dataclass
class Watch(Generic[T]):
    """What needs attention on a date: late actions, those due soon, those without news,
    and (on the status screen) the indicators off track.

    The items are :class:`ActionLine` for the status screen, or whatever a view wraps
    around them (the site's pages), found by ``line``."""

    thresholds: Thresholds
    late: list[T] = field(default_factory=list)
    due_soon: list[T] = field(default_factory=list)
    silent: list[T] = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.late) + len(self.due_soon) + len(self.silent) + len(self.indicators)

    @classmethod
    def of(
        cls,
        items: Iterable[T],
        as_of: dt.date,
        limits: Thresholds,
        line: Callable[[T], ActionLine] = _itself,
        said: bool = False,
    ) -> Watch[T]:
        """Late actions, open actions due within ``limits.days`` days (soonest first) and
        actions under way without news for ``limits.months`` months, or *en continu* for
        ``limits.continuous`` (longest first). ``said``: late as people outside are told
        (:attr:`tdsplan.state.ActionState.said_late`: a postponed action past its due date
        is said postponed, not late), for the public site."""
        watch: Watch[T] = cls(limits)
        for item in items:
            shown = line(item)
            if shown.state.said_late if said else shown.state.en_retard:
                watch.late.append(item)
            elif shown.due_within(as_of, limits.days):
                watch.due_soon.append(item)
            if shown.silent_for(as_of, limits):
                watch.silent.append(item)
        watch.due_soon.sort(key=lambda item: line(item).echeance or as_of)
        watch.silent.sort(key=lambda item: line(item).nouvelles or as_of)
        return watch


@dataclass
class StatusView:
    """The plan on a date, ready to present; filters select which actions are listed."""

    plan: Plan
    as_of: dt.date
    rollup: Rollup
    orientations: list[OrientationView]
    shown: int
    filtered: bool
    period: PlanPosition | None = None
    watch: Watch | None = None
    #: The repository's plans when it has several: tdsplan.repository.Mention, which
    #: this module cannot import (the repository reads plans through it).
    plans: list[Any] = field(default_factory=list)

    def lines(self) -> list[ActionLine]:
        """The listed actions, in plan order."""
        return [line for o in self.orientations for ob in o.objectifs for line in ob.actions]


@dataclass(frozen=True)
class Filters:
    """Which actions a view lists. ``late`` selects the actions late on the date;
    ``due_within`` (days) and ``silent_for`` (months) those the watch lists would name."""

    statuts: frozenset[Statut] = frozenset()
    late: bool = False
    porteur: str | None = None
    orientation: str | None = None
    due_within: int | None = None
    silent_for: int | None = None
    territoire: str | None = None
    bailleur: str | None = None
    #: The months of silence of an action *en continu*, when longer than ``silent_for``.
    silent_continuous: int = 12

    def __bool__(self) -> bool:
        return bool(
            self.statuts
            or self.late
            or self.porteur
            or self.orientation
            or self.due_within is not None
            or self.silent_for is not None
            or self.territoire
            or self.bailleur
        )

    def keeps(self, line: ActionLine, as_of: dt.date) -> bool:
        if (
            self.orientation
            and line.orientation is not None
            and line.orientation.id != self.orientation
        ):
            return False
        state = line.state
        wanted = state.statut in self.statuts or (self.late and state.en_retard)
        if (self.statuts or self.late) and not wanted:
            return False
        if self.porteur and plain(self.porteur) not in plain(line.porteur or ""):
            return False
        if self.territoire and self.territoire not in line.action.territoires:
            return False
        if self.bailleur and self.bailleur not in line.action.bailleurs:
            return False
        if self.due_within is not None and not line.due_within(as_of, self.due_within):
            return False
        return self.silent_for is None or line.silent_for(
            as_of, Thresholds(months=self.silent_for, continuous=self.silent_continuous)
        )


def parse_filters(
    statuses: list[str],
    porteur: str | None,
    orientation: str | None,
    plan: Plan,
    *,
    late: bool = False,
    due_within: int | None = None,
    silent_for: int | None = None,
    territoire: str | None = None,
    bailleur: str | None = None,
) -> Filters:
    """Filters from command-line words; ``en_retard`` (or ``late``) is accepted as a status.

    Every value that names something of the plan (status, lead, orientation, territory,
    funder) is checked: one that names nothing is a :class:`UsageError` with the nearest
    suggested, never an empty list."""
    chosen = set()
    for word in statuses:
        if fold(word) in ("en_retard", "retard", "late", "overdue"):
            late = True
        else:
            chosen.add(parse_status(word))
    if orientation is not None and orientation not in {o.id for o in plan.orientations}:
        find(plan, orientation)  # raises with a hint
        raise UsageError(_("« {id} » n’est pas une orientation").format(id=orientation))
    for value in (due_within, silent_for):
        if value is not None and value < 0:
            raise UsageError(_("durée négative : {value}").format(value=value))
    if porteur is not None:
        porteur = parse_lead(porteur, plan)
    if territoire is not None:
        territoire = parse_territory(territoire, plan)
    if bailleur is not None:
        bailleur = funder_id(plan, bailleur)
    return Filters(
        frozenset(chosen),
        late,
        porteur,
        orientation,
        due_within,
        silent_for,
        territoire,
        bailleur,
        plan.suivi.silence_continu_mois,
    )


def status_view(
    plan: Plan, as_of: dt.date, filters: Filters = Filters(), limits: Thresholds | None = None
) -> StatusView:
    """The whole plan on ``as_of``: progress and counts over every action, listing those
    the filters keep, and the watch lists (late, due soon, without news, indicators off
    track) over them all. Groups with no listed action are left out when filtering."""
    state = plan_state(plan, as_of)
    limits = limits or thresholds(plan)
    every_line: list[ActionLine] = []
    orientations, shown = [], 0
    for o in state.orientations:
        objectifs = []
        for ob in o.objectifs:
            every = [
                action_line(plan, o.orientation, ob.objectif, a, s, as_of) for a, s in ob.actions
            ]
            every_line += every
            lines = [line for line in every if filters.keeps(line, as_of)]
            shown += len(lines)
            if lines or not filters:
                objectifs.append(ObjectifView(ob.objectif, ob.rollup, lines))
        if objectifs:
            orientations.append(OrientationView(o.orientation, o.rollup, objectifs))
    watch = Watch.of(every_line, as_of, limits)
    watch.indicators = off_track(plan, as_of)
    return StatusView(
        plan,
        as_of,
        state.rollup,
        orientations,
        shown,
        bool(filters),
        period_position(plan, as_of),
        watch,
    )


@dataclass(frozen=True)
class LogLine:
    """One journal entry with the action it belongs to."""

    action: Action
    entry: EntreeJournal
    #: The entry's number in its action's journal (1 = oldest), as ``amend`` takes it.
    number: int = 0


def journal(
    plan: Plan,
    element: Element | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[LogLine]:
    """Journal entries of the plan (or of one branch), oldest first, within the dates given
    (both included); entries of one day keep the plan's order."""
    lines = [
        LogLine(action, entry, number)
        for action in actions_of(element or plan)
        for number, entry in enumerate(action.journal, 1)
        if (since is None or entry.date >= since) and (until is None or entry.date <= until)
    ]
    return sorted(lines, key=lambda line: line.entry.date)

"""The plan at a date: each action's state replayed from its journal, and the roll-ups.

An action carried over from an earlier plan (``reprise_de``) starts from what it
inherits (:class:`tdsplan.models.Heritage`, see :func:`heritage`) instead of *à venir*.
Every function takes the reference date (``as_of``) as an argument: nothing here
reads the clock.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from tdsplan.fiscal import fiscal_year
from tdsplan.indicators import value_at
from tdsplan.models import (
    Action,
    Formule,
    Heritage,
    Mesure as Mesure,  # re-exported: the views' type
    Objectif,
    Orientation,
    Plan,
)
from tdsplan.vocabulary import Statut


class ActionState(NamedTuple):
    """An action as it stood on a date: every field the journal dates.

    ``echeance`` and ``porteur`` are those in force on the date; ``indicateurs``
    maps each indicator's name to the last value known on the date (absent when
    none was known yet)."""

    statut: Statut
    avancement: int | None
    en_retard: bool
    echeance: dt.date | None = None
    porteur: str | None = None
    indicateurs: dict[str, Mesure] = {}  # noqa: RUF012 - never mutated

    @property
    def said_late(self) -> bool:
        """Late as the reports and the public site say it: past due and not done, and not
        postponed (a postponed action is said once, as postponed, with its reason)."""
        return self.en_retard and self.statut is not Statut.REPORTEE

    @property
    def said_progress(self) -> int | None:
        """The progress a report's table says beside the status: none for a done action,
        whose 100 % the status says already (« Réalisée », not « Réalisée (100 %) »)."""
        return None if self.statut is Statut.REALISEE else self.avancement

    def credit(self, formule: Formule) -> int | None:
        """The percentage this action counts for, or ``None`` when it is left out."""
        if self.statut is Statut.ABANDONNEE:
            return None
        if formule.avancement_explicite and self.avancement is not None:
            return self.avancement
        return getattr(formule.par_statut, self.statut.value)


#: Journal fields replayed by :func:`state_at`, with what they are before the journal's
#: first entry that sets them.
JOURNAL_FIELDS = ("statut", "avancement", "echeance", "porteur")


#: Who signed the journal entry that ``init --from`` wrote into each carried action
#: before carry-over became a link; such an entry is the inherited state, not a change.
CARRY_OVER_AUTHOR = "tdsplan init"


def baseline(action: Action, name: str) -> Any:
    """What field ``name`` of ``action`` was before the first journal entry that sets it:
    what it inherits if it continues an earlier plan's action, else its starting value."""
    if action.heritage is not None:
        return getattr(action.heritage, name)
    return {
        "statut": Statut.A_VENIR,
        "avancement": None,
        "echeance": action.echeance_initiale,
        "porteur": action.porteur_initial,
    }[name]


def heritage(origin: Action, plan: Plan, link: str) -> Heritage:
    """What an action continuing ``origin`` (an action of ``plan``, named by ``link``)
    inherits: ``origin``'s state on the last day of ``plan``, each indicator's value with
    the day it was measured."""
    last_day = fiscal_year(plan, plan.periode.fin - 1)[1]
    state = state_at(origin, last_day)
    return Heritage(
        link, state.statut, state.avancement, state.echeance, state.porteur, dict(state.indicateurs)
    )


def state_at(action: Action, as_of: dt.date) -> ActionState:
    """The state of ``action`` on ``as_of``, replayed from its journal.

    Each dated field (status, progress, due date, lead, each indicator's value) is
    that of the last journal entry dated on or before ``as_of`` that sets it; before
    the first such entry it is its starting value (*à venir*, no progress,
    ``echeance_initiale``, ``porteur_initial``, no value). A field the journal never
    sets keeps the action's own value at every date (an indicator's ``reel``, then
    without a measurement date). A carried action (:attr:`Action.heritage`) starts from
    what it inherits: each field its own journal has not set yet is the inherited one.
    """
    # One pass: what each field was on the date, and whether the journal ever sets it
    # (if so, its value before the first entry is the starting one, not the action's).
    then: dict[str, Any] = {}
    ever: set[str] = set()
    inherited = action.heritage
    known: dict[str, Mesure] = dict(inherited.indicateurs) if inherited is not None else {}
    measured: set[str] = set(known)
    for entry in action.journal:
        before = entry.date <= as_of
        for name in JOURNAL_FIELDS:
            value = getattr(entry, name)
            if value is not None:
                ever.add(name)
                if before:
                    then[name] = value
        for name, value in entry.indicateurs.items():
            measured.add(name)
            if before:
                known[name] = Mesure(value, entry.date)
    values = {
        name: then[name]
        if name in then
        else baseline(action, name)
        if name in ever or inherited is not None
        else getattr(action, name)
        for name in JOURNAL_FIELDS
    }
    for indicator in action.indicateurs:
        if indicator.reel is not None and indicator.nom not in measured:
            known[indicator.nom] = Mesure(indicator.reel, None)
        elif indicator.nature == "cumul" and indicator.nom in known:
            total = value_at(action, indicator, as_of)[0]  # a count is the sum of its measures
            known[indicator.nom] = Mesure(total or 0.0, known[indicator.nom].date)
    statut, echeance = values["statut"], values["echeance"]
    late = _late(statut, echeance, as_of)
    return ActionState(statut, values["avancement"], late, echeance, values["porteur"], known)


def _late(statut: Statut, echeance: dt.date | None, day: dt.date) -> bool:
    """Whether an action of ``statut`` due on ``echeance`` is late on ``day``."""
    return bool(echeance and echeance < day and statut.can_be_late)


def states_at(action: Action, days: Sequence[dt.date]) -> list[ActionState]:
    """:func:`state_at` on each of ``days`` (ascending), the journal read once, without the
    indicators' values (``indicateurs`` left empty): what the roll-ups of several dates and
    the stories of a period need (status, progress, due date, lead)."""
    count = len(days)
    # Each entry counts from the first of the days it is on or before; on a day, a field is
    # that of the entry setting it that comes last in the journal among those counted.
    found: dict[str, list[tuple[int, Any] | None]] = {}
    ever: set[str] = set()
    for position, entry in enumerate(action.journal):
        first = bisect_left(days, entry.date)
        for name in JOURNAL_FIELDS:
            value = getattr(entry, name)
            if value is not None:
                ever.add(name)
                if first < count:
                    slots = found.get(name) or found.setdefault(name, [None] * count)
                    slots[first] = (position, value)
    inherited = action.heritage is not None
    values = {
        name: baseline(action, name) if name in ever or inherited else getattr(action, name)
        for name in JOURNAL_FIELDS
    }
    since = dict.fromkeys(found, -1)  # the position of the entry each value comes from
    result: list[ActionState] = []
    state = None  # the same state from one day to the next while nothing changes
    for index, day in enumerate(days):
        changed = False
        for name, slots in found.items():
            slot = slots[index]
            if slot is not None and slot[0] > since[name]:
                since[name], values[name] = slot
                changed = True
        statut, echeance = values["statut"], values["echeance"]
        late = _late(statut, echeance, day)
        if state is None or changed or late is not state.en_retard:
            state = ActionState(statut, values["avancement"], late, echeance, values["porteur"])
        result.append(state)
    return result


@dataclass
class Rollup:
    """Progress and status counts of a group of actions."""

    avancement: float | None = None
    statuts: Counter[Statut] = field(default_factory=Counter)
    en_retard: int = 0
    total: int = 0
    #: The late ones as the reports and the site count them (:attr:`ActionState.said_late`).
    said_late: int = 0

    def data(self) -> dict[str, Any]:
        """JSON-ready: progress (one decimal), number of actions, counts by status key."""
        return {
            "avancement": None if self.avancement is None else round(self.avancement, 1),
            "nb_actions": self.total,
            "statuts": {s.value: self.statuts.get(s, 0) for s in Statut},
            "en_retard": self.en_retard,
        }


def rollup(states: list[tuple[Action, ActionState]], formule: Formule) -> Rollup:
    """Weighted mean of the actions' credits; abandoned actions are left out of the mean."""
    result = Rollup(total=len(states))
    weighted = weights = 0.0
    for action, state in states:
        result.statuts[state.statut] += 1
        result.en_retard += state.en_retard
        result.said_late += state.said_late
        credit = state.credit(formule)
        if credit is not None:
            weighted += action.poids * credit
            weights += action.poids
    result.avancement = weighted / weights if weights else None
    return result


@dataclass
class ObjectifState:
    objectif: Objectif
    rollup: Rollup
    actions: list[tuple[Action, ActionState]]


@dataclass
class OrientationState:
    orientation: Orientation
    rollup: Rollup
    objectifs: list[ObjectifState]


@dataclass
class PlanState:
    """Every action's state on a date, with the roll-up of each objective, orientation
    and of the plan: the one tree that the status screen, ``show``, the reports, the
    site and the exports are made of."""

    rollup: Rollup
    orientations: list[OrientationState]
    _index: dict[str, Any] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for o in self.orientations:
            self._index[o.orientation.id] = o
            for ob in o.objectifs:
                self._index[ob.objectif.id] = ob
                self._index.update((a.id, s) for a, s in ob.actions)

    def action(self, identifier: str) -> ActionState:
        """The state of the action with this ID (``KeyError`` if there is none)."""
        found = self._index[identifier]
        if not isinstance(found, ActionState):
            raise KeyError(identifier)
        return found

    def group(self, identifier: str) -> OrientationState | ObjectifState:
        """The orientation or objective with this ID, with its roll-up."""
        found = self._index[identifier]
        if isinstance(found, ActionState):
            raise KeyError(identifier)
        return found


def plan_state(plan: Plan, as_of: dt.date) -> PlanState:
    """The plan on ``as_of``: each action's state and every level's roll-up."""
    formule = plan.avancement
    every: list[tuple[Action, ActionState]] = []
    orientations = []
    for orientation in plan.orientations:
        objectifs = []
        for objectif in orientation.objectifs:
            states = [(a, state_at(a, as_of)) for a in objectif.actions]
            objectifs.append(ObjectifState(objectif, rollup(states, formule), states))
        o_states = [pair for ob in objectifs for pair in ob.actions]
        every += o_states
        orientations.append(OrientationState(orientation, rollup(o_states, formule), objectifs))
    return PlanState(rollup(every, formule), orientations)


def last_entry(action: Action, as_of: dt.date) -> dt.date | None:
    """The date of the last journal entry on or before ``as_of``."""
    last = None
    for entry in action.journal:
        if entry.date > as_of:
            break
        last = entry.date
    return last

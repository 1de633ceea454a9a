"""Questions asked of a loaded plan: its state at a date, its progress, its elements.

Every function takes the reference date (``as_of``) as an argument: nothing here
reads the clock.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, NamedTuple, TypeVar

from tdsplan.errors import UnknownIdError, UsageError, clip
from tdsplan.figures import count, number
from tdsplan.i18n import _
from tdsplan.models import (
    MAX_NUMBER,
    Action,
    EntreeJournal,
    Formule,
    Objectif,
    Orientation,
    Plan,
)
from tdsplan.suggest import closest, did_you_mean
from tdsplan.vocabulary import STATUS_ALIASES, Statut, fold

T = TypeVar("T")


class Mesure(NamedTuple):
    """An indicator's value as known on a date, and the day it was measured
    (``None`` for a value written without a dated measurement)."""

    valeur: float
    date: dt.date | None


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


def baseline(action: Action, name: str):
    """What field ``name`` of ``action`` was before the first journal entry that sets it."""
    return {"statut": Statut.A_VENIR, "avancement": None,
            "echeance": action.echeance_initiale, "porteur": action.porteur_initial}[name]


def state_at(action: Action, as_of: dt.date) -> ActionState:
    """The state of ``action`` on ``as_of``, replayed from its journal.

    Each dated field (status, progress, due date, lead, each indicator's value) is
    that of the last journal entry dated on or before ``as_of`` that sets it; before
    the first such entry it is its starting value (*à venir*, no progress,
    ``echeance_initiale``, ``porteur_initial``, no value). A field the journal never
    sets keeps the action's own value at every date (an indicator's ``reel``, then
    without a measurement date).
    """
    # One pass: what each field was on the date, and whether the journal ever sets it
    # (if so, its value before the first entry is the starting one, not the action's).
    then: dict[str, object] = {}
    ever: set[str] = set()
    known: dict[str, Mesure] = {}
    measured: set[str] = set()
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
    values = {name: then[name] if name in then else
              baseline(action, name) if name in ever else getattr(action, name)
              for name in JOURNAL_FIELDS}
    for indicator in action.indicateurs:
        if indicator.reel is not None and indicator.nom not in measured:
            known[indicator.nom] = Mesure(indicator.reel, None)
    statut, echeance = values["statut"], values["echeance"]
    late = bool(echeance and echeance < as_of and statut.can_be_late)
    return ActionState(statut, values["avancement"], late, echeance, values["porteur"], known)


@dataclass
class Rollup:
    """Progress and status counts of a group of actions."""

    avancement: float | None = None
    statuts: Counter[Statut] = field(default_factory=Counter)
    en_retard: int = 0
    total: int = 0

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
        credit = state.credit(formule)
        if credit is not None:
            weighted += action.poids * credit
            weights += action.poids
    result.avancement = weighted / weights if weights else None
    return result


# ---------------------------------------------------------------- dates and years

def fiscal_year(plan: Plan, start_year: int) -> tuple[dt.date, dt.date]:
    """First and last day of the fiscal year that starts in ``start_year``."""
    month, day = (int(part) for part in plan.debut_exercice.split("-"))
    start = dt.date(start_year, month, day)
    end = dt.date(start_year + 1, month, day) - dt.timedelta(days=1)
    return start, end


def fiscal_year_of(plan: Plan, date: dt.date) -> int:
    """The start year of the fiscal year holding ``date``."""
    return date.year if date >= fiscal_year(plan, date.year)[0] else date.year - 1


def plan_period(plan: Plan) -> tuple[dt.date, dt.date]:
    """First and last day of the plan: 2018-2023 runs from 1 April 2018 to 31 March 2023."""
    return fiscal_year(plan, plan.periode.debut)[0], fiscal_year(plan, plan.periode.fin - 1)[1]


_YEAR = re.compile(r"^\s*(\d{4})\s*(?:[-/]\s*(\d{2}|\d{4}))?\s*$")


def parse_fiscal_year(text: str) -> int:
    """The start year of ``2019-2020``, ``2019-20`` or ``2019``; a usage error otherwise."""
    match = _YEAR.match(text)
    if match:
        start = int(match.group(1))
        end = match.group(2)
        if (end is None or int(end) in (start + 1, (start + 1) % 100)) \
                and FIRST_DATE.year <= start < LAST_DATE.year:
            return start
    raise UsageError(_("exercice « {text} » invalide : écrivez par exemple 2019-2020 ou 2019")
                     .format(text=text))


#: Dates a view is asked about: the years a plan may cover, with room around them (a
#: fiscal year of year 1 would start before the calendar does).
FIRST_DATE, LAST_DATE = dt.date(1800, 1, 1), dt.date(3999, 12, 31)


def parse_date(text: str) -> dt.date:
    """A ``YYYY-MM-DD`` date; a usage error otherwise."""
    try:
        date = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(_("date « {text} » invalide : écrivez-la AAAA-MM-JJ, par exemple "
                           "2021-03-31").format(text=text)) from None
    if not FIRST_DATE <= date <= LAST_DATE:
        raise UsageError(_("date « {text} » hors des années qu’un plan peut couvrir ({first} à "
                           "{last})").format(text=text, first=FIRST_DATE.year,
                                            last=LAST_DATE.year))
    return date


def plan_fiscal_year(plan: Plan, start_year: int | str) -> int:
    """The start year of a fiscal year of ``plan`` (``2019``, or ``"2019-2020"`` as typed);
    a usage error naming the plan's period when the year is outside it. The fiscal year
    after the plan's end is accepted (a late bilan, the plan's last entries)."""
    if isinstance(start_year, str):
        start_year = parse_fiscal_year(start_year)
    first, last = plan.periode.debut, plan.periode.fin
    if not first <= start_year <= last:
        raise UsageError(_(
            "exercice {start}-{end} hors de la période du plan ({first}-{last}) : choisissez "
            "un exercice de {first}-{second} à {late}-{late_end} (un an de plus pour un bilan "
            "tardif)").format(start=start_year, end=start_year + 1, first=first, last=last,
                              second=first + 1, late=last, late_end=last + 1))
    return start_year


def reference_date(plan: Plan, today: dt.date, as_of: str | None = None,
                   year: str | None = None) -> dt.date:
    """The date a command looks at: ``as_of``, the end of fiscal ``year``
    (or ``today`` if that year is not over), or ``today``. A year outside the plan's
    period is refused (see :func:`plan_fiscal_year`)."""
    if as_of is not None:
        return parse_date(as_of)
    if year is not None:
        return min(fiscal_year(plan, plan_fiscal_year(plan, year))[1], today)
    return today


#: A number as a person types it: ASCII digits, spaces (plain, non-breaking or narrow)
#: between groups of three, one decimal comma or point; a sign in front.
_NUMBER = re.compile(r"([+-]?)(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d+))?", re.ASCII)


def parse_number(text: str | float, *, signed: bool = True) -> float:
    """The number a person typed, on the command line or in a spreadsheet's cell.

    Text is ASCII digits, with spaces between groups of three (« 1 000 ») and one decimal
    comma or point (``3,5``, ``3.5``), and a sign in front if ``signed``; a spreadsheet's
    number cell comes as a float. Refused, with a :class:`UsageError` saying why but not
    where (the caller knows: an option, a cell): other scripts' digits (``١٢``), ``_``,
    exponents (``1e13``), ``inf`` and ``nan``, and anything beyond
    :data:`~tdsplan.models.MAX_NUMBER` either way, the bound of the plan's files.
    """
    if isinstance(text, bool):
        raise UsageError(_("« {text} » n’est pas un nombre").format(text=text))
    if isinstance(text, float) and not math.isfinite(text):
        raise UsageError(_("« {text} » n’est pas un nombre fini : écrivez un nombre").format(
            text=text))
    if isinstance(text, int | float):
        value = float(text)
        shown = count(int(value)) if value.is_integer() and abs(value) < 1e300 else str(text)
        negative = value < 0
    else:
        shown = clip(text.strip())
        match = _NUMBER.fullmatch(text.strip())
        if match is None:
            raise UsageError(_("nombre « {text} » illisible : des chiffres (0 à 9), avec une "
                               "virgule ou un point pour les décimales, par exemple 24 ou 3,5")
                             .format(text=shown))
        sign, whole, decimals = match.groups()
        value = float(sign + re.sub(r"\D", "", whole) + "." + (decimals or "0"))
        negative = sign == "-"
    high = count(int(MAX_NUMBER))
    if negative and not signed:
        raise UsageError(_("« {text} » est négatif : un nombre de 0 à {high} est attendu ici")
                         .format(text=shown, high=high))
    if not -MAX_NUMBER <= value <= MAX_NUMBER:  # a long enough text is infinite: out too
        raise UsageError(_("« {text} » hors limites : un nombre de {low} à {high} est "
                           "attendu").format(text=shown, high=high,
                                             low=count(int(-MAX_NUMBER if signed else 0))))
    return value + 0.0  # never -0.0


def parse_percent(text: str | float) -> int:
    """A percentage a person typed: a whole number from 0 to 100 (``40``, ``40 %``,
    ``40,0``), through :func:`parse_number`; a :class:`UsageError` otherwise."""
    if isinstance(text, str):
        text = text.strip().removesuffix("%").strip()
    try:
        value = parse_number(text, signed=False)
    except UsageError:
        value = None
    if value is None or not value.is_integer() or value > 100:
        raise UsageError(_("avancement « {text} » invalide : un nombre entier de 0 à 100")
                         .format(text=clip(text) if isinstance(text, str) else number(text)))
    return int(value)


def parse_status(text: str) -> Statut:
    """A status from what a person typed: key, French label (accents optional) or English."""
    statut = STATUS_ALIASES.get(fold(text))
    if statut is None:
        keys = [s.value for s in Statut]
        hint = did_you_mean(fold(text), STATUS_ALIASES, label=lambda w: STATUS_ALIASES[w].value)
        raise UsageError(_("statut inconnu « {text} »").format(text=text) + hint + _(
            " ; valeurs permises : {values}").format(values=", ".join(keys)))
    return statut


# ---------------------------------------------------------------- elements

Element = Orientation | Objectif | Action


def find(plan: Plan, identifier: str) -> Element:
    """The orientation, objective or action with this ID; a usage error with a hint otherwise."""
    wanted = identifier.strip()
    ids: list[str] = []
    for orientation in plan.orientations:
        ids.append(orientation.id)
        if orientation.id == wanted:
            return orientation
        for objectif in orientation.objectifs:
            ids.append(objectif.id)
            if objectif.id == wanted:
                return objectif
            for action in objectif.actions:
                ids.append(action.id)
                if action.id == wanted:
                    return action
    raise UnknownIdError(wanted, closest(wanted, ids, n=3, cutoff=0.5))


def parents(plan: Plan, element: Element) -> tuple[Orientation | None, Objectif | None]:
    """The orientation and objective an element belongs to (``None`` above its level)."""
    for orientation in plan.orientations:
        if element is orientation:
            return None, None
        for objectif in orientation.objectifs:
            if element is objectif:
                return orientation, None
            if any(element is a for a in objectif.actions):
                return orientation, objectif
    raise ValueError("élément hors du plan")


def actions_of(element: Element | Plan) -> list[Action]:
    """Every action under an element, in plan order."""
    if isinstance(element, Action):
        return [element]
    if isinstance(element, Objectif):
        return list(element.actions)
    if isinstance(element, Orientation):
        return [a for o in element.objectifs for a in o.actions]
    return [a for _, _, a in element.iter_actions()]


# ---------------------------------------------------------------- the plan on a date

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


# ---------------------------------------------------------------- what needs attention

def last_entry(action: Action, as_of: dt.date) -> dt.date | None:
    """The date of the last journal entry on or before ``as_of``."""
    last = None
    for entry in action.journal:
        if entry.date > as_of:
            break
        last = entry.date
    return last


def months_before(date: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day when it is shorter)."""
    import calendar

    year, month = divmod(date.year * 12 + date.month - 1 - months, 12)
    return dt.date(year, month + 1, min(date.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Thresholds:
    """How far ahead a due date is « proche », and how long without news is « silence »."""

    days: int = 90
    months: int = 6


def thresholds(plan: Plan, days: int | None = None, months: int | None = None) -> Thresholds:
    """The thresholds of ``plan.yaml`` (its ``suivi`` block), ``days`` and ``months`` first."""
    return Thresholds(plan.suivi.echeance_jours if days is None else days,
                      plan.suivi.silence_mois if months is None else months)


class Period(NamedTuple):
    """Where a date stands in the plan's period: ``year`` of ``years`` while it runs."""

    start: dt.date
    end: dt.date
    year: int | None
    years: int

    @property
    def ended(self) -> bool:
        return self.year is not None and self.year > self.years

    @property
    def before(self) -> bool:
        return self.year is None


def period_position(plan: Plan, as_of: dt.date) -> Period:
    """The plan's period and the fiscal year ``as_of`` falls in (1 for the first one,
    ``years + 1`` once the period is over, ``None`` before it begins)."""
    start, end = plan_period(plan)
    years = plan.periode.fin - plan.periode.debut
    if as_of < start:
        return Period(start, end, None, years)
    if as_of > end:
        return Period(start, end, years + 1, years)
    return Period(start, end, fiscal_year_of(plan, as_of) - plan.periode.debut + 1, years)


# ---------------------------------------------------------------- the status view

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
    #: Since when nothing was heard of it (its last entry, or when it was due to start).
    nouvelles: dt.date | None = None

    def due_within(self, as_of: dt.date, days: int) -> bool:
        """Due in the next ``days`` days (today included) and not done yet."""
        return bool(self.echeance and self.state.statut.can_be_late
                    and as_of <= self.echeance <= as_of + dt.timedelta(days=days))

    def silent_for(self, as_of: dt.date, months: int) -> bool:
        """Under way (or due to have started) with no journal entry for ``months`` months."""
        if self.state.statut in (Statut.REALISEE, Statut.ABANDONNEE) or self.nouvelles is None:
            return False
        return self.nouvelles <= months_before(as_of, months)


def action_line(plan: Plan, orientation: Orientation, objectif: Objectif, action: Action,
                state: ActionState, as_of: dt.date) -> ActionLine:
    """What a line about ``action`` on ``as_of`` shows."""
    last = last_entry(action, as_of)
    started = action.debut or plan_period(plan)[0]
    return ActionLine(action, state, orientation, objectif, state.echeance,
                      state.porteur, last, last or started)


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


@dataclass
class Watch(Generic[T]):
    """What needs attention on a date: late actions, those due soon, those without news.

    The items are :class:`ActionLine` for the status screen, or whatever a view wraps
    around them (the site's pages), found by ``line``."""

    thresholds: Thresholds
    late: list[T] = field(default_factory=list)
    due_soon: list[T] = field(default_factory=list)
    silent: list[T] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.late) + len(self.due_soon) + len(self.silent)

    @classmethod
    def of(cls, items: Iterable[T], as_of: dt.date, limits: Thresholds,
           line: Callable[[T], ActionLine] = lambda item: item) -> Watch[T]:
        """Late actions, open actions due within ``limits.days`` days (soonest first) and
        actions under way without news for ``limits.months`` months (longest first)."""
        watch: Watch[T] = cls(limits)
        for item in items:
            shown = line(item)
            if shown.state.en_retard:
                watch.late.append(item)
            elif shown.due_within(as_of, limits.days):
                watch.due_soon.append(item)
            if shown.silent_for(as_of, limits.months):
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
    period: Period | None = None
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

    def __bool__(self) -> bool:
        return bool(self.statuts or self.late or self.porteur or self.orientation
                    or self.due_within is not None or self.silent_for is not None
                    or self.territoire or self.bailleur)

    def keeps(self, line: ActionLine, as_of: dt.date) -> bool:
        if self.orientation and line.orientation is not None \
                and line.orientation.id != self.orientation:
            return False
        state = line.state
        wanted = state.statut in self.statuts or (self.late and state.en_retard)
        if (self.statuts or self.late) and not wanted:
            return False
        if self.porteur and fold(self.porteur) not in fold(line.porteur or ""):
            return False
        if self.territoire and self.territoire not in line.action.territoires:
            return False
        if self.bailleur and self.bailleur not in line.action.bailleurs:
            return False
        if self.due_within is not None and not line.due_within(as_of, self.due_within):
            return False
        return self.silent_for is None or line.silent_for(as_of, self.silent_for)


def parse_filters(statuses: list[str], porteur: str | None, orientation: str | None,
                  plan: Plan, *, late: bool = False, due_within: int | None = None,
                  silent_for: int | None = None, territoire: str | None = None,
                  bailleur: str | None = None) -> Filters:
    """Filters from command-line words; ``en_retard`` (or ``late``) is accepted as a status."""
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
    if territoire is not None:
        territoire = parse_territory(territoire, plan)
    if bailleur is not None:
        bailleur = funder_id(plan, bailleur)
    return Filters(frozenset(chosen), late, porteur, orientation, due_within, silent_for,
                   territoire, bailleur)


def parse_territory(text: str, plan: Plan) -> str:
    """A territory of ``plan.yaml`` from its identifier or its name (accents, case and
    apostrophes optional)."""
    def key(word: str) -> str:
        return fold(word).replace("’", "").replace("'", "")

    names = {key(t.id): t.id for t in plan.territoires} | \
        {key(t.nom): t.id for t in plan.territoires}
    found = names.get(key(text))
    if found is None and not plan.territoires:
        raise UsageError(_("territoire inconnu « {text} » : plan.yaml n’en déclare aucun")
                         .format(text=text))
    if found is None:
        hint = did_you_mean(key(text), names, label=lambda w: names[w])
        raise UsageError(_("territoire inconnu « {text} »").format(text=text) + hint + _(
            " ; valeurs permises : {values}").format(
                values=", ".join(t.id for t in plan.territoires)))
    return found


def status_view(plan: Plan, as_of: dt.date, filters: Filters = Filters(),
                limits: Thresholds | None = None) -> StatusView:
    """The whole plan on ``as_of``: progress and counts over every action, listing those
    the filters keep, and the watch lists (late, due soon, without news) over them all.
    Groups with no listed action are left out when filtering."""
    state = plan_state(plan, as_of)
    limits = limits or thresholds(plan)
    every_line: list[ActionLine] = []
    orientations, shown = [], 0
    for o in state.orientations:
        objectifs = []
        for ob in o.objectifs:
            every = [action_line(plan, o.orientation, ob.objectif, a, s, as_of)
                     for a, s in ob.actions]
            every_line += every
            lines = [line for line in every if filters.keeps(line, as_of)]
            shown += len(lines)
            if lines or not filters:
                objectifs.append(ObjectifView(ob.objectif, ob.rollup, lines))
        if objectifs:
            orientations.append(OrientationView(o.orientation, o.rollup, objectifs))
    return StatusView(plan, as_of, state.rollup, orientations, shown, bool(filters),
                      period_position(plan, as_of), Watch.of(every_line, as_of, limits))


# ---------------------------------------------------------------- the journal

@dataclass(frozen=True)
class LogLine:
    """One journal entry with the action it belongs to."""

    action: Action
    entry: EntreeJournal
    #: The entry's number in its action's journal (1 = oldest), as ``amend`` takes it.
    number: int = 0


def journal(plan: Plan, element: Element | None = None, since: dt.date | None = None,
            until: dt.date | None = None) -> list[LogLine]:
    """Journal entries of the plan (or of one branch), oldest first, within the dates given
    (both included); entries of one day keep the plan's order."""
    lines = [LogLine(action, entry, number) for action in actions_of(element or plan)
             for number, entry in enumerate(action.journal, 1)
             if (since is None or entry.date >= since) and (until is None or entry.date <= until)]
    return sorted(lines, key=lambda line: line.entry.date)


# ---------------------------------------------------------------- extracts

def declared_id(kind: str, text: str, declared: list[tuple[str, str]]) -> str:
    """The ID of a declared territory or funder (``kind``: « territoire », « bailleur »)
    from its ID or its name, accents and case aside; a usage error with a hint otherwise."""
    def plain(words: str) -> str:
        return fold(words.replace("’", "'"))  # a typed apostrophe is the typographic one

    wanted = plain(text)
    for identifier, nom in declared:
        if wanted in (plain(identifier), plain(nom)):
            return identifier
    names = {plain(identifier): nom for identifier, nom in declared}
    names.update((plain(nom), nom) for _identifier, nom in declared)
    listed = ", ".join(nom for _identifier, nom in declared) or _("aucun")
    raise UsageError(_("{kind} « {text} » inconnu").format(kind=kind, text=text)
                     + did_you_mean(wanted, names, label=names.__getitem__)
                     + _(" ; déclarés dans plan.yaml : {names}").format(names=listed))


def funder_id(plan: Plan, text: str) -> str:
    """The ID of the funder named ``text`` (its ID or its name)."""
    return declared_id(_("bailleur"), text, [(b.id, b.nom) for b in plan.bailleurs])


def subset(plan: Plan, keep: Callable[[Action], bool]) -> Plan:
    """The plan reduced to the actions ``keep`` accepts, without the objectives and
    orientations left empty: the part of the plan a funder pays for, for instance."""
    orientations = []
    for orientation in plan.orientations:
        objectifs = []
        for objectif in orientation.objectifs:
            actions = [a for a in objectif.actions if keep(a)]
            if actions:
                objectifs.append(objectif.model_copy(update={"actions": actions}))
        if objectifs:
            orientations.append(orientation.model_copy(update={"objectifs": objectifs}))
    return plan.model_copy(update={"orientations": orientations})

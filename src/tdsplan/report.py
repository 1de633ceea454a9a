"""The annual progress report (bilan annuel): what it says, as data for the templates.

:func:`report_context` gathers everything a report shows for one period; the
templates (see :mod:`tdsplan.render`) only lay it out, so the Markdown, HTML and
PDF reports show the same numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tdsplan.errors import UsageError
from tdsplan.i18n import _
from tdsplan.models import (
    Action,
    EntreeJournal,
    Indicateur,
    Objectif,
    Orientation,
    Plan,
    Statut,
)
from tdsplan.query import (
    ActionState,
    Mesure,
    Rollup,
    fiscal_year,
    fiscal_year_of,
    parse_date,
    parse_fiscal_year,
    plan_period,
    plan_state,
    state_at,
)

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """What a report covers. ``kind`` is ``exercice`` (a fiscal year), ``periode`` (the
    whole plan) or ``date`` (the fiscal year up to a date)."""

    kind: str
    start: dt.date
    end: dt.date

    @property
    def slug(self) -> str:
        """The deterministic part of the report's file name."""
        if self.kind == "exercice":
            return f"{self.start.year}-{self.start.year + 1}"
        if self.kind == "periode":
            return f"bilan-{self.start.year}-{self.end.year}"
        return f"{self.end.isoformat()}"


def report_period(plan: Plan, today: dt.date, *, year: str | None = None,
                  as_of: str | None = None, whole: bool = False) -> Period:
    """The period a report covers.

    ``year`` gives a fiscal year (``2019`` or ``2019-2020``); ``as_of`` the fiscal
    year up to that date; ``whole`` the plan's whole period. By default, the last
    fiscal year over by ``today``, kept within the plan's period. A fiscal year
    outside the plan's period is refused, but for the one after its end (a late
    bilan).
    """
    first, last = plan_period(plan)
    if whole:
        return Period("periode", first, last)
    if as_of is not None:
        date = parse_date(as_of)
        _within_plan(plan, fiscal_year_of(plan, date))
        return Period("date", fiscal_year(plan, fiscal_year_of(plan, date))[0], date)
    if year is not None:
        start, end = fiscal_year(plan, _within_plan(plan, parse_fiscal_year(year)))
        return Period("exercice", start, end)
    last_over = fiscal_year_of(plan, today) - 1
    start, end = fiscal_year(plan, max(plan.periode.debut, min(last_over, plan.periode.fin - 1)))
    return Period("exercice", start, end)


def _within_plan(plan: Plan, start_year: int) -> int:
    """``start_year`` if its fiscal year is in the plan's period, or the year after it."""
    if not plan.periode.debut <= start_year <= plan.periode.fin:
        raise UsageError(_(
            "exercice {start}-{end} hors de la période du plan ({first}-{last}) : un bilan "
            "couvre un exercice de {first}-{second} à {late}-{late_end} (un an de plus pour un "
            "bilan tardif)").format(
                start=start_year, end=start_year + 1, first=plan.periode.debut,
                last=plan.periode.fin, second=plan.periode.debut + 1, late=plan.periode.fin,
                late_end=plan.periode.fin + 1))
    return start_year


@dataclass
class ActionReport:
    action: Action
    state: ActionState
    notes: list[EntreeJournal]


@dataclass
class ObjectifReport:
    objectif: Objectif
    rollup: Rollup
    actions: list[ActionReport]


@dataclass
class OrientationReport:
    orientation: Orientation
    rollup: Rollup
    objectifs: list[ObjectifReport]


@dataclass(frozen=True)
class Change:
    """A status change recorded during the period."""

    date: dt.date
    action: Action
    before: Statut
    after: Statut
    note: str | None


@dataclass(frozen=True)
class Reschedule:
    """A due date changed during the period: from ``before`` (``None``: none was set)
    to ``after``, decided on ``date``."""

    date: dt.date
    action: Action
    before: dt.date | None
    after: dt.date
    note: str | None


@dataclass
class Report:
    """Everything a report shows, computed once for every format."""

    plan: Plan
    period: Period
    rollup: Rollup
    orientations: list[OrientationReport]
    changes: list[Change]
    completed: list[Action]
    started: list[Action]
    postponed: list[Action]
    with_indicators: list[Action]
    due_next: list[ActionReport]
    postponed_now: list[ActionReport]
    next_year: tuple[dt.date, dt.date]
    #: Due dates changed during the period, in date order.
    reschedules: list[Reschedule] = field(default_factory=list)
    #: Each action's state at the end of the period, by ID.
    states: dict[str, ActionState] = field(default_factory=dict)

    def measured(self, action: Action, indicator: Indicateur) -> Mesure | None:
        """The value of ``indicator`` known at the end of the period, with the day it was
        measured; ``None`` when none was known yet."""
        state = self.states.get(action.id)
        return state.indicateurs.get(indicator.nom) if state is not None else None
    #: The funder whose part of the plan this report covers (its name), if any.
    bailleur: str | None = None


def build_report(plan: Plan, period: Period, *, bailleur: str | None = None) -> Report:
    """The report of ``plan`` for ``period``: state at its end, and what happened in it.

    ``bailleur`` names the funder of an extract (``plan`` then holds its actions only)."""
    end, before_start = period.end, period.start - ONE_DAY
    state = plan_state(plan, end)
    orientations: list[OrientationReport] = []
    changes: list[Change] = []
    completed, started, postponed = [], [], []
    for o in state.orientations:
        objectifs = []
        for ob in o.objectifs:
            objectifs.append(ObjectifReport(ob.objectif, ob.rollup, [
                ActionReport(a, s, [e for e in a.journal if period.start <= e.date <= end])
                for a, s in ob.actions]))
            for action, now in ob.actions:
                first = state_at(action, before_start).statut
                found = _changes(action, first, period)
                changes += found
                if now.statut is Statut.REALISEE and first is not Statut.REALISEE:
                    completed.append(action)
                if first is Statut.A_VENIR and any(c.before is Statut.A_VENIR and c.after in (
                        Statut.EN_COURS, Statut.EN_CONTINU) for c in found):
                    started.append(action)
                if now.statut is Statut.REPORTEE and found:
                    postponed.append(action)
        orientations.append(OrientationReport(o.orientation, o.rollup, objectifs))
    next_year = fiscal_year(plan, fiscal_year_of(plan, end) + 1)
    lines = [a for o in orientations for ob in o.objectifs for a in ob.actions]
    reschedules = [r for line in lines for r in _reschedules(line.action, period)]
    return Report(
        plan=plan,
        period=period,
        rollup=state.rollup,
        orientations=orientations,
        changes=sorted(changes, key=lambda c: c.date),
        completed=completed,
        started=started,
        postponed=postponed,
        with_indicators=[a for _, _, a in plan.iter_actions() if a.indicateurs],
        due_next=[line for line in lines if line.state.echeance
                  and next_year[0] <= line.state.echeance <= next_year[1]
                  and line.state.statut not in (Statut.REALISEE, Statut.ABANDONNEE)],
        postponed_now=[line for line in lines if line.state.statut is Statut.REPORTEE],
        next_year=next_year,
        bailleur=bailleur,
        reschedules=sorted(reschedules, key=lambda r: r.date),
        states={line.action.id: line.state for line in lines},
    )


def _reschedules(action: Action, period: Period) -> list[Reschedule]:
    found = []
    for entry in action.journal:
        if entry.echeance is not None and period.start <= entry.date <= period.end:
            before = state_at(action, entry.date - ONE_DAY).echeance
            # Entries of one day apply in order: what was in force just before this one.
            for other in action.journal:
                if other is entry:
                    break
                if other.date == entry.date and other.echeance is not None:
                    before = other.echeance
            if before != entry.echeance:
                found.append(Reschedule(entry.date, action, before, entry.echeance, entry.note))
    return found


def _changes(action: Action, first: Statut, period: Period) -> list[Change]:
    found, current = [], first
    for entry in action.journal:
        if period.start <= entry.date <= period.end and entry.statut is not None \
                and entry.statut is not current:
            found.append(Change(entry.date, action, current, entry.statut, entry.note))
            current = entry.statut
    return found


def counts(result: Rollup) -> list[dict[str, Any]]:
    """Per status: how many actions, and what share of all of them."""
    return [{"statut": s, "nombre": result.statuts.get(s, 0),
             "part": 100 * result.statuts.get(s, 0) / result.total if result.total else 0.0}
            for s in Statut]

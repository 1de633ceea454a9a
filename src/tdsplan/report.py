"""The annual progress report (bilan annuel): what it says, as data for the templates.

:func:`report_context` gathers everything a report shows for one period; the
templates (see :mod:`tdsplan.render`) only lay it out, so the Markdown, HTML and
PDF reports show the same numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tdsplan import bilan
from tdsplan.bilan import Brief, Fact, Headline, Move, Outcome, Reason
from tdsplan.changes import Reschedule, StatusChange, movements
from tdsplan.fiscal import fiscal_year, fiscal_year_of, plan_fiscal_year, plan_period, year_label
from tdsplan.indicators import Reading, method_note, readings
from tdsplan.models import (
    Action,
    EntreeJournal,
    Indicateur,
    Objectif,
    Orientation,
    Plan,
    Statut,
)
from tdsplan.state import ActionState, Mesure, OrientationState, Rollup, plan_state
from tdsplan.typed import parse_date

if TYPE_CHECKING:
    from tdsplan.adoption import Adoption, Correction
    from tdsplan.carryover import CarryOver
    from tdsplan.editorial import Editorial
    from tdsplan.project import Project
    from tdsplan.repository import Mention


@dataclass(frozen=True)
class ReportPeriod:
    """What a report covers. ``kind`` is ``exercice`` (a fiscal year), ``periode`` (the
    whole plan), ``date`` (the fiscal year up to a date) or ``depuis`` (a meeting's
    brief: from the last meeting to this one)."""

    kind: str
    start: dt.date
    end: dt.date

    @property
    def slug(self) -> str:
        """The deterministic part of the report's file name."""
        if self.kind == "exercice":
            return year_label(self.start.year)
        if self.kind == "periode":
            return f"bilan-{self.start.year}-{self.end.year}"
        if self.kind == "depuis":
            return f"etat-{self.end.isoformat()}"
        return f"{self.end.isoformat()}"

    @property
    def label(self) -> str | None:
        """The label of the bilan it makes, for its editorial file and its adoption
        (``2019-2020``, ``2018-2023`` for the whole plan); ``None`` for a report to a date."""
        if self.kind == "exercice":
            return year_label(self.start.year)
        if self.kind == "periode":
            return f"{self.start.year}-{self.end.year}"
        return None


def report_name(period: ReportPeriod, *, bailleur: str | None = None, lang: str = "fr") -> str:
    """A report's file name, without its extension: ``rapport-2019-2020`` for a fiscal
    year, then the funder's ID for an extract (``-centraide``) and ``-en`` in English.
    :func:`yearly_report` reads it back."""
    return (
        f"rapport-{period.slug}{f'-{bailleur}' if bailleur else ''}{'-en' if lang == 'en' else ''}"
    )


_YEARLY = re.compile(r"^rapport-(\d{4})-(\d{4})(-en)?\.(pdf|md|html)$")


def yearly_report(file_name: str) -> tuple[int, str, str] | None:
    """The fiscal year (its start), format and language of a whole plan's yearly report
    as :func:`report_name` names it (``rapport-2019-2020-en.pdf``: 2019, ``pdf``,
    ``en``); ``None`` for any other file (an extract, a final bilan, a report to a date)."""
    match = _YEARLY.match(file_name)
    if match is None or int(match[2]) != int(match[1]) + 1:
        return None
    return int(match[1]), match[4], "en" if match[3] else "fr"


def report_period(
    plan: Plan,
    today: dt.date,
    *,
    year: str | None = None,
    as_of: str | None = None,
    whole: bool = False,
) -> ReportPeriod:
    """The period a report covers.

    ``year`` gives a fiscal year (``2019`` or ``2019-2020``); ``as_of`` the fiscal
    year up to that date; ``whole`` the plan's whole period. By default, the last
    fiscal year over by ``today``, kept within the plan's period. A fiscal year
    outside the plan's period is refused, but for the one after its end (a late
    bilan).
    """
    first, last = plan_period(plan)
    if whole:
        return ReportPeriod("periode", first, last)
    if as_of is not None:
        date = parse_date(as_of)
        plan_fiscal_year(plan, fiscal_year_of(plan, date))
        return ReportPeriod("date", fiscal_year(plan, fiscal_year_of(plan, date))[0], date)
    if year is not None:
        start, end = fiscal_year(plan, plan_fiscal_year(plan, year))
        return ReportPeriod("exercice", start, end)
    last_over = fiscal_year_of(plan, today) - 1
    start, end = fiscal_year(plan, max(plan.periode.debut, min(last_over, plan.periode.fin - 1)))
    return ReportPeriod("exercice", start, end)


@dataclass
class ActionReport:
    action: Action
    state: ActionState
    notes: list[EntreeJournal]

    @property
    def echeance(self) -> dt.date | None:
        """The due date in force at the report's date."""
        return self.state.echeance

    @property
    def porteur(self) -> str | None:
        """The lead in force at the report's date."""
        return self.state.porteur


@dataclass
class ObjectifReport:
    objectif: Objectif
    rollup: Rollup
    actions: list[ActionReport]


@dataclass
class OrientationReport:
    """An orientation at the report's date, and what happened to its actions in the period."""

    orientation: Orientation
    rollup: Rollup
    objectifs: list[ObjectifReport]
    completed: list[Action] = field(default_factory=list)
    started: list[Action] = field(default_factory=list)
    postponed: list[Action] = field(default_factory=list)
    notes: int = 0
    #: Each indicator of the orientation's actions, read at the report's date.
    indicators: list[tuple[Action, Reading]] = field(default_factory=list)
    #: The notes of the period, by date: the orientation's story without editorial text.
    facts: list[Fact] = field(default_factory=list)
    #: Final bilan: what became of the orientation.
    outcome: Outcome | None = None

    @property
    def quiet(self) -> bool:
        """Nothing was completed, started or postponed, and nothing was noted."""
        return not (self.completed or self.started or self.postponed or self.notes)


@dataclass(frozen=True)
class JournalLine:
    """One journal entry of the period, with the status change it made, if any."""

    date: dt.date
    action: Action
    entry: EntreeJournal
    change: StatusChange[dt.date] | None


@dataclass
class Report:
    """Everything a report shows, computed once for every format."""

    plan: Plan
    period: ReportPeriod
    rollup: Rollup
    orientations: list[OrientationReport]
    changes: list[StatusChange[dt.date]]
    journal: list[JournalLine]
    completed: list[Action]
    started: list[Action]
    postponed: list[Action]
    with_indicators: list[Action]
    due_next: list[ActionReport]
    late: list[ActionReport]
    postponed_now: list[ActionReport]
    reschedules: list[Reschedule[dt.date]]
    carried_over: list[ActionReport]
    next_year: tuple[dt.date, dt.date]
    #: Each action's state at the end of the period, by ID.
    states: dict[str, ActionState] = field(default_factory=dict)
    #: The funder whose part of the plan this report covers (its name), if any.
    bailleur: str | None = None
    #: The repository's plans, when it has several (see tdsplan.repository.mentions).
    plans: list[Mention] = field(default_factory=list)
    #: Final bilan of a plan that a later plan of the repository continues: for each
    #: action of ``carried_over``, the link of the action that takes it on there
    #: (``2023-2028/1.2.3``), absent if none does; ``None`` when no later plan is known.
    carried_into: dict[str, str] | None = None
    #: First fiscal year of a plan carried over: each inherited action and its origin.
    inherited: list[tuple[ActionReport, str]] = field(default_factory=list)
    #: Every note of the period, by date, and the year's highlights among them.
    facts: list[Fact] = field(default_factory=list)
    highlights: list[Fact] = field(default_factory=list)
    #: The words people wrote for this report (tdsplan.editorial), if any.
    editorial: Editorial | None = None
    #: This report's adoption, once recorded.
    adoption: Adoption | None = None
    #: Changes made to earlier adopted bilans' periods since their adoption.
    corrections: list[Correction] = field(default_factory=list)
    #: The plan's funders, by name, thanked in the report.
    funders: list[str] = field(default_factory=list)
    #: Final bilan: the permanent activities (« En continu »), apart from ``carried_over``.
    permanent: list[ActionReport] = field(default_factory=list)
    #: For each action postponed, abandoned or rescheduled by the end, the last entry
    #: that did it (its day, and its note: the reason), by ID.
    reasons: dict[str, Reason] = field(default_factory=dict)
    #: A meeting's brief (what changed since the last one, the decisions to take).
    brief: Brief | None = None
    #: The last note of each action's journal by the end (its day and text), by ID.
    latest: dict[str, tuple[dt.date, str]] = field(default_factory=dict)

    def measured(self, action: Action, indicator: Indicateur) -> Mesure | None:
        """The value of ``indicator`` known at the end of the period, with the day it was
        measured; ``None`` when none was known yet."""
        state = self.states.get(action.id)
        return state.indicateurs.get(indicator.nom) if state is not None else None

    def indicator_method(self, lang: str) -> str:
        """How the indicators' attainment is computed, in a paragraph (every format's)."""
        return method_note(self.plan, lang)

    @property
    def headline(self) -> Headline:
        """The cover's figures: the state at the end, apart from the period's events."""
        return bilan.headline(
            self.rollup,
            self.states,
            completed=len(self.completed),
            started=len(self.started),
            postponed=len(self.postponed),
            notes=sum(o.notes for o in self.orientations),
        )

    @property
    def moves(self) -> list[Move]:
        """Each action postponed at the end, abandoned or rescheduled in the period,
        once, by date, with its reason."""
        dropped = [
            c.action
            for c in self.changes
            if c.after is Statut.ABANDONNEE and self.states[c.action.id].statut is c.after
        ]
        postponed = [line.action for line in self.postponed_now]
        return bilan.moves(postponed + dropped, self.reschedules, self.states, self.reasons)

    @property
    def unthanked(self) -> list[str]:
        """The funders the editorial thanks do not name: the report thanks them itself."""
        said = " ".join(self.editorial.remerciements) if self.editorial else ""
        return [name for name in self.funders if name not in said]

    @property
    def entries(self) -> int:
        """How many journal entries of the period the report lists."""
        return len(self.journal)

    @property
    def final(self) -> bool:
        """The bilan of the whole plan: what is unfinished goes to the next plan."""
        return self.period.kind == "periode"


UNFINISHED = (Statut.A_VENIR, Statut.EN_COURS, Statut.REPORTEE)


def words_of(project: Project, period: ReportPeriod, plan: Plan) -> dict[str, Any]:
    """What people wrote and decided about the report of ``period``, as
    :func:`build_report` takes it: its editorial file, the adoption records of ``plan``
    (the whole plan, for a funder's extract too) and the corrections made since."""
    from tdsplan import adoption, editorial

    adoptions = adoption.records(project, plan)
    return {
        "editorial": editorial.load(project, period.label, plan) if period.label else None,
        "adoptions": adoptions,
        "corrections": adoption.corrections(project, plan, adoptions) if adoptions else [],
    }


def _at_an_end(plan: Plan, period: ReportPeriod) -> bool:
    """Whether a report says where the plan stands among the repository's plans: the
    final bilan and the last fiscal year's report (what comes next), and the first
    fiscal year's of a plan that carried actions over (where it comes from). Any other
    year's report keeps to its year, and reads the same whatever plan follows."""
    first_year = period.end <= fiscal_year(plan, plan.periode.debut)[1]
    carried = any(a.reprise_de for _, _, a in plan.iter_actions())
    return period.end >= fiscal_year(plan, plan.periode.fin - 1)[0] or (first_year and carried)


def build_report(
    plan: Plan,
    period: ReportPeriod,
    *,
    bailleur: str | None = None,
    plans: list[Mention] | None = None,
    links: CarryOver | None = None,
    editorial: Editorial | None = None,
    adoptions: list[Adoption] | None = None,
    corrections: list[Correction] | None = None,
) -> Report:
    """The report of ``plan`` for ``period``: state at its end, and what happened in it.

    ``bailleur`` names the funder of an extract (``plan`` then holds its actions only).
    ``plans`` are the repository's plans, mentioned beside this one in the reports of
    its first and last fiscal years and in the final bilan; ``links`` its
    carry-over links, which the final bilan (where each unfinished action went) and
    the first fiscal year's report (what the plan inherited) list. ``editorial`` holds
    the words people wrote for it; ``adoptions`` the plan's adoption records (the one of
    this report is said on its cover), ``corrections`` what changed in adopted
    periods since their adoption (see :func:`tdsplan.adoption.corrections`)."""
    end = period.end
    state = plan_state(plan, end)
    orientations: list[OrientationReport] = []
    changes: list[StatusChange[dt.date]] = []
    reschedules: list[Reschedule[dt.date]] = []
    journal: list[JournalLine] = []
    for o in state.orientations:
        orientations.append(_orientation_report(plan, o, period, changes, reschedules, journal))
    next_year = fiscal_year(plan, fiscal_year_of(plan, end) + 1)
    lines = [a for o in orientations for ob in o.objectifs for a in ob.actions]
    final = period.kind == "periode"
    facts = _stories(orientations, editorial, final)
    states: dict[str, ActionState] = {line.action.id: line.state for line in lines}
    report = Report(
        plan=plan,
        period=period,
        rollup=state.rollup,
        orientations=orientations,
        changes=sorted(changes, key=lambda c: c.date),
        journal=sorted(journal, key=lambda line: line.date),
        completed=[a for o in orientations for a in o.completed],
        started=[a for o in orientations for a in o.started],
        postponed=[a for o in orientations for a in o.postponed],
        with_indicators=[a for _, _, a in plan.iter_actions() if a.indicateurs],
        due_next=[] if final else _due(lines, next_year),
        late=sorted(
            (line for line in lines if line.state.said_late),
            key=lambda line: (line.echeance or dt.date.min, line.action.id),
        ),
        postponed_now=[line for line in lines if line.state.statut is Statut.REPORTEE],
        reschedules=sorted(reschedules, key=lambda r: r.date),
        carried_over=[line for line in lines if line.state.statut in UNFINISHED] if final else [],
        next_year=next_year,
        states=states,
        bailleur=bailleur,
        plans=list(plans or []) if _at_an_end(plan, period) else [],
        carried_into=dict(links.into) if links is not None and links.into and final else None,
        inherited=[
            (line, links.origins[line.action.id])
            for line in lines
            if line.action.id in links.origins
        ]
        if links is not None and period.kind != "periode" and period.start == plan_period(plan)[0]
        else [],
        facts=facts,
        highlights=bilan.highlights(facts),
        editorial=editorial,
        adoption=next((a for a in adoptions or [] if a.label == period.label), None),
        corrections=[c for c in corrections or [] if c.adoption.label != period.label],
        funders=[bailleur] if bailleur else [b.nom for b in plan.bailleurs],
        permanent=[line for line in lines if line.state.statut is Statut.EN_CONTINU]
        if final
        else [],
        reasons=bilan.reasons([(line.action, end) for line in lines]),
        latest=bilan.latest_notes([(line.action, end) for line in lines]),
    )
    return report


def _due(lines: list[ActionReport], year: tuple[dt.date, dt.date]) -> list[ActionReport]:
    """The actions not done nor abandoned due in ``year``, by due date."""
    due = [
        line
        for line in lines
        if line.echeance
        and year[0] <= line.echeance <= year[1]
        and line.state.statut not in (Statut.REALISEE, Statut.ABANDONNEE)
    ]
    return sorted(due, key=lambda line: (line.echeance or dt.date.min, line.action.id))


def _stories(
    orientations: list[OrientationReport], editorial: Editorial | None, final: bool
) -> list[Fact]:
    """Every note of the period, by date. The final bilan gives each orientation its
    outcome, with the board's verdict, and keeps of its five years of notes those that
    tell an outcome."""
    facts = sorted((f for o in orientations for f in o.facts), key=lambda f: f.date)
    if not final:
        return facts
    for told in orientations:
        told.facts = bilan.telling(told.facts)
        verdict = editorial.verdicts.get(told.orientation.id) if editorial else None
        told.outcome = bilan.outcome(
            [a.state for ob in told.objectifs for a in ob.actions], told.indicators, verdict
        )
    return facts


def _orientation_report(
    plan: Plan,
    o: OrientationState,
    period: ReportPeriod,
    changes: list[StatusChange[dt.date]],
    reschedules: list[Reschedule[dt.date]],
    journal: list[JournalLine],
) -> OrientationReport:
    """One orientation of the report; its status changes, reschedules and journal lines
    are added to the report-wide lists given."""
    end = period.end
    objectifs: list[ObjectifReport] = []
    report = OrientationReport(o.orientation, o.rollup, objectifs)
    for ob in o.objectifs:
        objectifs.append(
            ObjectifReport(
                ob.objectif,
                ob.rollup,
                [
                    ActionReport(a, s, [e for e in a.journal if period.start <= e.date <= end])
                    for a, s in ob.actions
                ],
            )
        )
        for action, now in ob.actions:
            moved = movements(action, now.statut, period.start, end)
            changes += moved.changes
            reschedules += moved.reschedules
            journal += _journal(action, moved.changes, period)
            report.notes += sum(
                1 for e in action.journal if period.start <= e.date <= end and e.note
            )
            if moved.completed:
                report.completed.append(action)
            if moved.started:
                report.started.append(action)
            if moved.postponed:
                report.postponed.append(action)
    report.facts = bilan.facts([(a.action, a.notes) for ob in objectifs for a in ob.actions])
    report.indicators = [
        (action, reading)
        for ob in o.objectifs
        for action, _s in ob.actions
        for reading in readings(plan, action, end, yearly=period.kind != "periode")
    ]
    return report


def _journal(
    action: Action, changes: list[StatusChange[dt.date]], period: ReportPeriod
) -> list[JournalLine]:
    by_date = {c.date: c for c in changes}
    return [
        JournalLine(e.date, action, e, by_date.pop(e.date, None) if e.statut is not None else None)
        for e in action.journal
        if period.start <= e.date <= period.end
    ]


def counts(result: Rollup) -> list[dict[str, Any]]:
    """Per status: how many actions, and what share of all of them."""
    return [
        {
            "statut": s,
            "nombre": result.statuts.get(s, 0),
            "part": 100 * result.statuts.get(s, 0) / result.total if result.total else 0.0,
        }
        for s in Statut
    ]

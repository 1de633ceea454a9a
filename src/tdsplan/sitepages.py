"""What the public site shows of the plan (:class:`SiteData`, computed once for every
language): each action, each fiscal year, each indicator's trend, the actions of each
funder and territory, the figures and the adopted bilans of the home page
(:mod:`tdsplan.site` builds the pages from them)."""

from __future__ import annotations

import datetime as dt
import functools
import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tdsplan.fiscal import (
    PlanPosition,
    period_position,
)
from tdsplan.indicators import Reading, YearValue, by_year, read
from tdsplan.models import Action, EntreeJournal, Indicateur, Objectif, Orientation, Plan
from tdsplan.report import yearly_report
from tdsplan.siteactions import ActionShown, PlanNames, action_shown
from tdsplan.sitefiles import regular
from tdsplan.siteyears import ReportFile, YearPage, year_pages
from tdsplan.state import ActionState, PlanState, Rollup, plan_state, rollup
from tdsplan.views import Watch, thresholds
from tdsplan.vocabulary import Statut

if TYPE_CHECKING:
    from tdsplan.project import Project


def find_reports(folder: Path | None) -> dict[int, list[ReportFile]]:
    """The yearly reports (``rapport-2019-2020.pdf``, ``-en.md``...) found in ``folder``:
    regular files only, a link is never published (it may lead anywhere)."""
    found: dict[int, list[ReportFile]] = {}
    if folder is None or not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        named = yearly_report(path.name)
        if named is not None and regular(path):
            start_year, fmt, lang = named
            found.setdefault(start_year, []).append(ReportFile(path.name, fmt, lang))
    order = {"pdf": 0, "html": 1, "md": 2}  # the document a board hands out first
    for reports in found.values():
        reports.sort(key=lambda r: (r.lang != "fr", order[r.fmt]))
    return found


@dataclass(eq=False)
class IndicatorRow:
    """An indicator on the indicators page: its action, its reading on the site's date and
    its values by fiscal year, which the page draws as a small trend. Both are read from
    the journal when first asked: a rebuild renders a few of the pages that show them."""

    action: ActionShown
    indicator: Indicateur
    plan: Plan
    as_of: dt.date

    @functools.cached_property
    def reading(self) -> Reading:
        return read(self.plan, self.action.action, self.indicator, self.as_of)

    @functools.cached_property
    def years(self) -> list[YearValue]:
        return by_year(self.plan, self.action.action, self.indicator, self.as_of)

    @property
    def measured(self) -> list[YearValue]:
        """The fiscal years with a value, oldest first."""
        return [year for year in self.years if year.actual is not None]

    @property
    def points(self) -> str:
        """The trend as SVG polyline points in a 100×24 box (each fiscal year at its place,
        the lowest value at the bottom); empty with fewer than two values to join."""
        values = [(i, y.actual) for i, y in enumerate(self.years) if y.actual is not None]
        if len(values) < 2:
            return ""
        low, high = min(v for _i, v in values), max(v for _i, v in values)
        step = 96 / max(len(self.years) - 1, 1)
        return " ".join(
            f"{2 + i * step:.1f},{22 - ((v - low) / (high - low) if high > low else 0.5) * 20:.1f}"
            for i, v in values
        )


def indicator_rows(
    plan: Plan, actions: dict[str, ActionShown], as_of: dt.date
) -> list[IndicatorRow]:
    """Every indicator of the plan, in plan order, read on ``as_of``."""
    return [
        IndicatorRow(actions[action.id], indicator, plan, as_of)
        for _o, _ob, action in plan.iter_actions()
        if action.id in actions
        for indicator in action.indicateurs
    ]


@dataclass
class GroupPage:
    """The part of the plan of a funder (``bailleur``) or of a territory (``territoire``):
    its actions, their progress and their indicators."""

    kind: str
    id: str
    nom: str
    actions: list[ActionShown]
    rollup: Rollup
    indicators: list[IndicatorRow]

    @property
    def path(self) -> str:
        return f"{self.kind}/{self.id}.html"


def group_pages(
    plan: Plan, actions: list[ActionShown], indicators: list[IndicatorRow]
) -> tuple[list[GroupPage], list[GroupPage]]:
    """One page per declared funder and per declared territory that has actions (plan
    order), then per identifier an action names without its declaration."""

    def pages(
        kind: str, declared: list[tuple[str, str]], named: list[list[str]]
    ) -> list[GroupPage]:
        ids = list(dict.fromkeys([i for i, _n in declared] + [i for ns in named for i in ns]))
        names = dict(declared)
        # Each identifier's actions and indicators, in plan order, in one pass each.
        held: dict[str, list[ActionShown]] = {}
        for a, ns in zip(actions, named, strict=True):
            for identifier in dict.fromkeys(ns):
                held.setdefault(identifier, []).append(a)
        rows: dict[str, list[IndicatorRow]] = {}
        for row in indicators:
            for identifier in dict.fromkeys(_ids(kind, row.action)):
                rows.setdefault(identifier, []).append(row)
        found = []
        for identifier in ids:
            mine = held.get(identifier, [])
            if mine:
                found.append(
                    GroupPage(
                        kind,
                        identifier,
                        names.get(identifier, identifier),
                        mine,
                        rollup([(a.action, a.state) for a in mine], plan.avancement),
                        rows.get(identifier, []),
                    )
                )
        return found

    funders = pages(
        "bailleur", [(b.id, b.nom) for b in plan.bailleurs], [a.action.bailleurs for a in actions]
    )
    territories = pages(
        "territoire",
        [(t.id, t.nom) for t in plan.territoires],
        [a.action.territoires for a in actions],
    )
    return funders, territories


def _ids(kind: str, shown: ActionShown) -> list[str]:
    return shown.action.bailleurs if kind == "bailleur" else shown.action.territoires


@dataclass(frozen=True)
class Figures:
    """The plan's actions told plainly: done, under way (permanent activities among them),
    to come, postponed, abandoned, late."""

    realisees: int
    en_cours: int
    en_continu: int
    a_venir: int
    reportees: int
    abandonnees: int
    en_retard: int


def figures(total: Rollup) -> Figures:
    """:class:`Figures` of a roll-up."""
    n = total.statuts.get
    return Figures(
        n(Statut.REALISEE, 0),
        n(Statut.EN_COURS, 0) + n(Statut.EN_CONTINU, 0),
        n(Statut.EN_CONTINU, 0),
        n(Statut.A_VENIR, 0),
        n(Statut.REPORTEE, 0),
        n(Statut.ABANDONNEE, 0),
        total.said_late,
    )


@dataclass(frozen=True)
class Story:
    """An adopted bilan as the site tells it: its label (``2019-2020``, ``2018-2023`` for
    the final bilan), its adoption (date, body, resolution) and, for the latest one, the
    « Mot » people wrote (heading, paragraphs, signature)."""

    label: str
    mot: tuple[str, ...] = ()
    adopted: dt.date | None = None
    body: str | None = None
    resolution: str | None = None
    mot_titre: str = ""
    signature: str | None = None


def adopted_stories(project: Project, plan: Plan, as_of: dt.date) -> list[Story]:
    """The bilans adopted on or before ``as_of``, by date, the latest with its words
    (:mod:`tdsplan.adoption`, :mod:`tdsplan.editorial`); ``[]`` when none was adopted.
    :class:`tdsplan.errors.PlanInvalidError` when their files cannot be used."""
    from tdsplan import adoption, editorial

    adopted = [a for a in adoption.records(project, plan) if a.date <= as_of]
    stories = [Story(a.label, (), a.date, a.par, a.resolution) for a in adopted]
    if stories:
        words = editorial.load(project, stories[-1].label, plan)
        if words is not None:
            latest = stories[-1]
            stories[-1] = Story(
                latest.label,
                words.mot,
                latest.adopted,
                latest.body,
                latest.resolution,
                words.mot_titre,
                words.signature,
            )
    return stories


def latest_year(years: list[YearPage]) -> YearPage | None:
    """The latest fiscal year that is over on the site's date (else the year under way)."""
    complete = [y for y in years if y.complete]
    return complete[-1] if complete else (years[-1] if years else None)


#: Journal entries shown as recent changes on the home page.
RECENT = 8


def _every(state: PlanState) -> Iterator[tuple[Orientation, Objectif, Action, ActionState]]:
    for o in state.orientations:
        for ob in o.objectifs:
            for action, action_state in ob.actions:
                yield o.orientation, ob.objectif, action, action_state


def _recent(actions: list[ActionShown], as_of: dt.date) -> list[tuple[ActionShown, EntreeJournal]]:
    """The :data:`RECENT` latest journal entries up to ``as_of``, newest first (of one
    day, the later in the plan first): the end of :func:`tdsplan.views.journal`,
    reversed, without sorting every entry of the plan."""
    latest = heapq.nlargest(
        RECENT,
        (
            (entry.date, place, number, a, entry)
            for place, a in enumerate(actions)
            for number, entry in enumerate(a.action.journal)
            if entry.date <= as_of
        ),
        key=lambda found: found[:3],
    )
    return [(a, entry) for _d, _p, _n, a, entry in latest]


# ---------------------------------------------------------------- the site


@dataclass
class SiteData:
    """Everything the pages show, computed once for every language."""

    plan: Plan
    as_of: dt.date
    state: PlanState
    actions: list[ActionShown]
    watch: Watch[ActionShown]
    years: list[YearPage]
    recent: list[tuple[ActionShown, EntreeJournal]]
    period: PlanPosition
    reports: dict[int, list[ReportFile]]
    indicators: list[IndicatorRow] = field(default_factory=list)
    funders: list[GroupPage] = field(default_factory=list)
    territories: list[GroupPage] = field(default_factory=list)
    figures: Figures | None = None
    #: The latest fiscal year over on the site's date, whose achievements the home tells.
    year: YearPage | None = None
    #: The bilans adopted by the site's date, by date; the latest carries its words.
    stories: list[Story] = field(default_factory=list)
    #: The logo's name in ``assets/`` (``None``: no logo).
    logo: str | None = None

    @property
    def story(self) -> Story | None:
        """The latest adopted bilan, whose words the home page quotes."""
        return self.stories[-1] if self.stories else None

    def prepare(self, templates: set[str]) -> None:
        """Compute now what is computed when first read and shown by more than one of
        the pages to render from ``templates`` (the years' stories, the indicators'
        readings): before the pages' worker processes fork, each of which would compute
        it again."""
        for year in self.years:
            year.rollup  # noqa: B018
        if len(templates & {"indicators.html.j2", "group.html.j2"}) > 1:
            for row in self.indicators:
                row.reading, row.years  # noqa: B018

    @property
    def watched(self) -> bool:
        """Whether the site publishes the « À surveiller » list (the plan says so)."""
        return self.plan.publication.surveiller


def site_data(
    plan: Plan,
    as_of: dt.date,
    reports_dir: Path | None = None,
    stories: list[Story] | None = None,
    logo: str | None = None,
) -> SiteData:
    """What the site of ``plan`` shows on ``as_of``, reports found in ``reports_dir``, the
    bilans adopted in ``stories`` (:func:`tdsplan.sitepages.adopted_stories`)."""
    state = plan_state(plan, as_of)
    names = PlanNames.of(plan)
    actions = [action_shown(plan, o, ob, a, s, as_of, names) for o, ob, a, s in _every(state)]
    by_id = {a.id: a for a in actions}
    reports = find_reports(reports_dir)
    recent = _recent(actions, as_of)
    watch = Watch.of(actions, as_of, thresholds(plan), line=lambda shown: shown.line, said=True)
    years = year_pages(plan, as_of, by_id, reports)
    indicators = indicator_rows(plan, by_id, as_of)
    funders, territories = group_pages(plan, actions, indicators)
    return SiteData(
        plan,
        as_of,
        state,
        actions,
        watch,
        years,
        recent,
        period_position(plan, as_of),
        reports,
        indicators,
        funders,
        territories,
        figures(state.rollup),
        latest_year(years),
        stories or [],
        logo,
    )

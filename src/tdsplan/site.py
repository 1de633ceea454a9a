"""The plan as a static website: a public dashboard opened from a folder or any host.

:func:`build_site` turns the state tree of :func:`tdsplan.query.plan_state` into
pages (home, one page per orientation, objective and action, « À surveiller », one
page per fiscal year, search) and writes them under one folder. Pages are laid out
by the templates of ``templates/site/`` through :mod:`tdsplan.render`; this module
only decides what each page shows.

The same plan on the same date gives the same bytes, and a rebuild rewrites only
the files whose bytes changed. A manifest (:data:`MANIFEST`) records each file the
last build wrote with the hash of its bytes, so that a rebuild removes the pages of
deleted actions and nothing else (:mod:`tdsplan.sitefiles` says how). The site is never
written into a plan folder, a ``tdsplan.toml`` or a ``.git`` folder (:mod:`tdsplan.outputs`),
and only the reports that are regular files (no link) are published.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tdsplan.changes import movements
from tdsplan.errors import UsageError
from tdsplan.fiscal import (
    PlanPosition,
    fiscal_year,
    fiscal_year_of,
    period_position,
    plan_period,
    year_label,
)
from tdsplan.i18n import LANGUAGES, _
from tdsplan.indicators import Reading, YearValue, by_year, read
from tdsplan.models import Action, EntreeJournal, Mandat, Objectif, Orientation, Plan
from tdsplan.outputs import check_path
from tdsplan.progress import Progress, tell
from tdsplan.report import yearly_report
from tdsplan.sitefiles import (  # noqa: F401  (raised by build_site)
    MANIFEST,
    SiteError,
    SiteLinkError,
    SiteResult,
    digest,
    previous_files,
    refuse_links,
    regular,
    write_if_changed,
    write_site,
)
from tdsplan.state import ActionState, PlanState, Rollup, plan_state, rollup, state_at
from tdsplan.views import ActionLine, Watch, action_line, journal, thresholds
from tdsplan.vocabulary import fold

#: Files shipped with the templates and copied as they are.
ASSETS = ("site.css", "site.js", "favicon.svg")
#: Journal entries shown as recent changes on the home page.
RECENT = 8


# ---------------------------------------------------------------- what a page shows


@dataclass(frozen=True)
class IndicatorShown:
    """An indicator as a page shows it; ``date`` is when its value was recorded, if known."""

    nom: str
    cible: float | None
    reel: float | None
    unite: str | None
    date: dt.date | None = None


@dataclass(frozen=True)
class DueChange:
    """A due date that applied from ``date`` on (``None``: from the start)."""

    date: dt.date | None
    echeance: dt.date


@dataclass
class ActionShown:
    """Everything the site shows of an action on the reference date."""

    action: Action
    orientation: Orientation
    objectif: Objectif
    state: ActionState
    echeances: list[DueChange]
    indicateurs: list[IndicatorShown]
    territoires: list[str]
    mandats: list[Mandat]
    journal: list[EntreeJournal]
    line: ActionLine

    @property
    def id(self) -> str:
        return self.action.id

    @property
    def porteur(self) -> str | None:
        """The lead in force on the reference date."""
        return self.state.porteur

    @property
    def echeance(self) -> dt.date | None:
        """The due date in force on the reference date."""
        return self.state.echeance


def action_shown(
    plan: Plan,
    orientation: Orientation,
    objectif: Objectif,
    action: Action,
    state: ActionState,
    as_of: dt.date,
) -> ActionShown:
    """What the site shows of ``action`` on ``as_of``: the one place that reads an action's
    fields for the pages, the watch list and the search index.

    Lead, due date and indicator values are those in force on ``as_of`` (replayed from
    the journal by :func:`tdsplan.query.state_at`), each value with the day it was
    measured; the due date comes with its history when the action was rescheduled;
    the journal is cut at ``as_of``.
    """
    mandats = {m.id: m for m in plan.mandats}
    journal = [e for e in action.journal if e.date <= as_of]
    moves = [DueChange(e.date, e.echeance) for e in journal if e.echeance is not None]
    first = action.echeance_initiale if moves else None
    echeances = ([DueChange(None, first)] if first else []) + moves
    indicateurs = []
    for indicator in action.indicateurs:
        known = state.indicateurs.get(indicator.nom)
        indicateurs.append(
            IndicatorShown(
                indicator.nom,
                indicator.cible,
                known.valeur if known else None,
                indicator.unite,
                known.date if known else None,
            )
        )
    return ActionShown(
        action=action,
        orientation=orientation,
        objectif=objectif,
        state=state,
        echeances=echeances,
        indicateurs=indicateurs,
        territoires=[plan.territory_name(t) for t in action.territoires],
        mandats=[mandats[m] for m in action.mandats if m in mandats],
        journal=journal,
        line=action_line(plan, orientation, objectif, action, state, as_of),
    )


# ---------------------------------------------------------------- the watch list

# ---------------------------------------------------------------- the fiscal years


@dataclass(frozen=True)
class ReportFile:
    """A report of the repository copied into the site."""

    name: str
    fmt: str
    lang: str


@dataclass
class YearPage:
    """One fiscal year: the state at its end (or on the reference date) and its journal."""

    start_year: int
    start: dt.date
    end: dt.date
    complete: bool
    rollup: Rollup
    completed: list[ActionShown]
    started: list[ActionShown]
    postponed: list[ActionShown]
    entries: list[tuple[ActionShown, EntreeJournal]]
    reports: list[ReportFile]

    @property
    def slug(self) -> str:
        return year_label(self.start_year)


def _years(
    plan: Plan, as_of: dt.date, shown: dict[str, ActionShown], reports: dict[int, list[ReportFile]]
) -> list[YearPage]:
    first, _last = plan_period(plan)
    if as_of < first:
        return []
    years = []
    # A year's page needs each action's status at its end and the plan's roll-up (the
    # same state_at and rollup as plan_state, without the levels in between), and what
    # became of each action, by the annual report's rules.
    actions = [a for _o, _ob, a in plan.iter_actions()]
    for start_year in range(
        plan.periode.debut, min(plan.periode.fin, fiscal_year_of(plan, as_of) + 1)
    ):
        start, end = fiscal_year(plan, start_year)
        until = min(end, as_of)
        states = [(a, state_at(a, until)) for a in actions]
        completed: list[ActionShown] = []
        started: list[ActionShown] = []
        postponed: list[ActionShown] = []
        for action, now in states:
            moved = movements(action, now.statut, start, until)
            item = shown[action.id]
            for happened, found in (
                (moved.completed, completed),
                (moved.started, started),
                (moved.postponed, postponed),
            ):
                if happened:
                    found.append(item)
        entries = [
            (shown[line.action.id], line.entry) for line in journal(plan, since=start, until=until)
        ]
        years.append(
            YearPage(
                start_year,
                start,
                end,
                until == end,
                rollup(states, plan.avancement),
                completed,
                started,
                postponed,
                entries,
                reports.get(start_year, []),
            )
        )
    return years


def _every(state: PlanState) -> Iterator[tuple[Orientation, Objectif, Action, ActionState]]:
    for o in state.orientations:
        for ob in o.objectifs:
            for action, action_state in ob.actions:
                yield o.orientation, ob.objectif, action, action_state


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


@dataclass(frozen=True)
class IndicatorRow:
    """An indicator on the indicators page: its action, its reading on the site's date and
    its values by fiscal year, which the page draws as a small trend."""

    action: ActionShown
    reading: Reading
    years: list[YearValue]

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
        IndicatorRow(
            actions[action.id],
            read(plan, action, indicator, as_of),
            by_year(plan, action, indicator, as_of),
        )
        for _o, _ob, action in plan.iter_actions()
        if action.id in actions
        for indicator in action.indicateurs
    ]


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


def site_data(plan: Plan, as_of: dt.date, reports_dir: Path | None = None) -> SiteData:
    """What the site of ``plan`` shows on ``as_of``, reports found in ``reports_dir``."""
    state = plan_state(plan, as_of)
    actions = [action_shown(plan, o, ob, a, s, as_of) for o, ob, a, s in _every(state)]
    by_id = {a.id: a for a in actions}
    reports = find_reports(reports_dir)
    recent = [(by_id[line.action.id], line.entry) for line in journal(plan, until=as_of)[-RECENT:]][
        ::-1
    ]
    watch = Watch.of(actions, as_of, thresholds(plan), line=lambda shown: shown.line)
    return SiteData(
        plan,
        as_of,
        state,
        actions,
        watch,
        _years(plan, as_of, by_id, reports),
        recent,
        period_position(plan, as_of),
        reports,
        indicator_rows(plan, by_id, as_of),
    )


def parse_languages(text: str) -> tuple[str, ...]:
    """``fr``, ``en``, ``fr,en``: the site's languages, the first one at the site's root."""
    langs = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if not langs or unknown:
        raise UsageError(
            _("langue du site « {text} » invalide : fr, en ou fr,en").format(text=text)
        )
    return langs


def build_site(
    plan: Plan,
    out: Path,
    as_of: dt.date,
    langs: tuple[str, ...] = ("fr",),
    reports_dir: Path | None = None,
    workers: int | None = None,
    protected: Iterable[Path] = (),
    progress: Progress | None = None,
) -> SiteResult:
    """Write the site of ``plan`` on ``as_of`` into ``out`` and say what was written.

    ``out`` must be missing, empty, or a site an earlier build wrote (it holds
    :data:`MANIFEST`). A rebuild removes only the files it can prove it wrote (see the
    module's docstring), never one inside the ``protected`` folders (the plan folders);
    a link where a page or one of its folders goes is refused (:class:`SiteLinkError`)
    before anything is written. Pages are rendered by ``workers`` processes (default:
    one per processor for a large plan, one for a small one); the bytes written do not
    depend on it. ``progress`` hears of the pages rendered.
    """
    check_path(out)  # not into a plan folder, a tdsplan.toml, a .git (links resolved)
    previous = previous_files(out)
    protected = tuple(Path(os.path.realpath(folder)) for folder in protected)
    # The plan's objects live as long as the build: left out of the garbage collector's
    # scans, computing and rendering thousands of pages costs half as much (and forked
    # workers do not copy every object's memory page to update its collector header).
    gc.freeze()
    try:
        return _build(plan, out, as_of, langs, reports_dir, workers, previous, protected, progress)
    finally:
        gc.unfreeze()


def _build(
    plan: Plan,
    out: Path,
    as_of: dt.date,
    langs: tuple[str, ...],
    reports_dir: Path | None,
    workers: int | None,
    previous: dict[str, str | None],
    protected: tuple[Path, ...],
    progress: Progress | None = None,
) -> SiteResult:
    from tdsplan import render  # Jinja: loaded only when a site is built

    data = site_data(plan, as_of, reports_dir)
    files: dict[str, bytes | Path] = {}
    for name in ASSETS:
        files[f"assets/{name}"] = render.site_asset(name)
    for year in data.years:
        for report in year.reports:
            assert reports_dir is not None
            files[f"rapports/{report.name}"] = reports_dir / report.name
    jobs: list[tuple[str, str, str, dict[str, Any]]] = []
    for index, lang in enumerate(langs):
        prefix = "" if index == 0 else f"{lang}/"
        for path, template, context in _pages(data):
            alternates = [
                (other, _relative(prefix + path, ("" if i == 0 else f"{other}/") + path))
                for i, other in enumerate(langs)
                if other != lang
            ]
            # Links stay relative, so the site opens from a folder as well as from a host:
            # ``root`` leads to the site's folder (assets, reports), ``home`` to the
            # pages of this language.
            jobs.append(
                (
                    prefix + path,
                    template,
                    lang,
                    {
                        "d": data,
                        "root": "../" * (prefix + path).count("/"),
                        "home": "../" * path.count("/"),
                        "page": path,
                        "alternates": alternates,
                        **context,
                    },
                )
            )
    pages = [name for name, *_rest in jobs]
    refuse_links(out, [*files, *pages, MANIFEST])
    written = _render_pages(out, jobs, workers, progress)
    return write_site(out, files, pages, written, previous, protected)


#: Pages a build hands to its worker processes, which inherit it when they fork.
_jobs: list[tuple[str, str, str, dict[str, Any]]] = []
_PARALLEL_FROM = 400
#: Pages rendered between two words to ``progress`` in a single process.
_STEP = 20


def _render_pages(
    out: Path,
    jobs: list[tuple[str, str, str, dict[str, Any]]],
    workers: int | None,
    progress: Progress | None = None,
) -> list[tuple[str, str, bool]]:
    """Render and write ``jobs``: each page's name, the hash of its bytes, and whether
    it was (re)written."""
    import functools
    import multiprocessing

    from tdsplan import render

    for lang in {lang for _n, _t, lang, _c in jobs}:
        render.load_site_templates(lang)  # compiled once, before any fork
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(jobs) >= _PARALLEL_FROM else 1
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        done: list[tuple[str, str, bool]] = []
        for start in range(0, len(jobs), _STEP):
            done += _render_range(out, jobs[start : start + _STEP])
            tell(progress, len(done), len(jobs))
        return done
    for folder in sorted({(out / name).parent for name, *_rest in jobs}):
        folder.mkdir(parents=True, exist_ok=True)
    # Slices taken every ``count`` pages spread the few heavy pages (home, search, years)
    # over the workers.
    count = workers * 4
    _jobs[:] = jobs
    parts: list[list[tuple[str, str, bool]]] = []
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            slices = functools.partial(_render_slice, out, step=count)
            for part in pool.imap(slices, range(count)):
                parts.append(part)
                tell(progress, sum(map(len, parts)), len(jobs))
    finally:
        _jobs.clear()
    return [name for part in parts for name in part]


def _render_slice(out: Path, start: int, step: int) -> list[tuple[str, str, bool]]:
    return _render_range(out, _jobs[start::step])


def _render_range(
    out: Path, jobs: list[tuple[str, str, str, dict[str, Any]]]
) -> list[tuple[str, str, bool]]:
    from tdsplan import render

    done = []
    for name, template, lang, context in jobs:
        data = render.render_site_page(template, lang, **context).encode("utf-8")
        done.append((name, digest(data), write_if_changed(out / name, data)))
    return done


def _pages(data: SiteData) -> Iterator[tuple[str, str, dict[str, Any]]]:
    yield "index.html", "home.html.j2", {}
    yield "surveiller.html", "watch.html.j2", {}
    yield "indicateurs.html", "indicators.html.j2", {}
    yield (
        "recherche.html",
        "search.html.j2",
        {
            "index": _search_index(data),
            "porteurs": sorted({a.porteur for a in data.actions if a.porteur}, key=fold),
            "territoires": sorted(
                {
                    (t, data.plan.territory_name(t))
                    for a in data.actions
                    for t in a.action.territoires
                },
                key=lambda t: fold(t[1]),
            ),
        },
    )
    yield "exercices.html", "years.html.j2", {}
    by_id = {a.id: a for a in data.actions}
    for o in data.state.orientations:
        yield (
            f"orientation/{o.orientation.id}.html",
            "orientation.html.j2",
            {"o": o, "shown": by_id},
        )
        for ob in o.objectifs:
            yield (
                f"objectif/{ob.objectif.id}.html",
                "objectif.html.j2",
                {"o": o, "ob": ob, "shown": by_id},
            )
    for shown in data.actions:
        yield f"action/{shown.id}.html", "action.html.j2", {"a": shown}
    for year in data.years:
        yield f"exercice/{year.slug}.html", "year.html.j2", {"y": year}


def _search_index(data: SiteData) -> list[list[Any]]:
    """One row per action, in the order of the search page's table: the folded text
    searched, status, late flag, lead, territories and mandates."""
    rows = []
    for a in data.actions:
        words = [
            a.id,
            a.action.titre,
            a.action.description or "",
            a.porteur or "",
            *a.action.partenaires,
            *a.territoires,
        ]
        rows.append(
            [
                fold(" ".join(words)).replace("_", " "),
                a.state.statut.value,
                int(a.state.en_retard),
                a.porteur or "",
                list(a.action.territoires),
                [m.id for m in a.mandats],
            ]
        )
    return rows


def _relative(source: str, target: str) -> str:
    return "../" * source.count("/") + target

"""The fiscal years' stories told with each action's journal read once (``states_at``, the
entries sorted into their years) are those told with a ``state_at`` per action and per year:
the computation they replace is kept here, as the reference."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tdsplan.changes import movements
from tdsplan.models import Action, Heritage, Plan
from tdsplan.project import Project
from tdsplan.repository import Repository
from tdsplan.siteyears import Years, YearTold, year_pages
from tdsplan.state import CARRY_OVER_AUTHOR, ActionState, rollup, state_at, states_at
from tdsplan.views import journal
from tdsplan.vocabulary import Statut

D = dt.date
ROOT = Path(__file__).resolve().parent.parent
PLANS = [ROOT / "plan", ROOT / "examples/demo/plan", ROOT / "examples/demo/plan-2023-2028"]


class Shown:
    """What the years read of an action shown on the site: its action and ID."""

    def __init__(self, action: Action) -> None:
        self.action, self.id = action, action.id


class Reference(Years):
    """The years told as before: a ``state_at`` per action and per year."""

    def _tell(self) -> dict[int, YearTold]:
        plan, shown = self.plan, self.shown
        actions = [a for _o, _ob, a in plan.iter_actions()]
        eve: list[ActionState] = []
        eve_day: dt.date | None = None
        told = {}
        for start_year, start, until in self.spans:
            states = [(a, state_at(a, until)) for a in actions]
            completed: list[Any] = []
            started: list[Any] = []
            postponed: list[Any] = []
            for index, (action, now) in enumerate(states):
                then = eve[index] if eve_day == start - dt.timedelta(days=1) else None
                moved = movements(action, now.statut, start, until, then)
                item = shown[action.id]
                for happened, found in (
                    (moved.completed, completed),
                    (moved.started, started),
                    (moved.postponed, postponed),
                ):
                    if happened:
                        found.append(item)
            lines = [
                (shown[line.action.id], line) for line in journal(plan, since=start, until=until)
            ]
            eve, eve_day = [state for _a, state in states], until
            told[start_year] = YearTold(
                rollup(states, plan.avancement),
                completed,
                started,
                postponed,
                [(a, line.number) for a, line in lines],
                [(a, line.entry) for a, line in lines],
            )
        return told


def told(plan: Plan, as_of: dt.date, kind: type[Years]) -> tuple[str, list[Any]]:
    """The years of ``plan`` on ``as_of`` as the manifest keeps them, and every entry."""
    shown: dict[str, Any] = {a.id: Shown(a) for _o, _ob, a in plan.iter_actions()}
    pages = year_pages(plan, as_of, shown, {})
    if not pages:
        return "", []
    years = kind(plan, shown, pages[0].years.spans)
    years.remember("cle", None)
    entries = [[(a.id, e) for a, e in years.entries(p.start_year)] for p in pages]
    return json.dumps(years.record(), ensure_ascii=False), entries


def same_years(plan: Plan, as_of: dt.date) -> None:
    assert told(plan, as_of, Years) == told(plan, as_of, Reference)


def as_of_dates(plan: Plan) -> list[dt.date]:
    """Before the plan, at each year's start and end and in its middle, after the plan."""
    first, last = plan.periode.debut, plan.periode.fin
    days = [D(first - 1, 6, 1), D(last + 2, 1, 1)]
    for year in range(first, last + 1):
        days += [D(year, 3, 31), D(year, 4, 1), D(year, 9, 30)]
    return days


def read(folder: Path) -> Plan:
    """The plan in ``folder``, its carried actions given what they inherit."""
    repository = Repository.around(folder)
    ref = repository.holding(folder) if repository is not None else None
    project = Project.at(folder) if ref is None else repository.project(ref)  # type: ignore[union-attr]
    plan = project.read().plan
    assert plan is not None
    return plan


@pytest.fixture(scope="module")
def plans() -> list[Plan]:
    return [read(folder) for folder in PLANS]


def test_the_repository_plans_tell_the_same_years(plans):
    assert any(a.heritage for _o, _ob, a in plans[2].iter_actions())  # carried actions
    for plan in plans:
        for as_of in as_of_dates(plan):
            same_years(plan, as_of)


def test_states_on_several_days_are_state_at_on_each(plans):
    for plan in plans:
        days = sorted(set(as_of_dates(plan)) | {D(1, 1, 1), D.max})
        for _o, _ob, action in plan.iter_actions():
            assert states_at(action, days) == [bare(state_at(action, d)) for d in days]


def bare(state: ActionState) -> ActionState:
    return state._replace(indicateurs={})


@pytest.mark.slow
def test_a_generated_plan_tells_the_same_years(tmp_path):
    folder = tmp_path / "plan"
    generate = [sys.executable, str(ROOT / "bench/generate.py"), "2000", str(folder)]
    subprocess.run(generate, check=True, capture_output=True)
    plan = read(folder)
    for as_of in (D(2019, 9, 30), D(2021, 3, 31), D(2030, 1, 1)):  # 2018-2023
        same_years(plan, as_of)


DAY = st.dates(D(2018, 1, 1), D(2024, 6, 30))


@st.composite
def actions(draw: st.DrawFn, index: int) -> Action:
    """An action whose journal sets any field on any day, in any order (an unsorted one
    too: ``validate`` refuses it, the replay still reads it), maybe carried over."""
    entries = []
    for _ in range(draw(st.integers(0, 6))):
        entry: dict[str, Any] = {"date": draw(DAY)}
        statut = draw(st.none() | st.sampled_from(list(Statut)))
        for key, value in (
            ("statut", statut),
            (
                "avancement",
                100 if statut is Statut.REALISEE else draw(st.none() | st.integers(0, 100)),
            ),
            ("echeance", draw(st.none() | DAY)),
            ("porteur", draw(st.none() | st.sampled_from(["Léa", "Marc"]))),
        ):
            if value is not None:
                entry[key] = value
        entries.append(entry)
    if draw(st.booleans()):
        entries.sort(key=lambda e: e["date"])
    carried = draw(st.booleans())
    if carried and entries and draw(st.booleans()):
        entries[0]["auteur"] = CARRY_OVER_AUTHOR
    action = Action.model_validate(
        {
            "id": f"1.1.{index}",
            "titre": "Action",
            "poids": draw(st.sampled_from([1, 2, 0.5])),
            "echeance_initiale": draw(st.none() | DAY),
            "journal": entries,
            **({"reprise_de": "2013-2018/1.1.1"} if carried else {}),
        }
    )
    if carried and draw(st.booleans()):
        action.inherit(
            Heritage(
                "2013-2018/1.1.1",
                draw(st.sampled_from(list(Statut))),
                draw(st.none() | st.integers(0, 100)),
                draw(st.none() | DAY),
                None,
                {},
            )
        )
    return action


@st.composite
def small_plans(draw: st.DrawFn, base: Plan) -> Plan:
    drawn = [draw(actions(n)) for n in range(1, draw(st.integers(1, 5)) + 1)]
    orientation = base.orientations[0]
    objectif = orientation.objectifs[0].model_copy(update={"actions": drawn})
    return base.model_copy(
        update={"orientations": [orientation.model_copy(update={"objectifs": [objectif]})]}
    )


BASE = read(ROOT / "plan")  # 2018-2023, fiscal years from April 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=small_plans(BASE), as_of=DAY)
@pytest.mark.slow
def test_any_journal_tells_the_same_years(plan, as_of):
    same_years(plan, as_of)


@settings(max_examples=150, deadline=None)
@given(action=actions(1), days=st.lists(DAY, max_size=6))
def test_any_journal_gives_state_at_on_each_day(action, days):
    days = sorted(set(days))
    assert states_at(action, days) == [bare(state_at(action, d)) for d in days]

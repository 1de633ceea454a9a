"""The fiscal calendar: fiscal years, the plan's period, where a date stands in it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tdsplan.errors import UsageError
from tdsplan.fiscal import first_day, fiscal_year, period_position, plan_period, reference_date
from tdsplan.project import Project
from tdsplan.report import report_period
from tdsplan.repository import Repository, root_file_text
from tdsplan.scaffold import new_plan
from tdsplan.typed import parse_fiscal_year

from .conftest import OBJECTIF_1_1, PLAN_YAML

D = dt.date


def test_fiscal_years(small_plan):
    plan = Project.at(small_plan).load()
    assert fiscal_year(plan, 2019) == (D(2019, 4, 1), D(2020, 3, 31))
    assert plan_period(plan) == (D(2019, 4, 1), D(2021, 3, 31))
    assert [parse_fiscal_year(t) for t in ("2019", "2019-2020", "2019-20", " 2019 / 2020 ")] == [
        2019
    ] * 4
    for bad in ("2019-2021", "19", "an 2019"):
        with pytest.raises(UsageError):
            parse_fiscal_year(bad)
    today = D(2020, 3, 1)
    # A fiscal year outside the plan's period is refused, but for the one after its end.
    for outside in ("2018", "2022"):
        with pytest.raises(
            UsageError,
            match=r"^exercice 20\d\d-20\d\d hors de la période du "
            r"plan \(2019-2021\) : choisissez un exercice de "
            r"2019-2020 à 2021-2022",
        ):
            reference_date(plan, today, year=outside)
    assert reference_date(plan, D(2030, 1, 1), year="2021") == D(2022, 3, 31)
    assert reference_date(plan, today, year="2019") == today  # year not over yet
    assert reference_date(plan, today, as_of="2019-12-31") == D(2019, 12, 31)


def test_months_before_keeps_the_day_or_the_month_end():
    from tdsplan.fiscal import months_before

    assert months_before(D(2022, 1, 15), 6) == D(2021, 7, 15)
    assert months_before(D(2021, 8, 31), 6) == D(2021, 2, 28)
    assert months_before(D(2020, 3, 1), 14) == D(2019, 1, 1)


def test_period_position(small_plan):
    from tdsplan.fiscal import period_position

    plan = Project.at(small_plan).load()  # 2019-2021: 1 April 2019 to 31 March 2021
    assert period_position(plan, D(2019, 4, 1))[2:] == (1, 2)
    assert period_position(plan, D(2021, 3, 31))[2:] == (2, 2)
    after = period_position(plan, D(2021, 4, 1))
    assert after.ended and not after.before and after.end == D(2021, 3, 31)
    assert period_position(plan, D(2019, 3, 31)).before


JULY = PLAN_YAML.replace("mission:", 'debut_exercice: "07-01"\nmission:')


@pytest.fixture
def july_plan(plan_with) -> Path:
    """The small plan (2019-2021) whose fiscal year starts on 1 July (its first entry moved
    from May into the plan's period)."""
    return plan_with(
        {
            "plan.yaml": JULY,
            "1-comprendre/1.1-definition.yaml": OBJECTIF_1_1.replace(
                "date: 2019-05-01", "date: 2019-07-15"
            ),
        }
    )


def test_a_fiscal_year_starts_on_the_day_plan_yaml_says(july_plan):
    plan = Project.at(july_plan).load()
    assert fiscal_year(plan, 2019) == (D(2019, 7, 1), D(2020, 6, 30))
    assert plan_period(plan) == (D(2019, 7, 1), D(2021, 6, 30))
    assert period_position(plan, D(2019, 6, 30)).before
    assert period_position(plan, D(2020, 6, 30))[2:] == (1, 2)
    assert period_position(plan, D(2020, 7, 1))[2:] == (2, 2)
    assert reference_date(plan, D(2030, 1, 1), year="2020-2021") == D(2021, 6, 30)


def test_the_reports_years_follow_the_plans_start(july_plan):
    plan = Project.at(july_plan).load()
    last_over = report_period(plan, D(2020, 8, 1))
    assert (last_over.start, last_over.end, last_over.slug) == (
        D(2019, 7, 1),
        D(2020, 6, 30),
        "2019-2020",
    )
    assert report_period(plan, D(2020, 8, 1), as_of="2020-06-30").start == D(2019, 7, 1)


def test_the_repository_ends_a_plan_on_the_eve_of_its_fiscal_start(july_plan):
    (july_plan.parent / "tdsplan.toml").write_text(root_file_text(["plan"], "plan"), "utf-8")
    assert Repository.find(july_plan).current.last_day() == D(2021, 6, 30)


def test_the_next_plan_starts_on_the_day_its_source_says(july_plan, tmp_path):
    created = new_plan(tmp_path / "suivant", D(2021, 8, 1), source=Project.at(july_plan))
    assert created.plan.debut_exercice == "07-01"
    assert plan_period(created.plan) == (D(2021, 7, 1), D(2023, 6, 30))
    # each carried action is a link: its state is read from the source at each load
    assert {
        (a.reprise_de, len(a.journal))
        for _o, _ob, a in created.plan.iter_actions()
        if a.id == "1.1.2"
    } == {("2019-2021/1.1.2", 0)}


@pytest.mark.parametrize(
    "today, period", [(D(2023, 3, 31), (2022, 2027)), (D(2023, 4, 1), (2023, 2028))]
)
def test_a_new_plan_begins_with_the_fiscal_year_under_way(tmp_path, today, period):
    created = new_plan(tmp_path / "nouveau", today)
    assert (created.plan.periode.debut, created.plan.periode.fin) == period
    assert first_day(created.plan.debut_exercice, 2023) == D(2023, 4, 1)

"""The fiscal calendar: fiscal years, the plan's period, where a date stands in it."""

from __future__ import annotations

import datetime as dt

import pytest

from tdsplan.errors import UsageError
from tdsplan.fiscal import fiscal_year, plan_period, reference_date
from tdsplan.project import Project
from tdsplan.typed import parse_fiscal_year

D = dt.date


def test_fiscal_years(small_plan):
    plan = Project.at(small_plan).load()
    assert fiscal_year(plan, 2019) == (D(2019, 4, 1), D(2020, 3, 31))
    assert plan_period(plan) == (D(2019, 4, 1), D(2021, 3, 31))
    assert [parse_fiscal_year(t) for t in ("2019", "2019-2020", "2019-20", " 2019 / 2020 ")] == \
        [2019] * 4
    for bad in ("2019-2021", "19", "an 2019"):
        with pytest.raises(UsageError):
            parse_fiscal_year(bad)
    today = D(2020, 3, 1)
    # A fiscal year outside the plan's period is refused, but for the one after its end.
    for outside in ("2018", "2022"):
        with pytest.raises(UsageError, match=r"^exercice 20\d\d-20\d\d hors de la période du "
                                             r"plan \(2019-2021\) : choisissez un exercice de "
                                             r"2019-2020 à 2021-2022"):
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

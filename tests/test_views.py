"""The status view: past dates reconstructed, filters that list some actions and count all."""

from __future__ import annotations

import datetime as dt

import pytest

from tdsplan.errors import UsageError
from tdsplan.project import Project
from tdsplan.views import Filters, parse_filters, status_view

D = dt.date


@pytest.mark.parametrize("as_of, plan_pct, o1, o21", [
    (D(2019, 6, 1), 50 / 6, 50 / 3, 0),
    (D(2020, 3, 1), 240 / 6, 140 / 3, 100 / 3),
    (D(2020, 7, 1), 240 / 5, 140 / 3, 50),
])
def test_status_view_reconstructs_past_dates(small_plan, as_of, plan_pct, o1, o21):
    view = status_view(Project.at(small_plan).load(), as_of)
    assert view.rollup.avancement == pytest.approx(plan_pct)
    assert view.orientations[0].rollup.avancement == pytest.approx(o1)
    assert view.orientations[1].objectifs[0].rollup.avancement == pytest.approx(o21)


def test_filters_list_some_actions_but_count_them_all(small_plan):
    plan = Project.at(small_plan).load()
    view = status_view(plan, D(2020, 3, 1), parse_filters(["en_retard"], None, None, plan))
    assert view.shown == 1 and view.rollup.total == 5
    assert [o.orientation.id for o in view.orientations] == ["1"]
    assert view.orientations[0].objectifs[0].actions[0].action.id == "1.1.2"
    lead = status_view(plan, D(2020, 3, 1), Filters(porteur="marie TREMBLAY"))
    assert [line.action.id for o in lead.orientations for ob in o.objectifs
            for line in ob.actions] == ["1.1.1"]
    by_orientation = status_view(plan, D(2020, 3, 1), Filters(orientation="2"))
    assert by_orientation.shown == 2


def test_unknown_orientation_filter_is_a_usage_error(small_plan):
    plan = Project.at(small_plan).load()
    with pytest.raises(UsageError, match="« 1.1 » n’est pas une orientation"):
        parse_filters([], None, "1.1", plan)

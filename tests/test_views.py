"""The status view: past dates reconstructed, filters that list some actions and count all."""

from __future__ import annotations

import datetime as dt

import pytest

from tdsplan.errors import UsageError
from tdsplan.project import Project
from tdsplan.views import Filters, parse_filters, status_view, thresholds

D = dt.date


@pytest.mark.parametrize(
    "as_of, plan_pct, o1, o21",
    [
        (D(2019, 6, 1), 50 / 6, 50 / 3, 0),
        (D(2020, 3, 1), 240 / 5, 140 / 3, 50),  # 2.1.2 abandoned on 2020-02-18
        (D(2020, 7, 1), 240 / 5, 140 / 3, 50),
    ],
)
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
    assert [
        line.action.id for o in lead.orientations for ob in o.objectifs for line in ob.actions
    ] == ["1.1.1"]
    by_orientation = status_view(plan, D(2020, 3, 1), Filters(orientation="2"))
    assert by_orientation.shown == 2


def test_unknown_orientation_filter_is_a_usage_error(small_plan):
    plan = Project.at(small_plan).load()
    with pytest.raises(UsageError, match="« 1.1 » n’est pas une orientation"):
        parse_filters([], None, "1.1", plan)


def test_silence_never_counts_from_before_the_action_was_added(plan_with):
    """1.2.1 has no entry and no start: silent since the plan began (1 April 2019), unless
    it was added later; then its silence counts from that day."""
    from tests.conftest import OBJECTIF_1_2

    def silent(folder, as_of):
        watch = status_view(Project.at(folder).load(), as_of).watch
        assert watch is not None
        return [line.action.id for line in watch.silent]

    assert "1.2.1" in silent(plan_with({}), D(2020, 3, 1))
    added = plan_with(
        {
            "1-comprendre/1.2-outils.yaml": OBJECTIF_1_2.replace(
                "    journal: []", "    ajoutee_le: 2020-02-01\n    journal: []"
            )
        }
    )
    assert "1.2.1" not in silent(added, D(2020, 3, 1))
    assert "1.2.1" not in silent(added, D(2020, 7, 31))
    assert "1.2.1" in silent(added, D(2020, 8, 1))  # six months after it was added


def test_an_action_en_continu_is_silent_after_its_own_threshold(small_plan):
    """2.1.1, en continu, last entry 1 September 2019: not silent after 6 months, silent
    after suivi.silence_continu_mois (12); --silent-for longer than that wins."""
    plan = Project.at(small_plan).load()
    limits = thresholds(plan)
    assert (limits.months, limits.continuous) == (6, 12)

    def ids(as_of, filters=None):
        view = status_view(plan, as_of, filters or Filters())
        assert view.watch is not None
        return [line.action.id for line in view.watch.silent], [
            line.action.id for line in view.lines()
        ]

    assert "2.1.1" not in ids(D(2020, 8, 31))[0]
    assert "2.1.1" in ids(D(2020, 9, 1))[0]
    listed = ids(D(2020, 8, 31), parse_filters([], None, None, plan, silent_for=6))[1]
    assert "2.1.1" not in listed  # the focused list agrees with the watch list
    longer = ids(D(2020, 9, 1), parse_filters([], None, None, plan, silent_for=13))[1]
    assert "2.1.1" not in longer

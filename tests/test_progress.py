"""Long work tells its caller how far it is: the site's pages, the journal's batch of
changes, counted up to their total whatever the number of processes."""

from __future__ import annotations

import datetime as dt

import pytest

from tdsplan.journal import Update, update_actions
from tdsplan.project import Project
from tdsplan.site import build_site

from .conftest import REPO


@pytest.mark.parametrize("workers", [1, 2])
def test_a_site_build_counts_its_pages_up_to_their_total(tmp_path, workers):
    heard: list[tuple[int, int]] = []
    plan = Project.at(REPO / "plan").load()
    result = build_site(
        plan,
        tmp_path / "site",
        dt.date(2021, 3, 31),
        ("fr", "en"),
        workers=workers,
        progress=lambda done, total: heard.append((done, total)),
    )
    assert {total for _done, total in heard} == {result.pages}
    done = [d for d, _total in heard]
    assert done == sorted(done) and done[-1] == result.pages
    assert len(heard) > 2  # along the way, not only at the end


def test_a_batch_of_updates_counts_each_change_then_the_reading_and_the_writes(small_plan):
    heard: list[tuple[int, int]] = []
    changes = [
        ("1.1.2", Update(dt.date(2020, 2, 1), avancement=60)),
        ("1.2.1", Update(dt.date(2020, 2, 2), note="Lancée")),
    ]
    update_actions(
        Project.at(small_plan),
        changes,
        today=dt.date(2020, 3, 1),
        progress=lambda done, total: heard.append((done, total)),
    )
    assert heard == [(1, 5), (2, 5), (4, 5), (5, 5)]  # reading back 2, writing 1

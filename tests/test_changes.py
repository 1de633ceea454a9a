"""What changed since a date, from the journal: entries and status changes, and what the
plan as committed then adds (new actions, due dates, indicator values)."""

from __future__ import annotations

import datetime as dt

from tdsplan.changes import since_date
from tdsplan.models import Statut
from tdsplan.project import Project

D = dt.date


def test_since_a_date_the_journal_tells_entries_and_status_changes(small_plan):
    plan = Project.at(small_plan).load()
    changes = since_date(plan, D(2020, 2, 1), D(2020, 3, 1))
    assert [(a.id, e.date) for a, e in changes.entries] == [("1.1.1", D(2020, 2, 15))]
    assert [(c.action.id, c.before, c.after) for c in changes.status_changes] == [
        ("1.1.1", Statut.EN_COURS, Statut.REALISEE)]
    assert not changes.added and not changes.rescheduled and not changes.indicators
    assert not since_date(plan, D(2020, 3, 2), D(2020, 3, 1))


def test_new_actions_from_git_and_due_dates_from_the_journal(small_plan, plan_with):
    before = Project.at(small_plan).load()
    from tests.conftest import OBJECTIF_1_2

    after = Project.at(plan_with({"1-comprendre/1.2-outils.yaml": OBJECTIF_1_2.replace(
        "    journal: []\n", "    echeance: 2021-01-31\n    journal:\n"
        "      - date: 2020-02-10\n        echeance: 2021-01-31\n"
        "  - id: 1.2.2\n    titre: Infolettre\n")})).load()
    changes = since_date(after, D(2020, 2, 1), D(2020, 3, 1), committed=before)
    assert [a.id for a in changes.added] == ["1.2.2"]
    assert [(r.action.id, r.before, r.after) for r in changes.rescheduled] == [
        ("1.2.1", None, D(2021, 1, 31))]

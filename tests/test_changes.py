"""changes: what changed between two states of the plan, told once — two dates of the
journal (``status --since DATE``), two versions in git (``diff``, ``status --since REV``),
and a period's story (the reports, the site's year pages)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess

import pytest

from tdsplan.additions import add_action
from tdsplan.changes import (
    Reschedule,
    StatusChange,
    between_dates,
    between_plans,
    between_revisions,
    changes_since,
    movements,
)
from tdsplan.elements import find
from tdsplan.errors import UsageError
from tdsplan.fiscal import fiscal_year
from tdsplan.journal import Update, update_action
from tdsplan.models import Action, Statut
from tdsplan.project import Project
from tdsplan.report import ReportPeriod, build_report
from tests.conftest import OBJECTIF_1_2

D = dt.date
TODAY = D(2026, 11, 26)
TOOLS = "1-comprendre/1.2-outils.yaml"
MEASURED = """\
id: 1.2
titre: Fournir des outils
actions:
  - id: 1.2.1
    titre: Refonte du site internet
    statut: en_cours
    echeance: 2020-03-31
    indicateurs:
      - nom: Visites
        reel: 800
        unite: visites
    journal:
      - date: 2019-06-01
        statut: en_cours
        note: Lancement.
      - date: 2020-01-15
        indicateurs:
          Visites: 800
"""


def git(folder, *args, date="2020-02-19T12:00:00"):
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout


@pytest.fixture
def followed(plan_with):
    """The plan committed on 2020-02-19 (no entry after that yet), then followed in March and
    April 2020."""
    folder = plan_with({TOOLS: MEASURED})
    git(folder.parent, "init", "-q", "-b", "main")
    git(folder.parent, "add", ".")
    git(folder.parent, "commit", "-qm", "plan")
    project = Project.at(folder)
    update_action(
        project,
        "1.2.1",
        Update(
            D(2020, 3, 1),
            avancement=50,
            indicateurs={"Visites": 1000},
            echeance=D(2021, 3, 31),
            note="Report d’un an.",
        ),
        today=TODAY,
    )
    update_action(
        project, "1.1.2", Update(D(2020, 4, 1), Statut.REPORTEE, note="En pause."), today=TODAY
    )
    add_action(project, "1.2", "Infolettre")
    return folder


def told(changes):
    """What a person reads of ``changes``, section by section."""
    return {
        "entries": [(a.id, e.date, e.note) for a, e in changes.entries],
        "statuses": [
            (c.action.id, c.before, c.after, c.date, c.note) for c in changes.status_changes
        ],
        "progress": [(p.action.id, p.before, p.after) for p in changes.progress],
        "due dates": [
            (r.action.id, r.before, r.after, r.date, r.note) for r in changes.rescheduled
        ],
        "indicators": [
            (i.action.id, i.nom, i.before, i.after, i.unite) for i in changes.indicators
        ],
        "added": [a.id for a in changes.added],
        "removed": [a.id for a in changes.removed],
    }


def test_dates_and_revisions_give_the_same_answer_for_the_same_journal(followed):
    plan = Project.at(followed).load()
    by_date = changes_since(followed, plan, "2020-02-20", D(2020, 5, 31))
    by_revision = changes_since(followed, plan, "HEAD", D(2020, 5, 31))
    assert (
        told(by_date)
        == told(by_revision)
        == {
            "entries": [
                ("1.2.1", D(2020, 3, 1), "Report d’un an."),
                ("1.1.2", D(2020, 4, 1), "En pause."),
            ],
            "statuses": [("1.1.2", Statut.EN_COURS, Statut.REPORTEE, D(2020, 4, 1), "En pause.")],
            "progress": [("1.2.1", None, 50)],
            "due dates": [
                ("1.2.1", D(2020, 3, 31), D(2021, 3, 31), D(2020, 3, 1), "Report d’un an.")
            ],
            "indicators": [("1.2.1", "Visites", 800, 1000, "visites")],
            "added": ["1.2.2"],
            "removed": [],
        }
    )
    assert (by_date.before, by_date.date) == ("2020-02-20", D(2020, 2, 20))
    assert (by_revision.before, by_revision.date) == ("HEAD", None)


def test_a_reschedule_appears_once_with_its_reason(followed):
    plan = Project.at(followed).load()
    action = find(plan, "1.2.1")
    decided = Reschedule(
        action, D(2020, 3, 31), D(2021, 3, 31), date=D(2020, 3, 1), note="Report d’un an."
    )
    year = fiscal_year(plan, 2019)  # 2019-04-01 to 2020-03-31
    assert movements(action, Statut.EN_COURS, *year).reschedules == [decided]
    assert build_report(plan, ReportPeriod("exercice", *year)).reschedules == [decided]
    assert between_dates(plan, D(2020, 2, 20), D(2020, 5, 31)).rescheduled == [decided]
    # the same entry, once more in the files, is still one decision
    assert between_revisions(followed, "HEAD").rescheduled == [decided]
    assert movements(action, Statut.EN_COURS, *fiscal_year(plan, 2020)).reschedules == []


def test_since_a_date_the_journal_tells_entries_and_status_changes(small_plan):
    plan = Project.at(small_plan).load()
    changes = between_dates(plan, D(2020, 2, 1), D(2020, 3, 1))
    assert [(a.id, e.date) for a, e in changes.entries] == [
        ("1.1.1", D(2020, 2, 15)),
        ("2.1.2", D(2020, 2, 18)),
    ]
    assert changes.status_changes == [
        StatusChange(
            find(plan, "1.1.1"),
            Statut.EN_COURS,
            Statut.REALISEE,
            D(2020, 2, 15),
            "Définition adoptée.",
        ),
        StatusChange(
            find(plan, "2.1.2"),
            Statut.A_VENIR,
            Statut.ABANDONNEE,
            D(2020, 2, 18),
            "Faute de financement.",
        ),
    ]
    assert not changes.added and not changes.rescheduled and not changes.indicators
    assert not between_dates(plan, D(2020, 3, 2), D(2020, 3, 1))


def test_new_actions_from_git_and_due_dates_from_the_journal(small_plan, plan_with):
    before = Project.at(small_plan).load()
    after = Project.at(
        plan_with(
            {
                TOOLS: OBJECTIF_1_2.replace(
                    "    journal: []\n",
                    "    echeance: 2021-01-31\n    journal:\n"
                    "      - date: 2020-02-10\n        echeance: 2021-01-31\n"
                    "  - id: 1.2.2\n    titre: Infolettre\n",
                )
            }
        )
    ).load()
    changes = between_dates(after, D(2020, 2, 1), D(2020, 3, 1), committed=before)
    assert [a.id for a in changes.added] == ["1.2.2"]
    assert [(r.action.id, r.before, r.after, r.date) for r in changes.rescheduled] == [
        ("1.2.1", None, D(2021, 1, 31), D(2020, 2, 10))
    ]


def test_between_two_versions_actions_added_and_removed(small_plan, plan_with):
    before = Project.at(small_plan).load()
    replaced = OBJECTIF_1_2.replace(
        "1.2.1\n    titre: Refonte du site internet", "1.2.2\n    titre: Infolettre"
    )
    after = Project.at(plan_with({TOOLS: replaced})).load()
    changes = between_plans(before, after, "v1", "v2")
    assert told(changes)["added"] == ["1.2.2"] and told(changes)["removed"] == ["1.2.1"]
    assert changes.moved == []
    everything = between_plans(None, after, "rien", "v2")
    assert len(everything.added) == 5 and everything.removed == []
    assert len(everything.entries) == sum(len(a.journal) for _o, _ob, a in after.iter_actions())


def test_an_action_given_a_new_id_is_moved_not_removed_and_added(plan_with):
    before = Project.at(plan_with({TOOLS: MEASURED})).load()
    # Renumbered 1.2.1 → 1.2.3 (tdsplan move), then followed once more.
    moved = MEASURED.replace("id: 1.2.1", "id: 1.2.3") + (
        "      - date: 2020-03-01\n        note: Maquettes.\n"
    )
    changes = between_plans(before, Project.at(plan_with({TOOLS: moved})).load(), "v1", "v2")
    assert [(m.before.id, m.after.id) for m in changes.moved] == [("1.2.1", "1.2.3")]
    assert (told(changes)["added"], told(changes)["removed"]) == ([], [])
    # Only the entry written after the move is new; the journal it carried is not.
    assert told(changes)["entries"] == [("1.2.3", D(2020, 3, 1), "Maquettes.")]
    # Another title at the new ID: another action, not the same one moved.
    other = MEASURED.replace("id: 1.2.1\n    titre: Refonte", "id: 1.2.3\n    titre: Refaire")
    changes = between_plans(before, Project.at(plan_with({TOOLS: other})).load(), "v1", "v2")
    assert (told(changes)["added"], told(changes)["removed"], changes.moved) == (
        ["1.2.3"],
        ["1.2.1"],
        [],
    )


def test_a_change_made_in_the_files_without_an_entry_has_no_date(small_plan, plan_with):
    before = Project.at(small_plan).load()
    after = Project.at(
        plan_with(
            {
                TOOLS: OBJECTIF_1_2.replace(
                    "    journal: []\n", "    echeance: 2021-01-31\n    journal: []\n"
                )
            }
        )
    ).load()
    assert told(between_plans(before, after, "v1", "v2"))["due dates"] == [
        ("1.2.1", None, D(2021, 1, 31), None, None)
    ]


def test_between_revisions_of_git_and_since_a_date(followed):
    changes = between_revisions(followed, None, since="2019-01-01")  # nothing committed then
    assert (changes.before, changes.after) == ("état au 2019-01-01", "fichiers actuels")
    assert len(changes.added) == 6
    assert told(between_revisions(followed, None, since="2020-02-20")) == told(
        between_revisions(followed, "HEAD")
    )
    git(followed.parent, "commit", "-qam", "suivi")
    assert not between_revisions(followed, "HEAD")
    assert [a.id for a in between_revisions(followed, "HEAD~1", "HEAD").added] == ["1.2.2"]


def test_since_neither_a_date_nor_a_revision(followed):
    with pytest.raises(UsageError, match="« v9 » n’est ni une date"):
        changes_since(followed, Project.at(followed).load(), "v9", TODAY)


def test_a_period_tells_each_status_change_with_its_day(small_plan):
    action = find(Project.at(small_plan).load(), "1.1.1")
    moved = movements(action, Statut.REALISEE, D(2019, 4, 1), D(2020, 3, 31))
    assert [(c.before, c.after, c.date) for c in moved.changes] == [
        (Statut.A_VENIR, Statut.EN_COURS, D(2019, 5, 1)),
        (Statut.EN_COURS, Statut.REALISEE, D(2020, 2, 15)),
    ]
    assert (moved.completed, moved.started, moved.postponed) == (True, True, False)
    later = movements(action, Statut.REALISEE, D(2020, 4, 1), D(2021, 3, 31))
    assert (later.changes, later.completed, later.started) == ([], False, False)


def test_an_inherited_first_entry_is_no_change_of_this_plan():
    action = Action.model_validate(
        {
            "id": "1.1.1",
            "titre": "Reprise",
            "reprise_de": "2014-2019/1.1.1",
            "statut": "en_cours",
            "echeance": "2020-06-30",
            "journal": [
                {
                    "date": "2019-04-01",
                    "statut": "en_cours",
                    "echeance": "2019-12-31",
                    "auteur": "tdsplan init",
                },  # as init --from wrote it before links
                {"date": "2019-09-01", "echeance": "2020-06-30", "note": "Report."},
            ],
        }
    )
    moved = movements(action, Statut.EN_COURS, D(2019, 4, 1), D(2020, 3, 31))
    assert moved.changes == [] and not moved.started
    assert [(r.before, r.after, r.note) for r in moved.reschedules] == [
        (D(2019, 12, 31), D(2020, 6, 30), "Report.")
    ]

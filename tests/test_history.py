"""``tdsplan init`` and ``tdsplan diff``: the next plan, and the plan's history in git."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from tdsplan.edit import Update, add_action, update_action
from tdsplan.errors import UsageError
from tdsplan.history import diff_revisions
from tdsplan.models import Statut
from tdsplan.project import Project
from tdsplan.scaffold import new_plan, parse_period

from .conftest import REPO

D = dt.date
TODAY = D(2026, 11, 26)


def test_init_empty_plan_is_valid_at_once(tmp_path):
    created = new_plan(tmp_path / "nouveau", D(2023, 5, 1), period=(2023, 2028))
    plan = Project.at(tmp_path / "nouveau").load()
    assert (plan.titre, plan.periode.debut, plan.periode.fin) == ("Plan d’action 2023-2028",
                                                                   2023, 2028)
    assert (tmp_path / "nouveau" / "_schemas" / "objectif.schema.json").is_file()
    assert created.carried == []


def test_init_from_the_shipped_plan_carries_everything_not_done(tmp_path):
    before = {p: p.read_bytes() for p in (REPO / "plan").rglob("*") if p.is_file()}
    created = new_plan(tmp_path / "suivant", D(2023, 5, 1), source=Project.at(REPO / "plan"))
    assert {p: p.read_bytes() for p in (REPO / "plan").rglob("*") if p.is_file()} == before
    plan = Project.at(tmp_path / "suivant").load()
    old = Project.at(REPO / "plan").load()
    assert (plan.periode.debut, plan.periode.fin) == (2023, 2028)
    assert plan.mission == old.mission and plan.mandats == old.mandats
    assert plan.organisation == old.organisation
    assert len(created.carried) == 27  # nothing is done in the shipped plan
    action = plan.orientations[0].objectifs[1].actions[0]
    assert action.id == "1.2.1" and action.statut is Statut.A_VENIR
    assert action.journal[0].date == D(2023, 4, 1)
    assert action.journal[0].note == ("Reprise du plan « Plan d’action 2018-2023 » "
                                      "(action 1.2.1, à venir).")


def test_init_from_leaves_done_and_dropped_actions_behind(tmp_path):
    demo = Project.at(REPO / "examples/demo/plan")
    created = new_plan(tmp_path / "suivant", D(2023, 5, 1), source=demo)
    ids = {a.id for _, _, a in created.plan.iter_actions()}
    assert "1.1.1" not in ids  # réalisée
    assert "1.2.6" not in ids  # abandonnée
    assert {"1.1.3", "1.2.3", "2.1.1"} <= ids  # reportée, reportée, en continu
    carried = next(a for _, _, a in created.plan.iter_actions() if a.id == "1.2.3")
    assert (carried.statut, carried.avancement, carried.porteur) == (Statut.REPORTEE, 60,
                                                                     "Comité promotion")


def test_init_refuses_a_folder_in_use(tmp_path):
    (tmp_path / "plein").mkdir()
    (tmp_path / "plein" / "x.txt").write_text("x")
    with pytest.raises(UsageError, match="existe déjà et n’est pas vide"):
        new_plan(tmp_path / "plein", D(2023, 5, 1))
    with pytest.raises(UsageError, match="période « 2028-2023 » invalide"):
        parse_period("2028-2023")


def git(folder, *args):
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
                          cwd=folder, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(small_plan):
    root = small_plan.parent
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "plan", "--date", "2020-01-01T12:00:00")
    return root


def test_diff_between_two_commits(repo):
    folder = repo / "plan"
    update_action(Project.at(folder), "1.2.1", Update(D(2020, 3, 1), Statut.EN_COURS, note="Lancé"),
        today=TODAY)
    add_action(Project.at(folder), "1.2", "Infolettre")
    git(repo, "commit", "-qam", "suivi")
    changes = diff_revisions(folder, "HEAD~1", "HEAD")
    assert [a.id for a in changes.added] == ["1.2.2"]
    assert [(c.action.id, c.before, c.after) for c in changes.status_changes] == [
        ("1.2.1", Statut.A_VENIR, Statut.EN_COURS)]
    assert [(a.id, e.note) for a, e in changes.new_entries] == [("1.2.1", "Lancé")]
    assert not diff_revisions(folder, "HEAD")  # nothing changed since the last commit


def test_diff_of_the_working_files_and_since_a_date(repo):
    folder = repo / "plan"
    (folder / "1-comprendre" / "1.2-outils.yaml").unlink()
    changes = diff_revisions(folder, None)
    assert [a.id for a in changes.removed] == ["1.2.1"]
    everything = diff_revisions(folder, None, since="2019-01-01")  # before the first commit
    assert len(everything.added) == 4 and everything.before == "état au 2019-01-01"


def test_diff_outside_git_and_unknown_revision(small_plan, repo, tmp_path):
    with pytest.raises(UsageError, match="révision git inconnue « v9 »"):
        diff_revisions(repo / "plan", "v9")
    outside = tmp_path / "ailleurs"
    (outside / "plan").mkdir(parents=True)
    (outside / "plan" / "plan.yaml").write_text((small_plan / "plan.yaml").read_text())
    import shutil

    shutil.rmtree(repo / ".git")
    with pytest.raises(UsageError, match="n’est pas dans un dépôt git"):
        diff_revisions(small_plan, None)


def test_cli_init_and_diff(cli, repo, tmp_path):
    result = cli("init", tmp_path / "neuf", "--from", repo / "plan", "--period", "2021-2026")
    assert result.stdout == (f"Plan « Plan d’action 2021-2026 » créé dans {tmp_path / 'neuf'} : "
                             f"2 orientations, 3 objectifs, 3 actions reprises de "
                             f"{repo / 'plan'}.\n")
    (repo / "plan" / "1-comprendre" / "1.2-outils.yaml").unlink()
    result = cli("--plan", repo / "plan", "diff")
    assert result.stdout == ("Plan : HEAD → fichiers actuels\n\nActions retirées (1)\n"
                             "  - 1.2.1 Refonte du site internet\n")

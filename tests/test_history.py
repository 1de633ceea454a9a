"""history: the plan's history in git (``tdsplan diff``); ``init`` lives in test_scaffold."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from tdsplan.additions import add_action
from tdsplan.errors import UsageError
from tdsplan.history import diff_revisions
from tdsplan.journal import Update, update_action
from tdsplan.models import Statut
from tdsplan.project import Project

D = dt.date
TODAY = D(2026, 11, 26)


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
                             f"{repo / 'plan'}.\n"
                             f"Plan courant : {tmp_path / 'neuf'} (inscrit dans "
                             f"{tmp_path / 'tdsplan.toml'}) ; l’ancien plan reste accessible "
                             f"avec --plan 2019-2021.\n")
    (repo / "plan" / "1-comprendre" / "1.2-outils.yaml").unlink()
    result = cli("--plan", repo / "plan", "diff")
    assert result.stdout == ("Plan : HEAD → fichiers actuels\n\nActions retirées (1)\n"
                             "  - 1.2.1 Refonte du site internet\n")

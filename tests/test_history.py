"""history: the plan's versions in git (what changed between two is test_changes's;
``init`` lives in test_scaffold)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from tdsplan.additions import add_action
from tdsplan.errors import PlanInvalidError, UsageError
from tdsplan.history import plan_at, plan_committed_before, revision_before
from tdsplan.project import Project

D = dt.date
TODAY = D(2026, 11, 26)


def git(folder, *args):
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.fixture
def repo(small_plan):
    root = small_plan.parent
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "plan", "--date", "2020-01-01T12:00:00")
    return root


def ids(plan):
    return [a.id for _o, _ob, a in plan.iter_actions()]


def test_the_plan_at_a_revision_and_as_the_files_stand(repo):
    folder = repo / "plan"
    add_action(Project.at(folder), "1.2", "Infolettre")
    assert "1.2.2" not in ids(plan_at(folder, "HEAD"))
    assert "1.2.2" in ids(plan_at(folder, None))
    git(repo, "commit", "-qam", "suivi")
    assert "1.2.2" in ids(plan_at(folder, "HEAD")) and "1.2.2" not in ids(plan_at(folder, "HEAD~1"))


def test_the_revision_before_a_date_is_by_commit_date(repo):
    head = git(repo, "rev-parse", "HEAD").strip()
    assert revision_before(repo / "plan", "2019-01-01") is None  # before any commit
    assert revision_before(repo / "plan", "2090-01-01") == head
    assert plan_committed_before(repo / "plan", "2019-01-01") is None
    assert ids(plan_committed_before(repo / "plan", "2090-01-01")) == ids(
        Project.at(repo / "plan").load()
    )


def test_an_invalid_plan_at_a_revision_names_the_revision_and_file(repo):
    tools = repo / "plan" / "1-comprendre" / "1.2-outils.yaml"
    text = tools.read_text("utf-8")
    tools.write_text(text.replace("    journal", "    statut: fini\n    journal"), "utf-8")
    git(repo, "commit", "-qam", "cassé")
    with pytest.raises(PlanInvalidError) as error:
        plan_at(repo / "plan", "HEAD")
    assert {str(p.path) for p in error.value.problems} == {"HEAD:plan/1-comprendre/1.2-outils.yaml"}


def test_unknown_revision_missing_folder_and_outside_git(small_plan, repo, tmp_path):
    with pytest.raises(UsageError, match="révision git inconnue « v9 »"):
        plan_at(repo / "plan", "v9")
    (repo / "autre").mkdir()
    with pytest.raises(
        UsageError, match=r"le plan n’existait pas à la révision HEAD \(pas de dossier autre\)"
    ):
        plan_at(repo / "autre", "HEAD")
    shutil.rmtree(repo / ".git")
    with pytest.raises(UsageError, match="n’est pas dans un dépôt git"):
        plan_at(small_plan, None)
    assert plan_committed_before(small_plan, "2090-01-01") is None  # outside git: unknown

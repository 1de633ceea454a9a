"""Moving and removing actions in the core: any move keeps the plan valid and the action
whole; a batch refused writes no file."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tdsplan.errors import ChangeRefusedError, PlanInvalidError
from tdsplan.project import Project
from tdsplan.restructure import HasJournalError, move_action, remove_action
from tests.conftest import SMALL_PLAN, write_tree

ACTIONS = ["1.1.1", "1.1.2", "1.2.1", "2.1.1", "2.1.2"]
TARGETS = ["1.1", "1.2", "2.1", "1.1.7", "1.2.4", "2.1.9"]


def snapshot(folder):
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(identifier=st.sampled_from(ACTIONS), target=st.sampled_from(TARGETS))
def test_any_move_keeps_the_plan_valid_and_the_action_whole(tmp_path_factory, identifier, target):
    plan_dir = write_tree(tmp_path_factory.mktemp("p") / "plan", SMALL_PLAN)
    project = Project.at(plan_dir)
    before = {a.id: a for _o, _ob, a in project.load().iter_actions()}
    moved = move_action(project, identifier, target)
    after = {a.id: a for _o, _ob, a in Project.at(plan_dir).load().iter_actions()}
    assert moved.new.startswith(target.rsplit(".", 1)[0] if target.count(".") == 2 else target)
    assert set(after) == set(before) - {identifier} | {moved.new}
    assert after[moved.new].model_dump(exclude={"id"}) == before[identifier].model_dump(
        exclude={"id"}
    )
    for other in set(before) - {identifier}:
        assert after[other].model_dump() == before[other].model_dump()


def test_a_destination_that_cannot_be_written_leaves_both_files(small_plan):
    target = small_plan / "2-agir" / "2.1-partager.yaml"
    os.chmod(target, 0o444)
    before = snapshot(small_plan)
    with pytest.raises(ChangeRefusedError, match="lecture seule"):
        move_action(Project.at(small_plan), "1.2.1", "2.1")
    assert snapshot(small_plan) == before


def test_an_invalid_later_plan_refuses_the_move(small_plan, tmp_path):
    later = write_tree(
        tmp_path / "later",
        {
            **SMALL_PLAN,
            "plan.yaml": SMALL_PLAN["plan.yaml"]
            .replace("2019", "2021")
            .replace("fin: 2021", "fin: 2023"),
            "1-comprendre/1.2-outils.yaml": "id: 1.2\ntitre: [\n",
        },
    )
    before = snapshot(small_plan)
    with pytest.raises(PlanInvalidError):
        move_action(Project.at(small_plan), "1.2.1", "2.1", later=[Project.at(later)])
    assert snapshot(small_plan) == before


def test_remove_with_journal_needs_force(small_plan):
    with pytest.raises(HasJournalError) as refused:
        remove_action(Project.at(small_plan), "2.1.1")
    assert (refused.value.identifier, refused.value.entries) == ("2.1.1", 1)
    assert "--" not in str(refused.value)  # the command line names its own options
    removed = remove_action(Project.at(small_plan), "2.1.1", force=True)
    assert removed.entries == 1
    assert [a.id for _o, _ob, a in Project.at(small_plan).load().iter_actions()][-1] == "2.1.2"


def test_a_move_cut_between_its_renames_leaves_the_action_in_both_files(small_plan, monkeypatch):
    from tdsplan import files

    source = small_plan / "1-comprendre" / "1.2-outils.yaml"
    real = os.replace

    def replace(temporary, path):
        if str(path) == str(source):
            raise OSError(28, "No space left on device")
        real(temporary, path)

    monkeypatch.setattr(files.os, "replace", replace)
    with pytest.raises(ChangeRefusedError):
        move_action(Project.at(small_plan), "1.2.1", "2.1")
    assert "id: 1.2.1" in source.read_text("utf-8")
    assert "id: 2.1.3" in (small_plan / "2-agir" / "2.1-partager.yaml").read_text("utf-8")

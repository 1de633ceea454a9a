"""The located plan: found once, it knows where everything of the plan lives."""

from __future__ import annotations

from pathlib import Path

import pytest

from tdsplan.errors import PlanInvalidError, PlanNotFoundError
from tdsplan.project import Project


def test_found_from_the_plan_folder_from_inside_it_and_from_above(small_plan):
    for start in (small_plan, small_plan / "1-comprendre", small_plan.parent):
        project = Project.find(start)
        assert project.plan_dir == small_plan.resolve()
        assert project.root == small_plan.resolve().parent
        assert project.templates_dir == project.root / "templates"
        assert project.reports_dir == project.root / "reports"
        assert project.site_dir == project.root / "public"


def test_nowhere_to_be_found(tmp_path):
    with pytest.raises(PlanNotFoundError) as caught:
        Project.find(tmp_path)
    assert caught.value.searched and caught.value.folder == tmp_path.resolve()
    with pytest.raises(PlanNotFoundError, match="ne contient pas de plan.yaml"):
        Project.at(tmp_path)


def test_the_cache_is_one_file_per_plan_in_the_given_folder(small_plan, tmp_path):
    one = Project.at(small_plan, cache_dir=tmp_path / "c").cache_file
    assert one is not None and one.parent == tmp_path / "c"
    assert Project.at(small_plan).cache_file is None


def test_load_gives_a_valid_plan_and_every_element_knows_its_file(small_plan):
    plan = Project.at(small_plan).load()
    action = plan.orientations[0].objectifs[1].actions[0]
    assert action.source.file == small_plan / "1-comprendre" / "1.2-outils.yaml"
    assert action.source.loc == ("actions", 0)
    assert plan.orientations[1].source.file.name == "orientation.yaml"
    assert plan.source.file == small_plan / "plan.yaml"


def test_read_collects_what_load_raises(plan_with):
    folder = plan_with({"1-comprendre/orientation.yaml": "id: 1\n"})
    loaded = Project.at(folder).read()
    assert loaded.plan is None and len(loaded.problems) == 1
    with pytest.raises(PlanInvalidError):
        Project.at(Path(folder)).load()

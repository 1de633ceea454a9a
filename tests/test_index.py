"""index: whether the whole plan is valid, known from the files' stamps (the validity
index's tricky cases — same second, forged or foreign files — are in test_cache)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tdsplan import index
from tdsplan.errors import PlanInvalidError
from tdsplan.project import Project

from .conftest import OBJECTIF_1_2, TODAY, rewrite_in_place

A = "1-comprendre/1.2-outils.yaml"
IDS = {
    "1.1.1": "1-comprendre/1.1-definition.yaml",
    "1.1.2": "1-comprendre/1.1-definition.yaml",
    "1.2.1": A,
    "2.1.1": "2-agir/2.1-partager.yaml",
    "2.1.2": "2-agir/2.1-partager.yaml",
}


def test_a_valid_plan_gives_each_action_its_file_and_is_then_not_read(
    small_plan, tmp_path, monkeypatch
):
    project = Project.at(small_plan, cache_dir=tmp_path / "cache")
    assert index.ensure_valid(project) == IDS
    assert index.index_file(project).is_file()
    monkeypatch.setattr(Project, "read", lambda self, **_: pytest.fail("the plan was read"))
    assert index.ensure_valid(project) == IDS


def test_a_changed_file_is_read_again_and_its_problems_raised(small_plan, tmp_path):
    project = Project.at(small_plan, cache_dir=tmp_path / "cache")
    index.ensure_valid(project)
    (small_plan / A).write_text(
        OBJECTIF_1_2.replace("    journal: []", "    avancement: 150"), "utf-8"
    )
    with pytest.raises(PlanInvalidError) as caught:
        index.ensure_valid(project)
    assert [p.line for p in caught.value.problems] == [6]


def test_without_a_cache_there_is_no_index_and_the_plan_is_still_checked(plan_with):
    project = Project.at(plan_with({A: OBJECTIF_1_2.replace("id: 1.2.1", "id: 1.2.1.4")}))
    assert index.index_file(project) is None
    with pytest.raises(PlanInvalidError):
        index.ensure_valid(project)


def test_a_file_the_loader_reads_is_seen_by_the_index_too(small_plan, tmp_path):
    """An orientation folder's ``_brouillon.yaml`` is a plan file (only the root's ``_``
    folders are skipped): a valid index must not hide its problems from an edit."""
    project = Project.at(small_plan, cache_dir=tmp_path / "cache")
    index.ensure_valid(project)
    (small_plan / "1-comprendre" / "_brouillon.yaml").write_text("id: [\n", "utf-8")
    assert project.read().problems
    with pytest.raises(PlanInvalidError):
        index.ensure_valid(project)


def test_the_index_vouches_only_for_the_bytes_it_validated(
    small_plan, tmp_path, monkeypatch, coarse_stamps
):
    """A hand edit saved in the same second as a validation, between the reading and the
    index's writing, keeps every stamp on a coarse file system: the index must hold the
    hash of what was validated, not of what the file holds when the index is written, or
    the next update writes into an invalid plan."""
    import datetime as dt

    from tdsplan.journal import Update, update_action

    other = small_plan / "2-agir" / "2.1-partager.yaml"
    real_read = Project.read

    def read_then_edited(self, *args, **kwargs):
        loaded = real_read(self, *args, **kwargs)
        if not args and not kwargs:  # the whole plan, validated for the index
            rewrite_in_place(other, "poids: 2", "poids: 0")
        return loaded

    project = Project.at(small_plan, cache_dir=tmp_path / "cache")
    monkeypatch.setattr(Project, "read", read_then_edited)
    assert index.ensure_valid(project) == IDS
    monkeypatch.setattr(Project, "read", real_read)
    edited = other.read_bytes()
    target = (small_plan / A).read_bytes()
    with pytest.raises(PlanInvalidError) as caught:
        update_action(
            project, "1.2.1", Update(dt.date(2020, 3, 1), note="après"), today=dt.date(2020, 3, 1)
        )
    assert [(p.path, p.line) for p in caught.value.problems] == [(other, 7)]
    assert (small_plan / A).read_bytes() == target and other.read_bytes() == edited


def test_an_edit_records_the_bytes_it_wrote_not_what_the_file_holds_later(
    small_plan, tmp_path, monkeypatch, coarse_stamps
):
    import datetime as dt

    from tdsplan.journal import Update, update_action

    project = Project.at(small_plan, cache_dir=tmp_path / "cache")
    index.ensure_valid(project)
    real_record = index.record_write

    def edited_then_recorded(project, path, data, ids=()):
        rewrite_in_place(path, "journal:", "journal!")  # same second, same size: invalid
        real_record(project, path, data, ids)

    monkeypatch.setattr(index, "record_write", edited_then_recorded)
    update_action(
        project, "1.2.1", Update(dt.date(2020, 3, 1), note="a"), today=dt.date(2020, 3, 1)
    )
    monkeypatch.setattr(index, "record_write", real_record)
    with pytest.raises(PlanInvalidError):
        index.ensure_valid(project)


def test_the_index_stamps_exactly_the_files_the_loader_reads(small_plan, tmp_path):
    """One walk of the plan's files: what is beside them (schemas, leftovers, a folder
    inside an orientation's) is neither read nor stamped, so editing it asks nothing."""
    for name in (
        "_schemas/plan.yaml",
        "1-comprendre/.1.2-outils.yaml.swp",
        "1-comprendre/1.2-outils.yaml~",
        "1-comprendre/brouillons/1.9-vieux.yaml",
        "2-agir/#2.1-partager.yaml#",
    ):
        (small_plan / name).parent.mkdir(exist_ok=True)
        (small_plan / name).write_text("pas: [un plan\n", "utf-8")
    project = Project.at(small_plan, cache_dir=tmp_path / "cache")
    loaded = project.read()
    assert loaded.problems == []
    read = {str(path.relative_to(small_plan)) for path in loaded.reads}
    index.ensure_valid(project)
    stamped = json.loads(index.index_file(project).read_text("utf-8"))["files"]
    assert (
        set(stamped)
        == read
        == {
            "plan.yaml",
            "1-comprendre/orientation.yaml",
            "1-comprendre/1.1-definition.yaml",
            A,
            "2-agir/orientation.yaml",
            "2-agir/2.1-partager.yaml",
        }
    )


def test_the_index_vouches_for_dates_checked_on_that_day_or_before(small_plan, tmp_path):
    """An index written without today (a library caller), or on a later day than the one a
    reading asks about, does not vouch for the journal dates: the plan is read again, and
    an entry dated after today (2.1.2's of 2020-02-18, read on 2020-01-01) is refused."""
    from dataclasses import replace

    unchecked = Project.at(small_plan, cache_dir=tmp_path / "cache")
    assert index.ensure_valid(unchecked) == IDS
    assert json.loads(index.index_file(unchecked).read_bytes())["checked"] is None
    early = replace(unchecked, today=dt.date(2020, 1, 1))
    with pytest.raises(PlanInvalidError) as caught:
        index.ensure_valid(early)
    assert [(p.path.name, p.line) for p in caught.value.problems] == [
        ("1.1-definition.yaml", 15),
        ("1.1-definition.yaml", 25),
        ("2.1-partager.yaml", 15),
    ]
    later = replace(unchecked, today=dt.date(2020, 3, 1))
    assert index.ensure_valid(later) == IDS
    assert json.loads(index.index_file(later).read_bytes())["checked"] == "2020-03-01"
    with pytest.raises(PlanInvalidError):
        index.ensure_valid(early)  # checked on 2020-03-01: says nothing of 2020-01-01


def test_an_index_of_the_format_before_the_dates_is_not_trusted(small_plan, tmp_path):
    from dataclasses import replace

    project = replace(Project.at(small_plan, cache_dir=tmp_path / "cache"), today=TODAY)
    index.ensure_valid(project)
    file = index.index_file(project)
    record = json.loads(file.read_bytes())
    assert record["format"][0] == 3
    record["format"][0] = 2
    del record["checked"]
    file.write_text(json.dumps(record), "utf-8")
    assert index._read(file) is None

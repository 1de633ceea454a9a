"""Locks that belong to the plan: beside the file, removed when done, never blocked by a
file someone else left."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
import time

import pytest

from tdsplan.errors import ChangeRefusedError
from tdsplan.journal import Update, update_action
from tdsplan.locks import lock_path, locked
from tdsplan.project import Project

from .conftest import NOBODY, SMALL_PLAN, as_nobody, needs_root, write_tree

A = "1-comprendre/1.2-outils.yaml"


def test_the_lock_lives_beside_the_file_hidden_and_is_removed(small_plan):
    target = small_plan / A
    assert lock_path(target) == target.with_name(".1.2-outils.yaml.lock")
    assert lock_path(small_plan) == small_plan / ".tdsplan.lock"
    with locked(target):
        assert lock_path(target).is_file()
    assert not lock_path(target).exists()


def test_a_lock_left_by_a_killed_process_does_not_block(small_plan):
    target = small_plan / A
    lock_path(target).write_text("")  # the file stays, no process holds it
    update_action(
        Project.at(small_plan),
        "1.2.1",
        Update(dt.date(2020, 3, 1), note="x"),
        today=dt.date(2020, 3, 1),
    )
    assert not lock_path(target).exists()
    assert "note: x" in target.read_text("utf-8")


def test_a_held_lock_makes_the_other_edit_wait_then_give_up(small_plan):
    target = small_plan / A
    with locked(target):
        started = time.monotonic()
        with (
            pytest.raises(
                ChangeRefusedError,
                match="en cours de modification par un autre processus depuis plus de 0 s",
            ),
            locked(target, timeout=0.3),
        ):
            pass
        assert time.monotonic() - started >= 0.3


def test_edits_never_overlap_even_while_lock_files_come_and_go(small_plan):
    target = small_plan / A
    inside, overlaps = [], []

    def edit(number):
        for _ in range(20):
            with locked(target):
                if inside:
                    overlaps.append(number)
                inside.append(number)
                time.sleep(0.001)
                inside.remove(number)

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps == [] and not lock_path(target).exists()


def test_a_link_in_place_of_the_lock_is_refused(small_plan, tmp_path):
    target = small_plan / A
    lock_path(target).symlink_to(tmp_path / "ailleurs")
    with pytest.raises(ChangeRefusedError, match="est un lien symbolique : supprimez-le"):
        update_action(
            Project.at(small_plan),
            "1.2.1",
            Update(dt.date(2020, 3, 1), note="x"),
            today=dt.date(2020, 3, 1),
        )
    assert not (tmp_path / "ailleurs").exists()


def test_nothing_is_left_in_the_shared_temporary_folder(small_plan, tmp_path, monkeypatch):
    import tempfile

    shared = tmp_path / "tmp"
    shared.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    update_action(
        Project.at(small_plan),
        "1.2.1",
        Update(dt.date(2020, 3, 1), note="x"),
        today=dt.date(2020, 3, 1),
    )
    assert list(shared.iterdir()) == []
    assert [p.name for p in (small_plan / A).parent.iterdir() if p.name.startswith(".")] == []


@pytest.mark.slow  # runs tdsplan as another user
@needs_root
def test_another_users_lock_file_does_not_block_an_update(shared_tmp):
    """Root left a lock file only root can write; nobody's update still goes through."""
    folder = write_tree(shared_tmp / "plan", SMALL_PLAN)
    for path in [folder, *folder.rglob("*")]:
        os.chown(path, NOBODY, NOBODY)
    lock = lock_path(folder / A)
    lock.write_text("")
    lock.chmod(0o600)  # root's own, unreadable to nobody
    result = as_nobody(
        "--plan", folder, "update", "1.2.1", "--note", "Par nobody", "--date", "2020-03-01"
    )
    assert result.returncode == 0, result.stderr
    assert "note: Par nobody" in (folder / A).read_text("utf-8")


@pytest.mark.slow  # runs tdsplan as another user
@needs_root
def test_an_update_by_one_user_does_not_block_the_next_users(shared_tmp):
    folder = write_tree(shared_tmp / "plan", SMALL_PLAN)
    shutil.chown(folder / "1-comprendre", NOBODY, NOBODY)
    for path in folder.rglob("*"):
        path.chmod(0o777 if path.is_dir() else 0o666)
    update_action(
        Project.at(folder),
        "1.2.1",
        Update(dt.date(2020, 3, 1), note="root"),
        today=dt.date(2020, 3, 1),
    )
    result = as_nobody(
        "--plan", folder, "update", "1.2.1", "--note", "nobody", "--date", "2020-03-02"
    )
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (folder / "1-comprendre").iterdir() if p.name.startswith(".")] == []

"""Edits are validated before they are written, written atomically, never through a link,
and serialized."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tdsplan.errors import ChangeRefusedError, PlanInvalidError, UsageError
from tdsplan.journal import DoneBelowFullError, Update, update_action
from tdsplan.locks import lock_path
from tdsplan.project import Project

D = dt.date
TODAY = D(2026, 11, 26)
A = "1-comprendre/1.2-outils.yaml"


@pytest.mark.parametrize(
    "identifier, update, error, message",
    [
        ("1.2.1", Update(D(2020, 3, 1)), UsageError, "rien à inscrire"),
        ("1.2.1", Update(D(2020, 3, 1), avancement=150), UsageError, "entre 0 et 100"),
        ("1.2", Update(D(2020, 3, 1), note="x"), UsageError, "1.2 est un objectif"),
        ("1.2.9", Update(D(2020, 3, 1), note="x"), UsageError, "identifiant inconnu"),
        (
            "1.1.1",
            Update(D(2030, 1, 1), note="x"),
            UsageError,
            "date 2030-01-01 dans le futur (nous sommes le 2026-11-26)",
        ),
        (
            "1.1.1",
            Update(D(2010, 1, 1), note="x"),
            UsageError,
            "date 2010-01-01 antérieure au début du plan (2019-04-01)",
        ),
        (
            "1.1.1",
            Update(D(2020, 3, 1), avancement=50),
            DoneBelowFullError,
            "1.1.1 : avancement de 50 % le 2020-03-01 pour une action réalisée",
        ),
        # Before the entry that finishes it, the action is not done yet: the result is.
        ("1.1.1", Update(D(2019, 6, 1), avancement=50), PlanInvalidError, "problem"),
    ],
)
def test_refused_updates_touch_nothing(small_plan, identifier, update, error, message):
    before = {p: p.read_bytes() for p in small_plan.rglob("*") if p.is_file()}
    with pytest.raises(error, match=re.escape(message)):
        update_action(Project.at(small_plan), identifier, update, today=TODAY)
    assert {p: p.read_bytes() for p in small_plan.rglob("*") if p.is_file()} == before


def test_refused_result_names_the_problem(small_plan):
    with pytest.raises(PlanInvalidError) as caught:
        update_action(
            Project.at(small_plan), "1.1.1", Update(D(2019, 6, 1), avancement=50), today=TODAY
        )
    assert [p.message for p in caught.value.problems] == [
        "avancement de 50 % pour une action réalisée : une action réalisée est à 100 % "
        "(ou n’indique pas d’avancement)"
    ]


def test_write_keeps_mode_and_leaves_no_stray_file(small_plan):
    target = small_plan / A
    target.chmod(0o640)
    update_action(Project.at(small_plan), "1.2.1", Update(D(2020, 3, 1), note="x"), today=TODAY)
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in target.parent.iterdir()) == [
        "1.1-definition.yaml",
        "1.2-outils.yaml",
        "orientation.yaml",
    ]
    assert not lock_path(target).exists()  # the lock is removed when the edit is done


def test_symlinked_file_is_not_written_through(small_plan, tmp_path):
    from tdsplan.edit import Edit, write_atomically

    outside = tmp_path / "ailleurs.yaml"
    shutil.move(small_plan / A, outside)
    (small_plan / A).symlink_to(outside)
    before = outside.read_bytes()
    with pytest.raises(PlanInvalidError) as caught:  # not even read
        update_action(Project.at(small_plan), "1.2.1", Update(D(2020, 3, 1), note="x"), today=TODAY)
    assert "lien symbolique vers l’extérieur du plan" in caught.value.problems[0].message
    with pytest.raises(ChangeRefusedError, match="lien symbolique"):
        write_atomically(Edit(small_plan / A, "", "x: 1\n"))
    assert outside.read_bytes() == before


def _update_many(folder: str, start: int) -> None:
    for day in range(start, start + 5):
        update_action(
            Project.at(Path(folder)),
            "1.2.1",
            Update(D(2020, 3, 1), note=f"entrée {day}"),
            today=TODAY,
        )


@pytest.mark.slow
def test_concurrent_updates_lose_nothing(small_plan):
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_update_many, args=(str(small_plan), n * 10)) for n in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    notes = [
        e.note
        for e in Project.at(small_plan).load().orientations[0].objectifs[1].actions[0].journal
    ]
    assert sorted(notes) == sorted(f"entrée {n * 10 + d}" for n in range(4) for d in range(5))


KEEP_UPDATING = """
import datetime as dt, itertools, os, sys
from pathlib import Path
from tdsplan.journal import Update, update_action
from tdsplan.project import Project
project = Project.at(Path(sys.argv[1]))
for n in itertools.count():  # each worker its own notes: a repeated entry is refused
    update_action(project, "1.2.1", Update(dt.date(2020, 3, 1), note=f"note {os.getpid()} {n}"),
                  today=dt.date(2026, 11, 26))
    if n == 0:
        print("écrit", flush=True)  # the parent kills it from now on
"""


@pytest.mark.slow
def test_kill_9_mid_update_leaves_a_valid_file(small_plan):
    import random
    import signal
    import sys
    import time

    rng = random.Random(7)
    for _ in range(6):
        worker = subprocess.Popen(
            [sys.executable, "-c", KEEP_UPDATING, str(small_plan)], stdout=subprocess.PIPE
        )
        assert worker.stdout is not None
        worker.stdout.readline()  # its first update is written, however slow its start
        time.sleep(rng.uniform(0.0, 0.3))
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        Project.at(small_plan).load()  # whole, valid: the old text or the new one, never half
    written = Project.at(small_plan).load().orientations[0].objectifs[1].actions[0].journal
    assert len(written) > 6  # the workers did write between the kills
    update_action(Project.at(small_plan), "1.2.1", Update(D(2020, 3, 1), note="après"), today=TODAY)
    assert [p.name for p in (small_plan / A).parent.iterdir() if p.name.startswith(".")] == []
    plan = Project.at(small_plan).load()
    assert plan.orientations[0].objectifs[1].actions[0].journal[-1].note == "après"


def test_a_batch_record_that_is_a_pipe_refuses_the_edit_at_once(small_plan):
    import os
    import signal

    from tdsplan.edit import BATCH_FILE, InterruptedBatchError

    os.mkfifo(small_plan / BATCH_FILE)
    before = (small_plan / A).read_bytes()
    signal.alarm(20)  # were it opened, a pipe would wait forever
    try:
        with pytest.raises(
            InterruptedBatchError, match="fichiers écrits : aucun ; non écrits : aucun"
        ):
            update_action(
                Project.at(small_plan), "1.2.1", Update(D(2020, 3, 1), note="x"), today=TODAY
            )
    finally:
        signal.alarm(0)
    assert (small_plan / A).read_bytes() == before


def test_a_forged_batch_record_names_only_plan_files_and_lists_ten(small_plan, tmp_path):
    import json

    from tdsplan.edit import BATCH_FILE, InterruptedBatchError

    outside = tmp_path / "secret.txt"
    outside.write_text("mot de passe")
    names = {
        "../../../../dev/zero": "0",
        "/etc/passwd": "0",
        str(outside): "0",
        "../secret.txt": "0",
        **{f"f{n:03}.yaml": "0" for n in range(375)},
    }
    (small_plan / BATCH_FILE).write_text(
        json.dumps(
            {
                "format": 1,
                "fichiers": {
                    name: {"avant": "0", "apres": digest} for name, digest in names.items()
                },
            }
        )
    )
    with pytest.raises(InterruptedBatchError) as caught:
        update_action(Project.at(small_plan), "1.2.1", Update(D(2020, 3, 1), note="x"), today=TODAY)
    message = str(caught.value)
    assert "passwd" not in message and "secret" not in message and "zero" not in message
    listed = ", ".join(str(small_plan / f"f{n:03}.yaml") for n in range(10))
    assert f"non écrits : {listed} et 365 autres ; chaque fichier est entier" in message
    assert len(message) < 2000  # not the 20 KB of 375 names

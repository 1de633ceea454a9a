"""Edits touch only what they mean to, are validated first, atomic and serialized."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdsplan.edit import Update, update_action
from tdsplan.errors import ChangeRefusedError, PlanInvalidError, UsageError
from tdsplan.locks import lock_path
from tdsplan.models import Statut
from tdsplan.project import Project
from tdsplan.store import read_plan

D = dt.date
TODAY = D(2026, 11, 26)
A = "1-comprendre/1.2-outils.yaml"

HAND_FORMATTED = (
    "# Objectif 1.2 — écrit à la main.\r\n"
    "id: '1.2'\r\n"
    "titre: \"Fournir des outils\"   # titre « officiel »\r\n"
    "actions:\r\n"
    "  - id: 1.2.1\r\n"
    "    titre: >-\r\n"
    "      Refonte du site internet, une ligne très longue qui dépasse largement quatre-vingts\r\n"
    "      colonnes\r\n"
    "    statut: 'a_venir'\r\n"
    "    journal:\r\n"
    "      - date: 2019-05-01\r\n"
    "        note: Première rencontre   # après la rencontre\r\n"
    "  # Un commentaire sur l’action suivante, qui doit rester à sa place.\r\n"
    "  - id: 1.2.2\r\n"
    "    titre: Document descriptif\r\n"
    "    journal: []"
)


def test_update_changes_only_that_actions_lines(plan_with):
    folder = plan_with({A: HAND_FORMATTED})
    done = update_action(Project.at(folder), "1.2.1", Update(D(2020, 3, 1), Statut.EN_COURS, 30,
                                                 "Appel d’offres : lancé", "Coordination"),
                                                     today=TODAY)
    assert (folder / A).read_bytes().decode() == (
        "# Objectif 1.2 — écrit à la main.\r\n"
        "id: '1.2'\r\n"
        "titre: \"Fournir des outils\"   # titre « officiel »\r\n"
        "actions:\r\n"
        "  - id: 1.2.1\r\n"
        "    titre: >-\r\n"
        "      Refonte du site internet, une ligne très longue qui dépasse largement "
        "quatre-vingts\r\n"
        "      colonnes\r\n"
        "    statut: en_cours\r\n"
        "    avancement: 30\r\n"
        "    journal:\r\n"
        "      - date: 2019-05-01\r\n"
        "        note: Première rencontre   # après la rencontre\r\n"
        "      - date: 2020-03-01\r\n"
        "        statut: en_cours\r\n"
        "        avancement: 30\r\n"
        "        note: \"Appel d’offres : lancé\"\r\n"
        "        auteur: Coordination\r\n"
        "  # Un commentaire sur l’action suivante, qui doit rester à sa place.\r\n"
        "  - id: 1.2.2\r\n"
        "    titre: Document descriptif\r\n"
        "    journal: []")
    assert done.before == (Statut.A_VENIR, None) and done.after == (Statut.EN_COURS, 30)


def test_update_of_the_last_action_keeps_a_missing_final_newline(plan_with):
    folder = plan_with({A: HAND_FORMATTED})
    update_action(Project.at(folder), "1.2.2", Update(D(2020, 3, 1), Statut.REPORTEE), today=TODAY)
    after = (folder / A).read_bytes().decode()
    assert after == HAND_FORMATTED.removesuffix("    journal: []") + (
        "    statut: reportee\r\n"
        "    journal:\r\n"
        "      - date: 2020-03-01\r\n"
        "        statut: reportee")


def test_update_without_journal_key_adds_one_inside_the_action(plan_with):
    text = ("id: 1.2\ntitre: Outils\nactions:\n  - id: 1.2.1\n    titre: Site\n"
            "    # fin de 1.2.1\n  - id: 1.2.2\n    titre: Doc\n")
    folder = plan_with({A: text})
    update_action(Project.at(folder), "1.2.1", Update(D(2020, 3, 1), note="ok"), today=TODAY)
    assert (folder / A).read_text() == (
        "id: 1.2\ntitre: Outils\nactions:\n  - id: 1.2.1\n    titre: Site\n"
        "    journal:\n      - date: 2020-03-01\n        note: ok\n"
        "    # fin de 1.2.1\n  - id: 1.2.2\n    titre: Doc\n")


def test_bom_is_kept(plan_with):
    folder = plan_with({A: "\ufeffid: 1.2\ntitre: Outils\nactions:\n  - id: 1.2.1\n"
                           "    titre: Site\n    journal: []\n"})
    update_action(Project.at(folder), "1.2.1", Update(D(2020, 3, 1), note="ok"), today=TODAY)
    assert (folder / A).read_bytes().startswith(b"\xef\xbb\xbfid: 1.2\n")


def test_finishing_an_action_with_progress_sets_it_to_100(small_plan):
    update_action(Project.at(small_plan), "1.1.2", Update(D(2020, 3, 2), Statut.REALISEE),
        today=TODAY)
    action = Project.at(small_plan).load().orientations[0].objectifs[0].actions[1]
    assert (action.statut, action.avancement) == (Statut.REALISEE, 100)
    assert action.journal[-1].avancement == 100


def test_dry_run_writes_nothing(small_plan):
    before = (small_plan / A).read_bytes()
    done = update_action(Project.at(small_plan), "1.2.1", Update(D(2020, 3, 1), Statut.EN_COURS),
                         dry_run=True, today=TODAY)
    assert (small_plan / A).read_bytes() == before
    assert "+    statut: en_cours\n" in done.edit.diff()


@pytest.mark.parametrize("identifier, update, error, message", [
    ("1.2.1", Update(D(2020, 3, 1)), UsageError, "rien à inscrire"),
    ("1.2.1", Update(D(2020, 3, 1), avancement=150), UsageError, "entre 0 et 100"),
    ("1.2", Update(D(2020, 3, 1), note="x"), UsageError, "1.2 est un objectif"),
    ("1.2.9", Update(D(2020, 3, 1), note="x"), UsageError, "identifiant inconnu"),
    ("1.1.1", Update(D(2030, 1, 1), note="x"), UsageError,
     "date 2030-01-01 dans le futur (nous sommes le 2026-11-26)"),
    ("1.1.1", Update(D(2010, 1, 1), note="x"), UsageError,
     "date 2010-01-01 antérieure au début du plan (2019-04-01)"),
    ("1.1.1", Update(D(2020, 3, 1), avancement=50), PlanInvalidError, "problem"),
])
def test_refused_updates_touch_nothing(small_plan, identifier, update, error, message):
    before = {p: p.read_bytes() for p in small_plan.rglob("*")  if p.is_file()}
    with pytest.raises(error, match=re.escape(message)):
        update_action(Project.at(small_plan), identifier, update, today=TODAY)
    assert {p: p.read_bytes() for p in small_plan.rglob("*") if p.is_file()} == before


def test_refused_result_names_the_problem(small_plan):
    with pytest.raises(PlanInvalidError) as caught:
        update_action(Project.at(small_plan), "1.1.1", Update(D(2020, 3, 1), avancement=50),
            today=TODAY)
    assert [p.message for p in caught.value.problems] == [
        "avancement de 50 % pour une action réalisée : une action réalisée est à 100 % "
        "(ou n’indique pas d’avancement)"]


def test_write_keeps_mode_and_leaves_no_stray_file(small_plan):
    target = small_plan / A
    target.chmod(0o640)
    update_action(Project.at(small_plan), "1.2.1", Update(D(2020, 3, 1), note="x"), today=TODAY)
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in target.parent.iterdir()) == [
        "1.1-definition.yaml", "1.2-outils.yaml", "orientation.yaml"]
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
        update_action(Project.at(Path(folder)), "1.2.1",
                      Update(D(2020, 3, 1), note=f"entrée {day}"), today=TODAY)


@pytest.mark.slow
def test_concurrent_updates_lose_nothing(small_plan):
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_update_many, args=(str(small_plan), n * 10))
               for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    notes = [e.note for e in Project.at(small_plan).load().orientations[0].objectifs[1].actions[0]
             .journal]
    assert sorted(notes) == sorted(f"entrée {n * 10 + d}" for n in range(4) for d in range(5))


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
                          cwd=folder, capture_output=True, text=True, check=True).stdout


def test_updates_of_two_actions_on_two_branches_merge_cleanly(tmp_path):
    from tests.conftest import SMALL_PLAN, write_tree

    repo = tmp_path / "depot"
    folder = write_tree(repo / "plan", {
        **SMALL_PLAN,
        A: "id: 1.2\ntitre: Outils\nactions:\n  - id: 1.2.1\n    titre: Site\n"
           "    journal: []\n  - id: 1.2.2\n    titre: Doc\n    journal: []\n"})
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "plan")
    git(repo, "checkout", "-qb", "autre")
    update_action(Project.at(folder), "1.2.2", Update(D(2020, 3, 2), Statut.EN_COURS, note="doc"),
        today=TODAY)
    git(repo, "commit", "-qam", "1.2.2")
    git(repo, "checkout", "-q", "main")
    update_action(Project.at(folder), "1.2.1", Update(D(2020, 3, 1), Statut.REALISEE, note="site"),
        today=TODAY)
    git(repo, "commit", "-qam", "1.2.1")
    git(repo, "merge", "-q", "--no-edit", "autre")
    plan = Project.at(folder).load()
    site, doc = plan.orientations[0].objectifs[1].actions
    assert (site.statut, doc.statut) == (Statut.REALISEE, Statut.EN_COURS)


notes = st.text(st.characters(blacklist_categories=("Cs", "Cc"),
                              blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066"
                              "\u2067\u2068\u2069\u200e\u200f"), min_size=1, max_size=40
                ).filter(str.strip)  # a blank note is refused, rightly


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(identifier=st.sampled_from(["1.1.2", "1.2.1", "2.1.1"]),
       statut=st.sampled_from([None, Statut.EN_COURS, Statut.REPORTEE, Statut.EN_CONTINU]),
       avancement=st.one_of(st.none(), st.integers(0, 100)), note=st.one_of(st.none(), notes))
@pytest.mark.slow
def test_any_valid_update_keeps_the_plan_valid_and_changes_only_that_action(
        small_plan, identifier, statut, avancement, note):
    if statut is None and avancement is None and not note:
        return
    done = update_action(Project.at(small_plan), identifier,
                         Update(D(2020, 6, 1), statut, avancement, note), dry_run=True, today=TODAY)
    loaded = read_plan(small_plan, {done.edit.path: done.edit.after})
    assert loaded.problems == []
    old_plan = Project.at(small_plan).load()
    for (_, _, old), (_, _, new) in zip(old_plan.iter_actions(), loaded.plan.iter_actions(),
                                        strict=True):
        if old.id != identifier:
            assert old == new
        else:
            assert new.journal[:-1] == old.journal
            assert new.journal[-1].note == note
    # Old lines all stay, in order, but for the status and progress lines it replaced.
    replaced = {f"    statut: {done.before[0].value}", f"    avancement: {done.before[1]}",
                "    journal: []"}
    new_lines = iter(done.edit.after.splitlines())
    assert all(any(line == n for n in new_lines)
               for line in done.edit.before.splitlines() if line not in replaced)


KEEP_UPDATING = """
import datetime as dt, itertools, sys
from pathlib import Path
from tdsplan.edit import Update, update_action
from tdsplan.project import Project
project = Project.at(Path(sys.argv[1]))
for n in itertools.count():
    update_action(project, "1.2.1", Update(dt.date(2020, 3, 1), note=f"note {n}"),
                  today=dt.date(2026, 11, 26))
"""


@pytest.mark.slow
def test_kill_9_mid_update_leaves_a_valid_file(small_plan):
    import random
    import signal
    import sys
    import time

    rng = random.Random(7)
    for _ in range(6):
        worker = subprocess.Popen([sys.executable, "-c", KEEP_UPDATING, str(small_plan)])
        time.sleep(rng.uniform(0.4, 0.9))
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        Project.at(small_plan).load()  # whole, valid: the old text or the new one, never half
    written = Project.at(small_plan).load().orientations[0].objectifs[1].actions[0].journal
    assert len(written) > 6  # the workers did write between the kills
    update_action(Project.at(small_plan), "1.2.1", Update(D(2020, 3, 1), note="après"), today=TODAY)
    assert [p.name for p in (small_plan / A).parent.iterdir() if p.name.startswith(".")] == []
    plan = Project.at(small_plan).load()
    assert plan.orientations[0].objectifs[1].actions[0].journal[-1].note == "après"


def test_a_batch_of_updates_is_written_whole_or_not_at_all(small_plan):
    import datetime as dt

    from tdsplan.edit import BatchRefusedError, Update, update_actions
    from tdsplan.project import Project
    from tdsplan.vocabulary import Statut

    project = Project.at(small_plan)
    path = small_plan / "1-comprendre" / "1.1-definition.yaml"
    before = path.read_bytes()
    today = dt.date(2020, 3, 1)
    changes = [("1.1.2", Update(dt.date(2020, 2, 1), avancement=60)),
               ("1.1.2", Update(dt.date(2020, 1, 20), note="Entre deux")),
               ("1.2.1", Update(dt.date(2020, 2, 2), statut=Statut.REALISEE, avancement=50))]
    with pytest.raises(BatchRefusedError) as refused:
        update_actions(project, changes, today=today)
    assert refused.value.index == 2
    assert "pour une action réalisée" in refused.value.error.problems[0].message
    assert path.read_bytes() == before
    done, edits = update_actions(project, changes[:2], today=today)
    assert [e.path for e in edits] == [path]
    assert [(d.number, d.backdated) for d in done] == [(2, False), (2, True)]
    text = path.read_text("utf-8")
    assert text.endswith("      - date: 2020-01-10\n        statut: en_cours\n"
                         "        avancement: 40\n      - date: 2020-01-20\n"
                         "        note: Entre deux\n      - date: 2020-02-01\n"
                         "        avancement: 60\n")
    assert "    avancement: 60\n" in text


BATCH = [("1.1.2", Update(D(2020, 2, 1), note="Charte relue")),
         ("1.2.1", Update(D(2020, 2, 2), note="Devis reçus")),
         ("1.1.2", Update(D(2020, 2, 3), avancement=60)),
         ("2.1.1", Update(D(2020, 2, 4), note="Troisième formation"))]
FILES = ["1-comprendre/1.1-definition.yaml", A, "2-agir/2.1-partager.yaml"]


def test_a_batch_parses_each_file_once_and_writes_it_once(small_plan, monkeypatch):
    import os

    from tdsplan import edit, files
    from tdsplan.edit import update_actions

    parsed, renamed = [], []
    real_parse, real_replace = edit.parse_document, os.replace

    def counting_parse(path, text, **options):
        parsed.append(path)
        return real_parse(path, text, **options)

    def counting_replace(source, target):
        renamed.append(Path(target))
        real_replace(source, target)

    monkeypatch.setattr(edit, "parse_document", counting_parse)
    monkeypatch.setattr(files.os, "replace", counting_replace)
    done, edits = update_actions(Project.at(small_plan), BATCH, today=D(2020, 3, 1))
    paths = [small_plan / name for name in FILES]
    assert parsed == paths and [e.path for e in edits] == paths
    assert [p for p in renamed if p.suffix == ".yaml"] == paths
    assert [(d.action.id, d.number, d.before[1], d.after[1]) for d in done] == [
        ("1.1.2", 2, 40, 60), ("1.2.1", 1, None, None), ("1.1.2", 3, 40, 60),
        ("2.1.1", 2, None, None)]
    assert (small_plan / FILES[0]).read_text("utf-8").endswith(
        "      - date: 2020-02-01\n        note: Charte relue\n"
        "      - date: 2020-02-03\n        avancement: 60\n")
    assert not (small_plan / ".tdsplan-batch.json").exists()


def test_a_batch_with_a_read_only_file_writes_none(small_plan):
    from tdsplan.edit import update_actions

    before = {name: (small_plan / name).read_bytes() for name in FILES}
    (small_plan / FILES[2]).chmod(0o444)
    with pytest.raises(ChangeRefusedError) as refused:
        update_actions(Project.at(small_plan), BATCH, today=D(2020, 3, 1))
    assert str(refused.value).startswith(f"{small_plan / FILES[2]} est en lecture seule : ")
    assert {name: (small_plan / name).read_bytes() for name in FILES} == before
    assert not (small_plan / ".tdsplan-batch.json").exists()


def test_a_batch_past_the_file_size_cap_writes_none(small_plan):
    from tdsplan.edit import BatchRefusedError, update_actions
    from tdsplan.yamlio import MAX_FILE_BYTES

    path = small_plan / FILES[2]
    text = path.read_text("utf-8")
    path.write_text("#" * (MAX_FILE_BYTES - len(text.encode()) - 30) + "\n" + text, "utf-8")
    before = {name: (small_plan / name).read_bytes() for name in FILES}
    with pytest.raises(BatchRefusedError) as refused:
        update_actions(Project.at(small_plan), BATCH, today=D(2020, 3, 1))
    assert refused.value.index == 3
    assert str(refused.value.error).startswith(f"{path} : la modification porterait le fichier")
    assert {name: (small_plan / name).read_bytes() for name in FILES} == before


KILL_MID_BATCH = """
import datetime as dt, os, signal, sys
from pathlib import Path
from tdsplan.edit import Update, update_actions
from tdsplan.project import Project

real_replace = os.replace

def replace_then_die(source, target):
    real_replace(source, target)
    if str(target).endswith(".yaml"):  # the first plan file renamed: killed right there
        os.kill(os.getpid(), signal.SIGKILL)

os.replace = replace_then_die
changes = [("1.1.2", Update(dt.date(2020, 2, 1), note="Charte relue")),
           ("1.2.1", Update(dt.date(2020, 2, 2), note="Devis reçus")),
           ("2.1.1", Update(dt.date(2020, 2, 4), note="Troisième formation"))]
update_actions(Project.at(Path(sys.argv[1])), changes, today=dt.date(2020, 3, 1))
"""


@pytest.mark.slow  # runs a process
def test_kill_9_mid_batch_leaves_each_file_whole_and_the_next_edit_reports_it(small_plan):
    import signal
    import sys

    from tdsplan.edit import Interrupted, InterruptedBatchError, interrupted_batch

    before = {name: (small_plan / name).read_bytes() for name in FILES}
    worker = subprocess.run([sys.executable, "-c", KILL_MID_BATCH, str(small_plan)])
    assert worker.returncode == -signal.SIGKILL
    project = Project.at(small_plan)
    plan = project.load()  # every file whole: the old text or the new one
    assert plan.orientations[0].objectifs[0].actions[1].journal[-1].note == "Charte relue"
    assert [(small_plan / name).read_bytes() == before[name] for name in FILES] == [
        False, True, True]
    record = small_plan / ".tdsplan-batch.json"
    assert interrupted_batch(project) == Interrupted(
        record, (small_plan / FILES[0],), (small_plan / FILES[1], small_plan / FILES[2]))
    with pytest.raises(InterruptedBatchError) as refused:
        update_action(project, "1.2.1", Update(D(2020, 3, 1), note="après"), today=TODAY)
    assert str(refused.value) == (
        f"l’import précédent a été interrompu : fichiers écrits : {small_plan / FILES[0]} ; "
        f"non écrits : {small_plan / FILES[1]}, {small_plan / FILES[2]} ; chaque fichier est "
        f"entier, mais le lot ne l’est pas : supprimez {record} puis relancez le même import "
        "(les lignes déjà inscrites sont passées)")
    assert (small_plan / FILES[1]).read_bytes() == before[FILES[1]]
    record.unlink()
    update_action(project, "1.2.1", Update(D(2020, 3, 1), note="après"), today=TODAY)
    # The temporary file the kill left beside 1.2 was swept by the next edit of it (the
    # lock the killed process held on 1.1 stays, git-ignored, and blocks nobody).
    assert [p.name for p in (small_plan / A).parent.iterdir() if p.name.startswith(".")] == [
        ".1.1-definition.yaml.lock"]

"""The splicer touches only the lines it means to: comments, quotes, line endings, a BOM
and a missing final newline stay, and two edits of one file merge in git."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tdsplan.elements import find
from tdsplan.journal import Update, update_action
from tdsplan.models import Statut
from tdsplan.project import Project
from tdsplan.state import state_at
from tdsplan.store import read_plan
from tdsplan.updates import NothingNewError

D = dt.date
TODAY = D(2026, 11, 26)
A = "1-comprendre/1.2-outils.yaml"

HAND_FORMATTED = (
    "# Objectif 1.2 — écrit à la main.\r\n"
    "id: '1.2'\r\n"
    'titre: "Fournir des outils"   # titre « officiel »\r\n'
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
    done = update_action(
        Project.at(folder),
        "1.2.1",
        Update(D(2020, 3, 1), Statut.EN_COURS, 30, "Appel d’offres : lancé", "Coordination"),
        today=TODAY,
    )
    assert (folder / A).read_bytes().decode() == (
        "# Objectif 1.2 — écrit à la main.\r\n"
        "id: '1.2'\r\n"
        'titre: "Fournir des outils"   # titre « officiel »\r\n'
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
        '        note: "Appel d’offres : lancé"\r\n'
        "        auteur: Coordination\r\n"
        "  # Un commentaire sur l’action suivante, qui doit rester à sa place.\r\n"
        "  - id: 1.2.2\r\n"
        "    titre: Document descriptif\r\n"
        "    journal: []"
    )
    assert done.before == (Statut.A_VENIR, None) and done.after == (Statut.EN_COURS, 30)


def test_update_of_the_last_action_keeps_a_missing_final_newline(plan_with):
    folder = plan_with({A: HAND_FORMATTED})
    update_action(Project.at(folder), "1.2.2", Update(D(2020, 3, 1), Statut.REPORTEE), today=TODAY)
    after = (folder / A).read_bytes().decode()
    assert after == HAND_FORMATTED.removesuffix("    journal: []") + (
        "    statut: reportee\r\n"
        "    journal:\r\n"
        "      - date: 2020-03-01\r\n"
        "        statut: reportee"
    )


def test_update_without_journal_key_adds_one_inside_the_action(plan_with):
    text = (
        "id: 1.2\ntitre: Outils\nactions:\n  - id: 1.2.1\n    titre: Site\n"
        "    # fin de 1.2.1\n  - id: 1.2.2\n    titre: Doc\n"
    )
    folder = plan_with({A: text})
    update_action(Project.at(folder), "1.2.1", Update(D(2020, 3, 1), note="ok"), today=TODAY)
    assert (folder / A).read_text() == (
        "id: 1.2\ntitre: Outils\nactions:\n  - id: 1.2.1\n    titre: Site\n"
        "    journal:\n      - date: 2020-03-01\n        note: ok\n"
        "    # fin de 1.2.1\n  - id: 1.2.2\n    titre: Doc\n"
    )


def test_bom_is_kept(plan_with):
    folder = plan_with(
        {
            A: "\ufeffid: 1.2\ntitre: Outils\nactions:\n  - id: 1.2.1\n"
            "    titre: Site\n    journal: []\n"
        }
    )
    update_action(Project.at(folder), "1.2.1", Update(D(2020, 3, 1), note="ok"), today=TODAY)
    assert (folder / A).read_bytes().startswith(b"\xef\xbb\xbfid: 1.2\n")


def git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_updates_of_two_actions_on_two_branches_merge_cleanly(tmp_path):
    from tests.conftest import SMALL_PLAN, write_tree

    repo = tmp_path / "depot"
    folder = write_tree(
        repo / "plan",
        {
            **SMALL_PLAN,
            A: "id: 1.2\ntitre: Outils\nactions:\n  - id: 1.2.1\n    titre: Site\n"
            "    journal: []\n  - id: 1.2.2\n    titre: Doc\n    journal: []\n",
        },
    )
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "plan")
    git(repo, "checkout", "-qb", "autre")
    update_action(
        Project.at(folder), "1.2.2", Update(D(2020, 3, 2), Statut.EN_COURS, note="doc"), today=TODAY
    )
    git(repo, "commit", "-qam", "1.2.2")
    git(repo, "checkout", "-q", "main")
    update_action(
        Project.at(folder),
        "1.2.1",
        Update(D(2020, 3, 1), Statut.REALISEE, note="site"),
        today=TODAY,
    )
    git(repo, "commit", "-qam", "1.2.1")
    git(repo, "merge", "-q", "--no-edit", "autre")
    plan = Project.at(folder).load()
    site, doc = plan.orientations[0].objectifs[1].actions
    assert (site.statut, doc.statut) == (Statut.REALISEE, Statut.EN_COURS)


notes = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc"),
        blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f",
    ),
    min_size=1,
    max_size=40,
).filter(str.strip)  # a blank note is refused, rightly


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    identifier=st.sampled_from(["1.1.2", "1.2.1", "2.1.1"]),
    statut=st.sampled_from([None, Statut.EN_COURS, Statut.REPORTEE, Statut.EN_CONTINU]),
    avancement=st.one_of(st.none(), st.integers(0, 100)),
    note=st.one_of(st.none(), notes),
)
@pytest.mark.slow
def test_any_valid_update_keeps_the_plan_valid_and_changes_only_that_action(
    small_plan, identifier, statut, avancement, note
):
    if statut is None and avancement is None and not note:
        return
    try:
        done = update_action(
            Project.at(small_plan),
            identifier,
            Update(D(2020, 6, 1), statut, avancement, note),
            dry_run=True,
            today=TODAY,
        )
    except NothingNewError:  # refused only when it is so: no note, every field already set
        then = state_at(find(Project.at(small_plan).load(), identifier), D(2020, 6, 1))
        assert not note and statut in (None, then.statut) and avancement in (None, then.avancement)
        return
    loaded = read_plan(small_plan, {done.edit.path: done.edit.after})
    assert loaded.problems == []
    old_plan = Project.at(small_plan).load()
    for (_, _, old), (_, _, new) in zip(
        old_plan.iter_actions(), loaded.plan.iter_actions(), strict=True
    ):
        if old.id != identifier:
            assert old == new
        else:
            assert new.journal[:-1] == old.journal
            assert new.journal[-1].note == note
    # Old lines all stay, in order, but for the status and progress lines it replaced.
    replaced = {
        f"    statut: {done.before[0].value}",
        f"    avancement: {done.before[1]}",
        "    journal: []",
    }
    new_lines = iter(done.edit.after.splitlines())
    assert all(
        any(line == n for n in new_lines)
        for line in done.edit.before.splitlines()
        if line not in replaced
    )

"""``tdsplan validate``: one line when valid, every problem otherwise."""

from __future__ import annotations

import datetime as dt

from tests.conftest import REPO


def test_valid_plan_one_line(cli, small_plan, monkeypatch):
    monkeypatch.chdir(small_plan.parent)
    result = cli("validate")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "plan : plan valide — 2 orientations, 3 objectifs, 5 actions (6 fichiers)\n"
    )


def test_shipped_plan_is_valid(cli, monkeypatch):
    monkeypatch.chdir(REPO)
    result = cli("validate")
    assert result.stdout == (
        "plan : plan valide — 4 orientations, 7 objectifs, 27 actions (12 fichiers)\n"
    )


def test_invalid_plan_every_problem_and_nothing_touched(cli, plan_with, monkeypatch):
    folder = plan_with(
        {
            "1-comprendre/1.2-outils.yaml": "id: 1.2\ntitre: Outils\nactions:\n"
            "  - id: 1.2.1\n    titre: Site\n\tstatut: a_venir\n",
            "2-agir/orientation.yaml": "id: 2\ntitre: Agir\ncouleur: bleu\n",
        }
    )
    before = {p: p.read_bytes() for p in folder.rglob("*.yaml")}
    monkeypatch.chdir(folder.parent)
    result = cli("validate")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "plan/1-comprendre/1.2-outils.yaml:6:1: tabulation interdite : en YAML, on indente avec "
        "des espaces\n"
        "plan/2-agir/orientation.yaml:3:1: clé inconnue « couleur »\n"
        "tdsplan : erreur : plan invalide : 2 problèmes dans 2 fichiers\n"
    )
    assert {p: p.read_bytes() for p in folder.rglob("*.yaml")} == before


def test_plan_option_must_name_a_plan(cli, tmp_path):
    result = cli("--plan", tmp_path, "validate")
    assert result.exit_code == 2
    assert (
        result.stderr == f"tdsplan : erreur : {tmp_path} ne contient pas de plan.yaml : "
        "ce n’est pas un dossier de plan\n"
    )


FUTURE = "1-comprendre/1.2-outils.yaml"


def test_an_entry_dated_after_today_is_refused_by_validate_show_and_update(cli, plan_with):
    """A hand-typed entry of 2091: validate refuses it at its date: line:col naming today,
    show refuses to tell a progress the file contradicts, and an update of another action
    of the plan writes nothing; in French and in English."""
    from tdsplan.i18n import use_language

    folder = plan_with(
        {
            FUTURE: "id: 1.2\ntitre: Fournir des outils\nactions:\n  - id: 1.2.1\n"
            "    titre: Refonte du site internet\n    statut: en_cours\n    journal:\n"
            "      - date: 2091-09-15\n        statut: en_cours\n"
        }
    )
    before = {p: p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}
    where = f"{folder / FUTURE}:8:15: "
    french = (
        where + "date 2091-09-15 dans le futur (nous sommes le 2020-03-01) : le journal "
        "n’inscrit que ce qui est arrivé\ntdsplan : erreur : plan invalide : 1 problème dans "
        "1 fichier\n"
    )
    english = (
        where + "date 2091-09-15 is in the future (today is 2020-03-01): the journal records "
        "only what happened\ntdsplan: error: invalid plan: 1 problem in 1 file\n"
    )
    update = ("update", "1.1.2", "--progress", "50", "--date", "2020-02-20")
    try:
        for lang, expected in (("fr", french), ("en", english)):
            for args in (("validate",), ("show", "1.2.1"), update):
                result = cli("--lang", lang, "--plan", folder, *args)
                assert (result.exit_code, result.stdout, result.stderr) == (
                    1,
                    "",
                    expected,
                ), (lang, args)
    finally:
        use_language("fr")
    assert {p: p.read_bytes() for p in sorted(folder.rglob("*.yaml"))} == before
    # The day it happens, the entry is the plan's.
    assert cli.on(dt.date(2091, 9, 15))("--plan", folder, "validate").exit_code == 0


def test_a_status_changed_by_hand_is_mended_as_the_message_says(cli, plan_with):
    from tests.conftest import OBJECTIF_1_2

    tools = "1-comprendre/1.2-outils.yaml"
    done = OBJECTIF_1_2.replace(
        "    journal: []",
        "    statut: realisee\n    avancement: 100\n"
        "    journal:\n      - date: 2020-02-01\n        statut: realisee",
    )
    folder = plan_with(
        {
            tools: done.replace(
                "statut: realisee\n    avancement", "statut: en_cours\n    avancement"
            )
        }
    )
    result = cli("--plan", folder, "validate")
    assert result.exit_code == 1
    assert "remettez « realisee », puis inscrivez le changement avec tdsplan update" in (
        result.stderr
    )
    # As the message says: the status put back, then the change recorded by update.
    (folder / tools).write_text(done, "utf-8")
    result = cli("--plan", folder, "update", "1.2.1", "--status", "en_cours", "-n", "Reprise.")
    assert (result.exit_code, result.stderr) == (0, "")
    assert cli("--plan", folder, "validate").exit_code == 0


def test_an_interrupted_batch_fails_validate_and_is_said_by_status(cli, small_plan):
    import json

    from tdsplan.edit import BATCH_FILE

    tools = small_plan / "1-comprendre" / "1.2-outils.yaml"
    record = {
        "format": 1,
        "fichiers": {"1-comprendre/1.2-outils.yaml": {"avant": "0", "apres": "1"}},
    }
    (small_plan / BATCH_FILE).write_text(json.dumps(record), "utf-8")
    said = f"l’import précédent a été interrompu : fichiers écrits : aucun ; non écrits : {tools}"
    result = cli("--plan", small_plan, "validate")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"tdsplan : erreur : {said} ;")
    shown = cli("--plan", small_plan, "status")
    assert shown.exit_code == 0 and shown.stderr.startswith(f"tdsplan : attention : {said} ;")
    (small_plan / BATCH_FILE).unlink()
    assert cli("--plan", small_plan, "validate").exit_code == 0

"""``tdsplan diff``: what changed between two revisions of the plan, as a person reads it."""

from __future__ import annotations

import json

from tests.test_history import git, repo  # noqa: F401 - the fixture

TOOLS = ("plan", "1-comprendre", "1.2-outils.yaml")


def test_cli_init_and_diff(cli, repo, tmp_path):  # noqa: F811
    result = cli("init", tmp_path / "neuf", "--from", repo / "plan", "--period", "2021-2026")
    assert result.stdout == (
        f"Plan « Plan d’action 2021-2026 » créé dans {tmp_path / 'neuf'} : "
        f"2 orientations, 3 objectifs, 3 actions reprises de "
        f"{repo / 'plan'}.\n"
        f"Plan ajouté à {tmp_path / 'tdsplan.toml'} ; le plan courant "
        f"reste 2019-2021 (plan) jusqu’au 2021-03-31, {tmp_path / 'neuf'} "
        f"le devient le 2021-04-01 (d’ici là : --plan 2021-2026).\n"
    )
    (repo.joinpath(*TOOLS)).unlink()
    result = cli("--plan", repo / "plan", "diff")
    assert result.stdout == (
        "Plan : HEAD → fichiers actuels\n\nActions retirées (1)\n"
        "  - 1.2.1 Refonte du site internet\n"
    )


def test_what_diff_does_not_show_is_no_change_to_it(cli, repo):  # noqa: F811
    # A due date and a progress written in the file, no entry: status --since shows them.
    tools = repo.joinpath(*TOOLS)
    tools.write_text(
        tools.read_text("utf-8").replace(
            "    journal: []", "    avancement: 10\n    echeance: 2021-01-31\n    journal: []"
        ),
        "utf-8",
    )
    git(repo, "commit", "-qam", "échéance")
    result = cli("--plan", repo / "plan", "diff", "HEAD~1", "HEAD")
    assert (result.exit_code, result.stdout) == (
        0,
        "Plan : HEAD~1 → HEAD\nAucun changement du plan.\n",
    )
    data = json.loads(cli("--plan", repo / "plan", "diff", "HEAD~1", "--json").stdout)
    assert data == {
        "avant": "HEAD~1",
        "apres": "fichiers actuels",
        "ajoutees": [],
        "retirees": [],
        "deplacees": [],
        "statuts": [],
        "journal": [],
        "journal_corrige": [],
        "journal_supprime": [],
    }


def test_an_entry_that_records_only_an_indicator_value_says_so(cli, repo):  # noqa: F811
    tools = repo.joinpath(*TOOLS)
    tools.write_text(
        tools.read_text("utf-8").replace(
            "    journal: []",
            "    indicateurs:\n      - nom: Visites\n        cible: 1500\n    journal: []",
        ),
        "utf-8",
    )
    git(repo, "commit", "-qam", "indicateur")
    text = tools.read_text("utf-8").replace(
        "Refonte du site internet\n", "Refonte du site internet\n    statut: en_cours\n"
    )
    tools.write_text(
        text.replace("cible: 1500\n", "cible: 1500\n        reel: 1400\n").replace(
            "    journal: []",
            "    journal:\n      - date: 2020-01-15\n        indicateurs:\n          Visites: 1300\n"
            "      - date: 2020-02-01\n        statut: en_cours\n        indicateurs:\n"
            "          Visites: 1400\n        note: Lancé.",
        ),
        "utf-8",
    )
    result = cli("--plan", repo / "plan", "diff")
    assert result.stderr == ""
    assert result.stdout == (
        "Plan : HEAD → fichiers actuels\n\n"
        "Changements de statut (1)\n"
        "  1.2.1 Refonte du site internet : À venir → En cours\n\n"
        "Nouvelles entrées de journal (2)\n"
        "  2020-01-15 1.2.1 Visites = 1\u202f300\n"
        "  2020-02-01 1.2.1 En cours · Visites = 1\u202f400 — Lancé.\n"
    )


def test_a_move_is_one_action_moved_not_one_removed_and_one_added(cli, repo):  # noqa: F811
    assert cli("--plan", repo / "plan", "move", "1.2.1", "1.1").exit_code == 0
    result = cli("--plan", repo / "plan", "diff")
    assert result.stdout == (
        "Plan : HEAD → fichiers actuels\n\nActions déplacées (1)\n"
        "  1.2.1 → 1.1.3 Refonte du site internet\n"
    )
    data = json.loads(cli("--plan", repo / "plan", "diff", "--json").stdout)
    assert (data["ajoutees"], data["retirees"], data["deplacees"]) == (
        [],
        [],
        [{"avant": "1.2.1", "apres": "1.1.3", "titre": "Refonte du site internet"}],
    )
    since = json.loads(cli("--plan", repo / "plan", "status", "--since", "HEAD", "--json").stdout)
    assert since["depuis"]["actions_deplacees"] == data["deplacees"]


def test_the_meeting_brief_says_an_action_moved_in_each_format(cli, repo, tmp_path):  # noqa: F811
    assert cli("--plan", repo / "plan", "move", "1.2.1", "1.1").exit_code == 0
    git(repo, "commit", "-qam", "Déplacer 1.2.1 en 1.1.3")
    said = "Refonte du site internet\u00a0: action déplacée (auparavant 1.2.1)"
    for kind in ("md", "html", "docx"):
        out = tmp_path / kind
        result = cli("--plan", repo / "plan", "report", "--since", "HEAD~1", "-f", kind, "-o", out)
        assert result.exit_code == 0, result.stderr
        (written,) = out.iterdir()
        if kind == "docx":
            from docx import Document

            text = "\n".join(p.text for p in Document(written).paragraphs)
        else:
            text = written.read_text("utf-8")
        assert said in text, kind
        assert "nouvelle action" not in text and "retirée du plan" not in text


def test_an_entry_corrected_or_deleted_is_not_a_new_entry(cli, repo):  # noqa: F811
    plan = repo / "plan"
    for args in (
        ["update", "1.2.1", "--date", "2020-02-01", "-p", "20", "-n", "Lancé."],
        ["update", "1.2.1", "--date", "2020-02-15", "-n", "Maquettes."],
    ):
        assert cli("--plan", plan, *args).exit_code == 0
    git(repo, "commit", "-qam", "suivi")
    assert cli("--plan", plan, "amend", "1.2.1", "1", "--note", "Lancé en février.").exit_code == 0
    assert cli("--plan", plan, "amend", "1.2.1", "2", "--delete").exit_code == 0
    assert cli("--plan", plan, "diff").stdout == (
        "Plan : HEAD → fichiers actuels\n\n"
        "Entrées de journal corrigées (1)\n"
        "  2020-02-01 1.2.1 20\u00a0% — Lancé en février.\n\n"
        "Entrées de journal supprimées (1)\n"
        "  2020-02-15 1.2.1 — Maquettes.\n"
    )
    data = json.loads(cli("--plan", plan, "diff", "--json").stdout)
    assert data["journal"] == []
    assert [(c["avant"]["note"], c["apres"]["note"]) for c in data["journal_corrige"]] == [
        ("Lancé.", "Lancé en février.")
    ]
    assert [e["note"] for e in data["journal_supprime"]] == ["Maquettes."]
    since = cli("--plan", plan, "status", "--since", "HEAD").stdout
    assert (
        "Entrées de journal corrigées (1)\n  2020-02-01  1.2.1  20\u00a0% · Lancé en février.\n"
        in since
    )
    assert "Entrées de journal supprimées (1)\n" in since and "Entrées de journal (" not in since


def test_a_move_onto_an_id_another_move_freed_is_two_moves_and_no_entry_lost(cli, repo):  # noqa: F811
    plan = repo / "plan"
    for args in (
        ["update", "1.2.1", "--date", "2020-02-01", "-n", "Lancé."],
        ["add", "action", "--parent", "1.2", "--title", "Infolettre"],
    ):
        assert cli("--plan", plan, *args).exit_code == 0
    git(repo, "commit", "-qam", "suivi")
    assert cli("--plan", plan, "move", "1.2.1", "1.2.9").exit_code == 0
    assert cli("--plan", plan, "move", "1.2.2", "1.2.1").exit_code == 0
    result = cli("--plan", plan, "diff")
    assert result.stdout == (
        "Plan : HEAD → fichiers actuels\n\nActions déplacées (2)\n"
        "  1.2.1 → 1.2.9 Refonte du site internet\n"
        "  1.2.2 → 1.2.1 Infolettre\n"
    )

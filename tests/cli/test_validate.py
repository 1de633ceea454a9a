"""``tdsplan validate``: one line when valid, every problem otherwise."""

from __future__ import annotations

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

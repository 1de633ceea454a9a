"""``tdsplan show``: one element, everything about it."""

from __future__ import annotations

import json

import pytest

from .test_status import lines

SHOW_ACTION = """\
Action 1.1.1 — Définition du DS
Orientation 1 · Comprendre ensemble
Objectif 1.1 · S’entendre sur une définition
État au 1er\u00a0mars 2020 · fichier plan/1-comprendre/1.1-definition.yaml

Statut       Réalisée
Porteur      Marie Tremblay
Partenaires  —
Territoires  —
Mandats      1. Veiller
Début        —
Échéance     2020-03-31

Journal
Date         Changement   Note                  Auteur
──────────────────────────────────────────────────────
2019-05-01   En cours     Premier atelier.
2020-02-15   Réalisée     Définition adoptée.   Marie"""


def test_show_action(cli, small_plan, monkeypatch):
    monkeypatch.chdir(small_plan.parent)
    result = cli("show", "1.1.1")
    assert result.exit_code == 0
    assert lines(result.stdout) == SHOW_ACTION


def test_show_as_of_hides_later_entries(cli, small_plan):
    result = cli("--plan", small_plan, "show", "1.1.1", "--au", "2019-12-31")
    assert "Statut       En cours" in result.stdout
    assert "Définition adoptée" not in result.stdout


def test_show_objective_lists_its_actions(cli, small_plan):
    result = cli("--plan", small_plan, "show", "1.1")
    out = lines(result.stdout)
    assert out.startswith(
        "Objectif 1.1 — S’entendre sur une définition\nOrientation 1 · Comprendre ensemble\n"
    )
    assert "Avancement ■■■■■■■■■■■■■■□□□□□□  70\u00a0%" in out
    assert "  1.1.2   Charte des valeurs" in out and "En cours · 40\u00a0% ⚠ en retard" in out


def test_show_json(cli, small_plan):
    data = json.loads(cli("--plan", small_plan, "show", "1.1.2", "--json").stdout)
    assert data["id"] == "1.1.2" and data["journal"][0]["date"] == "2020-01-10"
    assert data["etat"] == {
        "date": "2020-03-01",
        "statut": "en_cours",
        "avancement": 40,
        "en_retard": True,
        "echeance": "2020-01-31",
        "porteur": None,
        "indicateurs": {},
    }


def test_show_unknown_id_suggests(cli, small_plan):
    result = cli("--plan", small_plan, "show", "1.1.9")
    assert result.exit_code == 2
    assert result.stderr == (
        "tdsplan : erreur : identifiant inconnu « 1.1.9 » ; "
        "vouliez-vous dire 1.1.2, 1.1.1 ou 1.1 ?\n"
    )


def test_as_of_and_year_exclude_each_other(cli, small_plan):
    result = cli("--plan", small_plan, "show", "1.1", "--as-of", "2019-12-31", "--year", "2019")
    assert result.exit_code == 2
    assert result.stderr == (
        "tdsplan : erreur : --as-of ou --year s’excluent : choisissez-en une\n"
    )


def test_piped_output_has_no_trailing_spaces(cli, small_plan):
    """Tables are padded to their width in a terminal; piped, no line ends in a space."""
    for args in (
        ["show", "1.1.1"],
        ["show", "1.1"],
        ["log"],
        ["log", "1.1.1"],
        ["status", "--all"],
        ["status"],
        ["status", "--late"],
    ):
        result = cli("--plan", small_plan, *args)
        assert result.exit_code == 0, args
        assert [line for line in result.stdout.splitlines() if line != line.rstrip()] == [], args
    assert "\nPorteur      Marie Tremblay\n" in cli("--plan", small_plan, "show", "1.1.1").stdout


COUNTED = """\
id: 1.2
titre: Fournir des outils
actions:
  - id: 1.2.1
    titre: Refonte du site internet
    indicateurs:
      - nom: Participants
        nature: cumul
        unite: personnes
        cible: 1500
        reel: 1200
    journal:
      - date: 2019-06-01
        indicateurs:
          Participants: 700
      - date: 2020-03-01
        indicateurs:
          Participants: 500
"""


def test_show_gives_each_indicators_value_target_and_attainment_at_the_date(cli, plan_with):
    folder = plan_with({"1-comprendre/1.2-outils.yaml": COUNTED})
    text = cli("--plan", folder, "show", "1.2.1", "--au", "2020-03-31").stdout
    assert (
        "Participants   0        1\u202f500          1\u202f200          2020-03-01   "
        "80\u00a0% · en\n" in text
    )
    assert "Participants · 2019-06-01 700 · 2020-03-01 500" in text
    data = json.loads(cli("--plan", folder, "show", "1.2.1", "--au", "2019-12-31", "--json").stdout)
    assert data["etat"]["indicateurs"]["Participants"] == {
        "valeur": 700,
        "date": "2019-06-01",
        "depart": 0,
        "cible": 1500,
        "exercice": None,
        "valeur_exercice": None,
        "atteinte": 46.7,
        "etat": "en_bonne_voie",
        "territoires": {},
    }


def test_show_gives_the_values_by_territory_in_the_declared_order(cli, plan_with):
    from tests.conftest import PLAN_YAML

    folder = plan_with(
        {
            "plan.yaml": PLAN_YAML
            + "territoires:\n  - id: sud\n    nom: Le Sud\n  - id: nord\n    nom: Le Nord\n",
            "1-comprendre/1.2-outils.yaml": COUNTED.replace(
                "          Participants: 700\n",
                "          Participants: 700\n        par_territoire:\n"
                "          Participants:\n            nord: 300\n            sud: 400\n",
            ).replace(
                "          Participants: 500\n",
                "          Participants: 500\n        par_territoire:\n"
                "          Participants:\n            nord: 200\n            sud: 300\n",
            ),
        }
    )
    text = cli("--plan", folder, "show", "1.2.1", "--au", "2020-03-31").stdout
    assert "\n  Par territoire : Le Sud 700 · Le Nord 500\n" in text  # they make up 1 200
    before = cli("--plan", folder, "show", "1.2.1", "--au", "2019-12-31").stdout
    assert "\n  Par territoire : Le Sud 400 · Le Nord 300\n" in before


def test_a_count_whose_earlier_measures_are_not_split_shows_no_breakdown(cli, plan_with):
    from tests.conftest import PLAN_YAML

    folder = plan_with(
        {
            "plan.yaml": PLAN_YAML
            + "territoires:\n  - id: sud\n    nom: Le Sud\n  - id: nord\n    nom: Le Nord\n",
            "1-comprendre/1.2-outils.yaml": COUNTED.replace(
                "          Participants: 500\n",
                "          Participants: 500\n        par_territoire:\n"
                "          Participants:\n            nord: 200\n            sud: 300\n",
            ),
        }
    )
    # 300 + 200 are the second measure only: shown under the total of 1 200 they would lie.
    text = cli("--plan", folder, "show", "1.2.1", "--au", "2020-03-31").stdout
    assert "Par territoire" not in text


@pytest.mark.slow  # runs tdsplan in a pseudo-terminal
def test_show_is_paged_in_a_terminal_too_small_for_it_and_not_with_no_pager(tmp_path):
    from tests.cli.terminal import in_terminal
    from tests.conftest import REPO

    command = ["--plan", str(REPO / "examples" / "demo" / "plan"), "show", "3.1.4"]
    paged = in_terminal(command, tmp_path, rows=10).paged
    assert paged.startswith("\x1b[1mAction 3.1.4") and "Journal" in paged  # in colour
    (tmp_path / "again").mkdir()
    again = in_terminal([*command, "--no-pager"], tmp_path / "again", rows=10)
    assert again.paged == "" and "Journal" in again.terminal
    (tmp_path / "fits").mkdir()
    fits = in_terminal([*command], tmp_path / "fits", rows=80)
    assert fits.paged == "" and "Journal" in fits.terminal

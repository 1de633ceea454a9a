"""Two plans in one repository: tdsplan.toml, the current plan, closed plans, carry-over."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import SMALL_PLAN, write_tree

TOML = """\
# Les plans de ce dépôt, du plus ancien au plus récent (dossiers relatifs à ce fichier).
# Les commandes de tdsplan travaillent sur le plan courant, celui dont la période contient
# la date du jour (courant = "dossier" en impose un autre) ; --plan en désigne un autre
# (son dossier ou sa période, par exemple --plan 2018-2023).
plans = [
  "plan",
  "plan-2021-2023",
]
"""


@pytest.fixture
def two_plans(cli, tmp_path, monkeypatch) -> Path:
    """The small plan (2019-2021) in plan/, carried over into plan-2021-2023/ by
    ``tdsplan init --from``, the repository's folder being the current one."""
    from tdsplan.cli import common

    write_tree(tmp_path / "plan", SMALL_PLAN)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(common, "today", lambda: dt.date(2021, 6, 1))
    result = cli("init", "plan-2021-2023", "--from", "plan")
    assert result.exit_code == 0, result.output
    return tmp_path


def test_init_from_makes_the_new_plan_current_and_says_so(two_plans, cli):
    assert (two_plans / "tdsplan.toml").read_text("utf-8") == TOML
    # a second run would be refused (folder in use): the words come from the fixture's run
    result = cli("init", "plan-2021-2023", "--from", "plan")
    assert result.exit_code == 2
    assert "existe déjà et n’est pas vide" in result.stderr


def test_init_from_output(cli, tmp_path, monkeypatch):
    from tdsplan.cli import common

    write_tree(tmp_path / "plan", SMALL_PLAN)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(common, "today", lambda: dt.date(2021, 6, 1))
    result = cli("init", "plan-2021-2023", "--from", "plan")
    assert result.exit_code == 0
    assert result.stdout == (
        "Plan « Plan d’action 2021-2023 » créé dans plan-2021-2023 : 2 orientations, "
        "3 objectifs, 3 actions reprises de plan.\n"
        "Plan courant : plan-2021-2023 (inscrit dans tdsplan.toml) ; l’ancien plan reste "
        "accessible avec --plan 2019-2021.\n"
    )


@pytest.mark.parametrize(
    "lang, expected",
    [
        (
            "fr",
            "Plan ajouté à tdsplan.toml ; le plan courant reste 2019-2021 (plan) jusqu’au "
            "2021-03-31, plan-2021-2023 le devient le 2021-04-01 (d’ici là : --plan 2021-2023).\n",
        ),
        (
            "en",
            "Plan added to tdsplan.toml; the current plan stays 2019-2021 (plan) until "
            "2021-03-31, plan-2021-2023 becomes it on 2021-04-01 (until then: --plan 2021-2023).\n",
        ),
    ],
)
def test_init_from_before_the_old_plan_ends_keeps_it_current(
    cli, tmp_path, monkeypatch, lang, expected
):
    write_tree(tmp_path / "plan", SMALL_PLAN)
    monkeypatch.chdir(tmp_path)  # today is 2020-03-01: a year before the old plan's end
    result = cli("--lang", lang, "init", "plan-2021-2023", "--from", "plan")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines(keepends=True)[1] == expected
    result = cli("update", "1.2.1", "--note", "Travail du jour")
    assert result.exit_code == 0, result.output
    assert "- date: 2020-03-01\n        note: Travail du jour\n" in (
        tmp_path / "plan" / "1-comprendre" / "1.2-outils.yaml"
    ).read_text("utf-8")
    assert "journal:" not in (
        tmp_path / "plan-2021-2023" / "1-comprendre" / "1.2-outils.yaml"
    ).read_text("utf-8")


@pytest.mark.parametrize(
    "lang, expected",
    [
        (
            "fr",
            "tdsplan : erreur : date 2020-03-01 antérieure au début du plan (2021-04-01) : une "
            "entrée du journal est datée dans la période du plan ; le 2020-03-01 est dans la "
            "période du plan 2019-2021 (plan) : ajoutez --plan 2019-2021\n",
        ),
        ("en", "tdsplan: error: "),  # then the English of the date's refusal, and:
    ],
)
def test_an_entry_dated_before_the_plan_names_the_plan_it_belongs_to(
    cli, tmp_path, monkeypatch, lang, expected
):
    write_tree(tmp_path / "plan", SMALL_PLAN)
    monkeypatch.chdir(tmp_path)
    assert cli("init", "plan-2021-2023", "--from", "plan").exit_code == 0
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.yaml")}
    result = cli("--lang", lang, "--plan", "2021-2023", "update", "1.2.1", "--note", "Trop tôt")
    assert result.exit_code == 2
    assert result.stderr.startswith(expected)
    assert result.stderr.endswith(
        " ; le 2020-03-01 est dans la période du plan 2019-2021 (plan) : ajoutez --plan 2019-2021\n"
        if lang == "fr"
        else "; 2020-03-01 is in the period of the plan 2019-2021 (plan): add --plan 2019-2021\n"
    )
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.yaml")} == before


def test_once_the_old_plan_is_over_the_new_one_is_current(cli, tmp_path, monkeypatch):
    from tdsplan.cli import common

    write_tree(tmp_path / "plan", SMALL_PLAN)
    monkeypatch.chdir(tmp_path)
    assert cli("init", "plan-2021-2023", "--from", "plan").exit_code == 0
    assert cli("status").stdout.splitlines()[0] == "Plan d’essai 2019-2021 · année 1 sur 2"
    monkeypatch.setattr(common, "today", lambda: dt.date(2021, 4, 1))
    assert cli("status").stdout.splitlines()[0] == "Plan d’action 2021-2023 · année 1 sur 2"


def test_commands_without_plan_use_the_current_plan(two_plans, cli):
    result = cli("status")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Plan d’action 2021-2023 · année 1 sur 2"
    assert lines[3] == "Plan courant (plan-2021-2023) · autres plans : 2019-2021 (plan, clos)"
    data = __import__("json").loads(cli("status", "--json").stdout)
    assert data["plan"]["titre"] == "Plan d’action 2021-2023"
    assert data["plans_du_depot"] == [
        {
            "dossier": "plan",
            "periode": "2019-2021",
            "courant": False,
            "clos": True,
            "affiche": False,
        },
        {
            "dossier": "plan-2021-2023",
            "periode": "2021-2023",
            "courant": True,
            "clos": False,
            "affiche": True,
        },
    ]


def test_plan_option_takes_a_period_or_a_folder(two_plans, cli):
    for wanted in ("2019-2021", "plan"):
        result = cli("--plan", wanted, "status")
        assert result.exit_code == 0
        lines = result.stdout.splitlines()
        assert lines[0] == "Plan d’essai 2019-2021 · période terminée le 31\u00a0mars 2021"
        assert lines[3] == "Plan clos (plan) · autres plans : 2021-2023 (plan-2021-2023, courant)"
    result = cli("--plan", "2030-2035", "status")
    assert result.exit_code == 2
    assert result.stderr == (
        "tdsplan : erreur : aucun plan de la période 2030-2035 dans ce "
        "dépôt ; plans : 2019-2021 (plan) ou 2021-2023 (plan-2021-2023)\n"
    )


def test_inside_a_plan_folder_commands_use_that_plan(two_plans, cli, monkeypatch):
    monkeypatch.chdir(two_plans / "plan" / "1-comprendre")
    assert cli("status").stdout.startswith("Plan d’essai 2019-2021 · ")


def test_a_closed_plan_refuses_an_update_without_force(two_plans, cli):
    file = two_plans / "plan" / "1-comprendre" / "1.2-outils.yaml"
    before = file.read_bytes()
    result = cli(
        "--plan", "2019-2021", "update", "1.2.1", "--note", "Correction", "--date", "2021-03-30"
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "tdsplan : erreur : le plan 2019-2021 (plan) est clos : sa période s’est terminée le "
        "2021-03-31 et le plan 2021-2023 (plan-2021-2023) lui succède ; rien n’a été écrit "
        "(pour une correction tardive, ajoutez --force)\n"
    )
    assert file.read_bytes() == before
    result = cli("--plan", "2019-2021", "add", "action", "--parent", "1.2", "--title", "X")
    assert result.exit_code == 1 and "est clos" in result.stderr
    assert file.read_bytes() == before
    result = cli(
        "--plan",
        "2019-2021",
        "update",
        "1.2.1",
        "--note",
        "Correction",
        "--date",
        "2021-03-30",
        "--force",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "1.2.1 Refonte du site internet : note ajoutée (2021-03-30)\n"
    assert file.read_text("utf-8").endswith(
        "    journal:\n      - date: 2021-03-30\n        note: Correction\n"
    )


def test_the_current_plan_is_not_closed(two_plans, cli):
    result = cli("update", "1.2.1", "--status", "en_cours", "--date", "2021-05-01")
    assert result.exit_code == 0, result.output
    assert result.stdout == "1.2.1 Refonte du site internet : À venir → En cours (2021-05-01)\n"
    text = (two_plans / "plan-2021-2023" / "1-comprendre" / "1.2-outils.yaml").read_text("utf-8")
    assert "      - date: 2021-05-01\n        statut: en_cours\n" in text


def test_a_plan_whose_period_is_running_is_not_closed(two_plans, cli, monkeypatch):
    from tdsplan.cli import common

    monkeypatch.setattr(common, "today", lambda: dt.date(2021, 3, 31))
    result = cli("--plan", "2019-2021", "update", "1.2.1", "--note", "Dernier jour")
    assert result.exit_code == 0, result.output
    assert result.stdout == "1.2.1 Refonte du site internet : note ajoutée (2021-03-31)\n"
    text = (two_plans / "plan" / "1-comprendre" / "1.2-outils.yaml").read_text("utf-8")
    assert text.endswith("      - date: 2021-03-31\n        note: Dernier jour\n")


def test_validate_checks_every_plan_and_names_the_file(two_plans, cli):
    result = cli("validate")
    assert result.exit_code == 0
    assert result.stdout == (
        "plan : plan valide — 2 orientations, 3 objectifs, 5 actions (6 fichiers)\n"
        "plan-2021-2023 : plan valide — 2 orientations, 3 objectifs, 3 actions (6 fichiers)\n"
    )
    bad = two_plans / "plan" / "2-agir" / "orientation.yaml"
    bad.write_text("id: 2\ntitr: Agir localement\n", encoding="utf-8")
    result = cli("validate")
    assert result.exit_code == 1
    assert result.stdout == (
        "plan-2021-2023 : plan valide — 2 orientations, 3 objectifs, 3 actions (6 fichiers)\n"
    )
    assert result.stderr == (
        "plan/2-agir/orientation.yaml:1:1: champ obligatoire « titre » manquant\n"
        "plan/2-agir/orientation.yaml:2:1: clé inconnue « titr » (vouliez-vous dire "
        "« titre » ?)\n"
        "plan : plan invalide — 2 problèmes dans 1 fichier\n"
        "tdsplan : erreur : 1 plan invalide sur 2\n"
    )
    result = cli("--plan", "plan-2021-2023", "validate")
    assert result.exit_code == 0  # --plan: that plan alone


def test_validate_checks_carry_over_links(two_plans, cli):
    file = two_plans / "plan-2021-2023" / "1-comprendre" / "1.1-definition.yaml"
    text = file.read_text("utf-8")
    assert "    reprise_de: 2019-2021/1.1.2\n" in text
    file.write_text(text.replace("2019-2021/1.1.2", "2019-2021/1.1.9"), encoding="utf-8")
    result = cli("validate")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "plan-2021-2023/1-comprendre/1.1-definition.yaml:12:17: reprise de 2019-2021 / 1.1.9 : "
        "le plan 2019-2021 n’a pas d’action 1.1.9"
    )
    file.write_text(text.replace("2019-2021/1.1.2", "2019-2021/x"), encoding="utf-8")
    result = cli("validate")
    assert (
        "identifiant « 2019-2021/x » invalide : attendu de la forme 2018-2023/1.2.3"
        in result.stderr
    )


def test_carry_over_links_are_shown_both_ways(two_plans, cli):
    result = cli("show", "1.1.2")
    assert "Reprise de   2019-2021 / 1.1.2" in result.stdout
    assert "Reprise dans" not in result.stdout
    result = cli("--plan", "2019-2021", "show", "1.1.2")
    assert "Reprise dans  2021-2023 / 1.1.2" in result.stdout
    result = cli("--plan", "2019-2021", "show", "1.1.1")  # done: not carried over
    assert "Reprise" not in result.stdout
    data = __import__("json").loads(cli("--plan", "2019-2021", "show", "1.1.2", "--json").stdout)
    assert (data["reprise_de"], data["reprise_dans"]) == (None, "2021-2023/1.1.2")
    data = __import__("json").loads(cli("show", "1.1.2", "--json").stdout)
    assert (data["reprise_de"], data["reprise_dans"]) == ("2019-2021/1.1.2", None)


def test_a_mid_plan_year_report_keeps_to_its_year(two_plans, cli):
    """Only the ends of a plan say what comes before or after it: a year's report in the
    middle reads the same whatever plan follows (no folder names either)."""
    result = cli("--plan", "2019-2021", "report", "--year", "2019", "-o", "out")
    assert result.exit_code == 0, result.output
    text = (two_plans / "out" / "rapport-2019-2020.md").read_text("utf-8")
    assert "autres plans" not in text and "plan-2021-2023" not in text


def test_reports_list_where_actions_went_and_what_was_inherited(two_plans, cli):
    result = cli("--plan", "2019-2021", "report", "--period", "-o", "out")
    assert result.exit_code == 0, result.output
    text = (two_plans / "out" / "rapport-bilan-2019-2021.md").read_text("utf-8")
    assert (
        "Ce plan est terminé\u202f; autres plans d’action de l’organisation\u00a0: 2021-2023 "
        "(en cours).\n"
    ) in text
    assert (
        "| Action | État | Porteur | Échéance | Suite |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| **1.1.2** Charte des valeurs | En cours (40\u00a0%) — **en retard** | — | "
        "31\u00a0janvier\u00a02020 | reprise dans 2021-2023 / 1.1.2 |\n"
        "| **1.2.1** Refonte du site internet | À venir | — | — | "
        "reprise dans 2021-2023 / 1.2.1 |\n"
    ) in text
    # a permanent activity is no unfinished action: it is told apart, with where it went
    assert (
        "1 activité permanente (\u00ab\u00a0En continu\u00a0\u00bb) se poursuit au-delà du "
        "plan\u00a0:\n\n"
        "- **2.1.1** Formations (reprise dans 2021-2023 / 2.1.1)\n"
    ) in text
    result = cli("report", "--year", "2021", "-o", "out")
    assert result.exit_code == 0, result.output
    text = (two_plans / "out" / "rapport-2021-2022.md").read_text("utf-8")
    assert (
        "### 4.4. Actions reprises du plan précédent\n\n"
        "- **1.1.2** Charte des valeurs\u00a0: reprise de 2019-2021 / 1.1.2\n"
        "- **1.2.1** Refonte du site internet\u00a0: reprise de 2019-2021 / 1.2.1\n"
        "- **2.1.1** Formations\u00a0: reprise de 2019-2021 / 2.1.1\n"
    ) in text
    # the carry-over entry is where the action starts, not a change of the year
    assert "0 action a été réalisée, 0 démarrée et 0 reportée" in text


def test_malformed_root_file_is_located(two_plans, cli):
    (two_plans / "tdsplan.toml").write_text('plans = ["plan"\ncourant = "plan"\n', encoding="utf-8")
    result = cli("status")
    assert result.exit_code == 1
    assert result.stderr == (
        'tdsplan.toml:2:1: syntaxe TOML invalide : écrivez par exemple plans = ["plan", '
        '"plan-2023-2028"] et courant = "plan-2023-2028"\n'
        "tdsplan : erreur : tdsplan.toml invalide : 1 problème\n"
    )
    (two_plans / "tdsplan.toml").write_text(
        'plans = ["plan", "ailleurs"]\ncourant = "plan"\nactuel = "plan"\n', encoding="utf-8"
    )
    result = cli("status")
    assert result.exit_code == 1
    assert result.stderr == (
        "tdsplan.toml:1: le dossier « ailleurs » ne contient pas de plan.yaml\n"
        "tdsplan.toml:3: clé inconnue « actuel » : tdsplan.toml n’a que les clés plans, "
        "courant et smtp\n"
        "tdsplan : erreur : tdsplan.toml invalide : 2 problèmes\n"
    )


def test_init_stops_on_a_broken_root_file_before_writing(two_plans, cli):
    (two_plans / "tdsplan.toml").write_text("plans = [\n", encoding="utf-8")
    result = cli("init", "plan-2023-2025", "--from", "plan-2021-2023")
    assert result.exit_code == 1
    assert result.stderr.startswith("tdsplan.toml:2:1: syntaxe TOML invalide")
    assert not (two_plans / "plan-2023-2025").exists()


def test_init_from_the_current_plan_adds_a_third_plan(two_plans, cli):
    result = cli("init", "plan-2023-2025", "--from", "plan-2021-2023")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1] == (
        "Plan ajouté à tdsplan.toml ; le plan courant reste 2021-2023 (plan-2021-2023) "
        "jusqu’au 2023-03-31, plan-2023-2025 le devient le 2023-04-01 (d’ici là : --plan "
        "2023-2025)."
    )
    assert (
        (two_plans / "tdsplan.toml")
        .read_text("utf-8")
        .endswith('plans = [\n  "plan",\n  "plan-2021-2023",\n  "plan-2023-2025",\n]\n')
    )
    # too long for 80 columns with every folder: the other plans by their periods
    assert cli("status").stdout.splitlines()[3] == (
        "Plan courant (plan-2021-2023) · autres plans : 2019-2021 (clos) · 2023-2025"
    )


def test_without_root_file_plan_alone_is_the_plan(cli, small_plan, monkeypatch):
    monkeypatch.chdir(small_plan.parent)
    (small_plan.parent / "plan-2021-2023").mkdir()  # not a plan, not listed: ignored
    result = cli("status")
    assert result.stdout.startswith("Plan d’essai 2019-2021 · année 1 sur 2\n")
    assert "autres plans" not in result.stdout
    assert 'plans_du_depot": []' in cli("status", "--json").stdout


def test_init_asks_in_french_with_neutral_examples(cli, tmp_path, monkeypatch):
    """In a terminal, init's questions end with « : » (a space before the colon) and give
    examples that fit any organisation."""
    from typer.testing import CliRunner

    from tdsplan.cli import app, console

    monkeypatch.setattr(console, "interactive", lambda: True)
    runner = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"})
    result = runner.invoke(
        app,
        ["init", str(tmp_path / "plan"), "--period", "2023-2028"],
        input="CDC du Quartier\nCentre-ville, Nord\nVeiller\n\n",
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "Organisation : CDC du Quartier\n"
        "Territoires, séparés par des virgules (ex. Centre-ville, Quartier nord) : "
        "Centre-ville, Nord\n"
        "Mandats, un par ligne (ligne vide pour terminer) :\n"
        "  1 : Veiller\n"
        "  2 : \n"
    )
    text = (tmp_path / "plan" / "plan.yaml").read_text("utf-8")
    assert "CDC du Quartier" in text and "Centre-ville" in text and "Veiller" in text


def test_a_fifo_in_place_of_tdsplan_toml_is_refused_not_ignored(cli, small_plan, monkeypatch):
    import os

    os.mkfifo(small_plan.parent / "tdsplan.toml")
    monkeypatch.chdir(small_plan.parent)
    result = cli("validate")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "tdsplan.toml: tdsplan.toml n’est pas un fichier ordinaire (dossier, tube ou "
        "périphérique) : remplacez-le par le fichier qui liste les plans, ou retirez-le\n"
        "tdsplan : erreur : tdsplan.toml invalide : 1 problème\n"
    )


@pytest.mark.parametrize("period", ["  debut: 2021\n  fin: 2021\n", "  debut: 2021\n  fin: 2020\n"])
def test_an_empty_or_inverted_period_beside_another_plan_is_a_located_problem(
    two_plans, cli, period
):
    plan_yaml = two_plans / "plan-2021-2023" / "plan.yaml"
    text = plan_yaml.read_text("utf-8")
    plan_yaml.write_text(text.replace("  debut: 2021\n  fin: 2023\n", period), "utf-8")
    for args in (["validate"], ["--plan", "plan-2021-2023", "validate"], ["status"]):
        result = cli(*args)
        assert result.exit_code == 1, (args, result.output)
        assert "plan-2021-2023/plan.yaml:" in result.stderr and "période" in result.stderr
        assert "interne" not in result.stderr


def test_init_of_a_plan_of_its_own_in_a_repository_of_plans_is_listed_or_refused(two_plans, cli):
    toml = (two_plans / "tdsplan.toml").read_text("utf-8")
    refused = cli("init", "autre", "--period", "2020-2025")
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert "chevauche" in refused.stderr and not (two_plans / "autre").exists()
    assert (two_plans / "tdsplan.toml").read_text("utf-8") == toml
    made = cli("init", "plan-2023-2028", "--period", "2023-2028")
    assert made.exit_code == 0, made.output
    assert made.stdout.splitlines()[1] == (
        "Plan ajouté à tdsplan.toml ; le plan courant reste 2021-2023 (plan-2021-2023) "
        "jusqu’au 2023-03-31, plan-2023-2028 le devient le 2023-04-01 (d’ici là : "
        "--plan 2023-2028)."
    )
    assert '  "plan-2023-2028",\n' in (two_plans / "tdsplan.toml").read_text("utf-8")

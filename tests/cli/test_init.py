"""``tdsplan init``: a plan carried over keeps the numbers of the old one exactly."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.conftest import SMALL_PLAN, write_tree

WEIGHED = """\
id: 2.1
titre: Partager
actions:
  - id: 2.1.1
    titre: Formations
    statut: en_continu
    poids: 0.1234567
    indicateurs:
      - nom: Personnes formées
        cible: 1234567.5
        reel: 0.1
    journal: []
"""


def test_init_from_keeps_a_weight_and_inherits_indicator_values_exactly(cli, tmp_path, monkeypatch):
    from tdsplan.cli import common

    write_tree(tmp_path / "plan", {**SMALL_PLAN, "2-agir/2.1-partager.yaml": WEIGHED})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(common, "today", lambda: dt.date(2021, 6, 1))
    result = cli("init", "suivant", "--from", "plan")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "suivant" / "2-agir" / "2.1-partager.yaml").read_text("utf-8")
    assert "    poids: 0.1234567\n" in text
    assert "        cible: 1234567.5\n" in text and "reel" not in text  # inherited, not copied
    result = cli("--plan", "suivant", "show", "2.1.1", "--json")
    assert result.exit_code == 0, result.output
    inherited = json.loads(result.stdout)["etat"]["indicateurs"]
    assert list(inherited) == ["Personnes formées"]
    assert (inherited["Personnes formées"]["valeur"], inherited["Personnes formées"]["date"]) == (
        0.1,
        None,
    )
    assert (tmp_path / "plan" / "2-agir" / "2.1-partager.yaml").read_text("utf-8") == WEIGHED


ORIENTATION_DATED = "id: 1\ntitre: En 2021, nous nous comprenons.\n"


@pytest.mark.parametrize(
    "lang, warning",
    [
        (
            "fr",
            "tdsplan : attention : le titre de l’orientation 1 nomme 2021, l’année cible de "
            "l’ancien plan : revoyez-le, ou relancez avec --rewrite-titles (« En 2023, nous "
            "nous comprenons. »)\n",
        ),
        (
            "en",
            "tdsplan: warning: the title of orientation 1 names 2021, the old plan’s target "
            "year: revise it, or run again with --rewrite-titles (“En 2023, nous nous "
            "comprenons.”)\n",
        ),
    ],
)
def test_init_from_warns_of_titles_naming_the_old_target_year(
    cli, tmp_path, monkeypatch, lang, warning
):
    write_tree(
        tmp_path / "plan", {**SMALL_PLAN, "1-comprendre/orientation.yaml": ORIENTATION_DATED}
    )
    monkeypatch.chdir(tmp_path)
    result = cli("--lang", lang, "init", "suivant", "--from", "plan")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines(keepends=True)[0] == warning
    assert "titre: En 2021, nous nous comprenons.\n" in (
        tmp_path / "suivant" / "1-comprendre" / "orientation.yaml"
    ).read_text("utf-8")


def test_init_from_rewrite_titles_puts_the_new_target_year(cli, tmp_path, monkeypatch):
    write_tree(
        tmp_path / "plan", {**SMALL_PLAN, "1-comprendre/orientation.yaml": ORIENTATION_DATED}
    )
    monkeypatch.chdir(tmp_path)
    result = cli("init", "suivant", "--from", "plan", "--rewrite-titles")
    assert result.exit_code == 0, result.output
    assert "--rewrite-titles" not in result.stderr  # the titles were revised: no warning of them
    assert "titre: En 2023, nous nous comprenons.\n" in (
        tmp_path / "suivant" / "1-comprendre" / "orientation.yaml"
    ).read_text("utf-8")
    assert (tmp_path / "plan" / "1-comprendre" / "orientation.yaml").read_text(
        "utf-8"
    ) == ORIENTATION_DATED


def test_rewrite_titles_without_from_is_bad_usage(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("init", "nouveau", "--rewrite-titles", "--organisation", "Table")
    assert result.exit_code == 2
    assert result.stderr == (
        "tdsplan : erreur : --rewrite-titles va avec --from : il revoit "
        "les titres repris de l’ancien plan\n"
    )
    assert not (tmp_path / "nouveau").exists()


SETTINGS = """\
suivi:
  echeance_jours: 60
indicateurs:
  en_bonne_voie: 75
publication:
  adresse: https://plan.exemple.org/
  surveiller: true
  courriel: info@exemple.org
"""


def test_init_from_carries_the_settings_that_are_not_the_defaults(cli, tmp_path, monkeypatch):
    from tdsplan.cli import common

    plan_yaml = SMALL_PLAN["plan.yaml"] + SETTINGS
    write_tree(tmp_path / "plan", {**SMALL_PLAN, "plan.yaml": plan_yaml})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(common, "today", lambda: dt.date(2021, 6, 1))
    assert cli("init", "suivant", "--from", "plan").exit_code == 0
    text = (tmp_path / "suivant" / "plan.yaml").read_text("utf-8")
    assert (
        "\nsuivi:\n  echeance_jours: 60\n"
        "\n# Seuils de l’atteinte des indicateurs (« atteinte », « en bonne voie »).\n"
        "indicateurs:\n  en_bonne_voie: 75\n"
        "\n# Le site public.\npublication:\n  adresse: https://plan.exemple.org/\n"
        "  surveiller: true\n  courriel: info@exemple.org\n"
    ) in text
    assert "plan valide" in cli("--plan", "suivant", "validate").stdout


def _demo_repository(tmp_path):
    import shutil

    from tests.conftest import REPO

    demo = tmp_path / "depot" / "demo"
    for name in ("plan", "plan-2023-2028", "tdsplan.toml"):
        source = REPO / "examples" / "demo" / name
        if source.is_dir():
            shutil.copytree(source, demo / name)
        else:
            demo.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, demo / name)
    return demo


@pytest.mark.parametrize(
    "where, folder, said",
    [
        (
            "depot",
            "suivant",
            "tdsplan : erreur : le dossier « ../suivant » est hors du dépôt : un plan se range "
            "sous le dossier de tdsplan.toml\n",
        ),
        (
            "depot/demo",
            "suivant",
            "tdsplan : erreur : la période 2023-2028 du plan « suivant » chevauche celle du plan "
            "« plan-2023-2028 » (2023-2028) : les plans d’un dépôt se suivent\n",
        ),
    ],
)
def test_init_from_refuses_a_plan_the_repository_could_not_list_before_writing_anything(
    cli, tmp_path, monkeypatch, where, folder, said
):
    demo = _demo_repository(tmp_path)
    toml = (demo / "tdsplan.toml").read_bytes()
    monkeypatch.chdir(tmp_path / where)
    source = "demo/plan" if where == "depot" else "plan"
    result = cli("init", folder, "--from", source)
    assert (result.exit_code, result.stderr) == (2, said)
    assert not (tmp_path / where / folder).exists()
    assert (demo / "tdsplan.toml").read_bytes() == toml


def test_init_from_an_older_plan_names_the_plan_current_today(cli, tmp_path, monkeypatch):
    from tdsplan.cli import common

    demo = _demo_repository(tmp_path)
    monkeypatch.chdir(demo)
    monkeypatch.setattr(common, "today", lambda: dt.date(2026, 12, 3))
    result = cli("init", "suivant", "--from", "plan", "--period", "2028-2033")
    assert result.exit_code == 0, result.output
    assert (
        "le plan courant reste 2023-2028 (plan-2023-2028) jusqu’au 2028-03-31, suivant le "
        "devient le 2028-04-01 (d’ici là : --plan 2028-2033)." in result.stdout
    )


@pytest.mark.parametrize(
    ("lang", "warning"),
    [
        (
            "fr",
            "tdsplan : attention : 1 action reprise garde l’échéance passée de l’ancien plan "
            "(1.1.2) : elle sera dite en retard tant qu’une entrée n’en fixe pas une autre "
            "(tdsplan --plan 2021-2023 update ID --due AAAA-MM-JJ, à partir du 1er\u00a0avril "
            "2021)\n",
        ),
        (
            "en",
            "tdsplan: warning: 1 carried action keeps the old plan’s past due date (1.1.2): it "
            "will be called late until an entry sets another (tdsplan --plan 2021-2023 update ID "
            "--due YYYY-MM-DD, from April 1, 2021)\n",
        ),
    ],
)
def test_init_from_says_which_carried_actions_keep_a_past_due_date(
    cli, small_plan, tmp_path, lang, warning
):
    # 1.1.2 is due on 2020-01-31, before the new plan begins; 1.2.1 has no due date.
    result = cli("--lang", lang, "init", tmp_path / "suivant", "--from", small_plan)
    assert result.exit_code == 0, result.output
    assert result.stderr == warning

"""``tdsplan add``: every field of an action, objective or orientation, and indicators."""

from __future__ import annotations

import pytest

from tests.conftest import PLAN_YAML

O12 = "1-comprendre/1.2-outils.yaml"
DECLARED = PLAN_YAML + (
    "territoires:\n"
    "  - id: joliette\n    nom: Joliette\n"
    "  - id: montcalm\n    nom: Montcalm\n"
    "  - id: lassomption\n    nom: L’Assomption\n"
    "bailleurs:\n  - id: centraide\n    nom: Centraide\n"
)


@pytest.fixture
def declared(plan_with):
    """The small plan with territories and a funder declared."""
    return plan_with({"plan.yaml": DECLARED})


def snapshot(folder):
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_an_action_takes_every_field(cli, declared):
    result = cli(
        "--plan", declared, "add", "action", "--parent", "1.2", "--title", "Infolettre",
        "--description", "Une lettre aux membres.", "--lead", "Léa", "--due", "2021-03-31",
        "--start", "1er avril 2019", "--territory", "joliette,L’Assomption",
        "--territoire", "Montcalm", "--partner", "CISSS, Lanaudière", "--partner", "Ville",
        "--funder", "Centraide", "--mandate", "1,2", "--weight", "2,5",
    )  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"Action 1.2.2 ajoutée : Infolettre ({declared / O12})\n"
    assert (declared / O12).read_text(encoding="utf-8") == (
        "id: 1.2\ntitre: Fournir des outils\nactions:\n"
        "  - id: 1.2.1\n    titre: Refonte du site internet\n    journal: []\n"
        "  - id: 1.2.2\n"
        "    titre: Infolettre\n"
        "    description: Une lettre aux membres.\n"
        "    statut: a_venir\n"
        "    poids: 2.5\n"
        "    porteur: Léa\n"
        "    partenaires:\n"
        "      - CISSS, Lanaudière\n"
        "      - Ville\n"
        "    territoires: [joliette, lassomption, montcalm]\n"
        "    bailleurs: [centraide]\n"
        "    mandats: [1, 2]\n"
        "    debut: 2019-04-01\n"
        "    echeance: 2021-03-31\n"
        "    ajoutee_le: 2020-03-01\n"
        "    journal: []\n"
    )
    assert cli("--plan", declared, "validate").exit_code == 0


@pytest.mark.parametrize(
    "option, value, lang, message",
    [
        (
            "--territory",
            "jolliette",
            "fr",
            "territoires : territoire inconnu « jolliette » (vouliez-vous dire « joliette » ?) "
            "; valeurs permises : joliette, montcalm, lassomption",
        ),
        (
            "--territory",
            "jolliette",
            "en",
            "territoires: unknown territory “jolliette” (did you mean “joliette”?); allowed "
            "values: joliette, montcalm, lassomption",
        ),
        (
            "--funder",
            "Centraid",
            "fr",
            "bailleurs : bailleur « Centraid » inconnu (vouliez-vous dire « Centraide » ?) "
            "; déclarés dans plan.yaml : Centraide",
        ),
        (
            "--mandate",
            "7",
            "fr",
            "mandats : mandat « 7 » inconnu ; mandats déclarés dans plan.yaml : 1, 2",
        ),
        (
            "--mandate",
            "7",
            "en",
            "mandats: unknown mandate “7”; mandates declared in plan.yaml: 1, 2",
        ),
        ("--start", "2019-02-30", "fr", "debut : date « 2019-02-30 » impossible"),
        (
            "--weight",
            "0",
            "fr",
            "poids : poids « 0 » invalide : un nombre de plus de 0, 1000 au plus",
        ),
        (
            "--weight",
            "0",
            "en",
            "poids: invalid weight “0”: a number above 0, 1000 at most",
        ),
        ("--partner", " ", "fr", "partenaires : valeur vide dans la liste"),
    ],
)
def test_a_bad_field_is_refused_naming_it_and_nothing_is_written(
    cli, declared, option, value, lang, message
):
    before = snapshot(declared)
    result = cli(
        "--lang", lang, "--plan", declared, "add", "action", "--parent", "1.2", "--title", "X",
        option, value,
    )  # fmt: skip
    prefix = "tdsplan : erreur : " if lang == "fr" else "tdsplan: error: "
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", prefix + message + "\n")
    assert snapshot(declared) == before


def test_an_objective_and_an_orientation_take_a_description(cli, small_plan):
    result = cli(
        "--plan", small_plan, "add", "orientation", "--title", "Préparer 2028",
        "--description", "Le plan suivant.",
    )  # fmt: skip
    assert result.exit_code == 0
    assert (
        (small_plan / "3-preparer-2028" / "orientation.yaml")
        .read_text("utf-8")
        .endswith("id: 3\ntitre: Préparer 2028\ndescription: Le plan suivant.\n")
    )
    result = cli(
        "--plan", small_plan, "add", "objective", "--parent", "3", "--title", "Bilan",
        "--description", "Ce qui a marché : tout.",
    )  # fmt: skip
    assert result.exit_code == 0
    assert (
        (small_plan / "3-preparer-2028" / "3.1-bilan.yaml")
        .read_text("utf-8")
        .endswith('id: 3.1\ntitre: Bilan\ndescription: "Ce qui a marché : tout."\nactions: []\n')
    )
    assert cli("--plan", small_plan, "validate").exit_code == 0


def test_an_indicator_is_added_before_the_journal_with_its_targets(cli, small_plan):
    before = (small_plan / "1-comprendre/1.1-definition.yaml").read_text("utf-8")
    result = cli(
        "--plan", small_plan, "add", "indicator", "1.1.2", "--name", "Signataires",
        "--nature", "cumul", "--unit", "organisations", "--baseline", "0",
        "--baseline-date", "2019-04-01", "--target", "1 200", "--year-target", "2019-2020=40,5",
        "--year-target", "2020=60",
    )  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"Indicateur « Signataires » ajouté à 1.1.2 "
        f"({small_plan / '1-comprendre/1.1-definition.yaml'})\n"
    )
    after = (small_plan / "1-comprendre/1.1-definition.yaml").read_text("utf-8")
    assert after == before.replace(
        "    echeance: 2020-01-31\n",
        "    echeance: 2020-01-31\n"
        "    indicateurs:\n"
        "      - nom: Signataires\n"
        "        nature: cumul\n"
        "        unite: organisations\n"
        "        depart:\n"
        "          valeur: 0\n"
        "          date: 2019-04-01\n"
        "        cible: 1200\n"
        "        cibles:\n"
        "          2019-2020: 40.5\n"
        "          2020-2021: 60\n",
    )
    result = cli("--plan", small_plan, "add", "indicator", "1.1.2", "--name", "Réunions")
    assert result.exit_code == 0
    assert "          2020-2021: 60\n      - nom: Réunions\n    journal:\n" in (
        small_plan / "1-comprendre/1.1-definition.yaml"
    ).read_text("utf-8")
    assert cli("--plan", small_plan, "validate").exit_code == 0


@pytest.mark.parametrize(
    "args, code, message",
    [
        (
            ["1.1.2", "--name", "X", "--nature", "cumull"],
            2,
            "nature « cumull » inconnue (vouliez-vous dire « cumul » ?) ; valeurs permises : "
            "cumul, niveau, pourcentage, jalon",
        ),
        (
            ["1.1.2", "--name", "X", "--year-target", "2019-2020"],
            2,
            "cible « 2019-2020 » illisible : écrivez l’exercice et la valeur, par exemple "
            "2019-2020=300",
        ),
        (
            ["1.1.2", "--name", "X", "--baseline-date", "2019-04-01"],
            2,
            "une date de départ sans valeur de départ : donnez les deux",
        ),
        (
            ["1.1", "--name", "X"],
            2,
            "1.1 n’est pas une action : un indicateur s’ajoute à une action, de la forme 1.2.3",
        ),
        (
            ["1.1.2", "--name", "X", "--target", "beaucoup"],
            2,
            "nombre « beaucoup » illisible : des chiffres (0 à 9), avec une virgule ou un point "
            "pour les décimales, par exemple 24 ou 3,5",
        ),
    ],
)
def test_a_bad_indicator_is_refused_and_nothing_is_written(cli, small_plan, args, code, message):
    before = snapshot(small_plan)
    result = cli("--plan", small_plan, "add", "indicator", *args)
    assert (result.exit_code, result.stderr) == (code, f"tdsplan : erreur : {message}\n")
    assert snapshot(small_plan) == before


def test_an_indicator_name_taken_is_refused(cli, small_plan):
    assert (
        cli("--plan", small_plan, "add", "indicator", "1.1.2", "--name", "Réunions").exit_code == 0
    )
    before = snapshot(small_plan)
    result = cli("--plan", small_plan, "add", "indicator", "1.1.2", "--name", "reunions")
    assert (result.exit_code, result.stderr) == (
        2,
        "tdsplan : erreur : 1.1.2 a déjà un indicateur « reunions »\n",
    )
    assert snapshot(small_plan) == before


def test_dry_run_shows_the_indicator_and_writes_nothing(cli, small_plan):
    before = snapshot(small_plan)
    result = cli(
        "--plan", small_plan, "add", "indicator", "1.2.1", "--name", "Visites", "--dry-run"
    )
    assert result.exit_code == 0
    assert "+    indicateurs:\n+      - nom: Visites\n" in result.stdout
    assert result.stderr == "Simulation : rien n’a été écrit.\n"
    assert snapshot(small_plan) == before

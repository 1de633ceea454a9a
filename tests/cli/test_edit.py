"""``tdsplan edit``: descriptive fields set and removed, only their lines touched."""

from __future__ import annotations

import codecs

import pytest

from tests.conftest import OBJECTIF_1_1

from .test_add import DECLARED, snapshot

O11 = "1-comprendre/1.1-definition.yaml"


@pytest.fixture
def declared(plan_with):
    return plan_with({"plan.yaml": DECLARED})


def test_fields_are_set_and_removed_byte_for_byte(cli, declared):
    result = cli(
        "--plan", declared, "edit", "1.1.1", "--set", "territoires=joliette,Montcalm",
        "--set", "mandats=1", "--set", "mandats=2", "--set", "partenaires=CISSS, Lanaudière",
        "--set", "debut=2019-04-01", "--set", "titre=Définition : le DS", "--unset", "echeance",
    )  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"Action 1.1.1 modifiée : titre, partenaires, territoires, mandats, debut, echeance "
        f"({declared / O11})\n"
    )
    assert (declared / O11).read_text("utf-8") == OBJECTIF_1_1.replace(
        "    titre: Définition du DS\n"
        "    statut: realisee\n"
        "    porteur: Marie Tremblay\n"
        "    mandats: [1]\n"
        "    echeance: 2020-03-31\n",
        '    titre: "Définition : le DS"\n'
        "    statut: realisee\n"
        "    porteur: Marie Tremblay\n"
        "    partenaires:\n"
        "      - CISSS, Lanaudière\n"
        "    territoires: [joliette, montcalm]\n"
        "    mandats: [1, 2]\n"
        "    debut: 2019-04-01\n",
    )


def test_crlf_bom_comments_and_other_lines_are_kept(cli, declared):
    path = declared / O11
    text = OBJECTIF_1_1.replace("    mandats: [1]\n", "    mandats: [1]  # à revoir\n")
    path.write_bytes(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"))
    result = cli("--plan", declared, "edit", "1.1.1", "--set", "mandats=2", "--set", "poids=3")
    assert result.exit_code == 0, result.stderr
    expected = text.replace("    mandats: [1]  # à revoir\n", "    mandats: [2]  # à revoir\n")
    expected = expected.replace("    statut: realisee\n", "    statut: realisee\n    poids: 3\n", 1)
    assert path.read_bytes() == codecs.BOM_UTF8 + expected.replace("\n", "\r\n").encode("utf-8")


def test_an_objective_and_an_orientation_change_their_title_and_description(cli, small_plan):
    result = cli("--plan", small_plan, "edit", "1.1", "--set", "description=Une définition.")
    assert result.stdout == f"Objectif 1.1 modifié : description ({small_plan / O11})\n"
    assert (
        (small_plan / O11)
        .read_text("utf-8")
        .startswith(
            "# Un commentaire qui doit survivre.\nid: 1.1\ntitre: S’entendre sur une définition\n"
            "description: Une définition.\nactions:\n"
        )
    )
    result = cli("--plan", small_plan, "edit", "2", "--set", "titre=Agir ensemble")
    assert result.stdout == (
        f"Orientation 2 modifiée : titre ({small_plan / '2-agir' / 'orientation.yaml'})\n"
    )
    assert (small_plan / "2-agir" / "orientation.yaml").read_text("utf-8") == (
        "id: 2\ntitre: Agir ensemble\n"
    )


def test_a_folded_title_is_replaced_whole(cli, plan_with):
    folded = OBJECTIF_1_1.replace(
        "titre: S’entendre sur une définition\n",
        "titre: >-\n  S’entendre sur une définition\n  commune\n",
    )
    plan = plan_with({O11: folded})
    assert cli("--plan", plan, "edit", "1.1", "--set", "titre=Court").exit_code == 0
    assert (plan / O11).read_text("utf-8") == OBJECTIF_1_1.replace(
        "titre: S’entendre sur une définition\n", "titre: Court\n"
    )


@pytest.mark.parametrize(
    "args, lang, message",
    [
        (
            ["1.1.1", "--set", "statut=realisee"],
            "fr",
            "« statut » suit le journal : il change par une entrée datée (tdsplan update "
            "1.1.1 --status STATUT)",
        ),
        (
            ["1.1.1", "--set", "statut=realisee"],
            "en",
            "“statut” follows the journal: it changes by a dated entry (tdsplan update "
            "1.1.1 --status STATUT)",
        ),
        (
            ["1.1.1", "--set", "id=1.1.9"],
            "fr",
            "« id » ne se modifie pas : l’identifiant change quand l’élément est déplacé "
            "(tdsplan move 1.1.1 NOUVEL-ID)",
        ),
        (
            ["1.1.1", "--set", "indicateurs=x"],
            "fr",
            "« indicateurs » ne se modifie pas ainsi : un indicateur s’ajoute à part (tdsplan "
            "add indicator 1.1.1 --name NOM)",
        ),
        (
            ["1.1.1", "--set", "territoire=joliette"],
            "fr",
            "champ inconnu « territoire » (vouliez-vous dire « territoires » ?) ; champs "
            "permis : titre, description, poids, porteur, partenaires, territoires, "
            "bailleurs, mandats, debut, echeance",
        ),
        (
            ["1.1", "--set", "territoires=joliette"],
            "fr",
            "champ inconnu « territoires » ; champs permis : titre, description",
        ),
        (
            ["1.1.2", "--set", "territoires=jolliette"],
            "fr",
            "territoires : territoire inconnu « jolliette » (vouliez-vous dire « joliette » ?) "
            "; valeurs permises : joliette, montcalm, lassomption",
        ),
        (
            ["1.1.2", "--set", "debut"],
            "fr",
            "« --set debut » : écrivez clé=valeur, par exemple --set debut=2021-04-01",
        ),
        (
            ["1.1.2", "--unset", "titre"],
            "fr",
            "« titre » ne peut pas être retiré : il est obligatoire",
        ),
        (
            ["1.1.2", "--set", "debut=2019-04-01", "--unset", "debut"],
            "fr",
            "« debut » est à la fois donné et retiré",
        ),
        (["1.1.2"], "fr", "rien à modifier : indiquez --set clé=valeur ou --unset clé"),
        (
            ["1.1.9", "--set", "titre=X"],
            "fr",
            "identifiant inconnu « 1.1.9 » ; vouliez-vous dire 1.1.2, 1.1.1 ou 1.1 ?",
        ),
        (
            ["1.1.2", "--set", "titre="],
            "fr",
            "titre : texte vide : écrivez un texte, ou retirez le champ",
        ),
    ],
)
def test_a_refused_edit_says_why_and_writes_nothing(cli, declared, args, lang, message):
    before = snapshot(declared)
    result = cli("--lang", lang, "--plan", declared, "edit", *args)
    prefix = "tdsplan : erreur : " if lang == "fr" else "tdsplan: error: "
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", prefix + message + "\n")
    assert snapshot(declared) == before


def test_a_lead_or_due_date_the_journal_changed_is_the_journal_s(cli, plan_with):
    plan = plan_with(
        {
            O11: OBJECTIF_1_1.replace(
                "        avancement: 40\n", "        avancement: 40\n        echeance: 2020-01-31\n"
            )
        }
    )
    before = snapshot(plan)
    result = cli("--plan", plan, "edit", "1.1.2", "--set", "echeance=2021-01-01")
    assert (result.exit_code, result.stderr) == (
        2,
        "tdsplan : erreur : « echeance » de 1.1.2 suit son journal, qui l’a déjà changé : il "
        "change désormais par une entrée datée (tdsplan update 1.1.2 --due AAAA-MM-JJ)\n",
    )
    assert snapshot(plan) == before
    # The journal never recorded 1.1.1's lead: it is still the action's own.
    assert cli("--plan", plan, "edit", "1.1.1", "--set", "porteur=Léa").exit_code == 0


def test_the_same_values_are_nothing_to_do_said_and_not_written(cli, small_plan):
    """Values given as they already are change nothing: said, exit 0, file untouched."""
    before = snapshot(small_plan)
    for args in (["--set", "mandats=1"], ["--set", "mandats=1", "--dry-run"]):
        result = cli("--plan", small_plan, "edit", "1.1.1", *args)
        assert (result.exit_code, result.stdout, result.stderr) == (
            0,
            "1.1.1 a déjà ces valeurs : rien n’a été écrit\n",
            "",
        )
    assert snapshot(small_plan) == before


def test_dry_run_shows_the_diff_and_writes_nothing(cli, small_plan):
    before = snapshot(small_plan)
    result = cli("--plan", small_plan, "edit", "1.2.1", "--set", "poids=2", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.endswith(
        "   - id: 1.2.1\n     titre: Refonte du site internet\n+    poids: 2\n     journal: []\n"
    )
    assert result.stderr == "Simulation : rien n’a été écrit.\n"
    assert snapshot(small_plan) == before


def test_edit_speaks_english(cli, small_plan):
    result = cli("--lang", "en", "--plan", small_plan, "edit", "1.1.1", "--set", "poids=2")
    assert (result.exit_code, result.stdout) == (
        0,
        f"Action 1.1.1 changed: poids ({small_plan / O11})\n",
    )
    result = cli("--lang", "en", "--plan", small_plan, "edit", "1.1.1", "--set", "poids=2")
    assert (result.exit_code, result.stdout) == (
        0,
        "1.1.1 already has these values: nothing was written\n",
    )


def test_an_action_written_on_one_line_is_refused_with_the_way_out(cli, plan_with):
    plan = plan_with(
        {
            "1-comprendre/1.2-outils.yaml": "id: 1.2\ntitre: Fournir des outils\n"
            "actions: [{id: 1.2.1, titre: Refonte, journal: []}]\n"
        }
    )
    before = snapshot(plan)
    result = cli("--plan", plan, "edit", "1.2.1", "--set", "poids=2")
    assert (result.exit_code, result.stderr) == (
        1,
        "tdsplan : erreur : 1.2.1 est écrite sur une ligne ({...}) : écrivez-la en lignes "
        "« clé: valeur » pour la modifier\n",
    )
    result = cli("--plan", plan, "move", "1.1.2", "1.2")
    assert (result.exit_code, result.stderr) == (
        1,
        "tdsplan : erreur : la liste « actions » est écrite sur une ligne ([...]) : "
        "écrivez-la en lignes « - » pour l’allonger\n",
    )
    assert snapshot(plan) == before


def test_only_the_fields_whose_value_changes_are_written_and_named(cli, small_plan):
    """``mandats`` given as it is and ``titre`` changed: only the title is written and
    named; an ``--unset`` of a field the action has not is no change either."""
    result = cli(
        "--plan", small_plan, "edit", "1.1.1", "--set", "titre=Définition", "--set", "mandats=1",
        "--unset", "description",
    )  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"Action 1.1.1 modifiée : titre ({small_plan / O11})\n"
    assert (small_plan / O11).read_text("utf-8") == OBJECTIF_1_1.replace(
        "titre: Définition du DS", "titre: Définition"
    )

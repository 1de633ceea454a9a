"""Loading a plan folder: every problem of every file, in French, at its line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from tdsplan.errors import PlanInvalidError, PlanNotFoundError
from tdsplan.project import Project
from tdsplan.store import read_plan

from .conftest import OBJECTIF_1_1, OBJECTIF_2_1, PLAN_YAML


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(PlanInvalidError) as caught:
        Project.at(folder).load()
    return [p.format(str(p.path.relative_to(folder))) for p in caught.value.problems]


def test_small_plan_loads_in_order(small_plan):
    plan = Project.at(small_plan).load()
    assert [o.id for o in plan.orientations] == ["1", "2"]
    assert [a.id for _, _, a in plan.iter_actions()] == [
        "1.1.1",
        "1.1.2",
        "1.2.1",
        "2.1.1",
        "2.1.2",
    ]


def test_objectives_sort_by_number_not_text(plan_with):
    folder = plan_with(
        {
            "1-comprendre/1.10-dix.yaml": "id: 1.10\ntitre: Dix\n",
            "1-comprendre/1.9-neuf.yaml": "id: 1.9\ntitre: Neuf\n",
        }
    )
    assert [o.id for o in Project.at(folder).load().orientations[0].objectifs] == [
        "1.1",
        "1.2",
        "1.9",
        "1.10",
    ]


A = "1-comprendre/1.2-outils.yaml"


@pytest.mark.parametrize(
    "case",
    [
        (
            "- id: 1.2\n",
            f"{A}:1:1: le fichier doit contenir des paires « clé: valeur », pas une "
            "liste ni une valeur seule",
        ),
    ],
)
def test_one_bad_file(plan_with, case):
    changed, *expected = case
    assert problems_of(plan_with({A: changed})) == list(expected)


def test_every_problem_of_every_file_in_one_run(plan_with):
    folder = plan_with(
        {
            "plan.yaml": PLAN_YAML.replace("titre: Plan", "titr: Plan"),
            "1-comprendre/1.1-definition.yaml": OBJECTIF_1_1.replace(
                "statut: en_cours\n    avan", "statut: encours\n    avan"
            ),
            "2-agir/2.1-partager.yaml": OBJECTIF_2_1.replace("poids: 2", "poids: 0"),
        }
    )
    found = problems_of(folder)
    assert len(found) == 4, found
    assert found[0] == (
        "1-comprendre/1.1-definition.yaml:21:13: statut : statut inconnu "
        "« encours » (vouliez-vous dire « en_cours » ?) ; valeurs permises : "
        "a_venir, en_cours, en_continu, realisee, reportee, abandonnee"
    )
    assert (
        found[1] == "2-agir/2.1-partager.yaml:7:12: poids : « 0 » hors limites : la valeur "
        "doit être plus de 0"
    )
    assert found[2:] == [
        "plan.yaml:1:1: champ obligatoire « titre » manquant",
        "plan.yaml:1:1: clé inconnue « titr » (vouliez-vous dire « titre » ?)",
    ]


def test_folder_without_orientation_file(plan_with):
    folder = plan_with({"3-vide/3.1-x.yaml": "id: 3.1\ntitre: X\n"})
    assert problems_of(folder) == [
        "3-vide:0: dossier sans orientation.yaml : chaque dossier du plan décrit une orientation".replace(
            ":0:", ":"
        )
    ]


def test_stray_file_at_the_root(plan_with):
    assert problems_of(plan_with({"notes.yaml": "a: 1\n"})) == [
        "notes.yaml: fichier inattendu à la racine du plan : un objectif va dans le dossier de "
        "son orientation"
    ]


def test_read_plan_collects_without_raising(plan_with):
    loaded = read_plan(plan_with({A: "id: [\n"}))
    assert loaded.plan is None
    assert len(loaded.problems) == 1


def test_find_plan_dir_walks_up(small_plan, tmp_path):
    assert Project.find(small_plan / "1-comprendre").plan_dir == small_plan.resolve()
    assert Project.find(tmp_path).plan_dir == small_plan.resolve()
    with pytest.raises(PlanNotFoundError):
        Project.find(Path("/"))


@pytest.mark.parametrize("saved", ["", "id: 1.2\ntitre: Autre\nactions: []\n"])
def test_a_file_saved_while_its_problem_is_placed_is_said_changed(small_plan, monkeypatch, saved):
    # A problem is placed by reading its file again: an editor may have saved it since.
    import tdsplan.checks

    b = small_plan / "2-agir" / "2.1-partager.yaml"
    b.write_text(b.read_text("utf-8").replace("id: 2.1\n", "id: 1.2\n"), "utf-8")
    a = small_plan / "1-comprendre" / "1.2-outils.yaml"
    real = tdsplan.checks.check_plan

    def saving(*args, **kwargs):
        a.write_text(saved, "utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(tdsplan.checks, "check_plan", saving)
    found = [p.format(str(p.path.relative_to(small_plan))) for p in read_plan(small_plan).problems]
    assert found[0] == (
        "2-agir/2.1-partager.yaml:1:5: identifiant d’objectif 1.2 en double (déjà utilisé dans "
        "1.2-outils.yaml:1)"
    )
    assert found[-1] == (
        "1-comprendre/1.2-outils.yaml: le fichier a changé pendant la lecture : relancez la "
        "commande"
    )

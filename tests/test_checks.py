"""checks: rules across fields and files (IDs, file names, journal, the plan's own vocabulary)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tdsplan.errors import PlanInvalidError
from tdsplan.project import Project
from tdsplan.store import read_plan

from .conftest import OBJECTIF_1_1, OBJECTIF_1_2, PLAN_YAML

TERRITOIRES = """\
territoires:
  - id: nord
    nom: Le Nord
  - id: sud
    nom: Le Sud
"""
A = "1-comprendre/1.1-definition.yaml"


def _problems(plan_with, plan_text: str, territories: str) -> list[str]:
    objectif = OBJECTIF_1_1.replace("    mandats: [1]\n",
                                    f"    mandats: [1]\n    territoires: {territories}\n")
    folder = plan_with({"plan.yaml": plan_text, A: objectif})
    return [p.format(str(p.path.relative_to(folder))) for p in read_plan(folder).problems]


def test_a_declared_territory_is_accepted(plan_with):
    assert _problems(plan_with, PLAN_YAML + TERRITOIRES, "[nord, sud]") == []


def test_an_undeclared_territory_is_refused_with_the_declared_ones(plan_with):
    assert _problems(plan_with, PLAN_YAML + TERRITOIRES, "[nord, nors, joliette]") == [
        f"{A}:10:25: territoire « nors » inconnu (vouliez-vous dire « nord » ?) ; territoires "
        "déclarés dans plan.yaml : nord, sud",
        f"{A}:10:31: territoire « joliette » inconnu ; territoires déclarés dans plan.yaml : "
        "nord, sud",
    ]


def test_a_territory_without_declarations_says_where_to_declare(plan_with):
    assert _problems(plan_with, PLAN_YAML, "[nord]") == [
        f"{A}:10:19: territoire « nord » inconnu : plan.yaml ne déclare aucun territoire "
        "(ajoutez-les sous « territoires: »)"]


def test_a_territory_declared_twice_or_badly_named(plan_with):
    doubled = PLAN_YAML + TERRITOIRES + "  - id: nord\n    nom: Encore\n  - id: Sud Est\n" \
        "    nom: Sud-Est\n"
    assert _problems(plan_with, doubled, "[nord]") == [
        "plan.yaml:20:9: id : identifiant de territoire « Sud Est » invalide : des "
        "lettres minuscules sans accent, des chiffres et « _ » (ex. les_moulins)"]
    folder_problems = _problems(plan_with, PLAN_YAML + TERRITOIRES + "  - id: nord\n"
                                "    nom: Encore\n", "[nord]")
    assert folder_problems == ["plan.yaml:18:9: territoire « nord » en double"]


def test_nothing_of_a_region_is_left_in_the_code():
    from .conftest import REPO

    for path in (REPO / "src").rglob("*.py"):
        assert "lanaudi" not in path.read_text("utf-8").lower(), path


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(PlanInvalidError) as caught:
        Project.at(folder).load()
    return [p.format(str(p.path.relative_to(folder))) for p in caught.value.problems]


B = "1-comprendre/1.2-outils.yaml"


# Each rule that holds across fields or files, broken once in a plan file.
@pytest.mark.parametrize("case", [
    (OBJECTIF_1_2.replace("  - id: 1.2.1", "  - id: 2.1.3"),
     f"{B}:4:9: l’action 2.1.3 est dans l’objectif 1.2 : son identifiant doit commencer par "
     "« 1.2. »"),
    (OBJECTIF_1_2.replace("  - id: 1.2.1", "  - id: 1.1.2"),
     f"{B}:4:9: identifiant d’action 1.1.2 en double (déjà utilisé dans "
     "1.1-definition.yaml:19)",
     f"{B}:4:9: l’action 1.1.2 est dans l’objectif 1.2 : son identifiant doit commencer par "
     "« 1.2. »"),
    (OBJECTIF_1_2.replace("    journal: []", "    mandats: [1, 7]"),
     f"{B}:6:18: mandat 7 inconnu (mandats définis dans plan.yaml : 1, 2)"),
    (OBJECTIF_1_2.replace("    journal: []", "    statut: realisee\n    avancement: 80"),
     f"{B}:7:17: avancement de 80 % pour une action réalisée : une action réalisée est à "
     "100 % (ou n’indique pas d’avancement)"),
    (OBJECTIF_1_2.replace("    journal: []", "    journal:\n      - date: 2020-05-01\n"
                          "        note: b\n      - date: 2020-04-01\n        note: a"),
     f"{B}:9:15: entrée du 2020-04-01 placée après celle du 2020-05-01 : le journal va du plus "
     "ancien au plus récent"),
    (OBJECTIF_1_2.replace("    journal: []", "    journal:\n      - date: 2020-05-01\n"
                          "        statut: en_cours"),
     f"{B}:4:5: statut « a_venir » différent du dernier statut inscrit au journal "
     "(« en_cours » le 2020-05-01) : ajoutez une entrée au journal (tdsplan update)"),
    (OBJECTIF_1_2.replace("id: 1.2\n", "id: 1.3\n"),
     f"{B}:1:5: le nom du fichier « 1.2-outils.yaml » annonce l’objectif 1.2, mais "
     "l’identifiant inscrit est 1.3 : faites-les concorder",
     f"{B}:4:9: l’action 1.2.1 est dans l’objectif 1.3 : son identifiant doit commencer par "
     "« 1.3. »"),
])
def test_a_broken_rule_in_a_plan_file(plan_with, case):
    changed, *expected = case
    assert problems_of(plan_with({B: changed})) == list(expected)


def test_an_empty_period_is_a_located_problem(plan_with):
    folder = plan_with({"plan.yaml": PLAN_YAML.replace("fin: 2021", "fin: 2019")})
    assert [p.format(str(p.path.relative_to(folder))) for p in read_plan(folder).problems] == [
        "plan.yaml:5:8: période vide : 2019-2019 ne couvre aucun exercice ; écrivez une fin "
        "de 2020 au moins"]

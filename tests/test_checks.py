"""Rules across fields and files: the plan's own vocabulary (territories, mandates)."""

from __future__ import annotations

from tdsplan.store import read_plan

from .conftest import OBJECTIF_1_1, PLAN_YAML

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

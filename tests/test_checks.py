"""checks: rules across fields and files (IDs, file names, journal, the plan's own vocabulary)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tdsplan.errors import PlanInvalidError
from tdsplan.i18n import use_language
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
    objectif = OBJECTIF_1_1.replace(
        "    mandats: [1]\n", f"    mandats: [1]\n    territoires: {territories}\n"
    )
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
        "(ajoutez-les sous « territoires: »)"
    ]


def test_a_territory_declared_twice_or_badly_named(plan_with):
    doubled = (
        PLAN_YAML + TERRITOIRES + "  - id: nord\n    nom: Encore\n  - id: Sud Est\n"
        "    nom: Sud-Est\n"
    )
    assert _problems(plan_with, doubled, "[nord]") == [
        "plan.yaml:20:9: id : identifiant de territoire « Sud Est » invalide : des "
        "lettres minuscules sans accent, des chiffres et « _ » (ex. les_moulins)"
    ]
    folder_problems = _problems(
        plan_with, PLAN_YAML + TERRITOIRES + "  - id: nord\n    nom: Encore\n", "[nord]"
    )
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
@pytest.mark.parametrize(
    "case",
    [
        (
            OBJECTIF_1_2.replace("  - id: 1.2.1", "  - id: 2.1.3"),
            f"{B}:4:9: l’action 2.1.3 est dans l’objectif 1.2 : son identifiant doit commencer par "
            "« 1.2. »",
        ),
        (
            OBJECTIF_1_2.replace("  - id: 1.2.1", "  - id: 1.1.2"),
            f"{B}:4:9: identifiant d’action 1.1.2 en double (déjà utilisé dans "
            "1.1-definition.yaml:19)",
            f"{B}:4:9: l’action 1.1.2 est dans l’objectif 1.2 : son identifiant doit commencer par "
            "« 1.2. »",
        ),
        (
            OBJECTIF_1_2.replace("    journal: []", "    mandats: [1, 7]"),
            f"{B}:6:18: mandat 7 inconnu (mandats définis dans plan.yaml : 1, 2)",
        ),
        (
            OBJECTIF_1_2.replace("    journal: []", "    statut: realisee\n    avancement: 80"),
            f"{B}:7:17: avancement de 80 % pour une action réalisée : une action réalisée est à "
            "100 % (ou n’indique pas d’avancement)",
        ),
        (
            OBJECTIF_1_2.replace(
                "    journal: []",
                "    journal:\n      - date: 2020-05-01\n"
                "        note: b\n      - date: 2020-04-01\n        note: a",
            ),
            f"{B}:9:15: entrée du 2020-04-01 placée après celle du 2020-05-01 : le journal va du plus "
            "ancien au plus récent",
        ),
        (
            OBJECTIF_1_2.replace(
                "    journal: []",
                "    journal:\n      - date: 2020-05-01\n        statut: en_cours",
            ),
            f"{B}:4:5: statut « a_venir » différent du dernier statut inscrit au journal "
            "(« en_cours » le 2020-05-01) : remettez « en_cours », puis inscrivez le changement avec "
            "tdsplan update",
        ),
        (
            OBJECTIF_1_2.replace("id: 1.2\n", "id: 1.3\n"),
            f"{B}:1:5: le nom du fichier « 1.2-outils.yaml » annonce l’objectif 1.2, mais "
            "l’identifiant inscrit est 1.3 : faites-les concorder",
            f"{B}:4:9: l’action 1.2.1 est dans l’objectif 1.3 : son identifiant doit commencer par "
            "« 1.3. »",
        ),
    ],
)
def test_a_broken_rule_in_a_plan_file(plan_with, case):
    changed, *expected = case
    assert problems_of(plan_with({B: changed})) == list(expected)


def test_an_empty_period_is_a_located_problem(plan_with):
    folder = plan_with({"plan.yaml": PLAN_YAML.replace("fin: 2021", "fin: 2019")})
    assert [p.format(str(p.path.relative_to(folder))) for p in read_plan(folder).problems] == [
        "plan.yaml:5:8: période vide : 2019-2019 ne couvre aucun exercice ; écrivez une fin "
        "de 2020 au moins"
    ]


# The one rule for journal dates: validate, the readers (same loading) and the writers.


def test_entry_date_rule_refuses_the_future_and_before_the_plan_and_warns_after_it():
    import datetime as dt

    from tdsplan.checks import EntryDate, entry_date_rule

    period = (dt.date(2019, 4, 1), dt.date(2021, 3, 31))
    today = dt.date(2026, 12, 2)
    assert entry_date_rule(dt.date(2091, 9, 15), today, period) == EntryDate(
        "date 2091-09-15 dans le futur (nous sommes le 2026-12-02) : le journal n’inscrit que "
        "ce qui est arrivé"
    )
    assert entry_date_rule(dt.date(2019, 3, 31), today, period) == EntryDate(
        "date 2019-03-31 antérieure au début du plan (2019-04-01) : une entrée du journal est "
        "datée dans la période du plan"
    )
    assert entry_date_rule(dt.date(2021, 4, 1), today, period) == EntryDate(
        warning=(
            "date 2021-04-01 après la fin du plan (2021-03-31) : entrée acceptée, vérifiez la date"
        )
    )
    assert entry_date_rule(dt.date(2019, 4, 1), today, period) == EntryDate()
    assert entry_date_rule(dt.date(2021, 3, 31), None, period) == EntryDate()
    assert entry_date_rule(dt.date(2091, 9, 15), None) == EntryDate()  # no clock, no bounds


def test_the_loader_refuses_an_entry_after_today_at_its_date(plan_with):
    import datetime as dt

    folder = plan_with({A: OBJECTIF_1_1.replace("date: 2019-05-01", "date: 2019-06-01")})
    loaded = read_plan(folder, today=dt.date(2019, 5, 15))
    assert [p.format(str(p.path.relative_to(folder))) for p in loaded.problems] == [
        f"{A}:12:15: date 2019-06-01 dans le futur (nous sommes le 2019-05-15) : le journal "
        "n’inscrit que ce qui est arrivé",
        f"{A}:15:15: date 2020-02-15 dans le futur (nous sommes le 2019-05-15) : le journal "
        "n’inscrit que ce qui est arrivé",
        f"{A}:25:15: date 2020-01-10 dans le futur (nous sommes le "
        "2019-05-15) : le journal n’inscrit que ce qui est arrivé",
        "2-agir/2.1-partager.yaml:9:15: date 2019-09-01 dans le futur (nous sommes le "
        "2019-05-15) : le journal n’inscrit que ce qui est arrivé",
        "2-agir/2.1-partager.yaml:15:15: date 2020-02-18 dans le futur (nous sommes le "
        "2019-05-15) : le journal n’inscrit que ce qui est arrivé",
    ]
    assert read_plan(folder, today=dt.date(2020, 6, 1)).problems == []


def test_an_entry_before_the_plan_is_refused_by_validate_and_every_reader(cli, plan_with):
    folder = plan_with({A: OBJECTIF_1_1.replace("date: 2019-05-01", "date: 2019-03-31")})
    before = (folder / A).read_bytes()
    expected = (
        f"{folder / A}:12:15: date 2019-03-31 antérieure au début du plan "
        "(2019-04-01) : une entrée du journal est datée dans la période du plan\n"
        "tdsplan : erreur : plan invalide : 1 problème dans 1 fichier\n"
    )
    for command in (["validate"], ["status"], ["show", "1.1.1"], ["export", "-f", "json"]):
        result = cli("--plan", folder, *command)
        assert (result.exit_code, result.stdout, result.stderr) == (1, "", expected), command
    assert (folder / A).read_bytes() == before


def test_an_entry_after_the_plan_is_warned_by_validate_which_accepts_it(cli, plan_with):
    folder = plan_with(
        {
            A: OBJECTIF_1_1.replace("date: 2020-02-15", "date: 2021-04-02").replace(
                "echeance: 2020-03-31", "echeance: 2021-06-30"
            )
        }
    )
    cli.on(dt.date(2021, 4, 15))  # the entry is past, the plan's period over
    result = cli("--plan", folder, "validate")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"{folder / A}:15:15: attention : date 2021-04-02 après la fin du plan (2021-03-31) : "
        "entrée acceptée, vérifiez la date\n"
    )
    try:
        english = cli("--plan", folder, "--lang", "en", "validate")
    finally:
        use_language("fr")
    assert english.exit_code == 0
    assert english.stderr == (
        f"{folder / A}:15:15: warning: date 2021-04-02 after the end of the plan (2021-03-31): "
        "entry accepted, check the date\n"
    )


def test_a_due_date_set_before_the_action_starts_is_refused_at_the_entry(plan_with):
    objectif = OBJECTIF_1_1.replace(
        "    echeance: 2020-01-31\n", "    debut: 2019-12-01\n    echeance: 2019-11-30\n"
    ).replace(
        "      - date: 2020-01-10\n        statut: en_cours\n",
        "      - date: 2020-01-10\n        statut: en_cours\n        echeance: 2019-11-30\n",
    )
    folder = plan_with({A: objectif})
    assert problems_of(folder) == [
        f"{A}:24:15: échéance 2019-11-30 avant le début 2019-12-01",
        f"{A}:28:19: échéance 2019-11-30 avant le début 2019-12-01",
    ]

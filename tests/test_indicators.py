"""indicators: value, target and attainment of an indicator at a date, and their checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from tdsplan.indicators import read, trend_text
from tdsplan.models import Action, Plan
from tdsplan.store import read_plan

from .conftest import PLAN_YAML

D = dt.date
PLAN = Plan.model_validate(
    {
        "titre": "Essai",
        "organisation": "Table",
        "mission": {"texte": "Essayer."},
        "periode": {"debut": 2019, "fin": 2021},
        "territoires": [{"id": "nord", "nom": "Le Nord"}, {"id": "sud", "nom": "Le Sud"}],
    }
)


def _action(indicator: dict[str, Any], journal: list[dict[str, Any]] = ()) -> Action:
    return Action.model_validate(
        {
            "id": "1.1.1",
            "titre": "Essai",
            "indicateurs": [{"nom": "I", **indicator}],
            "journal": list(journal),
        }
    )


def _read(
    indicator: dict[str, Any], journal: list[dict[str, Any]], as_of: dt.date, yearly: bool = False
):
    action = _action(indicator, journal)
    return read(PLAN, action, action.indicateurs[0], as_of, yearly=yearly)


def _measure(date: dt.date, value: float) -> dict[str, Any]:
    return {"date": date, "indicateurs": {"I": value}}


def test_a_count_adds_its_measures_from_its_baseline():
    found = _read(
        {"nature": "cumul", "cible": 300},
        [_measure(D(2019, 6, 1), 100), _measure(D(2020, 2, 1), 50)],
        D(2020, 3, 31),
    )
    assert (found.value, found.measured, found.start, found.target) == (150, D(2020, 2, 1), 0, 300)
    assert found.attainment == 50 and found.label == "en_bonne_voie"  # half of the plan gone


def test_a_count_against_its_yearly_target_counts_that_year_only():
    indicator = {"nature": "cumul", "cible": 300, "cibles": {"2020-2021": 100}}
    journal = [_measure(D(2019, 6, 1), 200), _measure(D(2020, 6, 1), 40)]
    yearly = _read(indicator, journal, D(2021, 3, 31), yearly=True)
    assert (yearly.value, yearly.progress, yearly.target, yearly.period.label) == (
        240,
        40,
        100,
        "2020-2021",
    )
    assert yearly.attainment == 40 and yearly.label == "en_retard"  # the year is over
    whole = _read(indicator, journal, D(2021, 3, 31))
    # the plan is over too: 80 % of the way is no longer « en bonne voie »
    assert (whole.target, whole.attainment, whole.label) == (300, 80, "en_retard")
    midway = _read(indicator, journal, D(2020, 6, 30))
    assert (midway.attainment, midway.label) == (80, "en_bonne_voie")


def test_a_year_without_its_own_target_is_measured_against_the_plans():
    found = _read(
        {"nature": "cumul", "cible": 300, "cibles": {"2019-2020": 100}},
        [_measure(D(2020, 6, 1), 40)],
        D(2021, 3, 31),
        yearly=True,
    )
    assert (found.yearly, found.target, found.progress) == (False, 300, 40)


def test_a_level_is_its_latest_measure_from_its_baseline():
    found = _read(
        {"cible": 1500, "depart": {"valeur": 500, "date": D(2019, 4, 1)}},
        [_measure(D(2019, 9, 1), 1200), _measure(D(2020, 1, 1), 1000)],
        D(2020, 3, 31),
    )
    assert (found.value, found.start) == (1000, 500)
    assert found.attainment == 50


def test_down_is_better_measures_the_way_down():
    indicator = {"sens": "baisse", "cible": 10, "depart": {"valeur": 30}}
    found = _read(indicator, [_measure(D(2019, 9, 1), 15)], D(2021, 3, 31))
    assert found.attainment == 75 and found.label == "en_retard"
    worse = _read(indicator, [_measure(D(2019, 9, 1), 40)], D(2021, 3, 31))
    assert worse.share == pytest.approx(-0.5) and worse.attainment == 0  # clamped
    reached = _read(indicator, [_measure(D(2019, 9, 1), 8)], D(2021, 3, 31))
    assert reached.attainment == 100 and reached.label == "atteinte"


def test_down_is_better_without_a_baseline_is_known_only_once_reached():
    missing = _read({"sens": "baisse", "cible": 10}, [_measure(D(2019, 9, 1), 15)], D(2020, 1, 1))
    assert (missing.start, missing.attainment, missing.label) == (None, None, None)
    reached = _read({"sens": "baisse", "cible": 10}, [_measure(D(2019, 9, 1), 9)], D(2020, 1, 1))
    assert (reached.attainment, reached.label) == (100, "atteinte")


def test_up_is_better_without_a_baseline_starts_from_zero():
    found = _read(
        {"nature": "pourcentage", "cible": 80}, [_measure(D(2019, 9, 1), 60)], D(2020, 3, 31)
    )
    assert (found.start, found.attainment) == (0, 75)


def test_a_milestone_is_reached_or_not_yet():
    journal = [_measure(D(2020, 6, 1), 1)]
    before = _read({"nature": "jalon"}, journal, D(2020, 3, 31))
    assert (before.value, before.attainment, before.label) == (None, None, None)
    after = _read({"nature": "jalon"}, journal, D(2020, 6, 1))
    assert (after.target, after.attainment, after.label) == (1, 100, "atteinte")
    late = _read({"nature": "jalon"}, [_measure(D(2019, 6, 1), 0)], D(2021, 3, 31))
    assert late.label == "en_retard"
    early = _read({"nature": "jalon"}, [_measure(D(2019, 6, 1), 0)], D(2019, 7, 1))
    assert early.label == "a_venir"


def test_no_target_no_attainment_and_an_old_value_keeps_no_date():
    found = _read({"reel": 12}, [], D(2020, 3, 31))
    assert (found.value, found.measured, found.attainment) == (12, None, None)


def test_thresholds_come_from_the_plan():
    plan = PLAN.model_copy(
        update={"indicateurs": PLAN.indicateurs.model_copy(update={"atteinte": 90})}
    )
    action = _action({"cible": 100}, [_measure(D(2019, 6, 1), 91)])
    assert read(plan, action, action.indicateurs[0], D(2020, 1, 1)).label == "atteinte"
    assert read(PLAN, action, action.indicateurs[0], D(2020, 1, 1)).label == "en_bonne_voie"


def test_the_trend_compares_with_the_previous_fiscal_year_in_the_wanted_direction():
    journal = [_measure(D(2019, 6, 1), 30), _measure(D(2020, 6, 1), 20)]
    down = _read({"sens": "baisse", "cible": 10, "depart": {"valeur": 40}}, journal, D(2021, 3, 31))
    assert (down.trend.before, down.trend.after, down.trend.better) == (30, 20, True)
    assert trend_text(down, "fr") == "↓ mieux (30 → 20)"
    count = _read({"nature": "cumul", "cible": 100}, journal, D(2021, 3, 31))
    assert trend_text(count, "en") == "↓ worse (30 → 20)"  # the year added less


def test_values_by_territory_add_up_for_a_count_and_follow_the_latest_for_a_level():
    journal = [
        {
            "date": D(2019, 6, 1),
            "indicateurs": {"I": 5},
            "par_territoire": {"I": {"nord": 2, "sud": 3}},
        },
        {"date": D(2020, 6, 1), "indicateurs": {"I": 4}, "par_territoire": {"I": {"nord": 4}}},
    ]
    count = _read({"nature": "cumul", "cible": 20}, journal, D(2021, 3, 31))
    assert count.territories == {"nord": 6, "sud": 3}
    level = _read({"cible": 20}, journal, D(2021, 3, 31))
    assert level.territories == {"nord": 4}
    assert _read({"cible": 20}, journal, D(2020, 1, 1)).territories == {"nord": 2, "sud": 3}


DAYS = st.dates(min_value=D(2019, 4, 1), max_value=D(2021, 3, 31))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(DAYS, st.integers(0, 500)), max_size=8),
    DAYS,
    st.sampled_from(["cumul", "niveau"]),
    st.sampled_from(["hausse", "baisse"]),
)
def test_attainment_at_a_date_uses_only_values_dated_on_or_before_it(values, as_of, nature, sens):
    values = sorted(values)
    indicator = {"nature": nature, "sens": sens, "cible": 250, "depart": {"valeur": 100}}
    journal = [_measure(day, value) for day, value in values]
    kept = [_measure(day, value) for day, value in values if day <= as_of]
    later = [_measure(D(2021, 3, 31) + dt.timedelta(days=1), 999)]  # after every date
    full, past = _read(indicator, journal + later, as_of), _read(indicator, kept, as_of)
    assert (full.value, full.measured, full.share, full.label) == (
        past.value,
        past.measured,
        past.share,
        past.label,
    )


OBJECTIF = """\
id: 1.1
titre: Essai
actions:
  - id: 1.1.1
    titre: Définition
    statut: en_cours
    indicateurs:
      - nom: Participants
        nature: cumul
        cibles:
          2019-2020: 10
          2024-2025: 10
        reel: 5
      - nom: Satisfaits
        nature: pourcentage
        reel: 120
    journal:
      - date: 2019-05-01
        statut: en_cours
        indicateurs:
          Participants: 5
          Satisfaits: 120
        par_territoire:
          Participants:
            nord: 2
            sud: 2
          Satisfaits:
            ouest: 90
"""
TERRITOIRES = "territoires:\n  - id: nord\n    nom: Nord\n  - id: sud\n    nom: Sud\n"
A = "1-comprendre/1.1-definition.yaml"


def test_bad_indicator_data_is_located_and_said_in_french(plan_with):
    folder = plan_with({"plan.yaml": PLAN_YAML + TERRITOIRES, A: OBJECTIF})
    assert [p.format(str(p.path.relative_to(folder))) for p in read_plan(folder).problems] == [
        f"{A}:12:22: exercice 2024-2025 hors de la période du plan (2019-2020, 2020-2021)",
        f"{A}:16:15: 120 hors de 0 à 100 pour l’indicateur « Satisfaits », un pourcentage",
        f"{A}:22:23: 120 hors de 0 à 100 pour l’indicateur « Satisfaits », un pourcentage",
        f"{A}:25:13: la somme des territoires de « Participants » (4) diffère du total "
        "inscrit (5) : pour un cumul, le total est leur somme",
        f"{A}:28:20: territoire « ouest » inconnu ; territoires déclarés dans plan.yaml : "
        "nord, sud",
        f"{A}:28:13: le total inscrit de « Satisfaits » (120) n’est pas entre la plus petite "
        "et la plus grande valeur des territoires (90 et 90)",
    ]


def test_an_unknown_kind_names_the_allowed_ones(plan_with):
    objectif = OBJECTIF.replace("nature: cumul", "nature: cumull")
    folder = plan_with({"plan.yaml": PLAN_YAML + TERRITOIRES, A: objectif})
    messages = [p.format(str(p.path.relative_to(folder))) for p in read_plan(folder).problems]
    assert messages == [
        f"{A}:9:17: nature : valeur inconnue « cumull » (vouliez-vous dire « cumul » ?) ; "
        "valeurs permises : cumul, niveau, pourcentage, jalon"
    ]


def test_an_old_indicator_with_target_and_value_only_still_validates(plan_with):
    objectif = OBJECTIF.split("    indicateurs:")[0] + (
        "    indicateurs:\n      - nom: Visites\n        cible: 1500\n        reel: 620\n"
        "        unite: visites\n"
    )
    folder = plan_with({A: objectif})
    assert read_plan(folder).problems == []

"""export: the plan as JSON mirroring the model and as CSV, one row per action; its
indicators IATI-like (baseline, target, periods) as JSON and as CSV rows."""

from __future__ import annotations

import csv
import datetime as dt
import json

from tdsplan.export import CSV_COLUMNS, actions_csv, plan_data, plan_json
from tdsplan.project import Project

from .conftest import OBJECTIF_1_2

MEASURED = OBJECTIF_1_2.replace(
    "    journal: []",
    """\
    partenaires: [CISSS, Ville]
    indicateurs:
      - nom: Visites
        cible: 2000
        reel: 1180.5
      - nom: Abonnés
    journal:
      - date: 2020-03-01
        indicateurs:
          Visites: 1180.5""",
)


def test_csv_has_one_row_per_action_in_plan_order(small_plan):
    text = actions_csv(Project.at(small_plan).load())
    rows = list(csv.reader(text.splitlines()))
    assert rows[0] == list(CSV_COLUMNS)
    assert [r[4] for r in rows[1:]] == ["1.1.1", "1.1.2", "1.2.1", "2.1.1", "2.1.2"]
    assert text.endswith("\r\n") and text.count("\r\n") == 6


def test_csv_joins_lists_and_dates_the_last_measure(plan_with):
    row = next(
        r
        for r in csv.DictReader(
            actions_csv(
                Project.at(plan_with({"1-comprendre/1.2-outils.yaml": MEASURED})).load(),
                delimiter=";",
            ).splitlines(),
            delimiter=";",
        )
        if r["id"] == "1.2.1"
    )
    assert row["partenaires"] == "CISSS; Ville"
    assert row["indicateurs"] == "Visites = 1180.5 (2020-03-01); Abonnés"
    assert (row["entrees_journal"], row["derniere_entree"]) == ("1", "2020-03-01")


def test_json_keeps_accents_and_mirrors_plan_data(small_plan):
    plan = Project.at(small_plan).load()
    text = plan_json(plan)
    assert "Plan d’essai 2019-2021" in text and "\\u2019" not in text
    assert json.loads(text) == plan_data(plan)
    assert plan_data(plan)["orientations"][1]["objectifs"][0]["actions"][0]["poids"] == 2


def test_csv_writes_what_a_spreadsheet_would_run_as_text(plan_with):
    tricky = OBJECTIF_1_2.replace(
        "titre: Refonte du site internet",
        'titre: \'=HYPERLINK("http://x","y")\'\n'
        '    porteur: "\'Tis ours"\n'
        "    partenaires: ['@SUM(A1)', Ville]",
    )
    row = next(
        r
        for r in csv.DictReader(
            actions_csv(
                Project.at(plan_with({"1-comprendre/1.2-outils.yaml": tricky})).load()
            ).splitlines()
        )
        if r["id"] == "1.2.1"
    )
    assert (row["titre"], row["porteur"], row["partenaires"]) == (
        '\'=HYPERLINK("http://x","y")',
        "''Tis ours",
        "'@SUM(A1); Ville",
    )
    assert row["objectif_titre"] == "Fournir des outils"


YEARLY = OBJECTIF_1_2.replace(
    "    journal: []",
    """\
    indicateurs:
      - nom: Participants
        nature: cumul
        unite: personnes
        depart:
          valeur: 40
          date: 2019-04-01
        cible: 240
        cibles:
          2019-2020: 100
          2020-2021: 100
        reel: 160
    journal:
      - date: 2019-09-01
        indicateurs:
          Participants: 70.5
      - date: 2020-02-01
        indicateurs:
          Participants: 29.5
      - date: 2020-06-01
        indicateurs:
          Participants: 20""",
)


def test_indicators_json_has_baseline_target_periods_and_the_value_at_the_date(plan_with):
    from tdsplan.export import indicators_data

    plan = Project.at(plan_with({"1-comprendre/1.2-outils.yaml": YEARLY})).load()
    data = indicators_data(plan, dt.date(2020, 3, 31))
    assert data["date"] == "2020-03-31"
    [found] = data["indicateurs"]
    assert found["action"] == "1.2.1" and found["nom"] == "Participants"
    assert found["depart"] == {"valeur": 40, "date": "2019-04-01"}
    assert found["cible"] == 240
    assert found["periodes"] == [
        {
            "exercice": "2019-2020",
            "debut": "2019-04-01",
            "fin": "2020-03-31",
            "cible": 100,
            "reel": 100,  # a cumul's period: what the year added
        },
        {  # the June measure is after the date: not counted yet
            "exercice": "2020-2021",
            "debut": "2020-04-01",
            "fin": "2021-03-31",
            "cible": 100,
            "reel": None,
        },
    ]
    assert found["actuel"] == {
        "valeur": 140,
        "date": "2020-02-01",
        "atteinte": 50.0,  # (140 − 40) / (240 − 40)
        "etat": "en_bonne_voie",
        "territoires": {},
    }
    later = indicators_data(plan, dt.date(2021, 3, 31))["indicateurs"][0]
    assert [p["reel"] for p in later["periodes"]] == [100, 20]
    assert later["actuel"]["valeur"] == 160


def test_indicators_csv_has_one_row_per_indicator_and_fiscal_year(plan_with):
    from tdsplan.export import INDICATOR_COLUMNS, indicators_csv, indicators_data

    plan = Project.at(plan_with({"1-comprendre/1.2-outils.yaml": YEARLY})).load()
    rows = list(
        csv.reader(
            indicators_csv(indicators_data(plan, dt.date(2021, 3, 31)), ";").splitlines(),
            delimiter=";",
        )
    )
    assert tuple(rows[0]) == INDICATOR_COLUMNS
    assert [dict(zip(rows[0], row, strict=True)) for row in rows[1:]] == [
        {
            "action": "1.2.1",
            "action_titre": "Refonte du site internet",
            "indicateur": "Participants",
            "nature": "cumul",
            "sens": "hausse",
            "unite": "personnes",
            "depart": "40",
            "depart_date": "2019-04-01",
            "cible": "240",
            "exercice": year,
            "exercice_debut": start,
            "exercice_fin": end,
            "exercice_cible": "100",
            "exercice_reel": actual,
            "valeur": "160",
            "valeur_date": "2020-06-01",
            "atteinte": "60",
            "etat": "en_retard",
        }
        for year, start, end, actual in (
            ("2019-2020", "2019-04-01", "2020-03-31", "100"),
            ("2020-2021", "2020-04-01", "2021-03-31", "20"),
        )
    ]

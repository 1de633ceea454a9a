"""export: the plan as JSON mirroring the model and as CSV, one row per action."""

from __future__ import annotations

import csv
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

"""``tdsplan export``: the plan as JSON or as a CSV file a spreadsheet opens."""

from __future__ import annotations

import csv
import datetime as dt
import json


def test_export_json_mirrors_the_model(cli, small_plan):
    data = json.loads(cli("--plan", small_plan, "export").stdout)
    assert data["titre"] == "Plan d’essai 2019-2021"
    objectif = data["orientations"][0]["objectifs"][0]
    assert objectif["id"] == "1.1"
    assert objectif["actions"][0]["journal"][1] == {
        "date": "2020-02-15",
        "statut": "realisee",
        "avancement": None,
        "indicateurs": {},
        "par_territoire": {},
        "echeance": None,
        "porteur": None,
        "note": "Définition adoptée.",
        "saillant": False,
        "auteur": "Marie",
    }


def test_export_csv_opens_in_a_spreadsheet(cli, small_plan, tmp_path):
    target = tmp_path / "actions.csv"
    result = cli(
        "--plan", small_plan, "export", "--format", "csv", "-o", target, "--separateur", ";"
    )
    assert result.exit_code == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets then read UTF-8
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert [r["id"] for r in rows] == ["1.1.1", "1.1.2", "1.2.1", "2.1.1", "2.1.2"]
    assert rows[0]["objectif_titre"] == "S’entendre sur une définition"
    assert rows[0]["statut_libelle"] == "Réalisée"
    assert rows[0]["mandats"] == "1" and rows[0]["derniere_entree"] == "2020-02-15"
    assert rows[3]["poids"] == "2"


def test_export_takes_its_format_from_the_output_extension(cli, small_plan, tmp_path):
    result = cli("--plan", small_plan, "export", "-o", tmp_path / "plan.csv")
    assert (result.exit_code, result.stdout) == (
        0,
        f"Export écrit : {tmp_path / 'plan.csv'} (5 actions)\n",
    )  # said, as the workbook is
    assert (tmp_path / "plan.csv").read_bytes().startswith(b"\xef\xbb\xbforientation,")
    assert cli("--plan", small_plan, "export", "-o", tmp_path / "suivi.xlsx").exit_code == 0
    assert (tmp_path / "suivi.xlsx").read_bytes().startswith(b"PK\x03\x04")
    assert cli("--plan", small_plan, "export", "-o", tmp_path / "plan.JSON").exit_code == 0
    assert json.loads((tmp_path / "plan.JSON").read_text("utf-8"))["titre"]


def test_export_refuses_an_extension_that_contradicts_the_format(cli, small_plan, tmp_path):
    target = tmp_path / "x.csv"
    result = cli("--plan", small_plan, "export", "-f", "xlsx", "-o", target)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"tdsplan : erreur : {target} a l’extension .csv, qui contredit "
        "le format demandé (-f xlsx) : rien n’a été écrit\n"
    )
    assert not target.exists()
    unknown = cli("--plan", small_plan, "export", "-o", tmp_path / "x.ods")
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        f"tdsplan : erreur : extension « .ods » de {tmp_path / 'x.ods'} "
        "inconnue : écrivez .json, .csv ou .xlsx, ou indiquez le format "
        "avec -f\n"
    )
    assert cli("--plan", small_plan, "export", "-f", "csv", "-o", tmp_path / "x.txt").exit_code == 0


def test_export_indicators_as_csv_at_a_date(cli, plan_with, tmp_path):
    from tests.test_export import YEARLY

    plan = plan_with({"1-comprendre/1.2-outils.yaml": YEARLY})
    target = tmp_path / "indicateurs.csv"
    cli.on(dt.date(2020, 7, 1))  # the plan's last measure is of 1 June 2020
    result = cli("--plan", plan, "export", "--indicateurs", "--au", "2020-03-31", "-o", target)
    assert result.exit_code == 0, result.stderr
    text = target.read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(text.splitlines()))
    assert [(r["exercice"], r["exercice_reel"], r["valeur"]) for r in rows] == [
        ("2019-2020", "100", "140"),
        ("2020-2021", "", "140"),
    ]
    data = json.loads(cli("--plan", plan, "export", "--indicators").stdout)
    assert data["date"] == "2020-07-01"  # today: the measure of 1 June counts
    assert data["indicateurs"][0]["actuel"]["valeur"] == 160


def test_export_indicators_refuses_xlsx_and_as_of_alone_and_writes_nothing(
    cli, small_plan, tmp_path
):
    target = tmp_path / "suivi.xlsx"
    refused = cli("--plan", small_plan, "export", "--indicators", "-o", target)
    assert refused.exit_code == 2
    assert refused.stderr == (
        "tdsplan : erreur : les indicateurs s’exportent en json ou en csv, pas en xlsx\n"
    )
    alone = cli("--plan", small_plan, "export", "--au", "2020-03-31")
    assert alone.exit_code == 2
    assert alone.stderr == (
        "tdsplan : erreur : --as-of ne vaut que pour les indicateurs : ajoutez --indicators\n"
    )
    assert alone.stdout == "" and not target.exists()

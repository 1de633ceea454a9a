"""Funders: declared in plan.yaml like the territories, named by the actions, checked, offered
by the schema, and each one's part of the plan in ``status``, ``export`` and ``report``."""

from __future__ import annotations

import csv
import io
import json

from tdsplan.store import read_plan

from .conftest import OBJECTIF_1_1, PLAN_YAML

BAILLEURS = """\
bailleurs:
  - id: centraide
    nom: Centraide Lanaudière
  - id: cisss
    nom: CISSS de Lanaudière
"""
A = "1-comprendre/1.1-definition.yaml"


def _plan(plan_with, plan_text: str = PLAN_YAML + BAILLEURS, funders: str = "[centraide]"):
    objectif = OBJECTIF_1_1.replace(
        "    mandats: [1]\n", f"    mandats: [1]\n    bailleurs: {funders}\n", 1
    )
    return plan_with({"plan.yaml": plan_text, A: objectif})


def _problems(folder) -> list[str]:
    return [p.format(str(p.path.relative_to(folder))) for p in read_plan(folder).problems]


def test_declared_funders_are_accepted(plan_with):
    assert _problems(_plan(plan_with, funders="[centraide, cisss]")) == []


def test_an_undeclared_funder_is_refused_with_the_declared_ones(plan_with):
    assert _problems(_plan(plan_with, funders="[centraid, ville]")) == [
        f"{A}:10:17: bailleur « centraid » inconnu (vouliez-vous dire « centraide » ?) ; "
        "bailleurs déclarés dans plan.yaml : centraide, cisss",
        f"{A}:10:27: bailleur « ville » inconnu ; bailleurs déclarés dans plan.yaml : "
        "centraide, cisss",
    ]
    assert _problems(_plan(plan_with, PLAN_YAML)) == [
        f"{A}:10:17: bailleur « centraide » inconnu : plan.yaml ne déclare aucun bailleur "
        "(ajoutez-les sous « bailleurs: »)"
    ]


def test_a_funder_declared_twice_or_badly_named(plan_with):
    doubled = PLAN_YAML + BAILLEURS + "  - id: cisss\n    nom: Encore\n"
    assert _problems(_plan(plan_with, doubled)) == ["plan.yaml:18:9: bailleur « cisss » en double"]
    badly = PLAN_YAML + BAILLEURS + "  - id: Ville de Joliette\n    nom: Ville\n"
    assert _problems(_plan(plan_with, badly)) == [
        "plan.yaml:18:9: id : identifiant de bailleur « Ville de Joliette » invalide : des "
        "lettres minuscules sans accent, des chiffres et « _ » (ex. centraide)"
    ]


def test_the_schema_offers_the_plans_funders(cli, plan_with):
    folder = _plan(plan_with)
    action = json.loads(cli("--plan", folder, "schema").stdout)["definitions"]["Action"]
    funders = action["properties"]["bailleurs"]["items"]
    assert funders["enum"] == ["centraide", "cisss"]
    assert funders["enumDescriptions"] == ["Centraide Lanaudière", "CISSS de Lanaudière"]


def test_status_export_and_report_give_each_funder_its_part(cli, plan_with, tmp_path):
    folder = _plan(plan_with)
    status = cli("--plan", folder, "status", "--funder", "Centraide")
    assert status.exit_code == 0
    assert status.stdout.startswith(
        "Actions · bailleur Centraide Lanaudière — au 1er\u00a0mars 2020 : 1 action sur 5\n"
    )
    assert "  1.1.1  Définition du DS" in status.stdout and "1.1.2" not in status.stdout
    exported = cli("--plan", folder, "export", "-f", "csv", "--bailleur", "centraide")
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [(r["id"], r["bailleurs"]) for r in rows] == [("1.1.1", "Centraide Lanaudière")]
    report = cli(
        "--plan",
        folder,
        "report",
        "--year",
        "2019",
        "--funder",
        "CISSS de lanaudiere",
        "-o",
        tmp_path / "rapports",
    )
    assert report.exit_code == 0, report.stderr
    text = (tmp_path / "rapports" / "rapport-2019-2020-cisss.md").read_text("utf-8")
    assert "\nExtrait\u00a0: les actions financées par CISSS de Lanaudière.\n" in text
    word = cli(
        "--plan",
        folder,
        "report",
        "--year",
        "2019",
        "--funder",
        "cisss",
        "-f",
        "docx",
        "-o",
        tmp_path / "rapports",
    )
    assert word.exit_code == 0, word.stderr
    from docx import Document

    cover = [
        p.text
        for p in Document(tmp_path / "rapports" / "rapport-2019-2020-cisss.docx").paragraphs[:8]
    ]
    assert "Extrait\u00a0: les actions financées par CISSS de Lanaudière." in cover
    unknown = cli("--plan", folder, "report", "--funder", "Ville")
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        "tdsplan : erreur : bailleur « Ville » inconnu ; déclarés dans "
        "plan.yaml : Centraide Lanaudière, CISSS de Lanaudière\n"
    )

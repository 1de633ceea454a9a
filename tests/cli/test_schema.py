"""``tdsplan schema``: the JSON Schemas editors use, for any plan or for this plan."""

from __future__ import annotations

import json

from tdsplan.schema import schema_text
from tests.conftest import PLAN_YAML


def test_schema_prints_each_kind(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no plan here: the schemas of any plan
    for kind in ("plan", "orientation", "objectif"):
        result = cli("schema", kind)
        assert result.stdout == schema_text(kind)
    assert json.loads(cli("schema").stdout)["title"].startswith("tdsplan : fichier d’objectif")
    bad = cli("schema", "action")
    assert bad.exit_code == 2


def test_schema_offers_the_plans_own_territories_and_mandates(cli, plan_with):
    folder = plan_with({"plan.yaml": PLAN_YAML + "territoires:\n  - id: nord\n    nom: Le Nord\n"})
    action = json.loads(cli("--plan", folder, "schema").stdout)["definitions"]["Action"]
    territories = action["properties"]["territoires"]["items"]
    assert territories["enum"] == ["nord"] and territories["enumDescriptions"] == ["Le Nord"]
    assert action["properties"]["mandats"]["items"]["enum"] == [1, 2]

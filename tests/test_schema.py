"""schema: the JSON Schemas of the plan files, valid, strict as tdsplan is, and in French."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tdsplan.schema import KINDS, file_schema

from .conftest import REPO

BIN = Path(sys.executable).parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=REPO, capture_output=True, text=True)


@pytest.mark.slow  # runs check-jsonschema
def test_schemas_are_valid_draft_07():
    result = run(
        "check-jsonschema",
        "--check-metaschema",
        *sorted(str(p.relative_to(REPO)) for p in REPO.glob("plan/_schemas/*.json")),
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow  # runs check-jsonschema
def test_schema_rejects_what_tdsplan_rejects(tmp_path):
    bad = tmp_path / "1.2-x.yaml"
    bad.write_text(
        "id: 1.2\ntitre: X\nactions:\n  - id: 1.2.1\n    titre: Y\n"
        "    statut: fini\n    avancement: 150\n",
        encoding="utf-8",
    )
    result = run("check-jsonschema", "--schemafile", "plan/_schemas/objectif.schema.json", str(bad))
    assert result.returncode == 1
    assert "statut" in result.stdout and "avancement" in result.stdout


def test_every_schema_field_explains_itself_in_french():
    def described(field, schema):
        if "$ref" in field:  # draft-07 ignores siblings of $ref: the definition speaks
            field = schema["definitions"][field["$ref"].rsplit("/", 1)[1]]
        return bool(field.get("description"))

    def walk(node, where, schema):
        if isinstance(node, dict):
            for name, field in node.get("properties", {}).items():
                assert described(field, schema), f"{where}.{name} sans description"
            for key, value in node.items():
                walk(value, f"{where}/{key}", schema)
        elif isinstance(node, list):
            for item in node:
                walk(item, where, schema)

    for kind in KINDS:
        schema = file_schema(kind)
        walk(schema, kind, schema)

"""What contributors plug tdsplan into: pre-commit, editors' schemas, CI workflows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

BIN = Path(sys.executable).parent

# Each test runs an outside tool (check-jsonschema, pre-commit) in a subprocess.
pytestmark = pytest.mark.slow


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=REPO, capture_output=True,
                          text=True)


def test_pre_commit_manifest_and_config_are_valid():
    manifest = run("pre-commit", "validate-manifest", ".pre-commit-hooks.yaml")
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr
    config = run("pre-commit", "validate-config", ".pre-commit-config.yaml")
    assert config.returncode == 0, config.stdout + config.stderr


def test_hook_runs_validate_once_on_plan_files():
    import yaml

    hook = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))[0]
    assert (hook["entry"], hook["pass_filenames"], hook["require_serial"]) == (
        "tdsplan validate", False, True)
    import re

    pattern = re.compile(hook["files"])
    assert pattern.search("plan/1-x/1.2-y.yaml") and pattern.search("plan/plan.yml")
    assert not pattern.search("src/tdsplan/models.py")


def _plan_files(folder: str, kind: str) -> list[str]:
    if kind == "plan":
        return [f"{folder}/plan.yaml"]
    found = (p for p in REPO.glob(f"{folder}/*/*.yaml")
             if (p.name == "orientation.yaml") == (kind == "orientation"))
    return sorted(str(p.relative_to(REPO)) for p in found)


# Each plan is checked against its own schemas: they offer that plan's territories and funders.
@pytest.mark.parametrize("folder", ["plan", "examples/demo/plan"])
@pytest.mark.parametrize("kind", ["plan", "orientation", "objectif"])
def test_every_plan_file_passes_check_jsonschema(folder, kind):
    result = run("check-jsonschema", "--schemafile", f"{folder}/_schemas/{kind}.schema.json",
                 *_plan_files(folder, kind))
    assert result.returncode == 0, result.stdout + result.stderr


def test_schemas_are_valid_draft_07():
    result = run("check-jsonschema", "--check-metaschema",
                 *sorted(str(p.relative_to(REPO)) for p in REPO.glob("plan/_schemas/*.json")))
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_rejects_what_tdsplan_rejects(tmp_path):
    bad = tmp_path / "1.2-x.yaml"
    bad.write_text("id: 1.2\ntitre: X\nactions:\n  - id: 1.2.1\n    titre: Y\n"
                   "    statut: fini\n    avancement: 150\n", encoding="utf-8")
    result = run("check-jsonschema", "--schemafile", "plan/_schemas/objectif.schema.json",
                 str(bad))
    assert result.returncode == 1
    assert "statut" in result.stdout and "avancement" in result.stdout


def test_every_schema_field_explains_itself_in_french():
    from tdsplan.schema import KINDS, file_schema

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


def test_ci_workflow_is_a_valid_github_workflow():
    result = run("check-jsonschema", "--builtin-schema", "vendor.github-workflows",
                 ".github/workflows/plan.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    text = (REPO / ".github/workflows/plan.yml").read_text("utf-8")
    assert "tdsplan validate" in text and "upload-artifact" in text

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
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=REPO, capture_output=True, text=True)


def test_pre_commit_manifest_and_config_are_valid():
    manifest = run("pre-commit", "validate-manifest", ".pre-commit-hooks.yaml")
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr
    config = run("pre-commit", "validate-config", ".pre-commit-config.yaml")
    assert config.returncode == 0, config.stdout + config.stderr


def test_hook_runs_validate_once_on_plan_files():
    import yaml

    hook = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))[0]
    assert (hook["entry"], hook["pass_filenames"], hook["require_serial"]) == (
        "tdsplan validate",
        False,
        True,
    )
    import re

    pattern = re.compile(hook["files"])
    assert pattern.search("plan/1-x/1.2-y.yaml") and pattern.search("plan/plan.yml")
    assert pattern.search("plan-2023-2028/1-x/1.2-y.yaml") and pattern.search("tdsplan.toml")
    assert not pattern.search("src/tdsplan/models.py")


def _plan_files(folder: str, kind: str) -> list[str]:
    if kind == "plan":
        return [f"{folder}/plan.yaml"]
    found = (
        p
        for p in REPO.glob(f"{folder}/*/*.yaml")
        if (p.name == "orientation.yaml") == (kind == "orientation")
        and p.parent.name != "bilans"  # the bilans' words and adoptions: not plan files
    )
    return sorted(str(p.relative_to(REPO)) for p in found)


# Each plan is checked against its own schemas: they offer that plan's territories and funders.
@pytest.mark.parametrize("folder", ["plan", "examples/demo/plan", "examples/demo/plan-2023-2028"])
@pytest.mark.parametrize("kind", ["plan", "orientation", "objectif"])
def test_every_plan_file_passes_check_jsonschema(folder, kind):
    result = run(
        "check-jsonschema",
        "--schemafile",
        f"{folder}/_schemas/{kind}.schema.json",
        *_plan_files(folder, kind),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_workflow_is_a_valid_github_workflow():
    result = run(
        "check-jsonschema",
        "--builtin-schema",
        "vendor.github-workflows",
        ".github/workflows/plan.yml",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    text = (REPO / ".github/workflows/plan.yml").read_text("utf-8")
    assert "tdsplan validate" in text and "upload-artifact" in text


def test_hook_checks_every_plan_of_the_repository(tmp_path):
    """The shipped hook, run by pre-commit on a repository with two plans, fails on an
    error in either plan and passes when both are valid."""
    import os

    import yaml

    from .conftest import SMALL_PLAN, write_tree

    hook = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))[0]
    # The same hook, run with the tdsplan of this environment instead of a fresh one.
    local = {**hook, "language": "system"}
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    write_tree(tmp_path, {".pre-commit-config.yaml": yaml.safe_dump(config)})
    write_tree(tmp_path / "plan", SMALL_PLAN)
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path.parent / "pre-commit-home"),
        "TDSPLAN_NO_CACHE": "1",
    }

    def sh(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(list(args), cwd=tmp_path, env=env, capture_output=True, text=True)

    assert sh(str(BIN / "tdsplan"), "init", "plan-2023-2028", "--from", "plan").returncode == 0
    assert (tmp_path / "tdsplan.toml").is_file()
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t"]
    assert sh(*git, "init", "-q", "-b", "main").returncode == 0
    assert sh(*git, "add", ".").returncode == 0
    assert sh(*git, "commit", "-qm", "deux plans", "--no-verify").returncode == 0

    def commit_hook(path: str, text: str) -> subprocess.CompletedProcess:
        (tmp_path / path).write_text(text, encoding="utf-8")
        sh(*git, "add", path)
        return sh(str(BIN / "pre-commit"), "run")

    for plan in ("plan", "plan-2023-2028"):
        path = f"{plan}/2-agir/orientation.yaml"
        good = (tmp_path / path).read_text("utf-8")
        result = commit_hook(path, good.replace("titre:", "titr:"))
        assert result.returncode == 1, result.stdout
        assert f"{path}:" in result.stdout and "clé inconnue « titr »" in result.stdout
        result = commit_hook(path, good + "description: Une précision.\n")
        assert result.returncode == 0, result.stdout
        assert "tdsplan validate" in result.stdout and "Passed" in result.stdout


def _config_hook(hook_id: str) -> dict:
    import yaml

    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text("utf-8"))
    return next(h for repo in config["repos"] for h in repo["hooks"] if h["id"] == hook_id)


def test_the_yaml_hook_checks_the_other_yaml_files_in_french(tmp_path):
    """The repository's YAML hook reads CI and pre-commit files (the plans go to tdsplan
    validate) and says a fault in French at its line and column, not in PyYAML's English."""
    import re
    import shlex

    hook = _config_hook("check-yaml")
    pattern = re.compile(hook["files"])
    assert pattern.search(".github/workflows/plan.yml")
    assert pattern.search(".pre-commit-config.yaml") and pattern.search(".pre-commit-hooks.yaml")
    assert not pattern.search("plan/1-x/1.2-y.yaml") and not pattern.search("plan/plan.yaml")
    entry = shlex.split(hook["entry"])
    assert entry[0] == "python"
    command = [sys.executable, *entry[1:]]
    mine = [".github/workflows/plan.yml", ".pre-commit-config.yaml", ".pre-commit-hooks.yaml"]
    good = subprocess.run([*command, *mine], cwd=REPO, capture_output=True, text=True)
    assert (good.returncode, good.stdout, good.stderr) == (0, "", "")
    bad = tmp_path / "ci.yml"
    bad.write_text("on:\n  push:\n    branches: [main\njobs: {}\n", encoding="utf-8")
    result = subprocess.run([*command, str(bad)], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout == f"{bad}:3:15: crochet « [ » non fermé ou virgule manquante\n"
    assert result.stderr == ""


def test_no_hook_of_the_repository_speaks_pyyaml_english():
    """check-yaml of pre-commit-hooks printed PyYAML's English under every French error."""
    import yaml

    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text("utf-8"))
    entries = [h["entry"] for repo in config["repos"] for h in repo["hooks"]]
    assert "check-yaml" not in entries

"""Where tdsplan may write an output: never into any plan folder, onto a tdsplan.toml or
into a .git folder, links resolved; refused with a French message, nothing touched."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tdsplan.outputs import ProtectedPathError, check_path

from .conftest import SMALL_PLAN, write_tree


def tree_bytes(root: Path) -> dict[str, bytes | str]:
    """Every file under ``root`` (links as their target's name, not followed)."""
    found: dict[str, bytes | str] = {}
    for folder, dirs, names in os.walk(root):
        for name in names + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            path = Path(folder, name)
            key = str(path.relative_to(root))
            found[key] = os.readlink(path) if path.is_symlink() else path.read_bytes()
    return found


@pytest.fixture
def two_plans(tmp_path: Path) -> Path:
    """A repository root holding the shipped-like ``plan/`` and ``examples/demo/plan``."""
    write_tree(tmp_path / "plan", SMALL_PLAN)
    write_tree(tmp_path / "examples" / "demo" / "plan", SMALL_PLAN)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return tmp_path


def test_check_path_refuses_any_plan_folder_toml_and_git(two_plans):
    other = two_plans / "plan"
    (two_plans / "lien").symlink_to(other)
    refused = {
        other: "c’est un dossier de plan",
        two_plans / "lien": "c’est un dossier de plan",
        other / "plan.yaml": f"ce chemin est dans le dossier de plan {other}",
        two_plans / "lien" / "x" / "y.md": f"ce chemin est dans le dossier de plan {other}",
        other / "1-comprendre" / "rapport.md": f"ce chemin est dans le dossier de plan "
        f"{other / '1-comprendre'}",
        two_plans / "tdsplan.toml": "c’est un fichier tdsplan.toml, qui liste les plans d’un dépôt",
        two_plans / ".git" / "HEAD": "ce chemin mène dans un dossier .git, où git garde le dépôt",
        two_plans / ".git": "ce chemin mène dans un dossier .git, où git garde le dépôt",
    }
    for path, reason in refused.items():
        with pytest.raises(ProtectedPathError) as caught:
            check_path(path)
        assert caught.value.reason == reason, path
    check_path(two_plans / "reports" / "rapport.md")  # beside the plans: allowed
    check_path(two_plans / "examples" / "demo" / "public")


def test_report_and_export_with_plan_elsewhere_cannot_write_into_the_shipped_plan(
    cli, two_plans, monkeypatch
):
    monkeypatch.chdir(two_plans)
    before = tree_bytes(two_plans)
    result = cli("--plan", "examples/demo/plan", "report", "-f", "md", "-o", "plan/plan.yaml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"tdsplan : erreur : --output plan/plan.yaml refusé : ce chemin "
        f"est dans le dossier de plan {two_plans / 'plan'} ; rien n’a "
        "été écrit\n"
    )
    monkeypatch.chdir(two_plans / "examples" / "demo")
    result = cli("--plan", "plan", "export", "-f", "json", "-o", "../../plan/plan.yaml")
    assert result.exit_code == 2
    assert (
        "--output ../../plan/plan.yaml refusé : ce chemin est dans le dossier de plan"
        in result.stderr
    )
    monkeypatch.chdir(two_plans)
    result = cli("--plan", "examples/demo/plan", "site", "-o", "plan/x")
    assert result.exit_code == 2
    assert "--output plan/x refusé : ce chemin est dans le dossier de plan" in result.stderr
    assert tree_bytes(two_plans) == before


@pytest.mark.parametrize("target", [".git/HEAD", ".git/config", "tdsplan.toml"])
def test_an_output_into_git_or_onto_tdsplan_toml_is_refused(cli, two_plans, monkeypatch, target):
    monkeypatch.chdir(two_plans)
    before = tree_bytes(two_plans)
    result = cli("--plan", "plan", "export", "-f", "json", "-o", target)
    assert (result.exit_code, result.stdout) == (2, "")
    # The repository's own tdsplan.toml (even absent) is named as the repository knows it.
    reason = (
        "ce chemin mène dans un dossier .git, où git garde le dépôt"
        if ".git" in target
        else "c’est tdsplan.toml, la liste des plans du dépôt"
    )
    assert (
        result.stderr == f"tdsplan : erreur : --output {target} refusé : {reason} ; rien "
        "n’a été écrit\n"
    )
    assert tree_bytes(two_plans) == before


def test_an_output_below_a_file_says_so_in_french(cli, two_plans, monkeypatch):
    monkeypatch.chdir(two_plans)
    (two_plans / "README.md").write_text("# Lisez-moi\n")
    before = tree_bytes(two_plans)
    result = cli("--plan", "plan", "export", "-f", "json", "-o", "README.md/x.json")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "tdsplan : erreur : --output README.md/x.json refusé : README.md "
        "est un fichier, pas un dossier ; rien n’a été écrit\n"
    )
    assert tree_bytes(two_plans) == before


def test_default_reports_folder_linked_to_the_plan_is_refused(cli, two_plans, monkeypatch):
    monkeypatch.chdir(two_plans)
    (two_plans / "reports").symlink_to("plan")
    before = tree_bytes(two_plans)
    result = cli("--plan", "plan", "report", "--year", "2019-2020")
    # No --output was given: the refusal does not name one, and is a refusal (exit 1).
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "tdsplan : erreur : reports refusé : c’est le dossier du plan "
        "« plan » ; rien n’a été écrit\n"
    )
    assert tree_bytes(two_plans) == before


@pytest.mark.parametrize(
    ("folder", "reason"),
    [
        ("plan/x", "ce chemin est dans le dossier de plan {root}/plan"),
        ("tdsplan.toml", "c’est un fichier tdsplan.toml, qui liste les plans d’un dépôt"),
        (".git/plan", "ce chemin mène dans un dossier .git, où git garde le dépôt"),
    ],
)
def test_init_refuses_a_folder_in_a_plan_onto_tdsplan_toml_or_in_git(
    cli, two_plans, monkeypatch, folder, reason
):
    monkeypatch.chdir(two_plans)
    before = tree_bytes(two_plans)
    result = cli(
        "init", folder, "--organisation", "Table", "--territory", "Nord", "--mandate", "Agir"
    )
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"tdsplan : erreur : DOSSIER {folder} refusé : "
        f"{reason.format(root=two_plans)} ; rien n’a été créé\n"
    )
    assert tree_bytes(two_plans) == before


def test_site_folder_that_is_a_link_to_a_plan_with_a_forged_manifest(cli, two_plans, monkeypatch):
    # The demo's site folder replaced by a link to the shipped plan, with a manifest that
    # lists plan.yaml under its real hash: the default rebuild must not touch the plan.
    import hashlib
    import json

    demo = two_plans / "examples" / "demo"
    plan_yaml = (two_plans / "plan" / "plan.yaml").read_bytes()
    (two_plans / "plan" / ".tdsplan-site.json").write_text(
        json.dumps({"fichiers": {"plan.yaml": hashlib.sha256(plan_yaml).hexdigest()}})
    )
    shutil.rmtree(demo / "public", ignore_errors=True)
    (demo / "public").symlink_to("../../plan")
    monkeypatch.chdir(demo)
    before = tree_bytes(two_plans)
    result = cli("site")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "tdsplan : erreur : public refusé : c’est un dossier de plan ; rien n’a été écrit\n"
    )
    assert tree_bytes(two_plans) == before

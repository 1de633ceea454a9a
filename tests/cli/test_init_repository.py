"""``tdsplan init --repository``: a new organisation's repository that validates, shows
its status, builds its reports and site, and whose pre-commit and CI files parse."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ADDRESS = "https://git.example.org/outils/tdsplan.git"
FILES = [
    ".github/workflows/plan.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "README.md",
    "plan/.gitignore",
    "plan/_schemas/objectif.schema.json",
    "plan/_schemas/orientation.schema.json",
    "plan/_schemas/plan.schema.json",
    "plan/plan.yaml",
    "tdsplan.toml",
]


@pytest.fixture
def repository(cli, tmp_path, monkeypatch):
    """A repository laid out by init in tmp_path/depot, the current folder."""
    monkeypatch.chdir(tmp_path)
    result = cli(
        "init",
        "--repository",
        "depot",
        "--organisation",
        "Table de quartier du Nord",
        "--territory",
        "Centre",
        "--mandate",
        "Réunir les partenaires",
        "--tdsplan-address",
        ADDRESS,
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "Dépôt créé dans depot : le plan « Plan d’action 2019-2024 » dans plan/, "
        "tdsplan.toml, .pre-commit-config.yaml, .github/workflows/plan.yml, .gitignore et "
        "README.md.\n"
        "Dépôt git initialisé (git init) : « pre-commit install », puis un premier commit.\n"
    )
    monkeypatch.chdir(tmp_path / "depot")
    return tmp_path / "depot"


def test_the_repository_validates_shows_its_status_and_makes_its_outputs(cli, repository):
    assert (
        sorted(
            p.relative_to(repository).as_posix()
            for p in repository.rglob("*")
            if p.is_file() and ".git" not in p.relative_to(repository).parts
        )
        == FILES
    )
    # A git repository, so that the README's « pre-commit install » works; its outputs
    # are not versioned (the CI makes and attaches them).
    assert subprocess.run(["git", "status"], cwd=repository, capture_output=True).returncode == 0
    ignored = subprocess.run(
        ["git", "check-ignore", "reports/rapport.md", "rapports-ci/etat.txt", "public/index.html"],
        cwd=repository,
        capture_output=True,
        text=True,
    )
    assert ignored.stdout.split() == [
        "reports/rapport.md",
        "rapports-ci/etat.txt",
        "public/index.html",
    ]
    assert cli("validate").stdout == (
        "plan : plan valide — 0 orientation, 0 objectif, 0 action (1 fichier)\n"
    )
    status = cli("status")
    assert status.exit_code == 0
    assert status.stdout.startswith("Plan d’action 2019-2024 · année 1 sur 5\n")
    report = cli("report", "-f", "md", "-f", "html", "-o", "rapports-ci")
    assert report.exit_code == 0, report.stderr
    assert cli("site", "-o", "public").exit_code == 0
    assert "Table de quartier du Nord" in (repository / "plan" / "plan.yaml").read_text("utf-8")


def test_the_address_of_tdsplan_is_written_once_and_pre_commit_reads_the_config(repository):
    from pre_commit.clientlib import load_config

    config = load_config(str(repository / ".pre-commit-config.yaml"))
    assert [(r["repo"], r["rev"], [h["id"] for h in r["hooks"]]) for r in config["repos"]] == [
        (ADDRESS, "v0.3.0", ["tdsplan-validate"])
    ]
    holding = [
        p.relative_to(repository).as_posix()
        for p in repository.rglob("*")
        if p.is_file() and ADDRESS in p.read_text("utf-8")
    ]
    assert holding == [".pre-commit-config.yaml"]


@pytest.mark.slow  # runs bash and check-jsonschema
def test_the_ci_and_the_readme_install_tdsplan_from_the_one_address(repository):
    import yaml

    workflow = yaml.safe_load((repository / ".github" / "workflows" / "plan.yml").read_text())
    steps = {step.get("name"): step for step in workflow["jobs"]["plan"]["steps"]}
    install = steps["Installer tdsplan"]["run"].replace("pip install", "echo")
    readme = (repository / "README.md").read_text("utf-8")
    block = readme.split("```sh\n", 1)[1].split("```", 1)[0].replace("pipx install", "echo")
    for script in (install, block.replace("pre-commit install", "true")):
        said = subprocess.run(
            ["bash", "-euc", script], cwd=repository, capture_output=True, text=True, check=True
        )
        assert said.stdout == f"tdsplan @ git+{ADDRESS}@v0.3.0\n"
    checked = subprocess.run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            ".github/workflows/plan.yml",
        ],
        cwd=repository,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout


def test_without_an_address_the_line_to_fill_is_named(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("init", "--repository", "depot", "--organisation", "Table")
    assert result.exit_code == 0
    assert result.stderr == (
        "tdsplan : attention : l’adresse du dépôt de tdsplan reste à écrire, une fois, à la "
        "ligne repo: de depot/.pre-commit-config.yaml (ou relancez avec --tdsplan-address)\n"
    )
    text = (tmp_path / "depot" / ".pre-commit-config.yaml").read_text("utf-8")
    assert "  - repo: https://ADRESSE-DU-DEPOT-DE-TDSPLAN\n" in text


def test_without_git_the_repository_says_to_run_git_init(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "sans-git"))
    result = cli(
        "init", "--repository", "depot", "--organisation", "Table", "--tdsplan-address", ADDRESS
    )
    assert result.exit_code == 0
    assert result.stderr == (
        "tdsplan : attention : git est introuvable : installez-le, puis lancez « git init » "
        "dans depot avant « pre-commit install »\n"
    )
    assert not (tmp_path / "depot" / ".git").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["init"], "argument obligatoire manquant : DOSSIER"),
        (
            ["init", "nouveau", "--repository", "depot"],
            "--repository met le plan dans DOSSIER/plan : indiquez l’un ou l’autre, pas les deux",
        ),
        (
            ["init", "--repository", "depot", "--from", "plan"],
            "--repository crée le premier plan d’une organisation : il ne va pas avec --from",
        ),
        (
            ["init", "--repository", "plein"],
            "plein existe déjà et n’est pas vide : choisissez un nouveau dossier",
        ),
    ],
)
def test_refusals_say_why_and_touch_nothing(cli, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plein").mkdir()
    (tmp_path / "plein" / "notes.txt").write_text("à garder\n")
    result = cli(*args, "--organisation", "Table")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"tdsplan : erreur : {message}\n")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["notes.txt", "plein"]

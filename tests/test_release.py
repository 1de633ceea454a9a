"""The release check of .github/workflows/release.yml, run locally: the sdist and the wheel
build, carry the licence and the version, and the wheel installed in a fresh virtual
environment outside the checkout answers ``--version`` and shows a copied plan."""

from __future__ import annotations

import email
import os
import shutil
import site
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from tdsplan.version import __version__

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``python -m build`` of the checkout (a copy, so that no build/ folder is left)."""
    work = tmp_path_factory.mktemp("release")
    source = work / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__"
        ),
    )
    out = work / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    return out


def test_both_packages_are_built_with_the_version_and_the_licence(dist: Path) -> None:
    wheel = dist / f"tdsplan-{__version__}-py3-none-any.whl"
    sdist = dist / f"tdsplan-{__version__}.tar.gz"
    assert sorted(p.name for p in dist.iterdir()) == sorted([wheel.name, sdist.name])
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        info = f"tdsplan-{__version__}.dist-info"
        metadata = email.message_from_bytes(archive.read(f"{info}/METADATA"))
    # What twine check reads: the metadata, and a description it can render.
    assert metadata["Name"] == "tdsplan"
    assert metadata["Version"] == __version__
    assert metadata["License-Expression"] == "MIT"
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert metadata.get_payload().startswith("# tdsplan")
    assert f"{info}/licenses/LICENSE" in names
    assert "tdsplan/locale/en/LC_MESSAGES/tdsplan.mo" in names
    assert "tdsplan/py.typed" in names
    with tarfile.open(sdist) as archive:
        members = {m.name.split("/", 1)[1] for m in archive.getmembers() if "/" in m.name}
    assert {"LICENSE", "CHANGELOG.md", "pyproject.toml"} <= members


def test_the_wheel_installed_outside_the_checkout_runs(dist: Path, tmp_path: Path) -> None:
    # The dependencies are those of this environment, reached by a path file (no network);
    # the wheel's own code is the one that runs, not the checkout's: a path file adds a
    # folder without running the editable install's hook that lives in it.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    inner = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    outer = [p for p in site.getsitepackages() if Path(p, "typer").is_dir()]
    Path(inner, "tdsplan-test-dependencies.pth").write_text("\n".join(outer) + "\n")
    wheel = dist / f"tdsplan-{__version__}-py3-none-any.whl"
    subprocess.run(
        # (--ignore-installed: the tdsplan of the borrowed environment must not stand in for it)
        [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--ignore-installed",
            wheel,
        ],
        check=True,
        capture_output=True,
    )
    shutil.copytree(ROOT / "plan", tmp_path / "copie" / "plan")
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "VIRTUAL_ENV", "TDSPLAN_LANG")
    } | {"TDSPLAN_NO_CACHE": "1"}
    tdsplan = env_dir / "bin" / "tdsplan"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [tdsplan, *args],
            cwd=tmp_path / "copie",
            env=environ,
            capture_output=True,
            text=True,
            check=False,
        )

    where = subprocess.run(
        [python, "-c", "import tdsplan; print(tdsplan.__file__)"],
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(env_dir)
    version = run("--version")
    assert (version.returncode, version.stdout, version.stderr) == (
        0,
        f"tdsplan {__version__}\n",
        "",
    )
    status = run("--plan", "plan", "status")
    assert status.returncode == 0, status.stderr
    assert status.stdout.startswith("Plan d’action 2018-2023")
    assert status.stderr == ""


def test_the_release_workflow_is_a_valid_github_workflow() -> None:
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--builtin-schema",
            "vendor.github-workflows",
            ".github/workflows/release.yml",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout

"""The core stands without the command line: no Typer or rich when it is imported."""

from __future__ import annotations

import subprocess
import sys


def test_core_imports_neither_typer_nor_rich():
    code = ("import sys, tdsplan.store, tdsplan.query, tdsplan.export, tdsplan.schema; "
            "print(sorted(m for m in ('typer', 'rich', 'click') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_ci_runs_exactly_the_readme_commands():
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in readme.split("## Les deux commandes")[1]
                .split("\n## ")[0].splitlines() if line.startswith("   ") and line.strip()
                and not line.strip().startswith("```")]
    assert len(commands) == 2
    for command in commands:
        assert f"\n{command}\n" in ci


def _modules_after(args: list[str], folder) -> set[str]:
    code = ("import sys, tdsplan.cli\n"
            f"sys.argv = ['tdsplan', *{args!r}]\n"
            "try:\n    tdsplan.cli.main()\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(sys.modules)), file=sys.stderr)")
    import os

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=folder, env={**os.environ, "TDSPLAN_NO_CACHE": "1"})
    return set(out.stderr.split())


def test_heavy_libraries_load_only_when_needed(small_plan, tmp_path):
    heavy = {"jinja2", "babel", "typst", "ruamel", "filelock", "docx"}
    help_modules = _modules_after(["--help"], small_plan)
    assert not {"pydantic", "rich.console", *heavy} & help_modules
    status_modules = _modules_after(["status"], small_plan)
    assert "tdsplan.models" in status_modules and not heavy & status_modules
    md = _modules_after(["report", "-o", str(tmp_path / "r.md")], small_plan)
    assert {"jinja2", "babel"} <= md and not {"typst", "docx"} & md
    assert "typst" in _modules_after(["report", "-f", "pdf", "-o", str(tmp_path / "r.pdf")],
                                     small_plan)
    assert "docx" in _modules_after(["report", "-f", "docx", "-o", str(tmp_path / "r.docx")],
                                    small_plan)


def test_every_guarantee_names_a_real_test():
    import re

    from tests.conftest import REPO

    section = (REPO / "README.md").read_text("utf-8").split("## Garanties")[1].split("\n## ")[0]
    named = re.findall(r"`([\w/]+\.py)::(\w+)`", section)
    assert len(named) >= 20
    for file, name in named:
        source = (REPO / "tests" / file).read_text("utf-8")
        assert f"def {name}(" in source, f"{file}::{name}"

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

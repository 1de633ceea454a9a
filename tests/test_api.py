"""The public Python API: what ``import tdsplan`` offers, and the docs' example."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import tdsplan

from .conftest import REPO


def test_every_public_name_resolves_and_is_documented():
    assert tdsplan.__all__[0] == "__version__"
    for name in tdsplan.__all__:
        value = getattr(tdsplan, name)
        assert value is not None and (isinstance(value, str) or value.__doc__), name
    assert (REPO / "src" / "tdsplan" / "py.typed").is_file()


def test_import_tdsplan_loads_nothing_heavy():
    code = (
        "import sys, tdsplan; print(sorted(m for m in ('pydantic', 'ruamel', 'rich') "
        "if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


@pytest.mark.slow
def test_the_docs_example_runs_and_prints_what_the_docs_show():
    section = (REPO / "docs" / "reference" / "python.md").read_text("utf-8")
    code, shown = re.findall(r"```python\n(.*?)```\n\n```text\n(.*?)```", section, re.S)[0]
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert run.stderr == ""
    assert run.stdout == shown

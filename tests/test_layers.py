"""The core stands without the command line: no Typer or rich when it is imported."""

from __future__ import annotations

import ast
import functools
import subprocess
import sys
from pathlib import Path

import pytest


@functools.cache
def _nodes(path: Path) -> tuple[ast.AST, ...]:
    """Every node of the module at ``path``, parsed once for all the tests here."""
    return tuple(ast.walk(ast.parse(path.read_text("utf-8"))))


@functools.cache
def _imports() -> dict[str, set[str]]:
    """Each module of src/tdsplan and what it imports (at the top or inside a function)."""
    from tests.conftest import REPO

    root = REPO / "src" / "tdsplan"
    modules = {}
    for path in root.rglob("*.py"):
        name = ".".join(("tdsplan", *path.relative_to(root).with_suffix("").parts))
        modules[name.removesuffix(".__init__")] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = set()
        for node in _nodes(path):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found |= {
                    f"{node.module}.{a.name}"
                    if f"{node.module}.{a.name}" in modules
                    else node.module
                    for a in node.names
                }
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
        graph[name] = {m for m in found if m != name}
    return graph


def test_the_import_graph_has_no_cycle():
    graph = _imports()
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph.get(name, ())):
            if target not in graph:
                continue
            assert state.get(target) != 1, " → ".join([*path, name, target])
            if target not in state:
                visit(target, [*path, name])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])


def test_each_outside_library_lives_behind_one_module():
    owners = {
        "rich": {"tdsplan.cli.console"},
        "ruamel": {"tdsplan.yamlio"},
        "yaml": {"tdsplan.yamlio"},
        "jinja2": {"tdsplan.render"},
        "babel": {"tdsplan.render"},
        "typst": {"tdsplan.render"},
        "openpyxl": {"tdsplan.sheets"},
        "docx": {"tdsplan.word"},
    }
    for module, imported in _imports().items():
        for library, allowed in owners.items():
            uses = {m for m in imported if m == library or m.startswith(f"{library}.")}
            # A package counts as one module: its submodules share its library.
            owner = any(module == a or module.startswith(f"{a}.") for a in allowed)
            assert not uses or owner, f"{module} importe {library}"
        if not module.startswith("tdsplan.cli"):
            assert not {m for m in imported if m.split(".")[0] in ("typer", "click")}, module


def test_no_module_reads_a_private_attribute_of_another_object():
    for path in _package_modules():
        for node in _nodes(path):
            if (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                assert ast.unparse(node.value) in ("self", "cls"), f"{path.name}:{node.lineno}"


def test_no_module_imports_private_api_of_typer_but_the_one_vendored_door():
    # Typer 0.29 keeps its copy of click private; what tdsplan cannot do without is reached
    # in tdsplan.cli.vendored alone, so a Typer upgrade breaks one module, not five.
    found = set()
    for path in _package_modules():
        for node in _nodes(path):
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "typer" and any(p.startswith("_") for p in parts):
                    found.add((path.name, name))
    assert found == {
        ("vendored.py", "typer._click.exceptions"),
        ("vendored.py", "typer._click.shell_completion"),
        ("vendored.py", "typer._completion_classes.BashComplete"),
    }


def _package_modules() -> list[Path]:
    from tests.conftest import REPO

    return sorted((REPO / "src" / "tdsplan").rglob("*.py"))


def test_no_module_of_the_package_runs_over_600_lines():
    # A module is one job: past 600 lines it has grown a second one.
    long = [
        f"{path.name} ({lines})"
        for path in _package_modules()
        if (lines := len(path.read_text("utf-8").splitlines())) > 600
    ]
    assert long == []


def test_no_function_of_the_package_runs_over_80_lines():
    # A command is a short adapter (its options in aliases, its work in helpers), and a
    # core function that long does several things.
    long = [
        f"{path.name}:{node.name} ({node.end_lineno - node.lineno + 1})"
        for path in _package_modules()
        for node in _nodes(path)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > 80
    ]
    assert long == []


@pytest.mark.slow  # imports the core in a fresh interpreter
def test_core_imports_neither_typer_nor_rich():
    code = (
        "import sys, tdsplan.store, tdsplan.views, tdsplan.export, tdsplan.schema; "
        "print(sorted(m for m in ('typer', 'rich', 'click') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_ci_runs_exactly_the_readme_commands():
    from tests.conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    commands = [
        line.strip()
        for line in readme.split("## Les deux commandes")[1].split("\n## ")[0].splitlines()
        if line.startswith("   ") and line.strip() and not line.strip().startswith("```")
    ]
    assert len(commands) == 2
    for command in commands:
        assert f"\n{command}\n" in ci


def _modules_after(args: list[str], folder) -> set[str]:
    code = (
        "import sys, tdsplan.cli\n"
        f"sys.argv = ['tdsplan', *{args!r}]\n"
        "try:\n    tdsplan.cli.main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)"
    )
    import os

    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=folder,
        env={**os.environ, "TDSPLAN_NO_CACHE": "1"},
    )
    return set(out.stderr.split())


@pytest.mark.slow
def test_heavy_libraries_load_only_when_needed(small_plan, tmp_path):
    heavy = {"jinja2", "babel", "typst", "ruamel", "filelock", "docx"}
    help_modules = _modules_after(["--help"], small_plan)
    assert not {"pydantic", "rich.console", *heavy} & help_modules
    status_modules = _modules_after(["status"], small_plan)
    assert "tdsplan.models" in status_modules and not heavy & status_modules
    md = _modules_after(["report", "-o", str(tmp_path / "r.md")], small_plan)
    assert "jinja2" in md and not {"typst", "docx", "babel"} & md
    assert "typst" in _modules_after(
        ["report", "-f", "pdf", "-o", str(tmp_path / "r.pdf")], small_plan
    )
    assert "docx" in _modules_after(
        ["report", "-f", "docx", "-o", str(tmp_path / "r.docx")], small_plan
    )


def test_every_guarantee_names_a_real_test():
    import re

    from tests.conftest import REPO

    section = (REPO / "docs" / "reference" / "garanties.md").read_text("utf-8")
    named = re.findall(r"`([\w/]+\.py)::(\w+)`", section)
    assert len(named) >= 20
    for file, name in named:
        source = (REPO / "tests" / file).read_text("utf-8")
        assert f"def {name}(" in source, f"{file}::{name}"

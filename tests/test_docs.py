"""The docs site's console examples: each ```console block of docs/ is run and its output
compared byte for byte; ``pytest --update-golden`` rewrites the output in the page.

A page's blocks run in order in one fresh copy of ``examples/demo`` (its plans, its
``tdsplan.toml``, and the demo reports under ``reports/exemple``), with the clock on
:data:`DOCS_TODAY`, in an 80-column terminal, as the user would see them (stdout and stderr
as they come). A page may start elsewhere with a comment before its first example:

    <!-- exemples : dossier=vide -->          an empty folder (for a new organisation)
    <!-- exemples : date=2022-12-01 -->       another today
    <!-- exemples : git=oui -->               the copy in a git repository (one commit)

and may fill an exported workbook as a lead would, unseen by readers, before the next block:

    <!-- exemples : remplir suivi.xlsx suivi-rempli.xlsx 1.2.5 statut=Réalisée note="..." -->

or change a file as a contributor would by hand (the first occurrence of a text):

    <!-- exemples : remplacer plan/plan.yaml "titre: " "titr: " -->

A command line is ``$ tdsplan ARGS`` (``\\`` continues it on the next line), ``$ cat FILE``,
``$ ls DIR`` or ``$ cd DIR``, and may end with ``| head -n N``, ``| tail -n N`` or
``| grep PATTERN``. To add an example, write the block with its command lines only and run
``pytest tests/test_docs.py --update-golden``: the output is written in, to be read before
committing.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import REPO, Cli

DOCS = REPO / "docs"
#: The day the examples are run: the demo's 2023-2028 plan is current, 2018-2023 closed.
DOCS_TODAY = dt.date(2026, 11, 26)
BLOCK = re.compile(r"^(?P<indent> *)```console\n(?P<body>.*?)^(?P=indent)```\n", re.S | re.M)
SETTINGS = re.compile(r"<!-- exemples : (?!remplir |remplacer )(.*?) -->")
PREPARE = re.compile(r"<!-- exemples : (remplir|remplacer) (.*?) -->", re.S)
PIPE = re.compile(r"^(?P<command>.*?)(?: \| (?P<filter>head|tail|grep) (?P<argument>.+))?$")


@dataclass
class Example:
    """One ```console block: its command lines and the output shown under each."""

    start: int
    end: int
    indent: str
    steps: list[tuple[str, str]]
    preparations: list[tuple[str, str]]


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def examples(text: str) -> list[Example]:
    """The ```console blocks of a page, each split into (command, output) steps."""
    found = []
    position = 0
    for match in BLOCK.finditer(text):
        preparations = [(p[1], p[2]) for p in PREPARE.finditer(text, position, match.start())]
        position = match.end()
        indent = match["indent"]
        lines = [line.removeprefix(indent) for line in match["body"].splitlines()]
        steps: list[tuple[str, list[str]]] = []
        continued = False
        for line in lines:
            if continued:
                steps[-1] = (steps[-1][0] + "\n" + line, [])
            elif line.startswith("$ "):
                steps.append((line[2:], []))
            elif steps:
                steps[-1][1].append(line)
            else:
                raise AssertionError(f"un bloc console commence par « $ » : {line!r}")
            continued = line.endswith("\\")
        found.append(
            Example(
                match.start("body"),
                match.end("body"),
                indent,
                [(command, "".join(f"{o}\n" for o in out)) for command, out in steps],
                preparations,
            )
        )
    return found


def _filtered(output: str, kind: str | None, argument: str | None) -> str:
    """``output`` through the real ``head``, ``tail`` or ``grep`` the reader would run."""
    if kind is None:
        return output
    filtered = subprocess.run(
        [kind, *shlex.split(argument or "")], input=output, capture_output=True, text=True
    )
    assert filtered.returncode in (0, 1) and not filtered.stderr, filtered.stderr  # 1: no line
    return filtered.stdout


class Session:
    """A reader at their terminal: a folder, a clock, and tdsplan."""

    def __init__(self, cli: Cli, folder: Path, monkeypatch: pytest.MonkeyPatch):
        self.cli, self.folder, self.monkeypatch = cli, folder, monkeypatch
        monkeypatch.chdir(folder)

    def fill(self, order: str) -> None:
        """A workbook filled as a lead would: ``SOURCE TARGET ID key=value ... [ID ...]``."""
        from tests.cli.test_import import fill

        words = shlex.split(order)
        rows: dict[str, dict[str, object]] = {}
        current = ""
        for word in words[2:]:
            if "=" in word:
                key, value = word.split("=", 1)
                rows[current][key] = int(value) if value.isdigit() else value
            else:
                current = word
                rows[current] = {}
        fill(Path(words[0]), Path(words[1]), rows)

    def replace(self, order: str) -> None:
        """A file changed by hand: ``FILE OLD NEW``, the first occurrence of OLD."""
        name, old, new = shlex.split(order)
        path = Path(name)
        text = path.read_text("utf-8")
        assert old in text, f"{name} : « {old} » introuvable"
        path.write_text(text.replace(old, new, 1), "utf-8")

    def run(self, line: str) -> str:
        parts = PIPE.match(line.replace("\\\n", " "))
        assert parts is not None
        words = shlex.split(parts["command"], comments=True)
        if words[0] == "tdsplan":
            result = self.cli(*words[1:])
            output = result.output
        elif words[0] == "cat":
            output = Path(words[1]).read_text("utf-8")
        elif words[0] == "ls":
            names = sorted(p.name for p in Path(*words[1:2]).iterdir())
            output = "".join(f"{name}\n" for name in names if not name.startswith("."))
        elif words[0] == "cd":
            self.monkeypatch.chdir(words[1])
            output = ""
        else:
            raise AssertionError(f"commande inconnue du banc des exemples : {line}")
        return _filtered(output, parts["filter"], parts["argument"])


def _settings(text: str) -> dict[str, str]:
    found = SETTINGS.search(text)
    return dict(item.split("=", 1) for item in found[1].split()) if found else {}


def _folder(tmp_path: Path, settings: dict[str, str], today: dt.date) -> Path:
    if settings.get("dossier") == "vide":
        folder = tmp_path / "organisation"
        folder.mkdir()
        return folder
    folder = tmp_path / "demo"
    shutil.copytree(REPO / "examples" / "demo", folder, symlinks=True)
    shutil.copytree(REPO / "reports" / "exemple", folder / "reports" / "exemple")
    if settings.get("git") == "oui":
        _commit(folder, today)
    return folder


def _commit(folder: Path, today: dt.date) -> None:
    """The copy as a git repository whose one commit is of the examples' day."""
    import os
    import subprocess

    day = f"{today}T09:00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": day, "GIT_COMMITTER_DATE": day}
    for command in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=Coordination", "-c", "user.email=c@example.org", "commit", "-qm", "Plan"],
    ):
        subprocess.run(["git", *command], cwd=folder, check=True, env=env)


def _rewrite(text: str, found: list[Example], outputs: list[list[str]]) -> str:
    for example, shown in reversed(list(zip(found, outputs, strict=True))):
        body = "".join(
            f"{example.indent}$ {command.replace(chr(10), chr(10) + example.indent)}\n"
            + "".join(f"{example.indent}{line}\n" if line else "\n" for line in out.splitlines())
            for (command, _), out in zip(example.steps, shown, strict=True)
        )
        text = text[: example.start] + body + text[example.end :]
    return text


# Each page replays a session (reports, workbooks, sites): the slow loop, as in CI.
@pytest.mark.slow
@pytest.mark.parametrize(
    "page",
    [page for page in pages() if "```console" in page.read_text("utf-8")],
    ids=lambda p: str(p.relative_to(DOCS)),
)
def test_every_console_example_prints_what_the_page_shows(page, tmp_path, monkeypatch, request):
    text = page.read_text("utf-8")
    found = examples(text)
    settings = _settings(text)
    today = dt.date.fromisoformat(settings.get("date", str(DOCS_TODAY)))
    session = Session(Cli(monkeypatch).on(today), _folder(tmp_path, settings, today), monkeypatch)
    outputs = []
    for example in found:
        for verb, order in example.preparations:
            (session.fill if verb == "remplir" else session.replace)(order)
        outputs.append([session.run(command) for command, _ in example.steps])
    if request.config.getoption("--update-golden"):
        page.write_text(_rewrite(text, found, outputs), encoding="utf-8")
        return
    for example, shown in zip(found, outputs, strict=True):
        for (command, expected), actual in zip(example.steps, shown, strict=True):
            assert actual == expected, f"{page.name} : $ {command}"


def test_no_untested_console_example():
    """A session shown as plain text would not be run: every ``$ tdsplan`` is in a console
    block."""
    for page in pages():
        text = BLOCK.sub("", page.read_text("utf-8"))
        assert not re.search(r"^ *\$ tdsplan", text, re.M), page.name


def test_the_harness_reads_and_rewrites_a_block():
    text = "Avant\n\n```console\n$ tdsplan a \\\n  --b\nvieux\n$ cat x\n```\n\nAprès\n"
    found = examples(text)
    assert [e.steps for e in found] == [[("tdsplan a \\\n  --b", "vieux\n"), ("cat x", "")]]
    assert found[0].preparations == []
    rewritten = _rewrite(text, found, [["neuf\n", "x\ny\n"]])
    assert rewritten == (
        "Avant\n\n```console\n$ tdsplan a \\\n  --b\nneuf\n$ cat x\nx\ny\n```\n\nAprès\n"
    )
    assert _filtered("a\nb\nc\n", "head", "-n 2") == "a\nb\n"
    assert _filtered("a\nb\nc\n", "tail", "-n 1") == "c\n"
    assert _filtered("Reprise\nx\n", "grep", "^Reprise") == "Reprise\n"
    assert _filtered("# a\n- b\nc\n", "grep", '"^#|^- "') == ""  # grep's own rules
    assert _filtered("# a\n- b\nc\n", "grep", '-E "^#|^- "') == "# a\n- b\n"


def _hooks():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "mkdocs_hooks", REPO / "scripts" / "mkdocs_hooks.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_commands_reference_is_every_commands_help():
    import typer.main

    from tdsplan.cli import app

    hooks = _hooks()
    text = hooks.commands_reference()
    group = typer.main.get_command(app)
    names = [
        n
        for n in group.list_commands(None)  # type: ignore[attr-defined]
        if not group.get_command(None, n).hidden  # type: ignore[attr-defined]
    ]  # (a hidden alias, « relancer », is its command's French name)
    for name in [*names, "add action", "add objective", "add orientation", "add indicator"]:
        assert f"`tdsplan {name}`\n" in text, name
    assert "`tdsplan relancer`" not in text  # not listed twice
    # The help as a reader sees it, not a second rendering of the options.
    assert hooks._help(["update"]) in text and "Utilisation" in hooks._help(["update"])


def test_the_files_reference_has_every_key_of_the_schemas():
    from tdsplan.schema import KINDS, file_schema

    hooks = _hooks()
    for kind in KINDS:
        schema = file_schema(kind)
        text = hooks.schema_reference(kind)
        for node in [schema, *schema.get("definitions", {}).values()]:
            for key in node.get("properties", {}):
                assert f"| `{key}` |" in text, (kind, key)


def test_the_files_page_shows_every_kind_of_file():
    from tdsplan.schema import KINDS

    text = (DOCS / "reference" / "fichiers.md").read_text("utf-8")
    assert [kind for kind in KINDS if f"<!-- tdsplan : schema {kind} -->" not in text] == []


def test_a_section_left_to_fill_fails_the_strict_build(caplog):
    class Page:
        class file:  # noqa: N801 - the shape mkdocs gives
            src_path = "guides/x.md"

    hooks = _hooks()
    text = "# X\n\n(à compléter à la fusion : w-bilan)\n"
    assert hooks.on_page_markdown(text, Page, None, None) == text
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert "w-bilan" in caplog.records[0].getMessage()


def test_every_page_is_in_the_menu_and_every_readme_link_leads_somewhere():
    import yaml

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))

    def listed(entries) -> list[str]:
        found = []
        for entry in entries:
            for value in entry.values() if isinstance(entry, dict) else [entry]:
                found += listed(value) if isinstance(value, list) else [value]
        return found

    assert sorted(listed(config["nav"])) == sorted(str(p.relative_to(DOCS)) for p in pages())
    readme = (REPO / "README.md").read_text("utf-8")
    assert len(readme.splitlines()) <= 150
    links = re.findall(r"\]\(([^)#]+)", readme.replace("\n", " "))
    assert len(links) > 10
    assert [link for link in links if not (REPO / link).is_file()] == []

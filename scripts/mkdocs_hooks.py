"""MkDocs hooks of the docs site: the reference pages generated from the code, and no page
shipped with a section left to fill at a merge.

A page asks for generated text with a comment on a line of its own:

    <!-- tdsplan : commandes -->            every command's --help, from the CLI itself
    <!-- tdsplan : schema plan -->          the fields of a file kind, from its JSON Schema
    <!-- tdsplan : methode-indicateurs -->  the reports' note on indicators, from the code

A line « (à compléter à la fusion : BRANCHE) » marks a section another branch documents;
the build warns on it, so that ``mkdocs build --strict`` fails until the lead fills it.
"""

from __future__ import annotations

import logging
import re
from typing import Any

log = logging.getLogger("mkdocs.plugins.tdsplan")

MARKER = re.compile(r"\(à compléter à la fusion : [^)]+\)")
GENERATED = re.compile(
    r"^<!-- tdsplan : (?P<what>commandes|methode-indicateurs|schema \w+) -->$", re.M
)


def on_post_build(config: Any) -> None:
    """The committed demo dashboard, published beside the docs (``demo/``), which link to it."""
    import shutil
    from pathlib import Path

    demo = Path(__file__).resolve().parent.parent / "examples" / "demo" / "site"
    shutil.copytree(demo, Path(config["site_dir"]) / "demo", dirs_exist_ok=True)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    for found in MARKER.finditer(markdown):
        log.warning("%s : section à compléter : %s", page.file.src_path, found[0])
    return GENERATED.sub(lambda m: _generated(m["what"]), markdown)


def _generated(what: str) -> str:
    if what == "commandes":
        return commands_reference()
    if what == "methode-indicateurs":
        return indicators_note()
    return schema_reference(what.split()[1])


def _help(args: list[str]) -> str:
    """``tdsplan ARGS --help`` as a reader sees it in French at 80 columns."""
    from typer.testing import CliRunner

    from tdsplan.cli import app

    runner = CliRunner(env={"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "TDSPLAN_LANG": "fr"})
    result = runner.invoke(app, [*args, "--help"])
    assert result.exit_code == 0, result.output
    return result.output


def _commands() -> list[list[str]]:
    """Every command's words, walking the CLI's own command tree (``add action``...)."""
    import typer
    import typer.main

    from tdsplan.cli import app

    found: list[list[str]] = []

    def walk(group: Any, words: list[str]) -> None:
        ctx = typer.Context(group, info_name=" ".join(["tdsplan", *words]))
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            found.append([*words, name])
            if hasattr(command, "list_commands"):  # a group: add
                walk(command, [*words, name])

    walk(typer.main.get_command(app), [])
    return found


def commands_reference() -> str:
    """A section per command: its help, exactly as ``tdsplan COMMAND --help`` prints it."""
    parts = ["## `tdsplan`\n", "```text\n" + _help([]) + "```\n"]
    for words in _commands():
        level = "#" * (2 + len(words) - 1)
        parts.append(f"{level} `tdsplan {' '.join(words)}`\n")
        parts.append("```text\n" + _help(words) + "```\n")
    return "\n".join(parts)


def indicators_note() -> str:
    """The method note every report prints under its indicators, for the demo's plan."""
    from pathlib import Path

    from tdsplan import Project
    from tdsplan.indicators import method_note

    demo = Path(__file__).resolve().parent.parent / "examples" / "demo" / "plan-2023-2028"
    return "> " + method_note(Project.at(demo).load(), "fr") + "\n"


def schema_reference(kind: str) -> str:
    """A table per object of a file kind's JSON Schema: key, type, description."""
    from tdsplan.schema import file_schema

    schema = file_schema(kind)
    definitions = schema.get("definitions", {})
    objects = {kind: schema, **definitions}
    parts = []
    for name, node in objects.items():
        properties = node.get("properties")
        if not properties:
            continue
        required = set(node.get("required", ()))
        title = name if node is not schema else f"Fichier {kind}"
        parts.append(f"### {title}\n")
        if node.get("description"):
            parts.append(_cell(node["description"]) + "\n")
        parts.append("| clé | type | obligatoire | description |\n|---|---|---|---|")
        for key, value in properties.items():
            mark = "oui" if key in required else ""
            parts.append(
                f"| `{key}` | {_type(value, definitions)} | {mark} "
                f"| {_cell(value.get('description', ''))} |"
            )
        parts.append("")
    return "\n".join(parts)


def _type(node: dict[str, Any], definitions: dict[str, Any]) -> str:
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        target = definitions.get(name, {})
        if "properties" not in target:  # a vocabulary, not an object: its values
            return _type(target, definitions)
        return f"[{name}](#{name.lower()})"
    if "anyOf" in node:
        options = [option for option in node["anyOf"] if option != {"type": "null"}]
        return " ou ".join(_type(option, definitions) for option in options)
    if "enum" in node:
        return " · ".join(f"`{value}`" for value in node["enum"])
    kind = node.get("type", "")
    if kind == "array":
        return f"liste de {_type(node.get('items', {}), definitions)}"
    if kind == "object" and "additionalProperties" in node:
        return f"table de {_type(node['additionalProperties'], definitions)}"
    names = {
        "string": "texte",
        "integer": "entier",
        "number": "nombre",
        "boolean": "oui/non",
        "object": "table",
    }
    label = names.get(kind, str(kind)) if isinstance(kind, str) else " ou ".join(kind)
    if node.get("format") == "date":
        label = "date (AAAA-MM-JJ)"
    return label


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")

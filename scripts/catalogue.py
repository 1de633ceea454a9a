"""Keep the English catalogue of tdsplan in step with the French phrases of the code.

    python scripts/catalogue.py update    # gather phrases; add the new ones to en/tdsplan.po
    python scripts/catalogue.py compile   # en/tdsplan.po -> en/tdsplan.mo
    python scripts/catalogue.py check     # exit 1 if a phrase has no English (CI and tests)

Phrases come from three places: ``_()``, ``ngettext()`` and ``_mark()`` calls in the
Python code (Babel's extractor), the ``_()`` calls of the report templates (Jinja's
extractor), and the help texts of the command line, read from the Typer app itself.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "tdsplan"
PO = PACKAGE / "locale" / "en" / "LC_MESSAGES" / "tdsplan.po"
MO = PO.with_suffix(".mo")
# t() is the report templates' shorthand for a translated Typst string.
KEYWORDS = {"_": None, "_mark": None, "ngettext": (1, 2), "t": None}


def phrases() -> dict[str | tuple[str, str], str]:
    """Every French phrase a person may read, with where it comes from."""
    found: dict[str | tuple[str, str], str] = {}
    method_map = [("**.py", "python"), ("templates/**.j2", "jinja2.ext:babel_extract")]
    options = {
        "templates/**.j2": {
            "extensions": "jinja2.ext.do",
            "trim_blocks": "True",
            "lstrip_blocks": "True",
        }
    }
    for filename, line, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map, options, keywords=KEYWORDS
    ):
        if message:
            found.setdefault(message, f"{filename}:{line}")
    for text, where in cli_texts():
        found.setdefault(text, where)
    return found


def cli_texts() -> list[tuple[str, str]]:
    """Help texts and metavars of every command and option, as Typer shows them."""
    import typer.main

    sys.path.insert(0, str(ROOT / "src"))
    from tdsplan.cli import app

    texts = []

    def walk(command, path):
        for text in (command.help, command.short_help):
            if text:
                texts.append((text, path))
        for param in command.params:
            for text in (getattr(param, "help", None), param.metavar):
                if text:
                    texts.append((text, f"{path} {param.name}"))
        if hasattr(command, "list_commands"):  # a group: its commands are built when asked
            for name in command.list_commands(None):
                walk(command.get_command(None, name), f"{path} {name}")

    walk(typer.main.get_command(app), "tdsplan")
    return texts


def load() -> Catalog:
    if PO.exists():
        with PO.open("rb") as stream:
            return read_po(stream, locale="en")
    return Catalog(locale="en", domain="tdsplan", project="tdsplan")


def save(catalog: Catalog) -> None:
    PO.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=True, sort_output=True, no_location=True)
    PO.write_bytes(buffer.getvalue().rstrip(b"\n") + b"\n")  # one final newline, no blank


def update() -> None:
    catalog = load()
    wanted = phrases()
    for message in wanted:
        if message not in catalog:
            catalog.add(message, string=("", "") if isinstance(message, tuple) else "")
    for message in list(catalog):
        if message.id and message.id not in wanted:
            catalog.delete(message.id)
    save(catalog)


def compile_mo() -> None:
    catalog = load()
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    MO.write_bytes(buffer.getvalue())


def missing() -> list[str]:
    """French phrases without English, or whose English is stale in the .mo."""
    catalog = load()
    problems = []
    for message, where in phrases().items():
        entry = catalog.get(message)
        strings = entry.string if entry is not None else None
        if not strings or (isinstance(strings, tuple) and not all(strings)):
            problems.append(f"{where}: pas d’anglais pour « {message} »")
    if not MO.exists() or not _mo_matches(catalog):
        problems.append(f"{MO.name} n’est pas à jour : python scripts/catalogue.py compile")
    return problems


def _mo_matches(catalog: Catalog) -> bool:
    """Whether the compiled catalogue gives every translation of the .po."""
    import gettext

    with MO.open("rb") as stream:
        compiled = gettext.GNUTranslations(stream)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            expected = [compiled.ngettext(*message.id, n) for n in (1, 2)]
            if expected != list(message.string):
                return False
        elif compiled.gettext(message.id) != message.string:
            return False
    return True


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_mo()
    else:
        lines = missing()
        print("\n".join(lines) or "catalogue complet")
        sys.exit(1 if lines else 0)

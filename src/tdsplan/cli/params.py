"""Options that several commands declare word for word, declared once."""

from __future__ import annotations

from typing import Annotated

import typer

#: ``--dry-run`` of the commands that change a journal (update, amend).
DryRun = Annotated[
    bool,
    typer.Option("--dry-run", "--simulation", help="Montrer la modification sans rien écrire."),
]
#: ``--funder`` of the outputs that keep one funder's part of the plan (export, report).
Funder = Annotated[
    str | None,
    typer.Option(
        "--funder",
        "--bailleur",
        metavar="NOM",
        help="Seulement les actions que finance ce bailleur (nom ou identifiant).",
    ),
]
#: ``--no-pager`` of the commands whose output can be taller than a terminal.
NoPager = Annotated[
    bool,
    typer.Option(
        "--no-pager", "--sans-pagineur", help="Ne pas passer la sortie à un pagineur (less)."
    ),
]

"""``tdsplan export``: the plan as JSON or CSV."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from tdsplan.cli.common import open_plan, write_output


class Format(enum.StrEnum):
    json = "json"
    csv = "csv"


def export(
    ctx: typer.Context,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="json ou csv.")] = Format.json,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FICHIER", dir_okay=False,
        help="Écrire dans ce fichier plutôt qu’à l’écran.")] = None,
    delimiter: Annotated[str, typer.Option(
        "--delimiter", "--separateur", metavar="CAR",
        help="Séparateur CSV (« ; » pour un tableur réglé en français).")] = ",",
) -> None:
    """Exporter le plan en JSON (arborescence complète) ou en CSV (une ligne par action).

    Le CSV est en UTF-8 avec BOM, pour que les accents s’ouvrent intacts dans un tableur.
    Exemple : tdsplan export --format csv -o actions.csv
    """
    from tdsplan import export as exporting

    plan = open_plan(ctx)
    if fmt is Format.json:
        text, encoding = exporting.plan_json(plan), "utf-8"
    else:
        text, encoding = exporting.actions_csv(plan, delimiter), "utf-8-sig"
    if output is None:
        sys.stdout.write(text)
    else:
        write_output(output, text.encode(encoding), chosen=True)

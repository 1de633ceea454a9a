"""``tdsplan schema``: the JSON Schema of the plan files, for editors and validators."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from tdsplan.cli import common, paths
from tdsplan.errors import UsageError
from tdsplan.i18n import _


def schema(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(
            metavar="plan|orientation|objectif",
            help="Le type de fichier : plan.yaml, orientation.yaml ou un fichier d’objectif.",
        ),
    ] = "objectif",
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            "-o",
            metavar="DOSSIER",
            callback=paths.folder,
            readable=False,
            help="Écrire les trois schémas dans ce dossier au lieu d’en afficher un.",
        ),
    ] = None,
) -> None:
    """Afficher le schéma JSON d’un type de fichier du plan.

    Les territoires et les mandats permis sont ceux que déclare le plan trouvé (ou --plan).
    Les fichiers du plan le désignent par une ligne « # yaml-language-server: $schema=... »
    pour que l’éditeur complète et vérifie les clés. Exemple : tdsplan schema -o plan/_schemas
    """
    from tdsplan import schema as schemas
    from tdsplan.errors import PlanNotFoundError
    from tdsplan.files import write_output

    if output_dir is None and kind not in schemas.KINDS:
        raise UsageError(
            _("type de fichier inconnu « {kind} » : plan, orientation ou objectif").format(
                kind=kind
            )
        )
    try:  # the plan's own territories and mandates, when there is a plan
        info = common.project(ctx).load()
    except PlanNotFoundError:
        info = None
    if output_dir is None:
        sys.stdout.write(schemas.schema_text(kind, info))
        return
    for name in schemas.KINDS:
        write_output(
            output_dir / schemas.schema_file_name(name),
            schemas.schema_text(name, info).encode("utf-8"),
        )

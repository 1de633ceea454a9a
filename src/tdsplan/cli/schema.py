"""``tdsplan schema``: the JSON Schema of the plan files, for editors and validators."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from tdsplan.errors import UsageError
from tdsplan.i18n import _


def schema(
    kind: Annotated[str, typer.Argument(
        metavar="[plan|orientation|objectif]",
        help="Le type de fichier : plan.yaml, orientation.yaml ou un fichier d’objectif.")]
    = "objectif",
    output_dir: Annotated[Path | None, typer.Option(
        "--output-dir", "-o", metavar="DOSSIER", file_okay=False,
        help="Écrire les trois schémas dans ce dossier au lieu d’en afficher un.")] = None,
) -> None:
    """Afficher le schéma JSON d’un type de fichier du plan.

    Les fichiers du plan le désignent par une ligne « # yaml-language-server: $schema=... »
    pour que l’éditeur complète et vérifie les clés. Exemple : tdsplan schema -o plan/_schemas
    """
    from tdsplan import schema as schemas

    if output_dir is not None:
        output_dir.mkdir(parents=True, exist_ok=True)
        for name in schemas.KINDS:
            (output_dir / schemas.schema_file_name(name)).write_text(
                schemas.schema_text(name), encoding="utf-8")
        return
    if kind not in schemas.KINDS:
        raise UsageError(_("type de fichier inconnu « {kind} » : plan, orientation ou objectif")
                         .format(kind=kind))
    sys.stdout.write(schemas.schema_text(kind))

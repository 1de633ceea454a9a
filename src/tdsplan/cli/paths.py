"""Checks of the path options, worded in the user's language (click's own are English).

Each is a Typer callback: ``typer.Option(..., callback=paths.folder)``. A bad value is a
usage error (exit 2) that names the option, as every other bad value is.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

from tdsplan.i18n import _


def folder(value: Path | None) -> Path | None:
    """A folder, existing or to be made: refused when it names a file."""
    if value is not None and os.path.exists(value) and not os.path.isdir(value):
        raise typer.BadParameter(_("{path} est un fichier, pas un dossier").format(path=value))
    return value


def file(value: Path | None) -> Path | None:
    """A file, existing or to be made: refused when it names a folder."""
    if value is not None and os.path.isdir(value):
        raise typer.BadParameter(_("{path} est un dossier, pas un fichier").format(path=value))
    return value

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


def output(ctx: typer.Context, path: Path, *, folder: bool = False,
           option: str = "--output") -> None:
    """Refuse (exit 2, naming ``option``) an output that could overwrite or remove the
    plans' files: inside a plan folder of the repository, ``tdsplan.toml``, or (a folder
    of outputs) a folder holding a plan folder. See :meth:`Repository.check_output`."""
    from tdsplan.cli import common, console
    from tdsplan.errors import UsageError
    from tdsplan.repository import ProtectedPathError

    repository, _chosen = common.located(ctx)
    try:
        repository.check_output(path, folder=folder)
    except ProtectedPathError as error:
        raise UsageError(_("{option} {path} refusé : {reason} ; rien n’a été écrit").format(
            option=option, path=console.shown_path(path), reason=error.reason)) from None

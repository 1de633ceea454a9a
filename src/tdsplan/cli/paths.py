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


def output(
    ctx: typer.Context, path: Path, *, folder: bool = False, option: str | None = "--output"
) -> None:
    """Refuse an output that could overwrite or remove the plans' files: inside any plan
    folder, onto a ``tdsplan.toml``, inside a ``.git`` folder, or (a folder of outputs) a
    folder holding a plan folder of the repository (see :meth:`Repository.check_output`);
    or whose way goes through a file. A path the user chose with ``option`` is a usage
    error (exit 2) that names the option; a default path (``option=None``), a refusal (1)."""
    from tdsplan.cli import common, console
    from tdsplan.errors import ChangeRefusedError, UsageError
    from tdsplan.outputs import ProtectedPathError

    repository, _chosen = common.located(ctx)
    shown = console.shown_path(path)
    try:
        repository.check_output(path, folder=folder)
        reason = _through_file(path)
    except ProtectedPathError as error:
        reason = error.reason
    if reason is None:
        return
    if option is None:
        raise ChangeRefusedError(
            _("{path} refusé : {reason} ; rien n’a été écrit").format(path=shown, reason=reason)
        )
    raise UsageError(
        _("{option} {path} refusé : {reason} ; rien n’a été écrit").format(
            option=option, path=shown, reason=reason
        )
    )


def new_plan(path: Path) -> None:
    """Refuse (exit 2) a new plan's folder inside a plan folder, named or onto a
    ``tdsplan.toml``, or inside a ``.git`` folder (see :mod:`tdsplan.outputs`)."""
    from tdsplan.cli import console
    from tdsplan.errors import UsageError
    from tdsplan.outputs import ProtectedPathError, check_path, plan_folder_of, resolved

    try:
        if plan_folder_of(path) != resolved(path):  # an existing plan: init says it is in use
            check_path(path)
        reason = _through_file(path)
    except ProtectedPathError as error:
        reason = error.reason
    if reason is not None:
        raise UsageError(
            _("DOSSIER {path} refusé : {reason} ; rien n’a été créé").format(
                path=console.shown_path(path), reason=reason
            )
        )


def _through_file(path: Path) -> str | None:
    """Why ``path`` cannot be made: one of its parents is a file, not a folder."""
    for parent in Path(os.path.abspath(path)).parents:
        if os.path.isdir(parent):
            return None
        if os.path.lexists(parent):
            from tdsplan.cli import console

            return _("{parent} est un fichier, pas un dossier").format(
                parent=console.shown_path(parent)
            )
    return None

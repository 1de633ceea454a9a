"""What the commands share: the plan they work on, today's date, their common options."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from tdsplan.models import Plan



@dataclass
class Settings:
    """The global options, kept in the Typer context for every command."""

    plan_dir: Path | None = None


def today() -> dt.date:
    """Today's date; the one place the command line reads the clock."""
    return dt.date.today()


def plan_dir(ctx: typer.Context) -> Path:
    """The plan folder: ``--plan``, or the one found from the current folder."""
    from tdsplan.store import check_plan_dir, find_plan_dir

    settings: Settings = ctx.find_root().obj or Settings()
    if settings.plan_dir is not None:
        return check_plan_dir(settings.plan_dir)
    return find_plan_dir(Path.cwd())


def plan_cache(folder: Path) -> Path | None:
    """Where the parsed files of this plan are kept between runs, in the user's cache
    folder (``TDSPLAN_NO_CACHE=1``: nowhere)."""
    if os.environ.get("TDSPLAN_NO_CACHE"):
        return None
    from platformdirs import user_cache_dir

    from tdsplan.cache import cache_file

    return cache_file(Path(user_cache_dir("tdsplan", appauthor=False)), folder)


def open_plan(ctx: typer.Context) -> Plan:
    """The validated plan named by ``--plan`` or found from the current folder."""
    from tdsplan.store import load_plan

    folder = plan_dir(ctx)
    return load_plan(folder, cache=plan_cache(folder))


AsOf = Annotated[str | None, typer.Option(
    "--as-of", "--au", metavar="AAAA-MM-JJ",
    help="Montrer le plan tel qu’il était à cette date (reconstitué depuis les journaux).")]
Year = Annotated[str | None, typer.Option(
    "--year", "--exercice", metavar="2019-2020",
    help="Montrer le plan à la fin de cet exercice financier (2019 = 2019-2020).")]
Json = Annotated[bool, typer.Option("--json", help="Écrire les données en JSON.")]


def write_output(path: Path, data: bytes, *, chosen: bool) -> None:
    """Write a report or an export to ``path``; a failure is a French message, a usage
    error (exit 2) when the user chose the path. A regular file is replaced whole (a
    full disk leaves the old one); a device (``/dev/stdout``) is written to."""
    import tempfile

    from tdsplan.cli.console import shown_path
    from tdsplan.errors import TdsplanError, UsageError, os_reason
    from tdsplan.i18n import _

    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and not path.is_file():
            with path.open("wb") as stream:
                stream.write(data)
            return
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".tmp")
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        message = _("écriture de {path} impossible : {reason}").format(
            path=shown_path(path), reason=os_reason(error))
        raise (UsageError if chosen else TdsplanError)(message) from None
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)

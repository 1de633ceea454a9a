"""What the commands share: the plan they work on, today's date, their common options."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tdsplan.errors import UsageError
from tdsplan.i18n import _
from tdsplan.suggest import either

if TYPE_CHECKING:
    from tdsplan.models import Plan
    from tdsplan.project import Project



@dataclass
class Settings:
    """The global options, kept in the Typer context for every command."""

    plan_dir: Path | None = None
    #: ``--lang``: one language, or several (``fr,en``) for the website.
    languages: tuple[str, ...] = ()


def today() -> dt.date:
    """Today's date; the one place the command line reads the clock."""
    return dt.date.today()


def project(ctx: typer.Context) -> Project:
    """The project of ``--plan``, or the one found from the current folder; parsed files
    are cached in the user's cache folder (``TDSPLAN_NO_CACHE=1``: nowhere)."""
    from tdsplan.project import Project

    settings: Settings = ctx.find_root().obj or Settings()
    cache_dir = None
    if not os.environ.get("TDSPLAN_NO_CACHE"):
        from platformdirs import user_cache_dir

        cache_dir = Path(user_cache_dir("tdsplan", appauthor=False))
    if settings.plan_dir is not None:
        return Project.at(settings.plan_dir, cache_dir=cache_dir)
    return Project.find(Path.cwd(), cache_dir=cache_dir)


def open_plan(ctx: typer.Context) -> Plan:
    """The validated plan named by ``--plan`` or found from the current folder."""
    return project(ctx).load()


def exclusive(**options: object) -> None:
    """Refuse options that cannot go together: ``exclusive(**{"--as-of": a, "--year": y})``."""
    given = [name for name, value in options.items() if value not in (None, False)]
    if len(given) > 1:
        raise UsageError(_("{options} s’excluent : choisissez-en une").format(
            options=either(given)))


def reference_date(plan: Plan, as_of: str | None, year: str | None) -> dt.date:
    """The date a view looks at: ``--as-of``, the end of ``--year``, or today."""
    from tdsplan.query import reference_date

    exclusive(**{"--as-of": as_of, "--year": year})
    date = reference_date(plan, today(), as_of, year)
    if as_of is not None:
        note_outside_period(plan, date)
    return date


AsOf = Annotated[str | None, typer.Option(
    "--as-of", "--au", metavar="AAAA-MM-JJ",
    help="Montrer le plan tel qu’il était à cette date (reconstitué depuis les journaux).")]
Year = Annotated[str | None, typer.Option(
    "--year", "--exercice", metavar="2019-2020",
    help="Montrer le plan à la fin de cet exercice financier (2019 = 2019-2020).")]
Json = Annotated[bool, typer.Option("--json", help="Écrire les données en JSON.")]


def write_output(path: Path, data: bytes, *, chosen: bool) -> None:
    """Write a report or an export (see :func:`tdsplan.files.write_output`); a failure is
    a usage error (exit 2) when the user chose the path, a refusal (exit 1) otherwise."""
    from tdsplan.cli.console import shown_path
    from tdsplan.errors import UsageError
    from tdsplan.files import OutputError
    from tdsplan.files import write_output as write

    try:
        write(path, data)
    except OutputError as error:
        message = str(error).replace(str(error.path), shown_path(error.path), 1)
        if chosen:
            raise UsageError(message) from None
        error.args = (message,)
        raise


def git_user_name() -> str | None:
    """``git config user.name`` where the command runs, or ``None`` (no git, no name)."""
    import subprocess

    try:
        result = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True,
                                timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    name = result.stdout.strip()
    return name if result.returncode == 0 and name else None


def note_outside_period(plan: Plan, date: dt.date) -> None:
    """Say on stderr when a view's date falls outside the plan's period (it is still shown)."""
    from tdsplan.cli import console
    from tdsplan.i18n import _
    from tdsplan.query import plan_period

    first, last = plan_period(plan)
    if not first <= date <= last:
        console.print_warning(_("le {date} est hors de la période du plan ({first} – {last}) : "
                                "état reconstitué depuis les journaux").format(
                                    date=date, first=first, last=last))

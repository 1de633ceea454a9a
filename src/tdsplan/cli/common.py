"""What the commands share: the plan they work on, today's date, their common options."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from tdsplan.models import Plan
from tdsplan.store import check_plan_dir, find_plan_dir, load_plan


@dataclass
class Settings:
    """The global options, kept in the Typer context for every command."""

    plan_dir: Path | None = None


def today() -> dt.date:
    """Today's date; the one place the command line reads the clock."""
    return dt.date.today()


def plan_dir(ctx: typer.Context) -> Path:
    settings: Settings = ctx.find_root().obj or Settings()
    if settings.plan_dir is not None:
        return check_plan_dir(settings.plan_dir)
    return find_plan_dir(Path.cwd())


def open_plan(ctx: typer.Context) -> Plan:
    """The validated plan named by ``--plan`` or found from the current folder."""
    return load_plan(plan_dir(ctx))


AsOf = Annotated[str | None, typer.Option(
    "--as-of", "--au", metavar="AAAA-MM-JJ",
    help="Montrer le plan tel qu’il était à cette date (reconstitué depuis les journaux).")]
Year = Annotated[str | None, typer.Option(
    "--year", "--exercice", metavar="2019-2020",
    help="Montrer le plan à la fin de cet exercice financier (2019 = 2019-2020).")]
Json = Annotated[bool, typer.Option("--json", help="Écrire les données en JSON.")]

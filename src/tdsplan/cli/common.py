"""What the commands share: the plan they work on, today's date, their common options."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
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
    from tdsplan.repository import Mention, PlanRef, Repository


@dataclass
class Settings:
    """The global options, kept in the Typer context for every command."""

    plan_dir: Path | None = None
    #: ``--lang``: one language, or several (``fr,en``) for the website.
    languages: tuple[str, ...] = ()
    #: The repository and the plan chosen, found once per command.
    located: tuple[Repository, PlanRef] | None = None


def today() -> dt.date:
    """Today's date; the one place the command line reads the clock."""
    return dt.date.today()


def settings(ctx: typer.Context) -> Settings:
    """The global options of this run (--plan, --lang...), from the root command."""
    root = ctx.find_root()
    if root.obj is None:
        root.obj = Settings()
    return root.obj


def located(ctx: typer.Context) -> tuple[Repository, PlanRef]:
    """The repository and the plan the command works on: ``--plan`` (a folder, or a
    period of the repository's tdsplan.toml), else the plan holding the current folder,
    else the repository's current plan."""
    from tdsplan.project import Project
    from tdsplan.repository import Repository, is_period

    options = settings(ctx)
    if options.located is None:
        wanted = options.plan_dir
        here = Path.cwd()
        if wanted is not None and (os.path.exists(wanted) or not is_period(str(wanted))):
            Project.at(wanted)  # a folder that is no plan, or cannot be read, says so here
            repository = Repository.find(wanted, today=today())
            if repository.holding(wanted) is None:
                repository = Repository.single(wanted)
        else:
            repository = Repository.find(here, today=today())
        chosen = repository.select(None if wanted is None else str(wanted), here)
        options.located = (repository, chosen)
    return options.located


def project(ctx: typer.Context, ref: PlanRef | None = None) -> Project:
    """The project of the plan chosen (see :func:`located`), or of the repository's plan
    ``ref``, with the earlier plans its carried actions inherit from, its journals checked
    against :func:`today`; parsed files are cached in the user's cache folder
    (``TDSPLAN_NO_CACHE=1``: nowhere)."""
    repository, chosen = located(ctx)
    return repository.project(ref or chosen, cache_dir=cache_dir(), today=today())


def cache_dir() -> Path | None:
    """Where parsed plan files are cached: the user's cache folder, or nowhere with
    ``TDSPLAN_NO_CACHE=1``."""
    if os.environ.get("TDSPLAN_NO_CACHE"):
        return None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tdsplan", appauthor=False))


def project_to_change(ctx: typer.Context, force: bool) -> Project:
    """:func:`project`, refused when the plan is closed unless ``force`` (``--force``)."""
    from tdsplan.errors import ChangeRefusedError
    from tdsplan.repository import PlanClosedError

    repository, chosen = located(ctx)
    if not force:
        try:
            repository.check_open(chosen, today())
        except PlanClosedError as error:
            raise ChangeRefusedError(
                str(error) + _(" (pour une correction tardive, ajoutez --force)")
            ) from None
    return project(ctx)


@contextlib.contextmanager
def other_plan_hint(ctx: typer.Context, date: dt.date) -> Iterator[None]:
    """Refusals of a journal ``date`` outside the chosen plan's period name the plan of the
    repository whose period holds it (``--plan 2018-2023``)."""
    try:
        yield
    except UsageError as error:
        repository, chosen = located(ctx)
        other = repository.holding_date(date)
        first, last = chosen.first_day(), chosen.last_day()
        outside = first is not None and last is not None and not first <= date <= last
        if not outside or other is None or other.folder == chosen.folder:
            raise
        raise UsageError(
            str(error)
            + _(" ; le {date} est dans la période du plan {plan} : ajoutez --plan {period}").format(
                date=date, plan=other.label, period=other.period
            )
        ) from None


def open_plan(ctx: typer.Context) -> Plan:
    """The validated plan named by ``--plan`` or found from the current folder."""
    return project(ctx).load()


def plan_mentions(ctx: typer.Context) -> list[Mention]:
    """The repository's plans for a view's one-line mention (empty with a single plan)."""
    from tdsplan.repository import mentions

    repository, chosen = located(ctx)
    return mentions(repository, chosen, today())


def plans_line(plans: list[Mention], width: int | None = None) -> str | None:
    """``Plan courant (plan-2023-2028) · autres plans : 2018-2023 (plan, clos)``; within
    ``width``, the other plans' folders are left out when the line would not fit."""
    if not plans:
        return None
    shown = next(m for m in plans if m.shown)
    head = (
        _("Plan courant ({name})")
        if shown.current
        else _("Plan clos ({name})")
        if shown.closed
        else _("Plan ({name})")
    )
    head = head.format(name=shown.name)

    def line(with_folders: bool) -> str:
        others = []
        for m in plans:
            if not m.shown:
                mark = _("courant") if m.current else _("clos") if m.closed else None
                words = [m.name] * with_folders + ([mark] if mark is not None else [])
                others.append(f"{m.period or m.name}" + (f" ({', '.join(words)})" if words else ""))
        return head + " · " + _("autres plans : {plans}").format(plans=" · ".join(others))

    full = line(True)
    return full if width is None or len(full) <= width else line(False)


def exclusive(**options: object) -> None:
    """Refuse options that cannot go together: ``exclusive(**{"--as-of": a, "--year": y})``."""
    given = [name for name, value in options.items() if value not in (None, False)]
    if len(given) > 1:
        raise UsageError(
            _("{options} s’excluent : choisissez-en une").format(options=either(given))
        )


def reference_date(plan: Plan, as_of: str | None, year: str | None) -> dt.date:
    """The date a view looks at: ``--as-of``, the end of ``--year``, or today."""
    from tdsplan.fiscal import reference_date

    exclusive(**{"--as-of": as_of, "--year": year})
    date = reference_date(plan, today(), as_of, year)
    if as_of is not None:
        note_outside_period(plan, date)
    return date


def command_line(ctx: typer.Context, command: str, **options: str | None) -> str:
    """The command that shows the same plan at the same date, to print in a hint:
    ``command_line(ctx, "status", **{"--as-of": "2022-01-15"})`` is
    ``tdsplan --plan plan status --as-of 2022-01-15`` when ``--plan plan`` was given."""
    import shlex

    words = ["tdsplan"]
    plan_dir = settings(ctx).plan_dir
    if plan_dir is not None:
        words += ["--plan", shlex.quote(str(plan_dir))]
    words.append(command)
    for name, value in options.items():
        if value is not None:
            words += [name, shlex.quote(value)]
    return " ".join(words)


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        "--au",
        metavar="AAAA-MM-JJ",
        help="Montrer le plan tel qu’il était à cette date (reconstitué depuis les journaux).",
    ),
]
Year = Annotated[
    str | None,
    typer.Option(
        "--year",
        "--exercice",
        metavar="2019-2020",
        help="Montrer le plan à la fin de cet exercice financier (2019 = 2019-2020).",
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Écrire les données en JSON.")]
Force = Annotated[
    bool, typer.Option("--force", help="Modifier quand même un plan clos (correction tardive).")
]


def write_output(path: Path, data: bytes, *, chosen: bool) -> None:
    """Write a report or an export (see :func:`tdsplan.files.write_output`); a failure is
    a usage error (exit 2) when the user chose the path, a refusal (exit 1) otherwise."""
    from tdsplan.files import write_output as write

    with output_errors(chosen=chosen):
        write(path, data)


@contextlib.contextmanager
def output_errors(*, chosen: bool) -> Iterator[None]:
    """An output that could not be written (:class:`tdsplan.files.OutputError`) is a usage
    error (exit 2) when the user chose its path, a refusal (exit 1) otherwise."""
    from tdsplan.cli.console import shown_path
    from tdsplan.files import OutputError

    try:
        yield
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
        result = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=5
        )
    except (OSError, subprocess.SubprocessError):
        return None
    name = result.stdout.strip()
    return name if result.returncode == 0 and name else None


def note_outside_period(plan: Plan, date: dt.date) -> None:
    """Say on stderr when a view's date falls outside the plan's period (it is still shown)."""
    from tdsplan.cli import console
    from tdsplan.fiscal import plan_period
    from tdsplan.i18n import _

    first, last = plan_period(plan)
    if not first <= date <= last:
        console.print_warning(
            _(
                "le {date} est hors de la période du plan ({first} – {last}) : "
                "état reconstitué depuis les journaux"
            ).format(date=date, first=first, last=last)
        )


def parse_percent(text: str) -> int:
    """The percentage of ``--progress`` (see :func:`tdsplan.typed.parse_percent`), refused
    in the words of the field, whichever of the option's names was typed."""
    from tdsplan.errors import clip
    from tdsplan.typed import parse_percent

    try:
        return parse_percent(text)
    except UsageError:
        raise UsageError(
            _("avancement « {text} » invalide : un nombre entier de 0 à 100").format(
                text=clip(text)
            )
        ) from None


def parse_measures(texts: list[str], option: str = "--indicator") -> dict[str, float]:
    """``NOM=VALEUR`` pairs of ``--indicator``, each value read by
    :func:`tdsplan.query.parse_number` (a decimal comma is accepted)."""
    from tdsplan.errors import clip
    from tdsplan.typed import parse_number

    measures: dict[str, float] = {}
    for text in texts:
        name, sep, value = text.rpartition("=")
        if not sep or not name.strip():
            raise UsageError(
                _(
                    "{option} « {text} » invalide : écrivez NOM=VALEUR, par "
                    'exemple "Ambassadeurs formés=24"'
                ).format(option=option, text=clip(text))
            )
        try:
            measures[name.strip()] = parse_number(value)
        except UsageError as error:
            raise UsageError(
                _("{option} « {text} » : {reason}").format(
                    option=option, text=clip(text), reason=error
                )
            ) from None
    return measures

"""``tdsplan log``: the journal, in date order, for the plan or one branch of it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from tdsplan.cli import completion, console
from tdsplan.cli.common import Json, command_line, open_plan
from tdsplan.errors import UsageError
from tdsplan.i18n import _, ngettext

if TYPE_CHECKING:
    from tdsplan.elements import Element
    from tdsplan.models import Plan
    from tdsplan.views import LogLine


def log(
    ctx: typer.Context,
    identifier: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="Une orientation, un objectif ou une action (défaut : tout le plan).",
            autocompletion=completion.ids,
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", "--depuis", metavar="AAAA-MM-JJ", help="Entrées de cette date ou après."
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", "--jusqu-au", metavar="AAAA-MM-JJ", help="Entrées de cette date ou avant."
        ),
    ] = None,
    year: Annotated[
        str | None,
        typer.Option(
            "--year",
            "--exercice",
            metavar="2019-2020",
            help="Entrées de cet exercice financier (1er avril – 31 mars).",
        ),
    ] = None,
    as_json: Json = False,
) -> None:
    """Afficher le journal, du plus ancien au plus récent.

    Exemple : tdsplan log 1.2 --exercice 2019-2020
    """

    from tdsplan.elements import find
    from tdsplan.views import journal

    plan = open_plan(ctx)
    start, end = _period(plan, since, until, year)
    element = find(plan, identifier) if identifier is not None else None
    lines = journal(plan, element, start, end)
    if as_json:
        console.print_json(
            [
                {
                    "action": line.action.id,
                    "titre": line.action.titre,
                    "numero": line.number,
                    **line.entry.model_dump(mode="json"),
                }
                for line in lines
            ]
        )
        return
    _print_journal(ctx, element, lines)


def _period(
    plan: Plan, since: str | None, until: str | None, year: str | None
) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day asked for (``None``: no limit)."""
    from tdsplan.fiscal import fiscal_year, plan_fiscal_year
    from tdsplan.typed import parse_date

    start = parse_date(since) if since is not None else None
    end = parse_date(until) if until is not None else None
    if year is not None:
        if since is not None or until is not None:
            raise UsageError(_("--year et --since/--until s’excluent : choisissez l’un ou l’autre"))
        start, end = fiscal_year(plan, plan_fiscal_year(plan, year))
    if start is not None and end is not None and start > end:
        raise UsageError(
            _("dates inversées : --since {since} est après --until {until}").format(
                since=start, until=end
            )
        )
    return start, end


def _print_journal(ctx: typer.Context, element: Element | None, lines: list[LogLine]) -> None:
    from tdsplan.models import Action

    out = console.stdout()
    if not lines:
        out.print(_("Aucune entrée de journal pour cette sélection."), markup=False)
        return
    with_author = any(line.entry.auteur for line in lines)
    # One action: its entries are numbered, as « tdsplan amend ID N » takes them.
    numbered = isinstance(element, Action)
    columns = [
        *[console.column(_("N°"), justify="right", no_wrap=True)] * numbered,
        console.column(_("Date"), no_wrap=True),
        *[console.column(_("Action"), ratio=2)] * (not numbered),
        console.column(_("Changement"), no_wrap=True),
        console.column(_("Note"), ratio=2),
    ]
    table = console.table(
        *columns, *[console.column(_("Auteur"), min_width=12)] * with_author, expand=True
    )
    for line in lines:
        entry = line.entry
        row = [*[console.text(str(line.number))] * numbered, console.text(entry.date.isoformat())]
        if not numbered:
            row.append(
                console.text(line.action.id, style="bold").append(f" {line.action.titre}", style="")
            )
        row += [console.change_text(entry.statut, entry.avancement), console.entry_note(entry)]
        table.add_row(*row, *[console.text(entry.auteur or "")] * with_author)
    out.print(table)
    if isinstance(element, Action):
        out.print(
            _("Pour corriger une entrée : {command} N ...").format(
                command=f"{command_line(ctx, 'amend')} {element.id}"
            ),
            markup=False,
            soft_wrap=True,
        )
    out.print(ngettext("{n} entrée", "{n} entrées", len(lines)).format(n=len(lines)), markup=False)

"""``tdsplan log``: the journal, in date order, for the plan or one branch of it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from tdsplan.cli import completion, console
from tdsplan.cli.common import Json, command_line, open_plan
from tdsplan.cli.params import NoPager
from tdsplan.errors import UsageError
from tdsplan.i18n import _, ngettext

if TYPE_CHECKING:
    from tdsplan.elements import Element
    from tdsplan.models import EntreeJournal, Plan
    from tdsplan.views import LogLine


def log(
    ctx: typer.Context,
    identifier: Annotated[
        str | None,
        typer.Argument(
            metavar="ID",
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
    no_pager: NoPager = False,
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
    with console.paged(not no_pager):
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
    """An entry takes a line: date, action, change; its note, what it recorded and its
    author follow below, indented under the date."""
    from tdsplan.models import Action

    out = console.stdout()
    if not lines:
        out.print(_("Aucune entrée de journal pour cette sélection."), markup=False)
        return
    # One action: its entries are numbered, as « tdsplan amend ID N » takes them.
    numbered = isinstance(element, Action)
    digits = len(str(max(line.number for line in lines))) if numbered else 0
    indent = digits + 2 * numbered + 12
    width = console.width()
    for line in lines:
        entry = line.entry
        change = console.change_text(entry.statut, entry.avancement)
        cells = [console.text(f"{line.number:>{digits}}")] if numbered else []
        cells.append(console.text(entry.date.isoformat()))
        if not numbered:
            room = width - indent - (change.cell_len + 2 if change else 0)
            title = console.text(line.action.id, style="bold").append(f" {line.action.titre}")
            cells.append(console.fit(title, room))
        out.print(console.line(*cells, *[change] * bool(change)))
        for text in _body(entry, width - indent):
            out.print(console.text(" " * indent).append_text(text))
    if isinstance(element, Action):
        console.say(
            _("Pour corriger une entrée : {command} N ...").format(
                command=f"{command_line(ctx, 'amend')} {element.id}"
            ),
            to=out,
        )
    out.print(ngettext("{n} entrée", "{n} entrées", len(lines)).format(n=len(lines)), markup=False)


def _body(entry: EntreeJournal, width: int) -> list[console.Text]:
    """What an entry recorded and its note, wrapped at ``width``; its author after them,
    on the last line when it fits there whole."""
    note = console.entry_note(entry)
    lines = console.wrapped(note, width) if note else []
    if entry.auteur:
        author = console.text(f"— {entry.auteur}", style="dim")
        if lines and lines[-1].cell_len + 1 + author.cell_len <= width:
            lines[-1].append(" ").append_text(author)
        else:
            lines.append(author)
    return lines

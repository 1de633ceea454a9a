"""``tdsplan amend ID N``: correct or remove one journal entry of an action."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Annotated

import typer

from tdsplan.cli import common, console
from tdsplan.cli.common import Force, project_to_change
from tdsplan.cli.params import DryRun
from tdsplan.errors import UsageError
from tdsplan.i18n import _

if TYPE_CHECKING:
    from tdsplan.journal import Amended, Amendment
    from tdsplan.project import Project

Identifier = Annotated[str, typer.Argument(metavar="ID", help="L’action, par exemple 1.2.3.")]
Number = Annotated[
    str,
    typer.Argument(metavar="N", help="Numéro de l’entrée, tel que « tdsplan log ID » l’affiche."),
]
Date = Annotated[
    str | None,
    typer.Option(
        "--date",
        "-d",
        metavar="AAAA-MM-JJ",
        help="Nouvelle date ; l’entrée reprend sa place dans l’ordre des dates.",
    ),
]
Status = Annotated[
    str | None,
    typer.Option("--status", "--statut", "-s", metavar="STATUT", help="Nouveau statut inscrit."),
]
Progress = Annotated[
    str | None,
    typer.Option(
        "--progress", "--avancement", "-p", metavar="0-100", help="Nouvel avancement inscrit."
    ),
]
Indicators = Annotated[
    list[str] | None,
    typer.Option(
        "--indicator",
        "--indicateur",
        "-i",
        metavar="NOM=VALEUR",
        help="Valeur mesurée d’un indicateur ; répétable.",
    ),
]
Due = Annotated[
    str | None, typer.Option("--due", "--echeance", metavar="AAAA-MM-JJ", help="Échéance inscrite.")
]
Lead = Annotated[
    str | None, typer.Option("--lead", "--porteur", metavar="NOM", help="Porteur inscrit.")
]
Note = Annotated[str | None, typer.Option("--note", "-n", metavar="TEXTE", help="Nouvelle note.")]
By = Annotated[
    str | None, typer.Option("--by", "--auteur", "-a", metavar="NOM", help="Auteur de l’entrée.")
]
Clear = Annotated[
    list[str] | None,
    typer.Option(
        "--clear",
        "--effacer",
        metavar="CHAMP",
        help="Retirer un champ de l’entrée (statut, avancement, indicateurs, echeance, porteur, "
        "note, auteur) ; répétable.",
    ),
]
Delete = Annotated[bool, typer.Option("--delete", "--supprimer", help="Supprimer l’entrée.")]


def amend(
    ctx: typer.Context,
    identifier: Identifier,
    number: Number,
    date: Date = None,
    status: Status = None,
    progress: Progress = None,
    indicators: Indicators = None,
    due: Due = None,
    lead: Lead = None,
    note: Note = None,
    by: By = None,
    clear: Clear = None,
    delete: Delete = False,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Corriger ou supprimer une entrée du journal d’une action.

    L’état actuel de l’action est recalculé depuis son journal ; les autres lignes du
    fichier ne changent pas ; un plan clos demande --force. Exemples :
    tdsplan amend 1.2.3 2 --note "Texte corrigé" · tdsplan amend 1.2.3 4 --delete
    """
    from tdsplan.journal import Amendment, amend_entry
    from tdsplan.typed import parse_date, parse_status

    _check_request(
        ctx,
        identifier,
        number,
        [date, status, progress, due, lead, note, by],
        bool(indicators or clear),
        delete,
    )
    amendment = (
        None
        if delete
        else Amendment(
            date=parse_date(date) if date is not None else None,
            statut=parse_status(status) if status is not None else None,
            avancement=common.parse_percent(progress) if progress is not None else None,
            note=note,
            auteur=by,
            indicateurs=common.parse_measures(indicators or []),
            echeance=parse_date(due) if due is not None else None,
            porteur=lead,
            clear=frozenset(clear or []),
        )
    )
    project = project_to_change(ctx, force)
    _adopted(project, identifier, int(number), amendment, force)
    done = amend_entry(
        project,
        identifier,
        int(number),
        amendment,
        today=common.today(),
        dry_run=dry_run,
    )
    for warning in done.warnings:
        console.print_warning(warning)
    if dry_run:
        console.print_dry_run(done.edit)
        return
    _print_done(done, delete)


def _adopted(
    project: Project, identifier: str, number: int, amendment: Amendment | None, force: bool
) -> None:
    """Refuse (without ``force``) a change to an entry dated in an adopted bilan, or one
    that moves an entry into it; with ``force``, say it will be disclosed."""
    from tdsplan.cli.adopt import refuse_if_adopted
    from tdsplan.elements import actions_of, find

    plan = project.load(only=identifier)
    element = find(plan, identifier)
    journal = [e for a in actions_of(element) for e in a.journal][number - 1 : number]
    dates = {e.date for e in journal}
    if amendment is not None and amendment.date is not None:
        dates.add(amendment.date)
    refuse_if_adopted(project, plan, dates, force)


def _check_request(
    ctx: typer.Context,
    identifier: str,
    number: str,
    changes: list[str | None],
    others: bool,
    delete: bool,
) -> None:
    """Refuse an entry number that is not one, and a request that deletes and changes, or
    does nothing (``others``: indicators or fields to clear were given)."""
    if not (number.isascii() and number.isdigit()):
        raise UsageError(
            _(
                "numéro d’entrée « {text} » invalide : un nombre entier, tel que "
                "« {command} » le montre"
            ).format(
                text=number, command=common.command_line(ctx, "log") + " " + shlex.quote(identifier)
            )
        )
    if delete and (any(v is not None for v in changes) or others):
        raise UsageError(_("--delete supprime l’entrée entière : sans autre option"))
    if not delete and all(v is None for v in changes) and not others:
        raise UsageError(
            _(
                "rien à corriger : indiquez --date, --status, --progress, "
                "--indicator, --due, --lead, --note, --by, --clear ou --delete"
            )
        )


def _print_done(done: Amended, delete: bool) -> None:
    """Which entry was corrected or deleted, and the action's state if it changed."""
    message = (
        _("{id} : entrée n° {number} du {date} supprimée.")
        if delete
        else _("{id} : entrée n° {number} du {date} corrigée.")
    )
    out = console.stdout()
    console.say(
        message.format(id=done.action.id, number=done.number, date=done.before["date"]), to=out
    )
    before = console.state_summary(done.state_before)
    after = console.state_summary(done.state_after)
    if before != after:
        console.say(
            _("État actuel : {before} → {after}").format(before=before, after=after), to=out
        )

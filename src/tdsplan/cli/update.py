"""``tdsplan update ID``: record progress on an action."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from tdsplan.cli import common, completion, console
from tdsplan.cli.common import project_to_change
from tdsplan.cli.params import DryRun
from tdsplan.errors import UsageError
from tdsplan.figures import number, percent
from tdsplan.i18n import _
from tdsplan.vocabulary import status_label

if TYPE_CHECKING:
    from tdsplan.journal import Updated
    from tdsplan.updates import Update


ActionId = Annotated[
    str,
    typer.Argument(
        metavar="ID", help="L’action, par exemple 1.2.3.", autocompletion=completion.action_ids
    ),
]
Status = Annotated[
    str | None,
    typer.Option(
        "--status",
        "--statut",
        "-s",
        metavar="STATUT",
        help="Nouveau statut : en_cours, « Réalisée », done...",
        autocompletion=completion.update_statuses,
    ),
]
Progress = Annotated[
    str | None,
    typer.Option(
        "--progress", "--avancement", "-p", metavar="0-100", help="Nouvel avancement en %."
    ),
]
Indicators = Annotated[
    list[str] | None,
    typer.Option(
        "--indicator",
        "--indicateur",
        "-i",
        metavar="NOM=VALEUR",
        help="Valeur mesurée d’un indicateur de l’action, à la date de l’entrée ; répétable.",
    ),
]
Due = Annotated[
    str | None,
    typer.Option(
        "--due", "--echeance", metavar="AAAA-MM-JJ", help="Nouvelle échéance de l’action."
    ),
]
Lead = Annotated[
    str | None,
    typer.Option("--lead", "--porteur", metavar="NOM", help="Nouveau porteur de l’action."),
]
Note = Annotated[
    str | None, typer.Option("--note", "-n", metavar="TEXTE", help="Ce qui a été fait ou décidé.")
]
Date = Annotated[
    str | None,
    typer.Option(
        "--date",
        "-d",
        metavar="AAAA-MM-JJ",
        help="Date de l’entrée (défaut : aujourd’hui) ; une date passée s’insère à sa place.",
    ),
]
Force = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Inscrire quand même : dans un plan clos (correction tardive), dans un bilan "
        "déjà adopté (la correction sera signalée), ou une entrée identique à une autre du "
        "même jour.",
    ),
]
Highlight = Annotated[
    bool,
    typer.Option(
        "--highlight",
        "--saillant",
        help="Marquer la note comme fait saillant de l’exercice : elle ouvre le bilan.",
    ),
]
By = Annotated[
    str | None,
    typer.Option(
        "--by",
        "--auteur",
        "-a",
        metavar="NOM",
        help="Qui inscrit l’entrée (défaut : user.name de git).",
    ),
]


def update(
    ctx: typer.Context,
    identifier: ActionId,
    status: Status = None,
    progress: Progress = None,
    indicators: Indicators = None,
    due: Due = None,
    lead: Lead = None,
    note: Note = None,
    date: Date = None,
    by: By = None,
    dry_run: DryRun = False,
    force: Force = False,
    highlight: Highlight = False,
) -> None:
    """Inscrire un progrès : une entrée datée au journal de l’action, et son nouvel état.

    Seules les lignes de cette action changent dans son fichier ; le plan modifié est
    validé avant d’être écrit ; une entrée qui ne change rien est refusée ; un plan clos
    (période terminée, plan suivant commencé) ou une entrée identique à une autre du même
    jour demande --force, de même qu’une entrée datée dans un bilan déjà adopté. Exemple :
    tdsplan update 1.2.1 --status en_cours --note "Appel d’offres lancé"
    """
    from tdsplan.errors import ChangeRefusedError
    from tdsplan.journal import update_action
    from tdsplan.updates import DoneBelowFullError, RepeatedEntryError, check_update

    today = common.today()
    change = _change(
        today,
        status=status,
        progress=progress,
        indicators=indicators,
        due=due,
        lead=lead,
        note=note,
        date=date,
        by=by,
        highlight=highlight,
    )
    check_update(change, today)  # the request's own faults first, then a closed plan
    project = project_to_change(ctx, force)
    from tdsplan.cli.adopt import refuse_if_adopted

    refuse_if_adopted(project, project.load(only=identifier), [change.date], force)
    try:
        with common.other_plan_hint(ctx, change.date):
            done = update_action(
                project,
                identifier,
                change,
                today=today,
                dry_run=dry_run,
                repeat=force,
            )
    except RepeatedEntryError as error:
        raise ChangeRefusedError(
            str(error) + _(" (pour l’inscrire une seconde fois, ajoutez --force)")
        ) from None
    except DoneBelowFullError as error:  # said about the option given, not a line of the file
        raise ChangeRefusedError(
            _(
                "--progress {progress} : une action réalisée est à 100 % ({id} est réalisée au "
                "{date}) ; rien n’a été écrit"
            ).format(progress=error.progress, id=error.identifier, date=error.date)
        ) from None
    for warning in done.warnings:
        console.print_warning(warning)
    if dry_run:
        console.print_dry_run(done.edit)
        return
    print_done(change, done)


def _change(
    today: dt.date,
    *,
    status: str | None,
    progress: str | None,
    indicators: list[str] | None,
    due: str | None,
    lead: str | None,
    note: str | None,
    date: str | None,
    by: str | None,
    highlight: bool = False,
) -> Update:
    """The update the options ask for, each word parsed; a usage error when they ask none."""
    from tdsplan.typed import parse_date, parse_status
    from tdsplan.updates import Update

    if (
        status is None
        and progress is None
        and note is None
        and not indicators
        and due is None
        and lead is None
    ):
        raise UsageError(
            _(
                "rien à inscrire : indiquez --status, --progress, --indicator, "
                "--due, --lead ou --note"
            )
        )
    if highlight and not note:
        raise UsageError(_("--highlight marque une note comme fait saillant : ajoutez --note"))
    return Update(
        date=parse_date(date) if date is not None else today,
        statut=parse_status(status) if status is not None else None,
        avancement=common.parse_percent(progress) if progress is not None else None,
        note=note,
        auteur=by if by is not None else common.git_user_name(),
        indicateurs=common.parse_measures(indicators or []),
        echeance=parse_date(due) if due is not None else None,
        porteur=lead,
        saillant=highlight,
    )


def print_done(change: Update, done: Updated) -> None:
    """What the entry changed on its date; today's state follows on its own line when a
    back-dated entry changed it."""
    console.say(
        _("{id} {title} : {changes} ({date})").format(
            id=done.action.id,
            title=done.action.titre,
            changes=", ".join(_changes(change, done)),
            date=change.date,
        )
    )
    if done.backdated:
        console.say(
            _(
                "Entrée antidatée, inscrite au rang {number} du journal ; "
                "l’état actuel est recalculé."
            ).format(number=done.number)
        )
        now_before = console.state_summary(done.state_before)
        now_after = console.state_summary(done.state_after)
        if now_before != now_after:
            console.say(
                _("État actuel : {before} → {after}").format(before=now_before, after=now_after)
            )


def _changes(change: Update, done: Updated) -> list[str]:
    """« en cours → réalisée », « avancement 40 % → 60 % »...: each field the entry set
    (progress and measures as the written entry holds them)."""
    before, after = done.then_before, done.then_after
    assert before is not None and after is not None  # update_action always sets them
    parts = []
    if change.statut is not None:
        parts.append(f"{status_label(before.statut)} → {status_label(after.statut)}")
    if done.update.avancement is not None:
        parts.append(
            _("avancement {before} → {after}").format(
                before=percent(before.avancement), after=percent(after.avancement)
            )
        )
    for name, value in done.update.indicateurs.items():
        parts.append(f"{name} = {number(value)}")
    if change.echeance is not None:
        parts.append(
            _("échéance {before} → {after}").format(
                before=before.echeance or "—", after=after.echeance or "—"
            )
        )
    if change.porteur is not None:
        parts.append(
            _("porteur {before} → {after}").format(
                before=before.porteur or "—", after=after.porteur or "—"
            )
        )
    return parts or [_("note ajoutée")]

"""``tdsplan add``: a new action, objective or orientation, with the next free ID."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tdsplan.cli import common, completion, console
from tdsplan.cli.common import Force, project_to_change
from tdsplan.i18n import _, _mark

if TYPE_CHECKING:
    from tdsplan.additions import Added, NotAParentError
    from tdsplan.errors import UsageError

Title = Annotated[
    str,
    typer.Option("--title", "--titre", "-t", metavar="TITRE", help="Intitulé du nouvel élément."),
]
DryRun = Annotated[
    bool,
    typer.Option("--dry-run", "--simulation", help="Montrer le fichier écrit sans rien écrire."),
]


def action(
    ctx: typer.Context,
    parent: Annotated[
        str,
        typer.Option(
            "--parent", metavar="OBJECTIF", help="L’objectif qui reçoit l’action, par exemple 1.2."
        ),
    ],
    title: Title,
    lead: Annotated[
        str | None,
        typer.Option(
            "--lead",
            "--porteur",
            metavar="NOM",
            help="Qui porte l’action.",
            autocompletion=completion.leads,
        ),
    ] = None,
    due: Annotated[
        str | None, typer.Option("--due", "--echeance", metavar="AAAA-MM-JJ", help="Échéance.")
    ] = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Ajouter une action à la fin d’un objectif.

    Exemple : tdsplan add action --parent 1.2 --title "Infolettre" --due 2021-03-31
    """
    from tdsplan.additions import NotAParentError, add_action
    from tdsplan.typed import parse_date

    due_date = parse_date(due) if due is not None else None
    try:
        added = add_action(
            project_to_change(ctx, force),
            parent,
            title,
            porteur=lead,
            echeance=due_date,
            today=common.today(),
            dry_run=dry_run,
        )
    except NotAParentError as error:
        raise _parent_refused(error) from None
    _report(_mark("Action {id} ajoutée : {title} ({file})"), added, title, dry_run)


def objective(
    ctx: typer.Context,
    parent: Annotated[
        str,
        typer.Option(
            "--parent", metavar="ORIENTATION", help="L’orientation qui reçoit l’objectif, ex. 1."
        ),
    ],
    title: Title,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Ajouter un objectif (un nouveau fichier) à une orientation.

    Exemple : tdsplan add objective --parent 1 --title "Mobiliser les élus"
    """
    from tdsplan.additions import NotAParentError, add_objective

    try:
        added = add_objective(project_to_change(ctx, force), parent, title, dry_run=dry_run)
    except NotAParentError as error:
        raise _parent_refused(error) from None
    _report(_mark("Objectif {id} ajouté : {title} ({file})"), added, title, dry_run)


def orientation(
    ctx: typer.Context, title: Title, dry_run: DryRun = False, force: Force = False
) -> None:
    """Ajouter une orientation (un nouveau dossier avec son orientation.yaml).

    Exemple : tdsplan add orientation --title "En 2028, ..."
    """
    from tdsplan.additions import add_orientation

    added = add_orientation(project_to_change(ctx, force), title, dry_run=dry_run)
    _report(_mark("Orientation {id} ajoutée : {title} ({file})"), added, title, dry_run)


def _parent_refused(error: NotAParentError) -> UsageError:
    """The core's refusal, worded with the option the person typed."""
    from tdsplan.errors import UsageError

    if error.expected == "objectif":
        message = _("{id} n’est pas un objectif : --parent attend un objectif, de la forme 1.2")
    else:
        message = _(
            "{id} n’est pas une orientation : --parent attend un numéro d’orientation, "
            "par exemple 1"
        )
    return UsageError(message.format(id=error.identifier))


def _report(message: str, added: Added, title: str, dry_run: bool) -> None:
    if dry_run:
        console.print_dry_run(added.edit)
        return
    shown = console.shown_path(added.edit.path)
    console.stdout().print(
        _(message).format(id=added.identifier, title=title, file=shown),
        markup=False,
        soft_wrap=True,
    )

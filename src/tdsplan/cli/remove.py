"""``tdsplan remove``: take an action out of the plan (one never started, or added by mistake)."""

from __future__ import annotations

from typing import Annotated

import typer

from tdsplan.cli import completion, console
from tdsplan.cli.add import DryRun
from tdsplan.cli.common import project_to_change
from tdsplan.cli.move import later_projects
from tdsplan.i18n import _, ngettext


def remove(
    ctx: typer.Context,
    identifier: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="L’action, par exemple 1.2.3.", autocompletion=completion.action_ids
        ),
    ],
    dry_run: DryRun = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Retirer quand même une action qui a un journal (son histoire part avec elle), "
            "ou dans un plan clos.",
        ),
    ] = False,
) -> None:
    """Retirer une action du plan.

    Pour une action jamais commencée, ou ajoutée par erreur. Une action commencée puis
    arrêtée s’inscrit plutôt « abandonnée » (tdsplan update ID --status abandonnee) :
    son histoire reste dans les rapports. Une action reprise par un plan suivant ne se
    retire pas.

    Exemple : tdsplan remove 1.2.3 --dry-run
    """
    from tdsplan.errors import ChangeRefusedError
    from tdsplan.restructure import (
        CarriedOverError,
        HasJournalError,
        carried_over,
        remove_action,
    )

    try:
        removed = remove_action(
            project_to_change(ctx, force),
            identifier,
            later=later_projects(ctx),
            force=force,
            dry_run=dry_run,
        )
    except CarriedOverError as error:
        links = [(console.shown_path(link.file), link) for link in error.links]
        raise ChangeRefusedError(carried_over(error.identifier, links)) from None
    except HasJournalError as error:
        raise ChangeRefusedError(
            str(error)
            + _(
                ' (tdsplan update {id} --status abandonnee --note "...") ; pour la retirer '
                "quand même, ajoutez --force"
            ).format(id=error.identifier)
        ) from None
    if dry_run:
        console.print_dry_run(removed.edit)
        return
    shown = console.shown_path(removed.edit.path)
    if removed.entries:
        message = ngettext(
            "Action {id} retirée, avec son entrée de journal ({file})",
            "Action {id} retirée, avec ses {n} entrées de journal ({file})",
            removed.entries,
        )
    else:
        message = _("Action {id} retirée ({file})")
    console.say(message.format(id=removed.identifier, n=removed.entries, file=shown))

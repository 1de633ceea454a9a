"""``tdsplan move``: give an action a new ID, in its objective or in another."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer

from tdsplan.cli import common, completion, console
from tdsplan.cli.add import DryRun
from tdsplan.cli.common import Force, project_to_change
from tdsplan.i18n import _

if TYPE_CHECKING:
    from tdsplan.edit import Edit
    from tdsplan.project import Project


def move(
    ctx: typer.Context,
    identifier: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="L’action, par exemple 1.2.3.", autocompletion=completion.action_ids
        ),
    ],
    target: Annotated[
        str,
        typer.Argument(
            metavar="CIBLE",
            help="Son nouvel identifiant (1.3.1), ou l’objectif qui la reçoit (1.3) : elle y "
            "prend le prochain numéro libre.",
        ),
    ],
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Déplacer ou renuméroter une action.

    L’action part avec son journal, ses indicateurs et ses commentaires ; les liens de
    reprise (reprise_de) des plans suivants du dépôt la suivent.

    Exemple : tdsplan move 1.2.3 1.3 (ou tdsplan move 1.2.3 1.3.1)
    """
    from tdsplan.restructure import move_action

    moved = move_action(
        project_to_change(ctx, force),
        identifier,
        target,
        later=later_projects(ctx),
        dry_run=dry_run,
    )
    if dry_run:
        print_dry_runs(moved.edits)
        return
    out = console.stdout()
    console.say(
        _("Action {old} déplacée : elle est maintenant {new} ({file})").format(
            old=moved.old, new=moved.new, file=console.shown_path(moved.file)
        ),
        to=out,
    )
    for link in moved.links:
        console.say(
            _("Lien de reprise mis à jour : {file}:{line} ({id})").format(
                file=console.shown_path(link.file), line=link.line, id=link.label
            ),
            to=out,
        )


def later_projects(ctx: typer.Context) -> list[Project]:
    """The repository's plans after the one chosen: their carry-over links may name it."""
    from tdsplan.carryover import later_plans
    from tdsplan.project import Project

    repository, chosen = common.located(ctx)
    return [Project.at(ref.folder) for ref in later_plans(repository, chosen)]


def print_dry_runs(edits: Sequence[Edit]) -> None:
    """Each file's change as a unified diff, then the one reminder that nothing was written."""
    for edit in edits[:-1]:
        sys.stdout.write(edit.diff(console.shown_path(edit.path)))
    console.print_dry_run(edits[-1])

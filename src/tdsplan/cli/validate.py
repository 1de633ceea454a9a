"""``tdsplan validate``: check every file of the plan, for people, pre-commit and CI."""

from __future__ import annotations

import typer

from tdsplan.cli import console
from tdsplan.cli.common import project
from tdsplan.errors import PlanInvalidError
from tdsplan.i18n import _


def validate(ctx: typer.Context) -> None:
    """Vérifier le plan : une ligne si tout va bien, sinon chaque problème.

    Chaque problème est signalé comme fichier:ligne:colonne: message ; le code de sortie
    vaut 1 si le plan est invalide. Exemple : tdsplan validate
    """
    located = project(ctx)
    loaded = located.read()
    if loaded.problems:
        raise PlanInvalidError(loaded.problems)
    plan = loaded.plan
    assert plan is not None
    objectifs = sum(len(o.objectifs) for o in plan.orientations)
    actions = sum(1 for _action in plan.iter_actions())
    console.stdout().print(_(
        "{folder} : plan valide — {orientations} orientations, {objectives} objectifs, "
        "{actions} actions ({files} fichiers)").format(
            folder=console.shown_path(located.plan_dir), orientations=len(plan.orientations),
            objectives=objectifs, actions=actions, files=len(loaded.documents)),
        markup=False, soft_wrap=True)

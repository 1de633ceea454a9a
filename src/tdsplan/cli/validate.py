"""``tdsplan validate``: check every file of the plan, for people, pre-commit and CI."""

from __future__ import annotations

import typer

from tdsplan.cli import console
from tdsplan.cli.common import project
from tdsplan.errors import PlanInvalidError
from tdsplan.i18n import _, ngettext


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
    counts = ", ".join((
        ngettext("{n} orientation", "{n} orientations", len(plan.orientations)).format(
            n=len(plan.orientations)),
        ngettext("{n} objectif", "{n} objectifs", objectifs).format(n=objectifs),
        ngettext("{n} action", "{n} actions", actions).format(n=actions)))
    files = ngettext("{n} fichier", "{n} fichiers", len(loaded.documents)).format(
        n=len(loaded.documents))
    console.stdout().print(_("{folder} : plan valide — {counts} ({files})").format(
        folder=console.shown_path(located.plan_dir), counts=counts, files=files),
        markup=False, soft_wrap=True)

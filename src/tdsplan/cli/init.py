"""``tdsplan init``: start a new plan, empty or carried over from the current one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tdsplan.cli import common, console
from tdsplan.i18n import _


def init(
    folder: Annotated[Path, typer.Argument(metavar="DOSSIER",
                                           help="Dossier du nouveau plan (nouveau ou vide).")],
    source: Annotated[Path | None, typer.Option(
        "--from", "--depuis", metavar="PLAN", file_okay=False,
        help="Plan dont reprendre la mission, les mandats et les actions non terminées.")]
    = None,
    period: Annotated[str | None, typer.Option(
        "--period", "--periode", metavar="2023-2028",
        help="Années du plan (défaut : la suite du plan --from, sinon cinq ans).")] = None,
    title: Annotated[str | None, typer.Option("--title", "--titre", metavar="TITRE",
                                              help="Titre (défaut : Plan d’action 2023-2028).")]
    = None,
    organisation: Annotated[str | None, typer.Option(
        "--organisation", metavar="NOM", help="Organisation (défaut : celle du plan --from).")]
    = None,
) -> None:
    """Créer un nouveau plan, valide dès sa création.

    Avec --from, le nouveau plan reprend la mission, les mandats et les actions ni
    réalisées ni abandonnées, chacune avec une entrée de journal qui dit d’où elle vient ;
    l’ancien plan n’est pas modifié. Exemple : tdsplan init plan-2023-2028 --from plan
    """
    from tdsplan.project import Project
    from tdsplan.scaffold import new_plan, parse_period

    created = new_plan(
        folder, common.today(),
        period=parse_period(period) if period is not None else None,
        source=Project.at(source) if source is not None else None,
        titre=title, organisation=organisation)
    plan = created.plan
    objectifs = sum(len(o.objectifs) for o in plan.orientations)
    counts = dict(title=plan.titre, folder=console.shown_path(folder),
                  orientations=len(plan.orientations), objectives=objectifs,
                  actions=len(created.carried))
    if source is None:
        text = _("Plan « {title} » créé dans {folder} : {orientations} orientations, "
                 "{objectives} objectifs, {actions} actions.").format(**counts)
    else:
        text = _("Plan « {title} » créé dans {folder} : {orientations} orientations, "
                 "{objectives} objectifs, {actions} actions reprises de {source}.").format(
                     source=console.shown_path(source), **counts)
    console.stdout().print(text, markup=False, soft_wrap=True)

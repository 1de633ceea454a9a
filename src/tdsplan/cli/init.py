"""``tdsplan init``: start a new plan, empty or carried over from the current one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tdsplan.cli import common, console, paths
from tdsplan.i18n import _, ngettext

Folder = Annotated[Path, typer.Argument(metavar="DOSSIER", readable=False,
                                       help="Dossier du nouveau plan (nouveau ou vide).")]
Source = Annotated[Path | None, typer.Option(
    "--from", "--depuis", metavar="PLAN", callback=paths.folder, readable=False,
    help="Plan dont reprendre la mission, les mandats et les actions non terminées.")]
Period = Annotated[str | None, typer.Option(
    "--period", "--periode", metavar="2023-2028",
    help="Années du plan (défaut : la suite du plan --from, sinon cinq ans).")]
Title = Annotated[str | None, typer.Option("--title", "--titre", metavar="TITRE",
                                          help="Titre (défaut : Plan d’action 2023-2028).")]
Organisation = Annotated[str | None, typer.Option(
    "--organisation", metavar="NOM", help="Organisation (défaut : celle du plan --from).")]
Territories = Annotated[list[str] | None, typer.Option(
    "--territory", "--territoire", metavar="NOM",
    help="Territoire couvert, répétable : « Les Moulins » ou « les_moulins=Les Moulins ».")]
Mandates = Annotated[list[str] | None, typer.Option(
    "--mandate", "--mandat", metavar="TEXTE",
    help="Mandat de l’organisation, répétable, dans l’ordre de leurs numéros.")]


def init(
    folder: Folder,
    source: Source = None,
    period: Period = None,
    title: Title = None,
    organisation: Organisation = None,
    territories: Territories = None,
    mandates: Mandates = None,
) -> None:
    """Créer un nouveau plan, valide dès sa création.

    Sans --from, dans un terminal, tdsplan demande l’organisation, ses territoires et
    ses mandats (ou --organisation, --territory et --mandate). Avec --from, le nouveau
    plan reprend la mission, les mandats, les territoires et les actions ni réalisées ni
    abandonnées, chacune avec son origine (reprise_de) et une entrée de journal qui dit
    d’où elle vient ; l’ancien plan n’est pas modifié. Le nouveau plan devient le plan
    courant du dépôt (tdsplan.toml). Exemple : tdsplan init plan-2023-2028 --from plan
    """
    from tdsplan.project import Project
    from tdsplan.scaffold import new_plan, territory
    from tdsplan.typed import parse_period

    paths.new_plan(folder)
    repository = None
    if source is not None:
        from tdsplan.repository import Repository

        repository = Repository.find(source)  # a broken tdsplan.toml stops us here
    if source is None and not (organisation or territories or mandates) and console.interactive():
        organisation, territories, mandates = _ask()
    created = new_plan(
        folder, common.today(),
        period=parse_period(period) if period is not None else None,
        source=Project.at(source) if source is not None else None,
        titre=title, organisation=organisation,
        territoires=[territory(t) for t in territories] if territories else None,
        mandats=mandates or None)
    plan = created.plan
    objectifs = sum(len(o.objectifs) for o in plan.orientations)
    counts = (ngettext("{n} orientation", "{n} orientations", len(plan.orientations))
              .format(n=len(plan.orientations)) + ", "
              + ngettext("{n} objectif", "{n} objectifs", objectifs).format(n=objectifs) + ", ")
    actions = len(created.carried)
    if source is None:
        counts += ngettext("{n} action", "{n} actions", actions).format(n=actions)
    else:
        counts += ngettext("{n} action reprise de {source}", "{n} actions reprises de {source}",
                           actions).format(n=actions, source=console.shown_path(source))
    text = _("Plan « {title} » créé dans {folder} : {counts}.").format(
        title=plan.titre, folder=console.shown_path(folder), counts=counts)
    console.stdout().print(text, markup=False, soft_wrap=True)
    if source is not None and repository is not None:
        from tdsplan.repository import add_plan

        file, repository = add_plan(folder, repository)
        old = repository.holding(source)
        console.stdout().print(_("Plan courant : {folder} (inscrit dans {file}) ; l’ancien plan "
                                 "reste accessible avec --plan {old}.").format(
            folder=console.shown_path(folder), file=console.shown_path(file),
            old=old.period if old is not None and old.period else source),
            markup=False, soft_wrap=True)


def _ask() -> tuple[str | None, list[str], list[str]]:
    """Ask, in a terminal, for what makes the plan the organisation's own."""
    suffix = _(" : ")  # French puts a space before the colon; typer's own is ": "
    organisation = typer.prompt(_("Organisation"), default="", show_default=False,
                                prompt_suffix=suffix).strip()
    names = typer.prompt(_("Territoires, séparés par des virgules (ex. Centre-ville, "
                           "Quartier nord)"), default="", show_default=False,
                         prompt_suffix=suffix)
    mandates: list[str] = []
    typer.echo(_("Mandats, un par ligne (ligne vide pour terminer) :"))
    while text := typer.prompt(f"  {len(mandates) + 1}", default="", show_default=False,
                               prompt_suffix=suffix).strip():
        mandates.append(text)
    return organisation or None, [n.strip() for n in names.split(",") if n.strip()], mandates

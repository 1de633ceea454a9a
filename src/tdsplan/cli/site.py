"""``tdsplan site``: the plan as a static website, a dashboard for members and funders."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tdsplan.cli import common, console, paths
from tdsplan.cli.common import AsOf
from tdsplan.i18n import _, current_language, ngettext

if TYPE_CHECKING:
    from tdsplan.sitefiles import SiteResult


def site(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="DOSSIER",
            callback=paths.folder,
            readable=False,
            help="Dossier du site (défaut : public/ à côté du dossier du plan).",
        ),
    ] = None,
    as_of: AsOf = None,
    reports: Annotated[
        Path | None,
        typer.Option(
            "--reports",
            "--rapports",
            metavar="DOSSIER",
            callback=paths.folder,
            readable=False,
            help="Dossier des bilans annuels à joindre aux pages des exercices (défaut : "
            "reports/ à côté du dossier du plan).",
        ),
    ] = None,
) -> None:
    """Produire le tableau de bord du plan : un site web statique, sans serveur.

    Accueil, une page par orientation, objectif, action, bailleur et territoire, les
    indicateurs, une page par exercice (avec ses bilans), une recherche, les flux Atom,
    le calendrier iCalendar et les données à télécharger ; « À surveiller » si plan.yaml
    le publie (publication.surveiller). Seules les pages changées sont
    réécrites. --lang fr,en : les deux langues, le français à la racine et l’anglais
    dans en/, chaque page liée à sa traduction. Exemple : tdsplan site -o public --lang fr,en
    """
    from tdsplan.errors import UsageError
    from tdsplan.files import make_folder
    from tdsplan.site import build_site, parse_languages
    from tdsplan.typed import parse_date

    settings = common.settings(ctx)
    # --lang is read by the root command, wherever it is written: « fr,en » asks for both.
    langs = parse_languages(",".join(settings.languages) or current_language())
    if reports is not None and not reports.is_dir():
        raise UsageError(_("dossier des bilans introuvable : {folder}").format(folder=reports))
    located = common.project(ctx)
    plan = located.load()
    date = parse_date(as_of) if as_of is not None else common.today()
    target = output if output is not None else located.site_dir
    paths.output(ctx, target, folder=True, option=None if output is None else "--output")
    from tdsplan.render import find_logo
    from tdsplan.sitepages import adopted_stories

    stories = adopted_stories(located, plan, date)  # checked before anything is written

    with common.output_errors(chosen=output is not None), console.progress(_("Site web")) as tell:
        make_folder(target)
        result = build_site(
            plan,
            target,
            date,
            langs,
            reports or located.reports_dir,
            protected=[ref.folder for ref in common.located(ctx)[0].plans],
            progress=tell,
            stories=stories,
            logo=find_logo([located.templates_dir]),
            cache_dir=common.cache_dir(),
        )
    _say(result, target)


def _say(result: SiteResult, target: Path) -> None:
    """One line: where the site is, how many pages, what was rewritten or removed."""
    console.say(
        ngettext(
            "Site écrit dans {folder} : {n} page",
            "Site écrit dans {folder} : {n} pages",
            result.pages,
        ).format(folder=console.shown_path(target), n=result.pages)
        + ngettext(", {n} fichier réécrit", ", {n} fichiers réécrits", len(result.written)).format(
            n=len(result.written)
        )
        + (
            ngettext(", {n} supprimé", ", {n} supprimés", len(result.removed)).format(
                n=len(result.removed)
            )
            if result.removed
            else ""
        )
        + "."
    )

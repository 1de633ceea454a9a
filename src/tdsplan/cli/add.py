"""``tdsplan add``: a new action, objective, orientation (the next free ID) or indicator."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tdsplan.cli import common, completion, console
from tdsplan.cli.common import Force, project_to_change
from tdsplan.cli.help import TdsplanCommand, TdsplanGroup
from tdsplan.i18n import _, _mark

if TYPE_CHECKING:
    from tdsplan.additions import Added, NotAParentError
    from tdsplan.errors import UsageError

Title = Annotated[
    str,
    typer.Option("--title", "--titre", "-t", metavar="TITRE", help="Intitulé du nouvel élément."),
]
Description = Annotated[
    str | None,
    typer.Option("--description", metavar="TEXTE", help="Précisions sur l’élément."),
]
DryRun = Annotated[
    bool,
    typer.Option("--dry-run", "--simulation", help="Montrer le fichier écrit sans rien écrire."),
]

Start = Annotated[
    str | None,
    typer.Option("--start", "--debut", metavar="AAAA-MM-JJ", help="Date de début prévue."),
]
Territories = Annotated[
    list[str] | None,
    typer.Option(
        "--territory",
        "--territoire",
        metavar="TERRITOIRE",
        help="Territoire concerné, déclaré dans plan.yaml (répétable, ou séparés par des "
        "virgules).",
    ),
]
Partners = Annotated[
    list[str] | None,
    typer.Option(
        "--partner",
        "--partenaire",
        metavar="ORGANISATION",
        help="Organisation partenaire (répétable : une par option).",
    ),
]
Funders = Annotated[
    list[str] | None,
    typer.Option(
        "--funder",
        "--bailleur",
        metavar="BAILLEUR",
        help="Bailleur de fonds, déclaré dans plan.yaml (répétable, ou séparés par des virgules).",
    ),
]
Mandates = Annotated[
    list[str] | None,
    typer.Option(
        "--mandate",
        "--mandat",
        metavar="NUMÉRO",
        help="Mandat servi, par son numéro (répétable, ou séparés par des virgules).",
    ),
]
Weight = Annotated[
    str | None,
    typer.Option(
        "--weight", "--poids", metavar="NOMBRE", help="Poids dans l’avancement (défaut : 1)."
    ),
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
    start: Start = None,
    territories: Territories = None,
    partners: Partners = None,
    funders: Funders = None,
    mandates: Mandates = None,
    weight: Weight = None,
    description: Description = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Ajouter une action à la fin d’un objectif.

    Exemple : tdsplan add action --parent 1.2 --title "Infolettre" --due 2021-03-31
    --territory joliette,montcalm --mandate 2
    """
    from tdsplan.additions import NotAParentError, add_action
    from tdsplan.typed import parse_date

    due_date = parse_date(due) if due is not None else None
    given = {
        "description": [description] if description is not None else None,
        "poids": [weight] if weight is not None else None,
        "partenaires": partners,
        "territoires": territories,
        "bailleurs": funders,
        "mandats": mandates,
        "debut": [start] if start is not None else None,
    }
    try:
        added = add_action(
            project_to_change(ctx, force),
            parent,
            title,
            porteur=lead,
            echeance=due_date,
            fields={key: texts for key, texts in given.items() if texts},
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
    description: Description = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Ajouter un objectif (un nouveau fichier) à une orientation.

    Exemple : tdsplan add objective --parent 1 --title "Mobiliser les élus"
    """
    from tdsplan.additions import NotAParentError, add_objective

    try:
        added = add_objective(
            project_to_change(ctx, force),
            parent,
            title,
            description=description,
            dry_run=dry_run,
        )
    except NotAParentError as error:
        raise _parent_refused(error) from None
    _report(_mark("Objectif {id} ajouté : {title} ({file})"), added, title, dry_run)


def orientation(
    ctx: typer.Context,
    title: Title,
    description: Description = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Ajouter une orientation (un nouveau dossier avec son orientation.yaml).

    Exemple : tdsplan add orientation --title "En 2028, ..."
    """
    from tdsplan.additions import add_orientation

    added = add_orientation(
        project_to_change(ctx, force), title, description=description, dry_run=dry_run
    )
    _report(_mark("Orientation {id} ajoutée : {title} ({file})"), added, title, dry_run)


def indicator(
    ctx: typer.Context,
    identifier: Annotated[
        str,
        typer.Argument(
            metavar="ACTION",
            help="L’action mesurée, par exemple 1.2.3.",
            autocompletion=completion.action_ids,
        ),
    ],
    name: Annotated[
        str,
        typer.Option("--name", "--nom", metavar="NOM", help="Ce qui est mesuré (son nom)."),
    ],
    nature: Annotated[
        str | None,
        typer.Option(
            "--nature",
            metavar="NATURE",
            help="cumul (un compte qui s’additionne), niveau (défaut), pourcentage ou jalon.",
        ),
    ] = None,
    direction: Annotated[
        str | None,
        typer.Option(
            "--direction", "--sens", metavar="SENS", help="hausse (défaut) ou baisse : le mieux."
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", "--unite", metavar="UNITÉ", help="Unité (personnes, %...)."),
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option("--baseline", "--depart", metavar="VALEUR", help="Valeur de départ."),
    ] = None,
    baseline_date: Annotated[
        str | None,
        typer.Option(
            "--baseline-date", "--date-depart", metavar="AAAA-MM-JJ", help="Date du départ."
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option("--target", "--cible", metavar="VALEUR", help="Cible à la fin du plan."),
    ] = None,
    year_targets: Annotated[
        list[str] | None,
        typer.Option(
            "--year-target",
            "--cible-exercice",
            metavar="EXERCICE=VALEUR",
            help="Cible d’un exercice, par exemple 2019-2020=100 (répétable).",
        ),
    ] = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Ajouter un indicateur à une action.

    Ses mesures iront ensuite au journal (tdsplan update ID --indicator NOM=VALEUR).

    Exemple : tdsplan add indicator 1.2.3 --name "Abonnés" --nature cumul --unit
    personnes --target 300 --year-target 2019-2020=100
    """
    from tdsplan.additions import add_indicator, indicator_fields

    fields = indicator_fields(
        name,
        nature=nature,
        sens=direction,
        unite=unit,
        depart=baseline,
        depart_date=baseline_date,
        cible=target,
        cibles=year_targets,
    )
    added = add_indicator(project_to_change(ctx, force), identifier, fields, dry_run=dry_run)
    _report(_mark("Indicateur « {title} » ajouté à {id} ({file})"), added, name, dry_run)


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
    console.say(_(message).format(id=added.identifier, title=title, file=shown))


group = typer.Typer(
    cls=TdsplanGroup,
    no_args_is_help=True,
    help="Ajouter un élément au plan, ou un indicateur.",
)
group.command("action", cls=TdsplanCommand)(action)
group.command("objective", cls=TdsplanCommand)(objective)
group.command("orientation", cls=TdsplanCommand)(orientation)
group.command("indicator", cls=TdsplanCommand)(indicator)

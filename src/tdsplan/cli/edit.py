"""``tdsplan edit``: change an element's descriptive fields (title, territories, dates...)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tdsplan.cli import completion, console
from tdsplan.cli.add import DryRun
from tdsplan.cli.common import Force, project_to_change
from tdsplan.i18n import _, _mark

if TYPE_CHECKING:
    from tdsplan.errors import UsageError
    from tdsplan.fields import NotDescriptiveError

#: How the journal records each field ``edit`` leaves to it (``tdsplan update``'s options).
_UPDATE_OPTIONS = {
    "statut": "--status STATUT",
    "avancement": "--progress 0-100",
    "porteur": '--lead "NOM"',
    "porteur_initial": '--lead "NOM"',
    "echeance": "--due AAAA-MM-JJ",
    "echeance_initiale": "--due AAAA-MM-JJ",
    "journal": '--note "..."',
}

Identifier = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="L’élément : action, objectif ou orientation.",
        autocompletion=completion.ids,
    ),
]
Values = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        "--mettre",
        metavar="CLÉ=VALEUR",
        help="Donner une valeur à un champ (répétable ; une liste : valeurs séparées par des "
        "virgules, ou la clé répétée).",
    ),
]
Unset = Annotated[
    list[str] | None,
    typer.Option("--unset", "--retirer", metavar="CLÉ", help="Retirer un champ (répétable)."),
]


def edit(
    ctx: typer.Context,
    identifier: Identifier,
    values: Values = None,
    unset: Unset = None,
    dry_run: DryRun = False,
    force: Force = False,
) -> None:
    """Modifier les champs descriptifs d’un élément.

    Champs d’une action : titre, description, poids, porteur, partenaires, territoires,
    bailleurs, mandats, debut, echeance ; d’un objectif ou d’une orientation : titre,
    description. Le statut, l’avancement et les mesures s’inscrivent au journal (tdsplan
    update).

    Exemple : tdsplan edit 1.2.3 --set territoires=joliette,montcalm --set debut=2021-04-01
    """
    from tdsplan.descriptions import FollowsJournalError, describe
    from tdsplan.errors import UsageError
    from tdsplan.fields import NotDescriptiveError

    given: dict[str, list[str]] = {}
    for text in values or []:
        key, equals, value = text.partition("=")
        if not equals or not key.strip():
            raise UsageError(
                _(
                    "« --set {text} » : écrivez clé=valeur, par exemple --set debut=2021-04-01"
                ).format(text=text)
            )
        given.setdefault(key.strip(), []).append(value)
    if not given and not unset:
        raise UsageError(_("rien à modifier : indiquez --set clé=valeur ou --unset clé"))
    try:
        described = describe(
            project_to_change(ctx, force),
            identifier,
            given,
            tuple(k.strip() for k in unset or []),
            dry_run=dry_run,
        )
    except NotDescriptiveError as error:
        raise _elsewhere(error, identifier.strip()) from None
    except FollowsJournalError as error:
        raise UsageError(
            str(error)
            + _(" (tdsplan update {id} {option})").format(
                id=error.identifier, option=_UPDATE_OPTIONS[error.key]
            )
        ) from None
    if not described.changed:
        console.say(
            _("{id} a déjà ces valeurs : rien n’a été écrit").format(id=described.identifier)
        )
        return
    if dry_run:
        console.print_dry_run(described.edit)
        return
    message = {
        0: _mark("Orientation {id} modifiée : {keys} ({file})"),
        1: _mark("Objectif {id} modifié : {keys} ({file})"),
    }.get(described.identifier.count("."), _mark("Action {id} modifiée : {keys} ({file})"))
    console.say(
        _(message).format(
            id=described.identifier,
            keys=", ".join(described.changed),
            file=console.shown_path(described.edit.path),
        )
    )


def _elsewhere(error: NotDescriptiveError, identifier: str) -> UsageError:
    """The core's refusal, with the command that changes that field."""
    from tdsplan.errors import UsageError

    if error.where == "journal":
        option = _UPDATE_OPTIONS.get(error.key, '--note "..."')
        hint = _(" (tdsplan update {id} {option})").format(id=identifier, option=option)
    elif error.where == "move":
        hint = _(" (tdsplan move {id} NOUVEL-ID)").format(id=identifier)
    elif error.where == "indicator":
        hint = _(" (tdsplan add indicator {id} --name NOM)").format(id=identifier)
    else:
        hint = ""
    return UsageError(str(error) + hint)

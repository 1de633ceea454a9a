"""``tdsplan update ID``: record progress on an action."""

from __future__ import annotations

from typing import Annotated

import typer

from tdsplan.cli import common, console
from tdsplan.cli.common import project
from tdsplan.errors import UsageError
from tdsplan.figures import percent
from tdsplan.i18n import _
from tdsplan.vocabulary import status_label


def update(
    ctx: typer.Context,
    identifier: Annotated[str, typer.Argument(metavar="ID", help="L’action, par exemple 1.2.3.")],
    status: Annotated[str | None, typer.Option(
        "--status", "--statut", "-s", metavar="STATUT",
        help="Nouveau statut : en_cours, « Réalisée », done...")] = None,
    progress: Annotated[str | None, typer.Option(
        "--progress", "--avancement", "-p", metavar="0-100", help="Nouvel avancement en %.")]
    = None,
    note: Annotated[str | None, typer.Option(
        "--note", "-n", metavar="TEXTE", help="Ce qui a été fait ou décidé.")] = None,
    date: Annotated[str | None, typer.Option(
        "--date", "-d", metavar="AAAA-MM-JJ", help="Date de l’entrée (défaut : aujourd’hui).")]
    = None,
    by: Annotated[str | None, typer.Option(
        "--by", "--auteur", "-a", metavar="NOM", help="Qui inscrit l’entrée.")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", "--simulation", help="Montrer la modification sans rien écrire.")] = False,
) -> None:
    """Inscrire un progrès : une entrée datée au journal de l’action, et son nouvel état.

    Seules les lignes de cette action changent dans son fichier ; le plan modifié est
    validé avant d’être écrit. Exemple :
    tdsplan update 1.2.1 --status en_cours --note "Appel d’offres lancé"
    """
    from tdsplan.edit import Update, update_action
    from tdsplan.query import parse_date, parse_status

    change = Update(
        date=parse_date(date) if date is not None else common.today(),
        statut=parse_status(status) if status is not None else None,
        avancement=_percent(progress) if progress is not None else None,
        note=note,
        auteur=by,
    )
    done = update_action(project(ctx), identifier, change, dry_run=dry_run)
    if dry_run:
        typer.echo(done.edit.diff(console.shown_path(done.edit.path)), nl=False)
        console.stderr().print(_("Simulation : rien n’a été écrit."), markup=False)
        return
    (old_status, old_progress), (new_status, new_progress) = done.before, done.after
    parts = []
    if change.statut is not None:
        parts.append(f"{status_label(old_status)} → {status_label(new_status)}")
    if done.update.avancement is not None:
        parts.append(_("avancement {before} → {after}").format(
            before=percent(old_progress), after=percent(new_progress)))
    if not parts:
        parts.append(_("note ajoutée"))
    console.stdout().print(_("{id} {title} : {changes} ({date})").format(
        id=done.action.id, title=done.action.titre, changes=", ".join(parts), date=change.date),
        markup=False, soft_wrap=True)


def _percent(text: str) -> int:
    value = text.strip().removesuffix("%").strip()
    if not value.isascii() or not value.isdigit() or int(value) > 100:
        raise UsageError(_("avancement « {text} » invalide : un nombre entier de 0 à 100")
                         .format(text=text))
    return int(value)

"""``tdsplan import``: the news the leads sent back in their sheet, into the journal."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tdsplan.cli import common, console
from tdsplan.cli.common import project_to_change
from tdsplan.errors import SheetInvalidError
from tdsplan.figures import number, percent
from tdsplan.i18n import _, ngettext
from tdsplan.vocabulary import status_label

if TYPE_CHECKING:
    from tdsplan.followup import Imported
    from tdsplan.project import Project
    from tdsplan.sheets.rows import SheetRow

Workbook = Annotated[
    Path,
    typer.Argument(
        metavar="FICHIER",
        readable=False,  # unreadable: said in French when read
        help="Le classeur rempli (.xlsx) ou son enregistrement CSV.",
    ),
]
By = Annotated[
    str | None,
    typer.Option(
        "--by",
        "--auteur",
        "-a",
        metavar="NOM",
        help="Auteur des entrées dont la colonne « Auteur » est vide.",
    ),
]
DryRun = Annotated[
    bool,
    typer.Option("--dry-run", "--simulation", help="Montrer les modifications sans rien écrire."),
]
SkipInvalid = Annotated[
    bool,
    typer.Option(
        "--skip-invalid",
        "--ignorer-invalides",
        help="Inscrire les lignes correctes et lister les autres, au lieu de tout refuser.",
    ),
]
Force = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Inscrire quand même : dans un plan clos (correction tardive), dans un bilan "
        "déjà adopté (la correction sera signalée), et les lignes dont l’action a changé "
        "depuis l’export.",
    ),
]


#: Up to this many entries written, each has its line on stdout; more, the summary says it.
LISTED_ROWS = 20


def _adopted(target: Project, rows: list[SheetRow], force: bool) -> None:
    """Refuse (without ``force``) rows dated in an adopted bilan; with it, say each
    correction will be disclosed."""
    from tdsplan.cli.adopt import refuse_if_adopted

    dates = sorted({row.date for row in rows if row.date is not None})
    if not dates:
        return
    plan = target.load()
    said = {refuse_if_adopted(target, plan, date, force) for date in dates}
    for warning in sorted(w for w in said if w is not None):
        console.print_warning(warning)


def import_(
    ctx: typer.Context,
    path: Workbook,
    by: By = None,
    dry_run: DryRun = False,
    skip_invalid: SkipInvalid = False,
    force: Force = False,
) -> None:
    """Inscrire au journal les nouvelles d’une feuille de suivi remplie.

    Chaque ligne remplie devient une entrée du journal de son action, comme avec
    « tdsplan update ». Si une ligne est fautive, rien n’est inscrit (avec
    --skip-invalid : les lignes correctes le sont, les autres sont listées, code de
    sortie 0). Une ligne déjà inscrite est passée. Un classeur exporté d’un autre plan
    est refusé ; un plan clos demande --force. Exemple :
    tdsplan import suivi-joliette.xlsx --dry-run
    """
    from tdsplan.followup import import_sheet
    from tdsplan.sheets import read_sheet

    with console.progress(_("Lecture du classeur")):
        sheet = read_sheet(path, partial=skip_invalid)
    target = project_to_change(ctx, force)
    _adopted(target, sheet.rows, force)
    try:
        with console.progress(_("Lignes du classeur")) as tell:
            done = import_sheet(
                target,
                sheet,
                today=common.today(),
                by=by,
                dry_run=dry_run,
                force=force,
                skip_invalid=skip_invalid,
                progress=tell,
            )
    except SheetInvalidError as error:
        _add_hint(ctx, error)
        raise
    out = console.stdout()
    if dry_run:
        for edit in done.edits:
            typer.echo(edit.diff(console.shown_path(edit.path)), nl=False)
    listed = len(done.written) <= LISTED_ROWS  # past a screenful, the summary alone
    for result in [] if dry_run else done.written:
        updated = result.updated
        assert updated is not None
        if listed:
            out.print(_line(updated), markup=False, soft_wrap=True)
        for warning in updated.warnings:
            console.print_warning(
                f"{console.shown_path(path)}:{result.row.places['date']}: {warning}"
            )
    err = console.stderr()
    for result in done.skipped:
        assert result.problem is not None
        for problem in result.row.problems or [result.problem]:
            err.print(
                _("ignorée : {problem}").format(
                    problem=problem.format(console.shown_path(problem.path))
                ),
                markup=False,
                soft_wrap=True,
            )
    err.print(_summary(console.shown_path(path), done, dry_run), markup=False, soft_wrap=True)
    if dry_run:
        err.print(_("Simulation : rien n’a été écrit."), markup=False)


def _add_hint(ctx: typer.Context, error: SheetInvalidError) -> None:
    """The way out of a refused sheet: its own plan, or --force / --skip-invalid."""
    from tdsplan.followup import OtherPlanError, SheetConflictError

    if isinstance(error, OtherPlanError):
        repository, _chosen = common.located(ctx)
        home = repository.by_period(error.sheet_period or "")
        if home is not None:
            error.hint = _("Importez-le dans son plan : --plan {plan}.").format(plan=home.period)
    elif isinstance(error, SheetConflictError) and error.conflicts:
        error.hint = _(
            "Après vérification, --force inscrit les lignes en conflit ; "
            "--skip-invalid inscrit les lignes correctes seulement."
        )


def _summary(shown: str, done: Imported, dry_run: bool) -> str:
    """One line: how many entries were (or would be) written, already there, skipped."""
    written, already, skipped = len(done.written), len(done.already), len(done.skipped)
    if not written and not skipped:
        summary = (
            ngettext(
                "{file} : rien de nouveau ({n} ligne remplie, déjà au journal).",
                "{file} : rien de nouveau ({n} lignes remplies, déjà au journal).",
                already,
            ).format(file=shown, n=already)
            if already
            else _("{file} : aucune ligne remplie, rien à inscrire.").format(file=shown)
        )
    else:
        summary = (
            ngettext("{file} : {n} entrée inscrite", "{file} : {n} entrées inscrites", written)
            if not dry_run
            else ngettext(
                "{file} : {n} entrée à inscrire", "{file} : {n} entrées à inscrire", written
            )
        ).format(file=shown, n=written)
        if already:
            summary += ngettext(", {n} déjà au journal", ", {n} déjà au journal", already).format(
                n=already
            )
        if skipped:
            summary += ngettext(", {n} ligne ignorée", ", {n} lignes ignorées", skipped).format(
                n=skipped
            )
        summary += "."
    return summary


def _line(updated) -> str:
    (old_status, old_progress), (new_status, new_progress) = updated.before, updated.after
    change = updated.update
    parts = []
    if change.statut is not None:
        parts.append(f"{status_label(old_status)} → {status_label(new_status)}")
    if change.avancement is not None:
        parts.append(
            _("avancement {before} → {after}").format(
                before=percent(old_progress), after=percent(new_progress)
            )
        )
    for name, value in change.indicateurs.items():
        parts.append(f"{name} = {number(value)}")
    if change.echeance is not None:
        parts.append(_("échéance {date}").format(date=change.echeance))
    if change.note:
        parts.append(_("note ajoutée"))
    return _("{id} {title} : {changes} ({date})").format(
        id=updated.action.id, title=updated.action.titre, changes=", ".join(parts), date=change.date
    )

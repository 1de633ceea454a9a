"""``tdsplan import``: the news the leads sent back in their sheet, into the journal."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tdsplan.cli import common, console
from tdsplan.cli.common import project_to_change
from tdsplan.errors import ChangeRefusedError, SheetInvalidError
from tdsplan.i18n import _, ngettext

if TYPE_CHECKING:
    from tdsplan.intake import Imported
    from tdsplan.project import Project

Workbooks = Annotated[
    list[Path],
    typer.Argument(
        metavar="FICHIER",
        readable=False,  # unreadable: said in French when read
        help="Les classeurs remplis (.xlsx) ou leurs enregistrements CSV, un ou plusieurs.",
    ),
]
Verbose = Annotated[
    bool,
    typer.Option(
        "--verbose", "--detail", "-v", help="Une ligne par entrée inscrite, même nombreuses."
    ),
]
#: Up to this many entries written, each gets its line; beyond, a summary says how many.
SHOWN_ENTRIES = 10
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


def import_(
    ctx: typer.Context,
    paths: Workbooks,
    by: By = None,
    dry_run: DryRun = False,
    skip_invalid: SkipInvalid = False,
    force: Force = False,
    verbose: Verbose = False,
) -> None:
    """Inscrire au journal les nouvelles de feuilles de suivi remplies.

    Chaque ligne remplie devient une entrée du journal de son action, comme avec
    « tdsplan update ». Plusieurs retours s’importent d’un coup, ensemble ou pas du
    tout ; deux retours qui se contredisent sur une action sont un conflit. Si une
    ligne est fautive, rien n’est inscrit (avec --skip-invalid : les lignes correctes
    le sont, les autres sont listées, code de sortie 0). Une ligne déjà inscrite est
    passée. Un classeur exporté d’un autre plan est refusé ; un plan clos demande
    --force. --dry-run dit, action par action, ce qui serait inscrit. Exemple :
    tdsplan import retours/*.xlsx --dry-run
    """
    from tdsplan.intake import import_sheets
    from tdsplan.sheets import read_sheet

    # Every file read before anything is judged: the problems of all are said at once,
    # a row the plan refuses beside the cells that cannot be read.
    with console.progress(_("Lecture du classeur")):
        returned = [read_sheet(path, partial=True) for path in dict.fromkeys(paths)]
    target = project_to_change(ctx, force)
    plan = target.load()  # once, for the adopted years and the import
    from tdsplan.cli.adopt import refuse_if_adopted

    dates = [row.date for sheet in returned for row in sheet.rows if row.date is not None]
    refuse_if_adopted(target, plan, dates, force)
    try:
        with console.progress(_("Lignes du classeur")) as tell:
            done = import_sheets(
                target,
                returned,
                plan=plan,
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
    _report(done, dry_run=dry_run, verbose=verbose)
    if not dry_run:
        try:
            _record_returns(target, done)
        except ChangeRefusedError as error:  # the entries are written: said, not failed
            console.print_warning(str(error))


def _record_returns(project: Project, done: Imported) -> None:
    """The returns that brought news, in the record of what was sent to whom: the lead
    has answered (see ``tdsplan remind``)."""
    from tdsplan import sent
    from tdsplan.reminders import returns_of

    record = sent.read_record(project.plan_dir)
    if not record.sendings or done.plan is None:
        return
    found = []
    for sheet in done.returned:
        mine = done.of(sheet)
        ids = [r.row.id for r in mine.written + mine.already]
        if ids:
            back = returns_of(done.plan, record, sheet, ids, common.today())
            if back is not None:
                found.append(back)
    if found:
        sent.add(project.plan_dir, returns=found)


def _report(done: Imported, *, dry_run: bool, verbose: bool) -> None:
    """Each entry in the words of ``update`` (always in a dry run, else when few or
    asked), then what was left out, then one summary line per file."""
    from tdsplan.cli.update import print_done

    if dry_run and verbose:
        for edit in done.edits:
            typer.echo(edit.diff(console.shown_path(edit.path)), nl=False)
    listed = dry_run or verbose or len(done.written) <= SHOWN_ENTRIES
    for result in done.written:
        updated = result.updated
        assert updated is not None
        if listed:
            print_done(updated.update, updated)
        for warning in updated.warnings:
            console.print_warning(
                f"{console.shown_path(result.row.path)}:{result.row.places['date']}: {warning}"
            )
    err = console.stderr()
    for result in done.skipped:
        assert result.problem is not None
        for problem in result.row.problems or [result.problem]:
            console.say(
                _("ignorée : {problem}").format(
                    problem=problem.format(console.shown_path(problem.path))
                ),
                to=err,
            )
    for sheet in done.returned:
        console.say(_summary(console.shown_path(sheet.path), done.of(sheet), dry_run), to=err)
    if dry_run:
        err.print(_("Simulation : rien n’a été écrit."), markup=False)


def _add_hint(ctx: typer.Context, error: SheetInvalidError) -> None:
    """The way out of a refused sheet: its own plan, or --force / --skip-invalid."""
    from tdsplan.intake import OtherPlanError, SheetConflictError

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

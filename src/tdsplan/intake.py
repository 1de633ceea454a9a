"""The follow-up loop's sheets sent back: the rows the leads filled turned into journal
entries.

Each filled row becomes one entry through :func:`tdsplan.journal.update_actions`, the
engine of ``tdsplan update`` (byte-exact, validated, atomic, locked). The rows of every
sheet are all checked against the plan before anything is written, so that the returns
are imported whole or not at all (unless asked to leave the bad rows out): the plan is
validated once with every changed file, then each file is written once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tdsplan import sheets
from tdsplan.edit import Edit
from tdsplan.elements import find
from tdsplan.errors import (
    PlanInvalidError,
    SheetInvalidError,
    SheetProblem,
    TdsplanError,
    UnknownIdError,
    UsageError,
)
from tdsplan.followup import period
from tdsplan.i18n import _
from tdsplan.journal import BatchRefusedError, Updated, indicator_name, update_actions
from tdsplan.models import Action, EntreeJournal, Plan
from tdsplan.progress import Progress
from tdsplan.project import Project
from tdsplan.sent import moves
from tdsplan.state import state_at
from tdsplan.updates import Update, check_entry_date, done_below_full
from tdsplan.vocabulary import Statut, status_label


@dataclass(frozen=True)
class RowResult:
    """A row sent back and what became of it: ``updated`` when it is (or, in a dry run,
    would be) written; ``problem`` when it was left out (the first of its cells' problems,
    all in ``row.problems``, when its cells could not be read)."""

    row: sheets.SheetRow
    updated: Updated | None = None
    problem: SheetProblem | None = None


@dataclass
class Imported:
    """What an import of one or several sheets did (or, in a dry run, would do)."""

    returned: list[sheets.Sheet]
    written: list[RowResult] = field(default_factory=list)
    already: list[RowResult] = field(default_factory=list)
    skipped: list[RowResult] = field(default_factory=list)
    conflicts: int = 0
    #: One edit per file changed (or to change, in a dry run).
    edits: list[Edit] = field(default_factory=list)
    #: The plan as it was before the import.
    plan: Plan | None = None

    def of(self, sheet: sheets.Sheet) -> Imported:
        """The part of this import that came from ``sheet``."""

        def mine(results: list[RowResult]) -> list[RowResult]:
            return [r for r in results if r.row.path == sheet.path]

        return Imported([sheet], mine(self.written), mine(self.already), mine(self.skipped))


class OtherPlanError(SheetInvalidError):
    """The workbook was exported from another plan than the one it is imported into."""

    def __init__(self, sheet: sheets.Sheet, plan: str):
        self.sheet_period, self.plan_period = sheet.periode, plan
        super().__init__(
            [
                SheetProblem(
                    sheet.path,
                    "",
                    _(
                        "classeur exporté du plan {sheet}, pas du plan {plan} où l’inscrire : ses "
                        "lignes parlent des actions du plan {sheet}"
                    ).format(sheet=sheet.periode, plan=plan),
                )
            ]
        )


class SheetConflictError(SheetInvalidError):
    """Some rows were refused because their action changed since the export."""

    def __init__(self, problems: list[SheetProblem], conflicts: int):
        super().__init__(problems)
        self.conflicts = conflicts


def import_sheets(
    project: Project,
    returned: list[sheets.Sheet],
    *,
    today: dt.date,
    by: str | None = None,
    dry_run: bool = False,
    force: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    plan: Plan | None = None,
) -> Imported:
    """Write each filled row of the sheets ``returned`` as a journal entry of its action,
    all sheets in one batch (one validation, each file written once).

    A row already in the journal is passed over. A row whose action has a newer last
    entry than the one the sheet shows is a conflict, written only with ``force``; so
    is a row that says otherwise than another sheet's row of the same action. News
    typed in a grey column (not read) is a problem at its cell, never ignored.
    Any refused row (a cell that cannot be read, in :attr:`Sheet.invalid`, or a row the
    plan refuses) stops the import before anything is written (:class:`SheetInvalidError`,
    all problems at once, in the order of the sheets and their rows), unless
    ``skip_invalid``: then the good rows are written and the others listed in
    :attr:`Imported.skipped`. A workbook exported from another plan is refused whole
    (:class:`OtherPlanError`). ``progress`` hears of the rows written
    (:func:`tdsplan.journal.update_actions`). ``plan`` is the project's plan when the
    caller has just read it (else it is read here).
    """
    plan = plan if plan is not None else project.load()
    for sheet in returned:
        if sheet.periode is not None and sheet.periode != period(plan):
            raise OtherPlanError(sheet, period(plan))
    by_id = _by_id(project, plan)
    result = Imported(list(returned), plan=plan)
    refusals: list[RowResult] = []
    planned: list[tuple[sheets.SheetRow, Update]] = []
    seen: dict[str, tuple[sheets.SheetRow, Update]] = {}
    for sheet in returned:
        refusals += [RowResult(row, problem=row.problems[0]) for row in sheet.invalid]
        for row in sheet.untouched:
            action = by_id.get(row.id)
            problem = _grey_news(action, row, today) if action is not None else None
            if problem is not None:
                refusals.append(RowResult(row, problem=problem))
        for row in sheet.rows:
            try:
                action = by_id.get(row.id) or _action(plan, row)
                update = _update(plan, action, row, by, today)
                if _recorded(action, row, update):
                    result.already.append(RowResult(row))
                    continue
                conflict = _conflict(action, row) or _between(seen.get(action.id), row, update)
                if conflict and not force:
                    result.conflicts += 1
                    raise _RowRefused(conflict)
                grey = _grey_news(action, row, today)
                if grey is not None:
                    raise _RowRefused(grey)
            except _RowRefused as refusal:
                refusals.append(RowResult(row, problem=refusal.problem))
                continue
            seen[action.id] = (row, update)
            planned.append((row, update))
    order = {sheet.path: number for number, sheet in enumerate(returned)}
    refusals.sort(key=lambda r: (order[r.row.path], r.row.line))
    result.skipped += refusals
    problems = [p for r in refusals for p in (r.row.problems or [r.problem] if r.problem else [])]
    if problems and not skip_invalid:
        raise SheetConflictError(problems, result.conflicts)
    _write(
        project,
        plan,
        [(by_id[row.id].id if row.id in by_id else row.id, row, update) for row, update in planned],
        result,
        today=today,
        dry_run=dry_run,
        keep=skip_invalid,
        progress=progress,
    )
    return result


def _by_id(project: Project, plan: Plan) -> dict[str, Action]:
    """The plan's actions by ID, and by the old ID of each one moved since a workbook was
    sent (that workbook names its old ID, see :func:`tdsplan.sent.moves`)."""
    by_id: dict[str, Action] = {a.id: a for _o, _ob, a in plan.iter_actions()}
    for old, new in moves(project.plan_dir).items():
        if old not in by_id and new in by_id:
            by_id[old] = by_id[new]
    return by_id


def _write(
    project: Project,
    plan: Plan,
    planned: list[tuple[str, sheets.SheetRow, Update]],
    result: Imported,
    *,
    today: dt.date,
    dry_run: bool,
    keep: bool,
    progress: Progress | None = None,
) -> None:
    """The planned rows (each with the ID of its action) written in one batch; a row the
    engine refuses is set apart (and, unless ``keep``, the whole import refused after
    every bad row is named)."""
    refused: list[SheetProblem] = []
    while planned:
        try:
            # Once a row is refused, the others are only tried, to name every bad row.
            done, edits = update_actions(
                project,
                [(identifier, update) for identifier, _row, update in planned],
                today=today,
                dry_run=dry_run or bool(refused and not keep),
                plan=plan,
                progress=progress,
            )
        except BatchRefusedError as error:
            row = planned[error.index][1]
            problem = row.problem("id", _engine_message(error.error))
            refused.append(problem)
            result.skipped.append(RowResult(row, problem=problem))
            del planned[error.index]
            continue
        result.edits = edits
        result.written = [
            RowResult(row, updated) for (_id, row, _up), updated in zip(planned, done, strict=True)
        ]
        break
    if refused and not keep:
        raise SheetInvalidError(refused)


class _RowRefused(Exception):
    def __init__(self, problem: SheetProblem):
        self.problem = problem


def _action(plan: Plan, row: sheets.SheetRow) -> Action:
    try:
        element = find(plan, row.id)
    except UnknownIdError as error:
        raise _RowRefused(
            row.problem(
                "id",
                _("action « {id} » inconnue dans le plan").format(id=row.id)
                + (
                    _(" ; vouliez-vous dire {ids} ?").format(ids=", ".join(error.close))
                    if error.close
                    else ""
                ),
            )
        ) from None
    if not isinstance(element, Action):
        raise _RowRefused(
            row.problem(
                "id", _("« {id} » n’est pas une action (de la forme 1.2.3)").format(id=row.id)
            )
        )
    return element


def _update(
    plan: Plan, action: Action, row: sheets.SheetRow, by: str | None, today: dt.date
) -> Update:
    if (
        row.statut is None
        and row.avancement is None
        and not row.note
        and not row.echeance
        and row.valeur is None
    ):
        raise _RowRefused(
            row.problem(
                "id",
                _(
                    "ligne sans nouvelle : remplissez le statut, l’avancement, l’échéance, la note ou "
                    "la valeur d’un indicateur (ou videz la ligne)"
                ),
            )
        )
    measures = {}
    if row.valeur is not None:
        if not row.indicateur and action.indicateurs:
            raise _RowRefused(
                row.problem(
                    "valeur",
                    _(
                        "valeur sans indicateur : écrivez le nom de l’indicateur dans la colonne "
                        "« Indicateur »"
                    )
                    + _(" ; indicateurs de l’action : {names}").format(
                        names=", ".join(f"« {i.nom} »" for i in action.indicateurs)
                    ),
                )
            )
        try:
            measures[indicator_name(action, row.indicateur or "")] = row.valeur
        except UsageError as error:
            raise _RowRefused(
                row.problem("indicateur" if row.indicateur else "valeur", str(error))
            ) from None
    date = row.date or today
    try:
        check_entry_date(plan, date, today)
    except UsageError as error:
        raise _RowRefused(row.problem("date", str(error))) from None
    if done_below_full(action, row.statut, row.avancement, date):
        raise _RowRefused(
            row.problem(
                "nouvel_avancement",
                _(
                    "avancement de {progress} % pour une action réalisée : une action réalisée est à "
                    "100 % (ou laissez l’avancement vide)"
                ).format(progress=row.avancement),
            )
        )
    return Update(
        date=date,
        statut=row.statut,
        avancement=row.avancement,
        note=row.note,
        auteur=row.auteur or by,
        echeance=row.echeance,
        indicateurs=measures,
    )


def _same(entry: EntreeJournal, update: Update, row: sheets.SheetRow) -> bool:
    # An author the sheet does not give (the coordinator's --by) may differ between runs.
    return (
        (entry.note or None) == (update.note or None)
        and (row.auteur is None or entry.auteur == row.auteur)
        and (update.statut is None or entry.statut is update.statut)
        and (update.avancement is None or entry.avancement == update.avancement)
        and (update.echeance is None or entry.echeance == update.echeance)
        and all(entry.indicateurs.get(name) == value for name, value in update.indicateurs.items())
    )


def _recorded(action: Action, row: sheets.SheetRow, update: Update) -> bool:
    """Whether the journal already holds this row's entry: on its date, or, for a row
    without a date, on any day since the entry the sheet showed."""
    if row.date is not None:
        return any(e.date == update.date and _same(e, update, row) for e in action.journal)
    since = row.derniere_date or dt.date.min
    return any(e.date >= since and _same(e, update, row) for e in action.journal)


def _plain(text: str) -> str:
    """A text as both sides are compared: invisible characters out, accents composed,
    blanks and line breaks as single spaces."""
    return " ".join(sheets.clean_text(text).split())


def _through_cp1252(text: str) -> str:
    """``text`` as a CSV saved in Windows-1252 gives it back: « → » and « ≥ » as « ? »."""
    return text.encode("cp1252", "replace").decode("cp1252")


def _conflict(action: Action, row: sheets.SheetRow) -> SheetProblem | None:
    """Whether the action changed since the sheet was exported: its last entry's date,
    or its note, compared after the same cleaning on both sides."""
    last = action.journal[-1] if action.journal else None
    date, note = (last.date if last else None), _plain((last.note or "") if last else "")
    shown = _plain(row.derniere_note)
    if date == row.derniere_date and shown in _shown_forms(note):
        return None
    if date != row.derniere_date:
        if not date:
            message = _("conflit : l’action {id} a changé depuis l’export : vérifiez la ligne")
        elif row.derniere_date is None:
            message = _(
                "conflit : l’action {id} a changé depuis l’export (dernière entrée du {date} "
                "dans le plan, aucune dans la feuille) : vérifiez la ligne"
            )
        else:
            message = _(
                "conflit : l’action {id} a changé depuis l’export (dernière entrée du {date} "
                "dans le plan, du {then} dans la feuille) : vérifiez la ligne"
            )
        return row.problem(
            "derniere_date", message.format(id=action.id, date=date, then=row.derniere_date)
        )
    return row.problem(
        "derniere_note",
        _(
            "conflit : la dernière note de l’action {id} n’est plus celle du plan ({how}) : "
            "vérifiez la ligne"
        ).format(id=action.id, how=_how_differs(note, shown)),
    )


def _how_differs(plan_text: str, sheet_text: str) -> str:
    """Where two texts part, shown on both sides."""
    start = next(
        (i for i, (a, b) in enumerate(zip(plan_text, sheet_text, strict=False)) if a != b),
        min(len(plan_text), len(sheet_text)),
    )
    begin = max(start - 10, 0)

    def cut(text: str) -> str:
        return ("…" if begin else "") + text[begin : start + 20]

    how = _("« {plan} » dans le plan, « {sheet} » dans la feuille").format(
        plan=cut(plan_text), sheet=cut(sheet_text)
    )
    if "?" in sheet_text and len(_through_cp1252(plan_text)) == len(sheet_text):
        how += _(" ; des caractères remplacés par ? lors d’un enregistrement CSV")
    return how


def _between(
    earlier: tuple[sheets.SheetRow, Update] | None, row: sheets.SheetRow, update: Update
) -> SheetProblem | None:
    """A row that says otherwise than an earlier sheet's row of the same action."""
    if earlier is None:
        return None
    first, said = earlier
    for key, mine, theirs in (
        ("nouveau_statut", update.statut, said.statut),
        ("nouvel_avancement", update.avancement, said.avancement),
        ("nouvelle_echeance", update.echeance, said.echeance),
    ):
        if mine is not None and theirs is not None and mine != theirs:
            return row.problem(
                key,
                _(
                    "conflit entre deux retours : {other} dit « {theirs} » pour l’action {id}, "
                    "cette ligne « {mine} » : gardez-en un"
                ).format(
                    other=f"{first.path.name}:{first.places.get(key, '')}",
                    theirs=_said(theirs),
                    mine=_said(mine),
                    id=row.id,
                ),
            )
    return None


def _said(value: object) -> str:
    return status_label(value) if isinstance(value, Statut) else str(value)


#: The grey columns a lead may type news into by mistake, and the column to use instead.
_GREY_TO_FILL = {
    "statut": "nouveau_statut",
    "avancement": "nouvel_avancement",
    "echeance": "nouvelle_echeance",
    "derniere_note": "note",
}


def _grey_news(action: Action, row: sheets.SheetRow, today: dt.date) -> SheetProblem | None:
    """News typed in a grey column (not read): a grey cell that says otherwise than the
    plan, on a row whose action has not changed since the export."""
    shown = row.shown
    last = action.journal[-1] if action.journal else None
    if _shown_date(shown) != (last.date if last else None):
        return None  # changed since the export: a conflict, said as one
    plan_side: dict[str, Any] = {
        "statut": action.statut,
        "avancement": action.avancement,
        "echeance": action.echeance,
        "derniere_note": _plain((last.note or "") if last else ""),
    }
    for key, fill in _GREY_TO_FILL.items():
        typed = shown.get(key)
        if typed is None or _same_shown(key, typed, plan_side[key]):
            continue
        if key != "derniere_note":  # the fields were cheap; the state is what was shown
            now = state_at(action, today)
            known = {"statut": now.statut, "avancement": now.avancement, "echeance": now.echeance}
            if _same_shown(key, typed, known[key]):
                continue
        labels = dict(sheets.COLUMNS)
        return row.problem(
            key,
            _(
                "« {typed} » tapé dans la colonne grise « {grey} », qui n’est pas lue : "
                "tapez-le dans la colonne jaune « {fill} »"
            ).format(typed=str(typed)[:60], grey=_(labels[key]), fill=_(labels[fill])),
        )
    return None


def _shown_date(shown: dict[str, Any]) -> Any:
    """The last entry's date the sheet shows: a workbook's date, or a CSV's text of it."""
    value = shown.get("derniere_date")
    try:
        return sheets.cell_date(value) if isinstance(value, str) else value
    except ValueError:
        return value


def _same_shown(key: str, typed: Any, known: Any) -> bool:
    """Whether a grey cell shows what the plan holds: a workbook's number or date, or a
    CSV's text of them (« 60 % », « 2023-03-31 »), read as the columns to fill are."""
    if key == "statut":
        return isinstance(typed, str) and sheets.status_of(typed) is known
    try:
        if key == "avancement":
            shown = typed if isinstance(typed, int | float) else sheets.cell_progress(typed, False)
            return known is not None and shown == known
        if key == "echeance":
            return sheets.cell_date(typed) == known
    except ValueError:
        return False
    return _plain(str(typed)) in _shown_forms(known)


def _shown_forms(note: str) -> tuple[str, ...]:
    """A plan's note as a returned sheet may show it: as written; through a CSV in
    Windows-1252 (« → » becomes « ? »); without the leading apostrophe a CSV field loses
    (« '=déjà » comes back « =déjà »)."""
    return (note, _through_cp1252(note), note.removeprefix("'"))


def _engine_message(error: TdsplanError) -> str:
    if isinstance(error, PlanInvalidError):
        return "; ".join(p.message for p in error.problems)
    return str(error)

"""The follow-up loop's sheet sent out: the actions drawn from the plan for the people who
carry them, as rows of a workbook, one for all or one per lead; what comes back is
:mod:`tdsplan.intake`'s business."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from tdsplan import sheets
from tdsplan.formulas import csv_field
from tdsplan.i18n import _
from tdsplan.models import Plan
from tdsplan.state import plan_state
from tdsplan.views import ActionLine, Filters, action_line
from tdsplan.vocabulary import fold, status_label

#: How much of an orientation's or objective's title the sheet shows.
SHORT_TITLE = 60


@dataclass(frozen=True)
class Selection:
    """Which actions an extract holds: the status screen's filters (status, lead,
    orientation, territory, funder...), plus partner (part of its name) and mandate."""

    filters: Filters = Filters()
    partenaire: str | None = None
    mandat: int | None = None

    def keeps(self, line: ActionLine, as_of: dt.date) -> bool:
        action = line.action
        if not self.filters.keeps(line, as_of):
            return False
        if self.partenaire and not any(
            fold(self.partenaire) in fold(p) for p in action.partenaires
        ):
            return False
        return self.mandat is None or self.mandat in action.mandats


def selected(plan: Plan, as_of: dt.date, selection: Selection = Selection()) -> list[ActionLine]:
    """The actions ``selection`` keeps, each as it stands on ``as_of``, in plan order."""
    lines = []
    for o in plan_state(plan, as_of).orientations:
        for ob in o.objectifs:
            for action, now in ob.actions:
                line = action_line(plan, o.orientation, ob.objectif, action, now, as_of)
                if selection.keeps(line, as_of):
                    lines.append(line)
    return lines


def export_rows(
    plan: Plan, as_of: dt.date, selection: Selection = Selection()
) -> list[sheets.ExportRow]:
    """The rows of the follow-up sheet: each selected action as it stands on ``as_of``."""
    rows = []
    for line in selected(plan, as_of, selection):
        action, now = line.action, line.state
        assert line.orientation is not None and line.objectif is not None
        last = action.journal[-1] if action.journal else None
        rows.append(
            sheets.ExportRow(
                id=action.id,
                orientation=_short(f"{line.orientation.id}. {line.orientation.titre}"),
                objectif=_short(f"{line.objectif.id} {line.objectif.titre}"),
                titre=action.titre,
                porteur=now.porteur or "",
                statut=status_label(now.statut),
                avancement=now.avancement,
                echeance=now.echeance,
                derniere_date=last.date if last else None,
                derniere_note=(last.note or "") if last else "",
                indicateur=action.indicateurs[0].nom if len(action.indicateurs) == 1 else "",
            )
        )
    return rows


def _short(text: str) -> str:
    return text if len(text) <= SHORT_TITLE else text[: SHORT_TITLE - 1].rstrip() + "…"


def follow_up_workbook(plan: Plan, as_of: dt.date, selection: Selection = Selection()) -> bytes:
    """The follow-up workbook (.xlsx) of the selected actions, as they stand on ``as_of``."""
    return sheets.workbook(export_rows(plan, as_of, selection), cover(plan, as_of))


def cover(plan: Plan, as_of: dt.date, lead: str = "") -> sheets.Cover:
    """What the workbook's help sheet says of the plan, and the period (and the lead, for
    one lead's workbook) it records."""
    return sheets.Cover(plan.organisation, plan.titre, as_of, period(plan), lead)


def period(plan: Plan) -> str:
    """``2018-2023``."""
    return f"{plan.periode.debut}-{plan.periode.fin}"


@dataclass(frozen=True)
class LeadBook:
    """One lead's workbook: their name, the file's name (``clds-de-joliette.xlsx``), the
    rows it holds and its bytes."""

    lead: str
    file: str
    rows: list[sheets.ExportRow]
    workbook: bytes


def lead_books(
    plan: Plan, as_of: dt.date, selection: Selection = Selection()
) -> tuple[list[LeadBook], list[sheets.ExportRow]]:
    """One workbook per lead of the selected actions, in the order of their names, each
    recording its lead; and the rows of the actions without a lead, in none."""
    by_lead: dict[str, list[sheets.ExportRow]] = {}
    orphans = []
    for row in export_rows(plan, as_of, selection):
        if row.porteur:
            by_lead.setdefault(row.porteur, []).append(row)
        else:
            orphans.append(row)
    books, used = [], set()
    for lead in sorted(by_lead, key=fold):
        name = file_name(lead)
        stem, number = name, 2
        while name in used:  # two names that fold alike: « CLDS » and « clds »
            name, number = f"{stem}-{number}", number + 1
        used.add(name)
        rows = by_lead[lead]
        books.append(
            LeadBook(lead, f"{name}.xlsx", rows, sheets.workbook(rows, cover(plan, as_of, lead)))
        )
    return books, orphans


def file_name(lead: str) -> str:
    """A lead's name as a file name any system and mail program takes:
    ``clds-de-joliette`` for « CLDS de Joliette »."""
    plain = re.sub(r"[^a-z0-9]+", "-", fold(lead)).strip("-")
    return plain[:60].rstrip("-") or "porteur"


def lead_index(plan: Plan, books: list[LeadBook], delimiter: str = ";") -> str:
    """The index of a per-lead export, as CSV for a spreadsheet set to French: each lead,
    their declared address, their file and how many actions it holds."""
    addresses = {p.nom: p.courriel for p in plan.porteurs}
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_("Porteur"), _("Courriel"), _("Fichier"), _("Actions")])
    for book in books:
        writer.writerow(
            [
                csv_field(book.lead),
                csv_field(addresses.get(book.lead, "")),
                book.file,
                len(book.rows),
            ]
        )
    return buffer.getvalue()

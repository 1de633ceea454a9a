"""Who to remind, and what to write them: the leads sent a workbook who have not answered
since, each with a letter and their workbook as it stands today; what a return says of
its lead, for the record."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from tdsplan import sheets
from tdsplan.followup import cover, export_rows, file_name
from tdsplan.mail import Letter, letter_text
from tdsplan.models import Plan
from tdsplan.sent import Record, Return, Waiting, answers


@dataclass(frozen=True)
class Reminder:
    """A lead who has not answered, and the letter to send them (``None`` when the plan
    declares no address for them)."""

    waiting: Waiting
    letter: Letter | None


def reminders(
    plan: Plan, record: Record, today: dt.date, lang: str, template_dirs: list[Path]
) -> list[Reminder]:
    """A reminder for each lead who was sent a workbook and has not answered since, with
    that workbook's actions as they stand on ``today``."""
    waiting = [w for w in answers(plan, record) if w.answered is None]
    if not waiting:
        return []
    rows = {row.id: row for row in export_rows(plan, today)}
    found = []
    for who in waiting:
        if who.courriel is None:
            found.append(Reminder(who, None))
            continue
        theirs = [rows[i] for i in who.sent.actions if i in rows]
        attachment = f"{file_name(who.porteur)}.xlsx"
        subject, body = letter_text(
            template_dirs,
            lang,
            lead=who.porteur,
            organisation=plan.organisation,
            plan=plan.titre,
            sent=who.sent.date,
            today=today,
            actions=theirs,
            file=attachment,
        )
        workbook = sheets.workbook(theirs, cover(plan, today, who.porteur))
        found.append(
            Reminder(who, Letter(who.porteur, who.courriel, subject, body, attachment, workbook))
        )
    return found


def returns_of(
    plan: Plan, record: Record, sheet: sheets.Sheet, ids: list[str], today: dt.date
) -> Return | None:
    """What a return imported says of its lead, for the record: the lead its workbook
    names, or else the one lead of every action it gave news of; ``None`` when neither
    says, or when that lead was never sent a workbook."""
    lead = sheet.porteur
    if lead is None:
        leads = {a.porteur for _o, _ob, a in plan.iter_actions() if a.id in set(ids)}
        lead = next(iter(leads)) if len(leads) == 1 else None
    if lead is None or record.last_workbook(lead) is None:
        return None
    return Return(lead, today, sheet.path.name)

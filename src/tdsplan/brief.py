"""The brief for a committee meeting (« État de situation »): what changed since the
last meeting, what is late and why, what falls due before the next one, and the
decisions to take; rendered by the ``etat.*.j2`` templates from a
:class:`~tdsplan.report.Report` that carries it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from tdsplan.bilan import Brief, Decision
from tdsplan.changes import changes_since
from tdsplan.fiscal import fiscal_year, fiscal_year_of
from tdsplan.models import Statut
from tdsplan.report import ActionReport, Report, ReportPeriod, build_report

if TYPE_CHECKING:
    from tdsplan.models import Plan

#: How far ahead the brief looks for due dates when the next meeting is not given.
AHEAD = dt.timedelta(days=90)


def build_brief(
    plan: Plan,
    folder: Path,
    since: str,
    as_of: dt.date,
    *,
    until: dt.date | None = None,
    bailleur: str | None = None,
) -> Report:
    """The brief of ``plan`` (in ``folder``) for a meeting on ``as_of``: the changes since
    ``since`` (a date, or a git revision of the plan), the late actions, the due dates
    up to ``until`` (default: 90 days on), the decisions to take."""
    changes = changes_since(folder, plan, since, as_of)
    for moved in (changes.status_changes, changes.rescheduled):
        moved.sort(key=lambda c: (c.date or dt.date.min, c.action.id))
    start = changes.date or fiscal_year(plan, fiscal_year_of(plan, as_of))[0]
    report = build_report(plan, ReportPeriod("depuis", min(start, as_of), as_of), bailleur=bailleur)
    horizon = until or as_of + AHEAD
    lines = [a for o in report.orientations for ob in o.objectifs for a in ob.actions]
    report.brief = Brief(
        since,
        changes,
        horizon,
        due=sorted(
            (
                line
                for line in lines
                if line.echeance is not None
                and as_of < line.echeance <= horizon
                and line.state.statut not in (Statut.REALISEE, Statut.ABANDONNEE)
            ),
            key=lambda line: (line.echeance or dt.date.min, line.action.id),
        ),
        decisions=_decisions(lines, as_of),
    )
    return report


def _decisions(lines: list[ActionReport], as_of: dt.date) -> list[Decision]:
    """Late actions (a new due date, or another status, to decide), then postponed ones
    without a due date still ahead (when do they resume?), in plan order."""
    found = [Decision(line, "late") for line in lines if line.state.said_late]
    found += [
        Decision(line, "undated")
        for line in lines
        if line.state.statut is Statut.REPORTEE and (line.echeance is None or line.echeance < as_of)
    ]
    return found

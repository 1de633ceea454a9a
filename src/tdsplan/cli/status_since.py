"""What ``tdsplan status --since`` shows below the headline: what changed since a date or
a revision, section by section, one line per change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tdsplan.cli import console
from tdsplan.i18n import _

if TYPE_CHECKING:
    from tdsplan.changes import Changes


def since_lines(changes: Changes, width: int) -> list[Any]:
    """What changed since a date or a revision (``--since``), section by section."""
    from tdsplan.figures import number

    if changes.date is not None:
        heading = _("Depuis le {date}").format(date=console.long_date(changes.date))
    else:
        heading = _("Depuis la révision {revision}").format(revision=changes.before)
    lines: list[Any] = ["", console.text(heading, style="bold")]
    sections = [
        (_("Entrées de journal"), [_entry_line(a, e) for a, e in changes.entries]),
        (
            _("Entrées de journal corrigées"),
            [_entry_line(a, after) for a, _before, after in changes.corrected],
        ),
        (_("Entrées de journal supprimées"), [_entry_line(a, e) for a, e in changes.dropped]),
        (
            _("Changements de statut"),
            [
                console.text("  ").append_text(
                    console.status_change(c.action.id, c.action.titre, c.before, c.after, "  ")
                )
                for c in changes.status_changes
            ],
        ),
        (
            _("Nouvelles actions"),
            [console.text(f"  + {a.id}  {a.titre}", style="green") for a in changes.added],
        ),
        (
            _("Actions déplacées"),
            [
                console.text(f"  {m.before.id} → {m.after.id}  {m.after.titre}", style="yellow")
                for m in changes.moved
            ],
        ),
        (
            _("Échéances modifiées"),
            [
                console.text(
                    f"  {r.action.id}  {r.action.titre}{_(' : ')}"
                    f"{r.before or '—'} → {r.after or '—'}"
                )
                for r in changes.rescheduled
            ],
        ),
        (
            _("Nouvelles valeurs d’indicateurs"),
            [
                console.text(
                    f"  {i.action.id}  {i.nom}{_(' : ')}{number(i.before)} → "
                    f"{number(i.after)}" + (f" {i.unite}" if i.unite else "")
                )
                for i in changes.indicators
            ],
        ),
    ]
    if not any(rows for _title, rows in sections):  # progress and removals are not shown
        return [*lines, console.text(_("Aucun changement."), style="italic")]
    for title, rows in sections:
        if rows:
            lines.append(console.text(f"{title} ({len(rows)})", style="bold"))
            for row in rows:
                row.truncate(width, overflow="ellipsis")
                lines.append(row)
    return lines


def _entry_line(action: Any, entry: Any) -> console.Text:
    """One journal entry on one line: what it changed, then its note."""
    line = console.text(f"  {entry.date}  {action.id}  ")
    line.append_text(console.change_text(entry.statut, entry.avancement))
    parts = console.entry_records(entry)
    if entry.note:
        parts.append(entry.note)
    if parts:
        line.append(
            (" · " if line.plain.strip() != f"{entry.date}  {action.id}" else "")
            + " · ".join(parts)
        )
    return line

"""A meeting's « État de situation » in a DOCX: what changed, what is late and why, what
falls due before the next meeting, the decisions to take."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tdsplan.report import ActionReport, Report
from tdsplan.word import story
from tdsplan.word.styles import BRIEF_TITLE, ORGANISATION, STRONG
from tdsplan.word.writer import Writer

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

    from tdsplan.bilan import Brief


def brief(writer: Writer, report: Report) -> None:
    """The brief of ``report`` (whose ``brief`` is set), its four sections after its title."""
    b: Brief | None = report.brief
    assert b is not None  # render_docx lays out a brief only for a report that has one
    words = writer.words
    _ = words.say
    _opening(writer, report, b)
    writer.heading(f"{_('Ce qui a changé')} {words.since(report)}", 1)
    _changes(writer, report, b)
    writer.heading(_("Actions en retard"), 1)
    story.late_table(writer, report)
    writer.heading(_("Échéances d’ici le {date}").format(date=words.date(b.until)), 1)
    if b.due:
        # (the brief's lines are the report's own)
        writer.action_table([line for line in b.due if isinstance(line, ActionReport)])
    else:
        writer.paragraph(_("Aucune action n’arrive à échéance d’ici là."))
    writer.heading(_("Décisions à prendre"), 1)
    if not b.decisions:
        writer.paragraph(_("Aucune action n’attend de décision."))
    for d in b.decisions:
        item = writer.paragraph("", style="List Bullet")
        item.add_run(d.line.action.id, STRONG)
        writer.runs(item, f" {d.line.action.titre} — {words.decision(d)}")


def _opening(writer: Writer, report: Report, b: Brief) -> None:
    """The organisation, the title, what the brief tells, and the state in one line."""
    words, plan, h = writer.words, report.plan, report.headline
    _, colon, semicolon = words.say, words.colon, words.semicolon
    writer.document.add_paragraph(str(plan.organisation), style=ORGANISATION)
    writer.paragraph(words.title(report), style=BRIEF_TITLE)
    writer.document.add_paragraph(str(plan.titre), style="Subtitle")
    told = _(
        "ce qui est en retard et pourquoi, ce qui vient d’ici le {date}, les décisions à prendre."
    ).format(date=words.date(b.until))
    writer.paragraph(f"{_('Ce qui a changé')} {words.since(report)}, {told}")
    if report.bailleur:
        writer.paragraph(
            _("Extrait : les actions financées par {funder}.").format(funder=report.bailleur)
        )
    if plan.avertissement:
        warning = writer.document.add_paragraph(style="Intense Quote")
        warning.add_run(_("Avertissement"), STRONG)
        writer.runs(warning, f"{colon} {plan.avertissement}")
    line = writer.paragraph("")
    line.add_run(_("En bref"), STRONG)
    writer.runs(line, f"{colon} ")
    writer.runs(line, words.done_of(report), STRONG)
    state = words.state_counts(report)
    if state:
        writer.runs(line, f"{semicolon}{state}")
    if h.en_retard:
        writer.runs(line, semicolon)
        late = words.plural("{n} action en retard", "{n} actions en retard", h.en_retard)
        writer.runs(line, late, STRONG)
    writer.runs(line, ".")


def _changes(writer: Writer, report: Report, b: Brief) -> None:
    """Each status changed, each due date moved (with its reason), each note of news, each
    action added or removed since the last meeting."""
    words = writer.words
    _, colon = words.say, words.colon
    changes = b.changes
    if not changes:
        writer.paragraph(_("Rien n’a été inscrit au journal depuis la dernière rencontre."))
        return

    def item(action_id: str, text: str) -> Paragraph:
        paragraph = writer.paragraph("", style="List Bullet")
        paragraph.add_run(action_id, STRONG)
        writer.runs(paragraph, text)
        return paragraph

    for c in changes.status_changes:
        when = f" ({words.date(c.date)})" if c.date else ""
        said = f"{colon} {words.quote(c.note)}" if c.note else ""
        paragraph = item(c.action.id, f" {c.action.titre}{colon} {words.status(c.before)} → ")
        writer.runs(paragraph, words.status(c.after), STRONG)  # where it stands now
        writer.runs(paragraph, f"{when}{said}")
    for x in changes.rescheduled:
        before = words.date(x.before) if x.before else "—"
        after = words.date(x.after) if x.after else "—"
        when = f" ({words.date(x.date)})" if x.date else ""
        reason = (
            f"{_('Motif')}{colon} {words.quote(x.note)}"
            if x.note
            else _("Le journal n’en donne pas la raison.")
        )
        item(
            x.action.id,
            f" {x.action.titre}{colon} {_('échéance')} {before} → {after}{when}. {reason}",
        )
    moved = words.moved(report)
    for a, entry in changes.entries:
        if entry.note and f"{a.id}@{entry.date}" not in moved:
            note = entry.note[:-1] if entry.note.endswith(".") else entry.note
            paragraph = writer.paragraph("", style="List Bullet")
            paragraph.add_run(words.date(entry.date), STRONG)
            writer.runs(paragraph, f" — {note} ({a.id} {a.titre}).")
    for a in changes.added:
        item(a.id, f" {a.titre}{colon} {_('nouvelle action')}")
    for a in changes.removed:
        item(a.id, f" {a.titre}{colon} {_('action retirée du plan')}")
    for m in changes.moved:
        moved_from = _("action déplacée (auparavant {id})").format(id=m.before.id)
        item(m.after.id, f" {m.after.titre}{colon} {moved_from}")

"""The year's story in a DOCX: the « Mot », the highlights, each orientation's narrative and
outcome, the reasons of the moves, the corrections after adoption and the thanks."""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from tdsplan.render import heading_text
from tdsplan.report import OrientationReport, Report, counts
from tdsplan.vocabulary import Statut
from tdsplan.word.styles import SIGNATURE, STRONG, UNNUMBERED
from tdsplan.word.writer import Writer

if TYPE_CHECKING:
    from tdsplan.adoption import Correction
    from tdsplan.bilan import Fact


def mot(writer: Writer, report: Report) -> None:
    """The « Mot de la présidence » the editorial file gives, with its signature."""
    words = report.editorial
    if words is None or not words.mot:
        return
    writer.heading(heading_text(words.mot_titre), 1, style=UNNUMBERED)
    for text in words.mot:
        writer.paragraph(text)
    if words.signature:
        writer.paragraph(words.signature, style=SIGNATURE)


def highlights(writer: Writer, report: Report) -> None:
    """Section 1: the highlights with their numbers, the statuses by orientation, then
    each orientation's outcome and its narrative (or its notes of the period)."""
    _ = writer.words.say
    writer.heading(_("Faits saillants"), 1)
    if report.highlights:
        for fact in report.highlights:
            _fact(writer, fact, dated=False)
    else:
        writer.paragraph(_("Aucune note n’a été inscrite au journal pendant la période."))
    _status_table(writer, report)
    for o in report.orientations:
        _orientation(writer, report, o)


def _fact(writer: Writer, fact: Fact, *, dated: bool) -> None:
    """A note of the journal as a bullet: its words in bold (or after its date), what it
    is about, and the numbers it measured."""
    words = writer.words
    item = writer.paragraph("", style="List Bullet")
    about = f"{fact.action.id} {fact.action.titre}"
    if dated:
        item.add_run(words.date(fact.date), STRONG)
        writer.runs(item, f" — {words.note(fact)} ({about})")
    else:
        writer.runs(item, words.note(fact), STRONG)
        writer.runs(item, f" ({about}, {words.date(fact.date)})")
    measures = f"{words.semicolon}{words.measures(fact)}" if fact.mesures else ""
    writer.runs(item, f"{measures}.")


def _status_table(writer: Writer, report: Report) -> None:
    """How many actions each orientation has in each status shown, and its weighted
    progress."""
    words = writer.words
    _ = words.say
    shown = [c for c in counts(report.rollup) if c["nombre"]]
    rows = [
        [
            f"{_('Orientation')} {o.orientation.id}",
            str(o.rollup.total),
            *[str(o.rollup.statuts.get(c["statut"], 0)) for c in shown],
            words.pct(o.rollup.avancement),
        ]
        for o in report.orientations
    ]
    rows.append(
        [
            _("Ensemble"),
            str(report.rollup.total),
            *[str(c["nombre"]) for c in shown],
            words.pct(report.rollup.avancement),
        ]
    )
    writer.table(
        [
            _("Orientation"),
            _("Actions"),
            *[words.status(c["statut"]) for c in shown],
            _("Avancement pondéré"),
        ],
        rows,
    )


def _orientation(writer: Writer, report: Report, o: OrientationReport) -> None:
    """One orientation: its outcome (a final bilan's) or its counts, then the editorial's
    narrative, else the notes of the period."""
    words = writer.words
    _, colon = words.say, words.colon
    writer.heading(
        f"{_('Orientation')} {o.orientation.id} — {heading_text(o.orientation.titre)}", 2
    )
    if o.outcome:
        outcome = writer.paragraph("")
        outcome.add_run(_("Bilan de l’orientation"), STRONG)
        writer.runs(outcome, f"{colon} {words.outcome(o)}")
        if o.outcome.verdict:
            writer.paragraph(f"{_('Appréciation du conseil')}{colon} {o.outcome.verdict}")
    else:
        done = words.plural(
            "{n} action réalisée", "{n} actions réalisées", o.rollup.statuts.get(Statut.REALISEE, 0)
        )
        during = words.during_counts(o)
        if during:
            during = f"{words.semicolon}{_('pendant la période')}{colon} {during}"
        writer.paragraph(f"{done} {_('sur {total}').format(total=o.rollup.total)}{during}.")
    narrative = report.editorial.orientations.get(o.orientation.id) if report.editorial else None
    if narrative:
        for text in narrative:
            writer.paragraph(text)
    elif o.facts:
        for fact in o.facts:
            _fact(writer, fact, dated=True)
    else:
        writer.paragraph(
            _("Aucune note n’a été inscrite au journal de cette orientation pendant la période.")
        )


def moves(writer: Writer, report: Report) -> None:
    """The actions postponed, abandoned or rescheduled, once each, by date, with the
    reason the journal gives."""
    words = writer.words
    _, colon = words.say, words.colon
    writer.heading(_("Actions reportées, abandonnées ou replanifiées"), 2)
    if not report.moves:
        writer.paragraph(_("Aucune action n’est reportée."))
    for x in report.moves:
        reason = (
            f"{_('Motif')}{colon} {words.quote(x.reason)}"
            if x.reason
            else _("Le journal n’en donne pas la raison.")
        )
        item = writer.paragraph("", style="List Bullet")
        item.add_run(x.action.id, STRONG)
        writer.runs(item, f" {x.action.titre} — {words.move(x)}. {reason}")


def late_table(writer: Writer, report: Report) -> None:
    """The late actions, with the last news the journal gives of each."""
    words = writer.words
    _ = words.say
    if not report.late:
        writer.paragraph(_("Aucune action n’est en retard."))
        return
    news = []
    for line in report.late:
        last = report.latest.get(line.action.id)
        news.append(f"{last[1]} ({words.date(last[0])})" if last else "—")
    writer.action_table(report.late, (_("Dernière nouvelle"), news))


def corrections(writer: Writer, report: Report) -> None:
    """What was added to or removed from an adopted year, disclosed, by adoption."""
    _ = writer.words.say
    for label, group in groupby(sorted(report.corrections, key=_label), key=_label):
        title = _("Corrections apportées après l’adoption du bilan {label}").format(label=label)
        writer.heading(title, 1, style=UNNUMBERED)
        for c in group:
            writer.paragraph(writer.words.correction(c), style="List Bullet")


def _label(correction: Correction) -> str:
    """The label of the adopted year a correction touches."""
    return correction.adoption.label


def thanks(writer: Writer, report: Report) -> None:
    """The editorial's thanks, and the funders it does not name thanked by name."""
    _ = writer.words.say
    writer.heading(_("Remerciements"), 1, style=UNNUMBERED)
    written = report.editorial.remerciements if report.editorial else ()
    for text in written:
        writer.paragraph(text)
    funders = writer.words.thanks(report)
    if funders:
        writer.paragraph(funders)
    elif not written:
        writer.paragraph(_("Merci aux partenaires et aux porteurs des actions du plan."))

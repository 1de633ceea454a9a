"""The report's sections laid out in a DOCX, from the cover to the annexes, and its bytes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from tdsplan.figures import NBSP
from tdsplan.render import built_at, check_paged, heading_text
from tdsplan.report import OrientationReport, Report, counts
from tdsplan.vocabulary import Statut
from tdsplan.word.package import logo_picture, metadata, saved
from tdsplan.word.styles import (
    CONTENTS,
    FIGURE,
    FIGURE_LABEL,
    FIGURES_STYLE,
    LATE_TEXT,
    ORGANISATION,
    STRONG,
    SUBHEADING,
    apply_template,
    status_style,
)
from tdsplan.word.words import Words
from tdsplan.word.writer import Writer, page_number_footer, table_of_contents

if TYPE_CHECKING:
    from tdsplan.indicators import Reading


def render_docx(
    report: Report,
    lang: str,
    template_dirs: list[Path],
    built: dt.datetime | None = None,
    warnings: list[str] | None = None,
) -> bytes:
    """The report as a DOCX file, dated ``built`` (see :func:`tdsplan.render.built_at`):
    the same report gives the same bytes; refused before any work when too large to lay
    out (see :func:`tdsplan.render.check_paged`). What a reader should know of (a logo
    that could not be used) is added to ``warnings``."""
    check_paged(report, "docx")
    import docx  # heavy: imported only for a DOCX

    document = docx.Document()
    apply_template(document, "fr-CA" if lang == "fr" else "en-CA")
    writer = Writer(document, Words(lang, template_dirs, report))
    _page_setup(writer, report)
    _cover(writer, report, template_dirs, warnings if warnings is not None else [])
    _contents(writer)
    _highlights(writer, report)
    _detail(writer, report)
    _indicators(writer, report)
    _outlook(writer, report)
    _annexes(writer, report)
    stamp = built_at(report, built)
    metadata(document, f"{report.plan.titre} — {writer.words.title(report)}", report, stamp)
    return saved(document, stamp)


def _page_setup(writer: Writer, report: Report) -> None:
    """US Letter pages, the header and the footer."""
    from docx.shared import Cm

    document, words = writer.document, writer.words
    _ = words.say
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.59), Cm(27.94)  # US Letter
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.different_first_page_header_footer = True
    page_number_footer(section.footer.paragraphs[0], _("Page"))
    header = section.header.paragraphs[0]
    header.text = f"{report.plan.titre} — {words.title(report)}"


def _cover(writer: Writer, report: Report, template_dirs: list[Path], warnings: list[str]) -> None:
    """The first page: logo, organisation, title, period, the key figures and the summary."""
    document, words, plan = writer.document, writer.words, report.plan
    _, colon = words.say, words.colon
    logo_picture(
        document,
        template_dirs,
        _("Logo de {organisation}").format(organisation=plan.organisation),
        warnings,
    )
    document.add_paragraph(str(plan.organisation), style=ORGANISATION)
    document.add_paragraph(words.title(report), style="Title")
    document.add_paragraph(str(plan.titre), style="Subtitle")
    writer.paragraph(f"{_('Période couverte')}{colon} {words.covered(report)}.")
    writer.paragraph(f"{_('État du plan au')} {words.date(report.period.end)}.")
    if report.plans:  # a repository of several plans
        writer.paragraph(f"{words.plans(report)}.")
    if report.bailleur:
        writer.paragraph(
            _("Extrait : les actions financées par {funder}.").format(funder=report.bailleur)
        )
    document.add_paragraph(words.during(report), style=SUBHEADING)
    _figures(writer, report)
    document.add_paragraph()
    writer.paragraph(words.summary(report))
    if plan.avertissement:
        warning = document.add_paragraph(style="Intense Quote")
        warning.add_run(_("Avertissement"), STRONG)
        writer.runs(warning, f"{colon} {plan.avertissement}")


def _figures(writer: Writer, report: Report) -> None:
    """The cover's row of big numbers: progress, completed, started, postponed, late."""
    words = writer.words
    _, ngettext = words.say, words.plural
    figures = [
        (words.pct(report.rollup.avancement), _("avancement global"), None),
        (
            str(len(report.completed)),
            ngettext("action réalisée", "actions réalisées", len(report.completed)),
            status_style(Statut.REALISEE),
        ),
        (
            str(len(report.started)),
            ngettext("action démarrée", "actions démarrées", len(report.started)),
            status_style(Statut.EN_COURS),
        ),
        (
            str(len(report.postponed)),
            ngettext("action reportée", "actions reportées", len(report.postponed)),
            status_style(Statut.REPORTEE),
        ),
        (
            str(report.rollup.en_retard),
            ngettext("action en retard", "actions en retard", report.rollup.en_retard),
            LATE_TEXT,
        ),
    ]
    table = writer.document.add_table(rows=1, cols=len(figures))
    table.style = FIGURES_STYLE
    for cell, (number, label, style) in zip(table.rows[0].cells, figures, strict=True):
        cell.paragraphs[0].style = FIGURE
        cell.paragraphs[0].add_run(number, style)
        cell.add_paragraph(label, style=FIGURE_LABEL)


def _contents(writer: Writer) -> None:
    """The table of contents (a field Word updates), then a page break after the cover."""
    from docx.enum.text import WD_BREAK

    _ = writer.words.say
    writer.document.add_paragraph(_("Sommaire"), style=SUBHEADING)
    contents = [
        writer.paragraph(f"{i} {name}", style=CONTENTS)
        for i, name in enumerate(
            (
                _("Faits saillants"),
                _("Détail par orientation"),
                _("Indicateurs"),
                _("Perspectives"),
                _("Annexes"),
            ),
            1,
        )
    ]
    table_of_contents(contents[0], contents[-1])
    writer.document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


def _highlights(writer: Writer, report: Report) -> None:
    """Section 1: the summary, the actions by status, then what happened in each orientation."""
    _ = writer.words.say
    writer.heading(_("Faits saillants"), 1)
    writer.paragraph(writer.words.summary(report))
    writer.heading(_("Avancement par orientation"), 2)
    _status_table(writer, report)
    for o in report.orientations:
        _orientation_highlights(writer, o)


def _status_table(writer: Writer, report: Report) -> None:
    """How many actions each orientation has in each status shown, and its progress."""
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
            _("Avancement"),
        ],
        rows,
    )


def _orientation_highlights(writer: Writer, o: OrientationReport) -> None:
    """One orientation's progress and statuses, and the actions that moved in the period."""
    words = writer.words
    _, ngettext, colon = words.say, words.plural, words.colon
    writer.heading(
        f"{_('Orientation')} {o.orientation.id} — {heading_text(o.orientation.titre)}", 2
    )
    parts = [f"{_('Avancement')}{colon} {words.pct(o.rollup.avancement)}"]
    parts += [words.status_count(c["statut"], c["nombre"]) for c in counts(o.rollup) if c["nombre"]]
    if o.rollup.en_retard:
        parts.append(_("{n} en retard").format(n=o.rollup.en_retard))
    writer.paragraph(" · ".join(parts) + ".")
    groups = [
        (ngettext(s, p, len(found)), found)
        for s, p, found in (
            ("Action réalisée", "Actions réalisées", o.completed),
            ("Action démarrée", "Actions démarrées", o.started),
            ("Action reportée", "Actions reportées", o.postponed),
        )
        if found
    ]
    for label, found in groups:
        item = writer.paragraph("", style="List Bullet")
        item.add_run(label, STRONG)
        writer.runs(
            item,
            f" ({len(found)}){colon} "
            + words.semicolon.join(f"{a.id} {a.titre}" for a in found)
            + ".",
        )
    if not groups:
        writer.paragraph(
            ngettext(
                "Aucun changement de statut ; {n} note au journal (voir l’annexe).",
                "Aucun changement de statut ; {n} notes au journal (voir l’annexe).",
                o.notes,
            )
            if o.notes
            else _("Rien de nouveau pendant la période.")
        )


def _detail(writer: Writer, report: Report) -> None:
    """Section 2: each orientation's objectives, with the table of their actions."""
    words = writer.words
    _ = words.say
    writer.heading(_("Détail par orientation"), 1)
    for o in report.orientations:
        writer.heading(
            f"{_('Orientation')} {o.orientation.id} — {heading_text(o.orientation.titre)}", 2
        )
        for ob in o.objectifs:
            writer.heading(
                f"{_('Objectif')} {ob.objectif.id} — {heading_text(ob.objectif.titre)}",
                3,
            )
            if not ob.actions:
                writer.paragraph(_("Aucune action."))
                continue
            writer.paragraph(
                f"{_('Avancement')}{words.colon} {words.pct(ob.rollup.avancement)}",
                keep_with_next=True,
            )
            writer.action_table(ob.actions)


def _indicators(writer: Writer, report: Report) -> None:
    """Section 3: per orientation, each indicator's baseline, target, value at the report's
    date, attainment and trend; then how they are computed."""
    words = writer.words
    _ = words.say
    writer.heading(_("Indicateurs"), 1)
    if not report.with_indicators:
        writer.paragraph(_("Aucun indicateur n’est défini."))
        return
    for o in report.orientations:
        if not o.indicators:
            continue
        writer.heading(
            f"{_('Orientation')} {o.orientation.id} — {heading_text(o.orientation.titre)}", 2
        )
        writer.table(
            [
                _("Indicateur"),
                _("Action"),
                _("Départ"),
                _("Cible"),
                f"{_('Valeur au')} {words.date(report.period.end)}",
                _("Atteinte"),
                _("Tendance"),
            ],
            [
                [
                    _indicator_name(x),
                    f"{a.id} {a.titre}",
                    _start(x, words),
                    words.num(x.target) + (f" ({x.period.label})" if x.yearly else ""),
                    words.indicator_value(x, report.plan),
                    words.attained(x),
                    words.trend(x),
                ]
                for a, x in o.indicators
            ],
            widths=(3.0, 2.9, 1.9, 1.6, 3.3, 2.0, 2.2),
        )
    writer.paragraph(report.indicator_method(words.lang))


def _indicator_name(reading: Reading) -> str:
    unit = reading.indicator.unite
    return f"{reading.indicator.nom} ({unit})" if unit else reading.indicator.nom


def _start(reading: Reading, words: Words) -> str:
    depart = reading.indicator.depart
    dated = f" ({words.date(depart.date)})" if depart and depart.date else ""
    return words.num(reading.start) + dated


def _outlook(writer: Writer, report: Report) -> None:
    """Section 4: what comes next (or passes to the next plan), what is late or postponed."""
    _ = writer.words.say
    writer.heading(_("Perspectives"), 1)
    if report.final:
        _carried_over(writer, report)
    else:
        first, last = report.next_year
        writer.heading(f"{_('Échéances de l’exercice')} {first.year}-{last.year}", 2)
        if report.due_next:
            writer.action_table(report.due_next)
        else:
            writer.paragraph(_("Aucune action n’a d’échéance pendant cet exercice."))
    writer.heading(_("Actions en retard"), 2)
    if report.late:
        writer.action_table(report.late)
    else:
        writer.paragraph(_("Aucune action n’est en retard."))
    _postponed(writer, report)
    if report.inherited:
        writer.heading(_("Actions reprises du plan précédent"), 2)
        for line, origin in report.inherited:
            writer.paragraph(
                f"{line.action.id} {line.action.titre}{writer.words.colon} "
                f"{_('reprise de')} {origin.replace('/', ' / ')}",
                style="List Bullet",
            )


def _carried_over(writer: Writer, report: Report) -> None:
    """A final report's 4.1: the unfinished actions, and where each went in the next plan."""
    words = writer.words
    _ = words.say
    writer.heading(_("Actions reportées au prochain plan"), 2)
    if not report.carried_over:
        writer.paragraph(_("Toutes les actions du plan sont réalisées ou abandonnées."))
        return
    writer.paragraph(words.carried(report), keep_with_next=True)
    if report.carried_into is None:
        writer.action_table(report.carried_over)
    else:  # where each one went in the next plan: the PDF's « Suite » column
        writer.action_table(
            report.carried_over,
            (_("Suite"), [words.carried_into(report, line) for line in report.carried_over]),
        )


def _postponed(writer: Writer, report: Report) -> None:
    """4.3: the actions postponed at the report's date, and the due dates moved."""
    words = writer.words
    _ = words.say
    writer.heading(_("Actions reportées ou replanifiées"), 2)
    for line in report.postponed_now:
        writer.paragraph(
            f"{line.action.id} {line.action.titre} — {_('reportée')}", style="List Bullet"
        )
    for x in report.reschedules:
        before = words.date(x.before) if x.before else "—"
        decided = _("décidé le {date}").format(date=words.date(x.date))
        writer.paragraph(
            f"{x.action.id} {x.action.titre} — {before} → {words.date(x.after)} ({decided})",
            style="List Bullet",
        )
    if not (report.postponed_now or report.reschedules):
        writer.paragraph(_("Aucune action n’est reportée."))


def _annexes(writer: Writer, report: Report) -> None:
    """Section 5: the plan's mission, the statuses' legend, the formula and the journal."""
    _ = writer.words.say
    writer.heading(_("Annexes"), 1)
    writer.heading(_("Rappel : mission, mandats et orientations"), 2)
    _reminder(writer, report)
    writer.heading(_("Légende des statuts"), 2)
    _legend(writer)
    writer.heading(_("Calcul de l’avancement"), 2)
    writer.paragraph(writer.words.formula(report.plan.avancement))
    writer.heading(_("Journal de la période"), 2)
    _journal(writer, report)


def _reminder(writer: Writer, report: Report) -> None:
    """The plan's mission, mandates and orientations, as adopted."""
    plan, words = report.plan, writer.words
    _, colon = words.say, words.colon
    mission = f"{_('Mission')}"
    if plan.mission.adoption:
        mission += f" ({_('adoptée')}{colon} {plan.mission.adoption})"
    writer.paragraph(f"{mission}. {plan.mission.texte}")
    if plan.mandats:
        mandats = _("Mandats")
        if plan.mandats_adoption:
            mandats += f" ({_('adoptés')}{colon} {plan.mandats_adoption})"
        writer.paragraph(f"{mandats}{colon}", keep_with_next=True)
        for mandat in plan.mandats:
            writer.paragraph(mandat.texte, style="List Number")
    writer.paragraph(f"{_('Orientations')}{colon}", keep_with_next=True)
    for o in report.orientations:
        writer.paragraph(o.orientation.titre, style="List Number 2")


def _legend(writer: Writer) -> None:
    """What each status means, and « en retard », which is computed."""
    words = writer.words
    _ = words.say
    writer.table(
        [_("Statut"), _("Signification")],
        [[words.status(s), words.status_help(s)] for s in Statut]
        + [
            [
                _("En retard"),
                _("Échéance passée sans que l’action soit réalisée (calculé, jamais inscrit)."),
            ]
        ],
        statuses=[*Statut, None],
        status_column=0,
        widths=(3.4, 13.8),
    )


def _journal(writer: Writer, report: Report) -> None:
    """The period's journal: date, action, new status, note and its author."""
    words = writer.words
    _ = words.say
    if not report.journal:
        writer.paragraph(_("Aucune entrée n’a été inscrite au journal pendant cette période."))
        return
    writer.table(
        [_("Date"), _("Action"), _("Nouveau statut"), _("Note")],
        [
            [
                words.date(j.date),
                f"{j.action.id} {j.action.titre}",
                words.status(j.change.after).replace(" ", NBSP) if j.change else "",
                (j.entry.note or "") + (f" — {j.entry.auteur}" if j.entry.auteur else ""),
            ]
            for j in report.journal
        ],
        statuses=[j.change.after if j.change else None for j in report.journal],
        status_column=2,
        widths=(3.4, 4.4, 2.8, 6.6),
    )

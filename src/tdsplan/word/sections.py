"""The report's sections laid out in a DOCX, from the cover to the annexes, and its bytes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from tdsplan.figures import NBSP
from tdsplan.render import built_at, check_paged, heading_text
from tdsplan.report import Report
from tdsplan.vocabulary import Statut
from tdsplan.word import story
from tdsplan.word.brief import brief
from tdsplan.word.package import logo_picture, metadata, saved
from tdsplan.word.styles import (
    ADOPTION,
    CONTENTS,
    FIGURE,
    FIGURE_LABEL,
    FIGURES_STYLE,
    LATE_TEXT,
    NOTE,
    ORGANISATION,
    STRONG,
    SUBHEADING,
    apply_template,
    status_style,
)
from tdsplan.word.words import Words
from tdsplan.word.writer import Writer, page_number_footer, table_of_contents

#: A hyphen a line never breaks after.
NB_HYPHEN = "\u2011"

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
    if report.brief is not None:  # a meeting's « État de situation »
        brief(writer, report)
    else:
        _cover(writer, report, template_dirs, warnings if warnings is not None else [])
        _contents(writer, report)
        story.mot(writer, report)
        story.highlights(writer, report)
        _detail(writer, report)
        _indicators(writer, report)
        _outlook(writer, report)
        story.corrections(writer, report)
        story.thanks(writer, report)
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
    """The first page: logo, organisation, title, period, the adoption, what was done by
    the end (apart from the period's events) and the weighted progress with its formula."""
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
    adopted = words.adopted(report)
    if report.adoption and report.adoption.resolution:  # a resolution's number never breaks
        number = report.adoption.resolution
        adopted = adopted.replace(number, number.replace("-", NB_HYPHEN))
    if adopted:
        writer.paragraph(adopted, style=ADOPTION)
    brief, on = _("En bref"), _("au {date}").format(date=words.date(report.period.end))
    document.add_paragraph(f"{brief}{colon} {on}", style=SUBHEADING)
    _figures(writer, report)
    state = words.state_counts(report)
    writer.paragraph(
        " ".join(
            part
            for part in (
                f"{_('État des actions')}{colon} {state}." if state else "",
                "" if report.final else words.summary(report),
            )
            if part
        )
    )
    _weighted(writer, report)
    if plan.avertissement:
        warning = document.add_paragraph(style="Intense Quote")
        warning.add_run(_("Avertissement"), STRONG)
        writer.runs(warning, f"{colon} {plan.avertissement}")


def _weighted(writer: Writer, report: Report) -> None:
    """« Avancement pondéré : 42 % — » and what that percentage is, in one line."""
    words = writer.words
    line = writer.paragraph(f"{words.say('Avancement pondéré')}{words.colon} ", style=NOTE)
    writer.runs(line, words.pct(report.headline.avancement), STRONG)
    writer.runs(line, f" — {words.formula_line(report.plan.avancement)}.")


def _figures(writer: Writer, report: Report) -> None:
    """The cover's row of big numbers: done (out of how many), in progress, permanent and
    late, at the end of the period."""
    words = writer.words
    h = words.plural
    headline = report.headline
    figures = [
        (headline.realisees, words.done_rest(report), status_style(Statut.REALISEE)),
        (headline.en_cours, words.say("en cours"), status_style(Statut.EN_COURS)),
        (
            headline.en_continu,
            h("activité permanente", "activités permanentes", headline.en_continu),
            status_style(Statut.EN_CONTINU),
        ),
        (
            headline.en_retard,
            h("action en retard", "actions en retard", headline.en_retard),
            LATE_TEXT,
        ),
    ]
    table = writer.document.add_table(rows=1, cols=len(figures))
    table.style = FIGURES_STYLE
    for cell, (number, label, style) in zip(table.rows[0].cells, figures, strict=True):
        cell.paragraphs[0].style = FIGURE
        cell.paragraphs[0].add_run(str(number), style)
        writer.runs(cell.add_paragraph(style=FIGURE_LABEL), label)
    writer.document.add_paragraph()


def _contents(writer: Writer, report: Report) -> None:
    """The table of contents (a field Word updates), then a page break after the cover."""
    from docx.enum.text import WD_BREAK

    _ = writer.words.say
    writer.document.add_paragraph(_("Sommaire"), style=SUBHEADING)
    numbered = [
        _("Faits saillants"),
        _("Détail par orientation"),
        _("Indicateurs"),
        _("Perspectives"),
    ]
    labels = sorted({c.adoption.label for c in report.corrections})
    names = (
        ([report.editorial.mot_titre] if report.editorial and report.editorial.mot else [])
        + [f"{i} {name}" for i, name in enumerate(numbered, 1)]
        + [
            _("Corrections apportées après l’adoption du bilan {label}").format(label=label)
            for label in labels
        ]
        + [_("Remerciements"), f"{len(numbered) + 1} {_('Annexes')}"]
    )
    contents = [writer.paragraph(name, style=CONTENTS) for name in names]
    table_of_contents(contents[0], contents[-1])
    writer.document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


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
    """Section 4: the editorial's perspectives, what comes next (or passes to the next
    plan), what is late and why, what moved and why, what came from the previous plan."""
    words = writer.words
    _ = words.say
    writer.heading(_("Perspectives"), 1)
    for text in report.editorial.perspectives if report.editorial else ():
        writer.paragraph(text)
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
    story.late_table(writer, report)
    story.moves(writer, report)
    if report.inherited:
        writer.heading(_("Actions reprises du plan précédent"), 2)
        for line, origin in report.inherited:
            writer.paragraph(
                f"{line.action.id} {line.action.titre}{words.colon} "
                f"{_('reprise de')} {origin.replace('/', ' / ')}",
                style="List Bullet",
            )


def _carried_over(writer: Writer, report: Report) -> None:
    """A final report's 4.1: the unfinished actions, and where each went in the next plan;
    then the permanent activities, apart."""
    words = writer.words
    _ = words.say
    writer.heading(_("Actions reportées au prochain plan"), 2)
    if not report.carried_over:
        writer.paragraph(
            _("Toutes les actions du plan sont réalisées, abandonnées ou permanentes.")
        )
    elif report.carried_into is None:
        writer.paragraph(words.carried(report), keep_with_next=True)
        writer.action_table(report.carried_over)
    else:  # where each one went in the next plan: the PDF's « Suite » column
        writer.paragraph(words.carried(report), keep_with_next=True)
        writer.action_table(
            report.carried_over,
            (_("Suite"), [words.carried_into(report, line) for line in report.carried_over]),
        )
    if not report.permanent:
        return
    writer.paragraph(
        words.plural(
            "{n} activité permanente (« En continu ») se poursuit au-delà du plan :",
            "{n} activités permanentes (« En continu ») se poursuivent au-delà du plan :",
            len(report.permanent),
        ),
        keep_with_next=True,
    )
    for line in report.permanent:
        went = report.carried_into.get(line.action.id) if report.carried_into else None
        where = f" ({words.carried_into(report, line)})" if went else ""
        item = writer.paragraph("", style="List Bullet")
        item.add_run(line.action.id, STRONG)
        writer.runs(item, f" {line.action.titre}{where}")


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

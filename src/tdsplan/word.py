"""The report as an editable Word document (DOCX), for committees that rework its text.

This is the only module that imports python-docx, and only when a DOCX is asked for.
It lays out the same :class:`~tdsplan.report.Report` as the templates, with the
same phrases (the macros of ``_macros.j2`` and the filters of :mod:`tdsplan.render`),
in Word's own styles: Title, Heading 1-3 (« Titre 1-3 » in a French Word), a table
style, page numbers in the footer. The same plan gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from tdsplan.figures import NBSP
from tdsplan.files import stable_zip
from tdsplan.render import (
    ORDINAL,
    STATUS_COLORS,
    RenderError,
    check_paged,
    environment,
    find_logo,
    heading_text,
)
from tdsplan.report import ActionReport, OrientationReport, Report, counts
from tdsplan.vocabulary import Statut

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from tdsplan.models import Formule
    from tdsplan.state import Mesure

TABLE_STYLE = "Light List Accent 1"
#: Column widths (cm) of the action tables: the title gets the room.
ACTION_WIDTHS = (6.8, 3.8, 3.1, 3.5)
ACCENT = "1D3C5A"
LATE = "B00020"


def render_docx(report: Report, lang: str, template_dirs: list[Path]) -> bytes:
    """The report as a DOCX file: the same report gives the same bytes; refused before any
    work when too large to lay out (see :func:`tdsplan.render.check_paged`)."""
    check_paged(report, "docx")
    import docx  # heavy: imported only for a DOCX

    document = docx.Document()
    writer = _Writer(document, _Words(lang, template_dirs, report))
    _page_setup(writer, report)
    _cover(writer, report, template_dirs)
    _contents(writer)
    _highlights(writer, report)
    _detail(writer, report)
    _indicators(writer, report)
    _outlook(writer, report)
    _annexes(writer, report)
    _metadata(writer, report)
    return _saved(document, report.period.end)


class _Words:
    """The templates' phrases, macros and filters in the report's language, typed."""

    def __init__(self, lang: str, template_dirs: list[Path], report: Report) -> None:
        """The words of the reports' environment in ``lang``, the macros bound to ``report``."""
        env = environment(lang, template_dirs)
        self.lang = lang
        self.colon, self.semicolon = str(env.globals["colon"]), str(env.globals["semicolon"])
        self._say = _function(env.globals, "_")
        self._plural = _function(env.globals, "ngettext")
        self._filters = env.filters
        self._macros = env.get_template("_macros.j2").make_module({"r": report})

    def say(self, phrase: str) -> str:
        """``phrase`` translated, with the language's spacing (the templates' ``_``)."""
        return str(self._say(phrase))

    def plural(self, singular: str, plural: str, n: int) -> str:
        """The form that agrees with ``n``, ``{n}`` filled in (the templates' ``ngettext``)."""
        return str(self._plural(singular, plural, n))

    def _filter(self, name: str, *args: object) -> str:
        """The render filter ``name`` applied to ``args``."""
        return str(self._filters[name](*args))

    def _macro(self, name: str, *args: object) -> str:
        """The text of the ``_macros.j2`` macro ``name``."""
        return str(getattr(self._macros, name)(*args))

    def fr(self, text: str) -> str:
        """``text`` with the language's spacing (non-breaking before « : » in French)."""
        return self._filter("fr", text)

    def date(self, day: dt.date) -> str:
        """A long date: « 31 mars 2020 »."""
        return self._filter("date", day)

    def pct(self, value: float | None) -> str:
        """A percentage: « 40 % »."""
        return self._filter("pct", value)

    def num(self, value: float | None) -> str:
        """A number, with a decimal comma in French."""
        return self._filter("num", value)

    def status(self, statut: Statut) -> str:
        """A status's label: « En cours »."""
        return self._filter("status", statut)

    def status_help(self, statut: Statut) -> str:
        """What a status means, for the legend."""
        return self._filter("status_help", statut)

    def status_count(self, statut: Statut, n: int) -> str:
        """« 3 en cours »: a status and how many actions have it."""
        return self._filter("status_count", statut, n)

    def title(self, report: Report) -> str:
        """The report's title: « Bilan annuel 2019-2020 »."""
        return self._macro("title", report)

    def covered(self, report: Report) -> str:
        """The covered period: « du 1er avril 2019 au 31 mars 2020 »."""
        return self._macro("covered", report)

    def during(self, report: Report) -> str:
        """« Pendant l’exercice », or the whole plan, or since the year began."""
        return self._macro("during", report)

    def summary(self, report: Report) -> str:
        """The period's story in two sentences: actions completed, started, late."""
        return self._macro("summary", report)

    def plans(self, report: Report) -> str:
        """Which plan this is, among the repository's other plans."""
        return self._macro("plans", report)

    def carried(self, report: Report) -> str:
        """How many actions pass on to the next plan, and how many of them are late."""
        return self._macro("carried", report)

    def carried_into(self, report: Report, line: ActionReport) -> str:
        """Where an unfinished action went in the next plan."""
        return self._macro("carried_into", report, line)

    def formula(self, formula: Formule) -> str:
        """How the progress is computed, in words."""
        return self._macro("formula", formula)


def _function(names: Mapping[str, object], name: str) -> Callable[..., object]:
    """The function ``name`` of the environment's globals (Jinja types them ``object``)."""
    function = names[name]
    if not callable(function):  # pragma: no cover - render.environment() always sets them
        raise TypeError(f"the report environment's {name!r} is not a function")
    return function


def _page_setup(writer: _Writer, report: Report) -> None:
    """US Letter pages, the header and footer, the language and the headings' look."""
    from docx.shared import Cm, Pt, RGBColor

    document, words = writer.document, writer.words
    _ = words.say
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.59), Cm(27.94)  # US Letter
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.different_first_page_header_footer = True
    _page_number_footer(section.footer.paragraphs[0], _("Page"))
    header = section.header.paragraphs[0]
    header.text = f"{report.plan.titre} — {words.title(report)}"
    header.runs[0].font.size = Pt(8)
    _language(document, "fr-CA" if words.lang == "fr" else "en-CA")
    for level, size in ((1, 16), (2, 13), (3, 11.5)):
        style = document.styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor.from_string(ACCENT)


def _cover(writer: _Writer, report: Report, template_dirs: list[Path]) -> None:
    """The first page: logo, organisation, title, period, the key figures and the summary."""
    from docx.shared import Cm, Pt, RGBColor

    document, words, plan = writer.document, writer.words, report.plan
    _, colon = words.say, words.colon
    logo = find_logo(template_dirs)
    if logo is not None and logo.suffix == ".png":
        document.add_picture(str(logo), height=Cm(2.2))
    run = document.add_paragraph().add_run(str(plan.organisation))
    run.bold, run.font.size, run.font.color.rgb = True, Pt(12), RGBColor.from_string(ACCENT)
    document.add_paragraph(words.title(report), style="Title")
    document.add_paragraph(str(plan.titre), style="Subtitle")
    writer.paragraph(f"{_('Période couverte')}{colon} {words.covered(report)}.")
    writer.paragraph(f"{_('État du plan au')} {words.date(report.period.end)}.")
    if report.plans:  # a repository of several plans
        writer.paragraph(f"{words.plans(report)}.")
    if report.bailleur:
        writer.paragraph(_("Extrait : les actions financées par {funder}.").format(
            funder=report.bailleur))
    document.add_paragraph(words.during(report), style="Heading 3")
    _figures(writer, report)
    document.add_paragraph()
    writer.paragraph(words.summary(report))
    if plan.avertissement:
        writer.paragraph(f"{_('Avertissement')}{colon} {words.fr(plan.avertissement)}",
                         style="Intense Quote")


def _figures(writer: _Writer, report: Report) -> None:
    """The cover's row of big numbers: progress, completed, started, postponed, late."""
    from docx.shared import Pt, RGBColor

    words = writer.words
    _, ngettext = words.say, words.plural
    figures = [
        (words.pct(report.rollup.avancement), _("avancement global"), ACCENT),
        (str(len(report.completed)), ngettext("action réalisée", "actions réalisées",
                                              len(report.completed)), STATUS_COLORS["realisee"]),
        (str(len(report.started)), ngettext("action démarrée", "actions démarrées",
                                            len(report.started)), STATUS_COLORS["en_cours"]),
        (str(len(report.postponed)), ngettext("action reportée", "actions reportées",
                                              len(report.postponed)), STATUS_COLORS["reportee"]),
        (str(report.rollup.en_retard), ngettext("action en retard", "actions en retard",
                                                report.rollup.en_retard), LATE),
    ]
    table = writer.document.add_table(rows=1, cols=len(figures))
    table.style = "Table Grid"
    for cell, (number, label, color) in zip(table.rows[0].cells, figures, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(number)
        run.bold, run.font.size = True, Pt(20)
        run.font.color.rgb = RGBColor.from_string(color.lstrip("#").upper())
        cell.add_paragraph(label).runs[0].font.size = Pt(9)


def _contents(writer: _Writer) -> None:
    """The table of contents (a field Word updates), then a page break after the cover."""
    from docx.enum.text import WD_BREAK

    _ = writer.words.say
    writer.document.add_paragraph(_("Sommaire"), style="Heading 3")
    contents = [writer.paragraph(f"{i}. {name}") for i, name in enumerate((
        _("Faits saillants"), _("Détail par orientation"), _("Indicateurs"), _("Perspectives"),
        _("Annexes")), 1)]
    _table_of_contents(contents[0], contents[-1])
    writer.document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


def _highlights(writer: _Writer, report: Report) -> None:
    """Section 1: the summary, the actions by status, then what happened in each orientation."""
    _ = writer.words.say
    writer.heading(f"1. {_('Faits saillants')}", 1)
    writer.paragraph(writer.words.summary(report))
    writer.heading(f"1.1 {_('Répartition des actions par statut')}", 2)
    _status_table(writer, report)
    for i, o in enumerate(report.orientations, 2):
        _orientation_highlights(writer, f"1.{i}", o)


def _status_table(writer: _Writer, report: Report) -> None:
    """How many actions each orientation has in each status shown, and its progress."""
    words = writer.words
    _ = words.say
    shown = [c for c in counts(report.rollup) if c["nombre"]]
    rows = [[f"{_('Orientation')} {o.orientation.id}", str(o.rollup.total),
             *[str(o.rollup.statuts.get(c["statut"], 0)) for c in shown],
             words.pct(o.rollup.avancement)] for o in report.orientations]
    rows.append([_("Ensemble"), str(report.rollup.total), *[str(c["nombre"]) for c in shown],
                 words.pct(report.rollup.avancement)])
    writer.table([_("Orientation"), _("Actions"), *[words.status(c["statut"]) for c in shown],
                  _("Avancement")], rows)


def _orientation_highlights(writer: _Writer, number: str, o: OrientationReport) -> None:
    """One orientation's progress and statuses, and the actions that moved in the period."""
    words = writer.words
    _, ngettext, colon = words.say, words.plural, words.colon
    writer.heading(f"{number} {_('Orientation')} {o.orientation.id} — "
                   f"{heading_text(o.orientation.titre)}", 2)
    parts = [f"{_('Avancement')}{colon} {words.pct(o.rollup.avancement)}"]
    parts += [words.status_count(c["statut"], c["nombre"]) for c in counts(o.rollup)
              if c["nombre"]]
    if o.rollup.en_retard:
        parts.append(_("{n} en retard").format(n=o.rollup.en_retard))
    writer.paragraph(" · ".join(parts) + ".")
    groups = [(ngettext(s, p, len(found)), found) for s, p, found in (
        ("Action réalisée", "Actions réalisées", o.completed),
        ("Action démarrée", "Actions démarrées", o.started),
        ("Action reportée", "Actions reportées", o.postponed)) if found]
    for label, found in groups:
        item = writer.paragraph("", style="List Bullet")
        item.add_run(label).bold = True
        writer.runs(item, f" ({len(found)}){colon} " + words.semicolon.join(
            f"{a.id} {a.titre}" for a in found) + ".")
    if not groups:
        writer.paragraph(ngettext(
            "Aucun changement de statut ; {n} note au journal (voir l’annexe).",
            "Aucun changement de statut ; {n} notes au journal (voir l’annexe).", o.notes)
            if o.notes else _("Rien de nouveau pendant la période."))


def _detail(writer: _Writer, report: Report) -> None:
    """Section 2: each orientation's objectives, with the table of their actions."""
    words = writer.words
    _ = words.say
    writer.heading(f"2. {_('Détail par orientation')}", 1)
    for oi, o in enumerate(report.orientations, 1):
        writer.heading(f"2.{oi} {_('Orientation')} {o.orientation.id} — "
                       f"{heading_text(o.orientation.titre)}", 2)
        for bi, ob in enumerate(o.objectifs, 1):
            writer.heading(f"2.{oi}.{bi} {_('Objectif')} {ob.objectif.id} — "
                           f"{heading_text(ob.objectif.titre)}", 3)
            if not ob.actions:
                writer.paragraph(_("Aucune action."))
                continue
            writer.paragraph(f"{_('Avancement')}{words.colon} {words.pct(ob.rollup.avancement)}",
                             keep_with_next=True)
            writer.action_table(ob.actions)


def _indicators(writer: _Writer, report: Report) -> None:
    """Section 3: each indicator's target and its last measure at the report's date."""
    words = writer.words
    _ = words.say
    writer.heading(f"3. {_('Indicateurs')}", 1)
    if not report.with_indicators:
        writer.paragraph(_("Aucun indicateur n’est défini."))
        return
    writer.table([_("Action"), _("Indicateur"), _("Cible"), _("Réel"), _("Unité")],
                 [[a.id, i.nom, words.num(i.cible), _measure(report.measured(a, i), words),
                   i.unite or ""] for a in report.with_indicators for i in a.indicateurs],
                 widths=(1.8, 8.4, 2.0, 2.0, 3.0))
    writer.paragraph(_("Valeur réelle : la dernière mesure connue à la date du rapport, "
                       "avec sa date ; « — » : aucune mesure à cette date."))


def _outlook(writer: _Writer, report: Report) -> None:
    """Section 4: what comes next (or passes to the next plan), what is late or postponed."""
    _ = writer.words.say
    writer.heading(f"4. {_('Perspectives')}", 1)
    if report.final:
        _carried_over(writer, report)
    else:
        first, last = report.next_year
        writer.heading(f"4.1 {_('Échéances de l’exercice')} {first.year}-{last.year}", 2)
        if report.due_next:
            writer.action_table(report.due_next)
        else:
            writer.paragraph(_("Aucune action n’a d’échéance pendant cet exercice."))
    writer.heading(f"4.2 {_('Actions en retard')}", 2)
    if report.late:
        writer.action_table(report.late)
    else:
        writer.paragraph(_("Aucune action n’est en retard."))
    _postponed(writer, report)
    if report.inherited:
        writer.heading(f"4.4 {_('Actions reprises du plan précédent')}", 2)
        for line, origin in report.inherited:
            writer.paragraph(f"{line.action.id} {line.action.titre}{writer.words.colon} "
                             f"{_('reprise de')} {origin.replace('/', ' / ')}",
                             style="List Bullet")


def _carried_over(writer: _Writer, report: Report) -> None:
    """A final report's 4.1: the unfinished actions, and where each went in the next plan."""
    words = writer.words
    _ = words.say
    writer.heading(f"4.1 {_('Actions reportées au prochain plan')}", 2)
    if not report.carried_over:
        writer.paragraph(_("Toutes les actions du plan sont réalisées ou abandonnées."))
        return
    writer.paragraph(words.carried(report), keep_with_next=True)
    writer.action_table(report.carried_over)
    if report.carried_into is not None:  # where each one went in the next plan
        for line in report.carried_over:
            writer.paragraph(f"{line.action.id} {line.action.titre}{words.colon} "
                             f"{words.carried_into(report, line)}", style="List Bullet")


def _postponed(writer: _Writer, report: Report) -> None:
    """4.3: the actions postponed at the report's date, and the due dates moved."""
    words = writer.words
    _ = words.say
    writer.heading(f"4.3 {_('Actions reportées ou replanifiées')}", 2)
    for line in report.postponed_now:
        writer.paragraph(f"{line.action.id} {line.action.titre} — {_('reportée')}",
                         style="List Bullet")
    for x in report.reschedules:
        before = words.date(x.before) if x.before else "—"
        decided = _("décidé le {date}").format(date=words.date(x.date))
        writer.paragraph(f"{x.action.id} {x.action.titre} — {before} → "
                         f"{words.date(x.after)} ({decided})", style="List Bullet")
    if not (report.postponed_now or report.reschedules):
        writer.paragraph(_("Aucune action n’est reportée."))


def _annexes(writer: _Writer, report: Report) -> None:
    """Section 5: the plan's mission, the statuses' legend, the formula and the journal."""
    _ = writer.words.say
    writer.heading(f"5. {_('Annexes')}", 1)
    writer.heading(f"5.1 {_('Rappel : mission, mandats et orientations')}", 2)
    _reminder(writer, report)
    writer.heading(f"5.2 {_('Légende des statuts')}", 2)
    _legend(writer)
    writer.heading(f"5.3 {_('Calcul de l’avancement')}", 2)
    writer.paragraph(writer.words.formula(report.plan.avancement))
    writer.heading(f"5.4 {_('Journal de la période')}", 2)
    _journal(writer, report)


def _reminder(writer: _Writer, report: Report) -> None:
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


def _legend(writer: _Writer) -> None:
    """What each status means, and « en retard », which is computed."""
    words = writer.words
    _ = words.say
    writer.table([_("Statut"), _("Signification")],
                 [[words.status(s), words.status_help(s)] for s in Statut]
                 + [[_("En retard"), _("Échéance passée sans que l’action soit réalisée "
                                       "(calculé, jamais inscrit).")]],
                 statuses=[*Statut, None], status_column=0, widths=(3.4, 13.8))


def _journal(writer: _Writer, report: Report) -> None:
    """The period's journal: date, action, new status, note and its author."""
    words = writer.words
    _ = words.say
    if not report.journal:
        writer.paragraph(_("Aucune entrée n’a été inscrite au journal pendant cette période."))
        return
    writer.table([_("Date"), _("Action"), _("Nouveau statut"), _("Note")], [
        [words.date(j.date), f"{j.action.id} {j.action.titre}",
         words.status(j.change.after).replace(" ", NBSP) if j.change else "",
         (j.entry.note or "") + (f" — {j.entry.auteur}" if j.entry.auteur else "")]
        for j in report.journal],
        statuses=[j.change.after if j.change else None for j in report.journal],
        status_column=2, widths=(3.4, 4.4, 2.8, 6.6))


def _metadata(writer: _Writer, report: Report) -> None:
    """The file's properties: title, author, and the period's end as its dates."""
    props = writer.document.core_properties
    props.title = f"{report.plan.titre} — {writer.words.title(report)}"
    props.author = props.last_modified_by = str(report.plan.organisation)
    props.created = props.modified = _midnight(report.period.end)
    props.revision = 1


def _saved(document: Document, end: dt.date) -> bytes:
    """The document's bytes, every entry of the archive dated ``end``."""
    buffer = io.BytesIO()
    try:
        document.save(buffer)
    except (OSError, ValueError) as error:  # pragma: no cover - python-docx's own failure
        raise RenderError(str(error)) from None
    return stable_zip(buffer.getvalue(), (end.year, end.month, end.day, 0, 0, 0))


class _Writer:
    """Paragraphs, runs and tables in the document's styles, with French typography."""

    def __init__(self, document: Document, words: _Words) -> None:
        """A writer that adds to ``document`` in the language of ``words``."""
        self.document, self.words = document, words

    def heading(self, text: str, level: int) -> Paragraph:
        """A heading of ``level`` (Heading 1-3)."""
        paragraph: Paragraph = self.document.add_heading("", level)
        self.runs(paragraph, text)
        return paragraph

    def paragraph(self, text: str, style: str | None = None, *,
                  keep_with_next: bool = False) -> Paragraph:
        """A paragraph of ``text`` in ``style``, kept with the next one if asked."""
        paragraph = self.document.add_paragraph(style=style)
        self.runs(paragraph, text)
        if keep_with_next:
            paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def runs(self, paragraph: Paragraph, text: str) -> None:
        """``text`` as runs: French spacing, ordinals (« 1er ») in superscript."""
        parts = ORDINAL.split(self.words.fr(str(text)))
        paragraph.add_run(parts[0])
        for i in range(1, len(parts) - 1, 3):
            paragraph.add_run(parts[i])
            paragraph.add_run(parts[i + 1]).font.superscript = True
            paragraph.add_run(parts[i + 2])

    def action_row(self, line: ActionReport) -> list[str]:
        """An action's row: title, status (progress, lateness), lead and due date."""
        words = self.words
        _ = words.say
        state = words.status(line.state.statut)
        if line.state.avancement is not None:
            state += f" ({words.pct(line.state.avancement)})"
        if line.state.en_retard:
            state += f" — {_('en retard')}"
        return [f"{line.action.id} {line.action.titre}", state.replace(" ", NBSP),
                line.porteur or "—", words.date(line.echeance) if line.echeance else "—"]

    def action_table(self, lines: list[ActionReport]) -> None:
        """A table of actions, a coloured square before each status."""
        _ = self.words.say
        self.table([_("Action"), _("État"), _("Porteur"), _("Échéance")],
                   [self.action_row(a) for a in lines],
                   statuses=[a.state.statut for a in lines], status_column=1,
                   widths=ACTION_WIDTHS)

    def table(self, head: list[str], rows: list[list[str]], *,
              statuses: list[Statut | None] | None = None, status_column: int = 0,
              widths: tuple[float, ...] | None = None) -> Table:
        """A table in the table style, header on each page, rows unsplit; ``widths`` in cm."""
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt, RGBColor

        table: Table = self.document.add_table(rows=1, cols=len(head))
        table.style = self.document.styles[TABLE_STYLE]
        # The table's XML: the last one of the body, the one just added.
        element = self.document.element.body.findall(qn("w:tbl"))[-1]
        _plain_first_column(element)
        if widths:
            table.autofit = False
            _grid_widths(element, widths)
        for cell, text in zip(table.rows[0].cells, head, strict=True):
            cell.text = ""
            self.runs(cell.paragraphs[0], text)
        for r, values in enumerate(rows):
            row = table.add_row()
            for c, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
                paragraph = cell.paragraphs[0]
                statut = statuses[r] if statuses and c == status_column else None
                if statut is not None:
                    square = paragraph.add_run("■ ")
                    square.font.color.rgb = RGBColor.from_string(
                        STATUS_COLORS[statut.value].lstrip("#").upper())
                self.runs(paragraph, text)
        _repeat_header(element)
        for row in table.rows:
            for i, cell in enumerate(row.cells):
                if widths:
                    cell.width = Cm(widths[i])
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.space_after = Pt(0)
                    for run in paragraph.runs:
                        run.font.size = Pt(9)
        # Keep the rows of a table together with the paragraph before it, as Word does it:
        # every row but the last "keeps with next".
        for row in table.rows[:-1]:
            for paragraph in row.cells[0].paragraphs:
                paragraph.paragraph_format.keep_with_next = len(rows) <= 12
        self.document.add_paragraph()
        return table


def _plain_first_column(table: BaseOxmlElement) -> None:
    """No bold first column: the table style's is for row titles, and these rows have none."""
    from docx.oxml.ns import qn

    look = table.find(qn("w:tblPr")).find(qn("w:tblLook"))
    if look is not None:
        look.set(qn("w:firstColumn"), "0")
        look.set(qn("w:val"), "0420")


def _grid_widths(table: BaseOxmlElement, widths: tuple[float, ...]) -> None:
    """The table grid's column widths, in centimetres."""
    from docx.oxml.ns import qn
    from docx.shared import Cm

    columns = table.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
    for column, width in zip(columns, widths, strict=True):
        column.set(qn("w:w"), str(int(Cm(width).twips)))


def _repeat_header(table: BaseOxmlElement) -> None:
    """The header row repeats on every page; a row never splits across two."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for i, tr in enumerate(table.findall(qn("w:tr"))):
        tr.get_or_add_trPr().append(OxmlElement("w:cantSplit" if i else "w:tblHeader"))


def _measure(measure: Mesure | None, words: _Words) -> str:
    """An indicator's measure and its date, or « — » when there is none."""
    if measure is None:
        return "—"
    dated = f" ({words.date(measure.date)})" if measure.date else ""
    return f"{words.num(measure.valeur)}{dated}"


def _table_of_contents(first: Paragraph, last: Paragraph) -> None:
    """Paragraphs ``first`` to ``last`` as a contents field Word rebuilds, with pages, on F9."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> BaseOxmlElement:
        """A run holding a field mark: ``begin``, ``separate`` or ``end``."""
        run, mark = OxmlElement("w:r"), OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), kind)
        run.append(mark)
        return run

    instruction = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = ' TOC \\o "1-1" \\h \\z \\u '
    instruction.append(text)
    first_run = first.runs[0].element
    for element in (char("begin"), instruction, char("separate")):
        first_run.addprevious(element)
    last.runs[-1].element.addnext(char("end"))


def _page_number_footer(paragraph: Paragraph, word: str) -> None:
    """« Page 3 / 9 » in the footer, with Word's PAGE and NUMPAGES fields."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for before, instruction in ((f"{word} ", "PAGE"), (" / ", "NUMPAGES")):
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), instruction)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        paragraph.add_run(before).element.addnext(field)


def _language(document: Document, tag: str) -> None:
    """The document's language, for Word's spelling and hyphenation."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _midnight(date: dt.date) -> dt.datetime:
    """``date`` at midnight, for the file's properties."""
    return dt.datetime(date.year, date.month, date.day)

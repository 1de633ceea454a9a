"""The report as an editable Word document (DOCX), for committees that rework the text
before the annual meeting.

This is the only module that imports python-docx, and only when a DOCX is asked for.
It lays out the same :class:`~tdsplan.report.Report` as the templates, with the
same phrases (the macros of ``_macros.j2`` and the filters of :mod:`tdsplan.render`),
in Word's own styles: Title, Heading 1-3 (« Titre 1-3 » in a French Word), a table
style, page numbers in the footer. The same plan gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from tdsplan.files import stable_zip
from tdsplan.render import (
    NBSP,
    ORDINAL,
    STATUS_COLORS,
    RenderError,
    check_paged,
    environment,
    find_logo,
    heading_text,
)
from tdsplan.report import ActionReport, Report, counts
from tdsplan.vocabulary import Statut

TABLE_STYLE = "Light List Accent 1"
#: Column widths (cm) of the action tables: the title gets the room.
ACTION_WIDTHS = (6.8, 3.8, 3.1, 3.5)
ACCENT = "1D3C5A"
LATE = "B00020"


def render_docx(report: Report, lang: str, template_dirs: list[Path]) -> bytes:
    """The report as a DOCX file; refused before any work when too large to lay out (see
    :func:`tdsplan.render.check_paged`)."""
    check_paged(report, "docx")
    import docx  # heavy: imported only for a DOCX
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm, Pt, RGBColor

    env = environment(lang, template_dirs)
    macros = env.get_template("_macros.j2").make_module({"r": report})
    f = env.filters
    _ = env.globals["_"]
    ngettext = env.globals["ngettext"]
    colon, semicolon = env.globals["colon"], env.globals["semicolon"]
    plan = report.plan
    document = docx.Document()
    writer = _Writer(document, f, lang)

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.59), Cm(27.94)  # US Letter
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.different_first_page_header_footer = True
    _page_number_footer(section.footer.paragraphs[0], _("Page"))
    header = section.header.paragraphs[0]
    header.text = f"{plan.titre} — {macros.title(report)}"
    header.runs[0].font.size = Pt(8)
    _language(document, "fr-CA" if lang == "fr" else "en-CA")
    for level, size in ((1, 16), (2, 13), (3, 11.5)):
        style = document.styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor.from_string(ACCENT)

    # ------------------------------------------------------------ cover
    logo = find_logo(template_dirs)
    if logo is not None and logo.suffix == ".png":
        document.add_picture(str(logo), height=Cm(2.2))
    org = document.add_paragraph()
    run = org.add_run(str(plan.organisation))
    run.bold, run.font.size, run.font.color.rgb = True, Pt(12), RGBColor.from_string(ACCENT)
    document.add_paragraph(str(macros.title(report)), style="Title")
    document.add_paragraph(str(plan.titre), style="Subtitle")
    writer.paragraph(f"{_('Période couverte')}{colon} {macros.covered(report)}.")
    writer.paragraph(f"{_('État du plan au')} {f['date'](report.period.end)}.")
    if report.plans:  # a repository of several plans
        writer.paragraph(f"{macros.plans(report)}.")
    if report.bailleur:
        writer.paragraph(_("Extrait : les actions financées par {funder}.").format(
            funder=report.bailleur))
    document.add_paragraph(str(macros.during(report)), style="Heading 3")
    figures = [
        (f["pct"](report.rollup.avancement), _("avancement global"), ACCENT),
        (str(len(report.completed)), ngettext("action réalisée", "actions réalisées",
                                              len(report.completed)), STATUS_COLORS["realisee"]),
        (str(len(report.started)), ngettext("action démarrée", "actions démarrées",
                                            len(report.started)), STATUS_COLORS["en_cours"]),
        (str(len(report.postponed)), ngettext("action reportée", "actions reportées",
                                              len(report.postponed)), STATUS_COLORS["reportee"]),
        (str(report.rollup.en_retard), ngettext("action en retard", "actions en retard",
                                                report.rollup.en_retard), LATE),
    ]
    table = document.add_table(rows=1, cols=len(figures))
    table.style = document.styles["Table Grid"]
    for cell, (number, label, color) in zip(table.rows[0].cells, figures, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(number)
        run.bold, run.font.size = True, Pt(20)
        run.font.color.rgb = RGBColor.from_string(color.lstrip("#").upper())
        cell.add_paragraph(label).runs[0].font.size = Pt(9)
    document.add_paragraph()
    writer.paragraph(str(macros.summary(report)))
    if plan.avertissement:
        writer.paragraph(f"{_('Avertissement')}{colon} {f['fr'](plan.avertissement)}",
                         style="Intense Quote")
    document.add_paragraph(_("Sommaire"), style="Heading 3")
    contents = [writer.paragraph(f"{i}. {name}") for i, name in enumerate((
        _("Faits saillants"), _("Détail par orientation"), _("Indicateurs"), _("Perspectives"),
        _("Annexes")), 1)]
    _table_of_contents(contents[0], contents[-1])
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    # ------------------------------------------------------------ highlights
    writer.heading(f"1. {_('Faits saillants')}", 1)
    writer.paragraph(str(macros.summary(report)))
    writer.heading(f"1.1 {_('Répartition des actions par statut')}", 2)
    shown = [c for c in counts(report.rollup) if c["nombre"]]
    rows = [[f"{_('Orientation')} {o.orientation.id}", str(o.rollup.total),
             *[str(o.rollup.statuts.get(c["statut"], 0)) for c in shown],
             f["pct"](o.rollup.avancement)] for o in report.orientations]
    rows.append([_("Ensemble"), str(report.rollup.total), *[str(c["nombre"]) for c in shown],
                 f["pct"](report.rollup.avancement)])
    writer.table([_("Orientation"), _("Actions"), *[f["status"](c["statut"]) for c in shown],
                  _("Avancement")], rows)
    for i, o in enumerate(report.orientations, 2):
        writer.heading(f"1.{i} {_('Orientation')} {o.orientation.id} — "
                       f"{heading_text(o.orientation.titre)}", 2)
        parts = [f"{_('Avancement')}{colon} {f['pct'](o.rollup.avancement)}"]
        parts += [f["status_count"](c["statut"], c["nombre"]) for c in counts(o.rollup)
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
            writer.runs(item, f" ({len(found)}){colon} " + semicolon.join(
                f"{a.id} {a.titre}" for a in found) + ".")
        if not groups:
            writer.paragraph(ngettext(
                "Aucun changement de statut ; {n} note au journal (voir l’annexe).",
                "Aucun changement de statut ; {n} notes au journal (voir l’annexe).", o.notes)
                if o.notes else _("Rien de nouveau pendant la période."))

    # ------------------------------------------------------------ detail
    writer.heading(f"2. {_('Détail par orientation')}", 1)
    action_head = [_("Action"), _("État"), _("Porteur"), _("Échéance")]
    for oi, o in enumerate(report.orientations, 1):
        writer.heading(f"2.{oi} {_('Orientation')} {o.orientation.id} — "
                       f"{heading_text(o.orientation.titre)}", 2)
        for bi, ob in enumerate(o.objectifs, 1):
            writer.heading(f"2.{oi}.{bi} {_('Objectif')} {ob.objectif.id} — "
                           f"{heading_text(ob.objectif.titre)}", 3)
            if not ob.actions:
                writer.paragraph(_("Aucune action."))
                continue
            writer.paragraph(f"{_('Avancement')}{colon} {f['pct'](ob.rollup.avancement)}",
                             keep_with_next=True)
            writer.action_table(action_head, ob.actions)

    # ------------------------------------------------------------ indicators
    writer.heading(f"3. {_('Indicateurs')}", 1)
    if report.with_indicators:
        writer.table([_("Action"), _("Indicateur"), _("Cible"), _("Réel"), _("Unité")],
                     [[a.id, i.nom, f["num"](i.cible), _measure(report.measured(a, i), f),
                       i.unite or ""] for a in report.with_indicators for i in a.indicateurs],
                     widths=(1.8, 8.4, 2.0, 2.0, 3.0))
        writer.paragraph(_("Valeur réelle : la dernière mesure connue à la date du rapport, "
                           "avec sa date ; « — » : aucune mesure à cette date."))
    else:
        writer.paragraph(_("Aucun indicateur n’est défini."))

    # ------------------------------------------------------------ outlook
    writer.heading(f"4. {_('Perspectives')}", 1)
    if report.final:
        writer.heading(f"4.1 {_('Actions reportées au prochain plan')}", 2)
        if report.carried_over:
            writer.paragraph(str(macros.carried(report)), keep_with_next=True)
            writer.action_table(action_head, report.carried_over)
            if report.carried_into is not None:  # where each one went in the next plan
                for line in report.carried_over:
                    writer.paragraph(f"{line.action.id} {line.action.titre}{colon} "
                                     f"{macros.carried_into(report, line)}",
                                     style="List Bullet")
        else:
            writer.paragraph(_("Toutes les actions du plan sont réalisées ou abandonnées."))
    else:
        first, last = report.next_year
        writer.heading(f"4.1 {_('Échéances de l’exercice')} {first.year}-{last.year}", 2)
        if report.due_next:
            writer.action_table(action_head, report.due_next)
        else:
            writer.paragraph(_("Aucune action n’a d’échéance pendant cet exercice."))
    writer.heading(f"4.2 {_('Actions en retard')}", 2)
    if report.late:
        writer.action_table(action_head, report.late)
    else:
        writer.paragraph(_("Aucune action n’est en retard."))
    writer.heading(f"4.3 {_('Actions reportées ou replanifiées')}", 2)
    for line in report.postponed_now:
        writer.paragraph(f"{line.action.id} {line.action.titre} — {_('reportée')}",
                         style="List Bullet")
    for x in report.reschedules:
        before = f["date"](x.before) if x.before else "—"
        decided = _("décidé le {date}").format(date=f["date"](x.date))
        writer.paragraph(f"{x.action.id} {x.action.titre} — {before} → "
                         f"{f['date'](x.after)} ({decided})", style="List Bullet")
    if not (report.postponed_now or report.reschedules):
        writer.paragraph(_("Aucune action n’est reportée."))
    if report.inherited:
        writer.heading(f"4.4 {_('Actions reprises du plan précédent')}", 2)
        for line, origin in report.inherited:
            writer.paragraph(f"{line.action.id} {line.action.titre}{colon} {_('reprise de')} "
                             f"{origin.replace('/', ' / ')}", style="List Bullet")

    # ------------------------------------------------------------ annexes
    writer.heading(f"5. {_('Annexes')}", 1)
    writer.heading(f"5.1 {_('Rappel : mission, mandats et orientations')}", 2)
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
    writer.heading(f"5.2 {_('Légende des statuts')}", 2)
    writer.table([_("Statut"), _("Signification")],
                 [[f["status"](s), f["status_help"](s)] for s in Statut]
                 + [[_("En retard"), _("Échéance passée sans que l’action soit réalisée "
                                       "(calculé, jamais inscrit).")]],
                 statuses=[*Statut, None], status_column=0, widths=(3.4, 13.8))
    writer.heading(f"5.3 {_('Calcul de l’avancement')}", 2)
    writer.paragraph(str(macros.formula(plan.avancement)))
    writer.heading(f"5.4 {_('Journal de la période')}", 2)
    if report.journal:
        writer.table([_("Date"), _("Action"), _("Nouveau statut"), _("Note")], [
            [f["date"](j.date), f"{j.action.id} {j.action.titre}",
             f["status"](j.change.after).replace(" ", NBSP) if j.change else "",
             (j.entry.note or "") + (f" — {j.entry.auteur}" if j.entry.auteur else "")]
            for j in report.journal],
            statuses=[j.change.after if j.change else None for j in report.journal],
            status_column=2, widths=(3.4, 4.4, 2.8, 6.6))
    else:
        writer.paragraph(_("Aucune entrée n’a été inscrite au journal pendant cette période."))

    end = report.period.end
    props = document.core_properties
    props.title = f"{plan.titre} — {macros.title(report)}"
    props.author = props.last_modified_by = str(plan.organisation)
    props.created = props.modified = _midnight(end)
    props.revision = 1
    buffer = io.BytesIO()
    try:
        document.save(buffer)
    except (OSError, ValueError) as error:  # pragma: no cover - python-docx's own failure
        raise RenderError(str(error)) from None
    return stable_zip(buffer.getvalue(), (end.year, end.month, end.day, 0, 0, 0))


class _Writer:
    """Paragraphs, runs and tables in the document's styles, with French typography."""

    def __init__(self, document: Any, filters: dict[str, Any], lang: str):
        self.document, self.f, self.lang = document, filters, lang

    def heading(self, text: str, level: int) -> Any:
        paragraph = self.document.add_heading("", level)
        self.runs(paragraph, text)
        return paragraph

    def paragraph(self, text: str, style: str | None = None, *,
                  keep_with_next: bool = False) -> Any:
        paragraph = self.document.add_paragraph(style=style)
        self.runs(paragraph, text)
        if keep_with_next:
            paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def runs(self, paragraph: Any, text: str) -> None:
        """``text`` as runs: French spacing, ordinals (« 1er ») in superscript."""
        parts = ORDINAL.split(self.f["fr"](str(text)))
        paragraph.add_run(parts[0])
        for i in range(1, len(parts) - 1, 3):
            paragraph.add_run(parts[i])
            paragraph.add_run(parts[i + 1]).font.superscript = True
            paragraph.add_run(parts[i + 2])

    def action_row(self, line: ActionReport) -> list[str]:
        f = self.f
        state = f["status"](line.state.statut)
        if line.state.avancement is not None:
            state += f" ({f['pct'](line.state.avancement)})"
        if line.state.en_retard:
            state += f" — {self.document_late}"
        return [f"{line.action.id} {line.action.titre}", state.replace(" ", NBSP),
                line.porteur or "—", f["date"](line.echeance) if line.echeance else "—"]

    @property
    def document_late(self) -> str:
        from tdsplan.i18n import translator

        return translator(self.lang)("en retard")

    def action_table(self, head: list[str], lines: list[ActionReport]) -> None:
        self.table(head, [self.action_row(a) for a in lines],
                   statuses=[a.state.statut for a in lines], status_column=1,
                   widths=ACTION_WIDTHS)

    def table(self, head: list[str], rows: list[list[str]], *,
              statuses: list[Statut | None] | None = None, status_column: int = 0,
              widths: tuple[float, ...] | None = None) -> Any:
        """A table in the document's table style: header repeated on each page, rows never
        split, a coloured square before each status; ``widths`` in centimetres."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt, RGBColor

        table = self.document.add_table(rows=1, cols=len(head))
        table.style = self.document.styles[TABLE_STYLE]
        # The table's XML: the last one of the body, the one just added.
        element = self.document.element.body.findall(qn("w:tbl"))[-1]
        look = element.find(qn("w:tblPr")).find(qn("w:tblLook"))
        if look is not None:  # the style's bold first column is for row titles; not here
            look.set(qn("w:firstColumn"), "0")
            look.set(qn("w:val"), "0420")
        if widths:
            table.autofit = False
            columns = element.find(qn("w:tblGrid")).findall(qn("w:gridCol"))
            for column, width in zip(columns, widths, strict=True):
                column.set(qn("w:w"), str(int(Cm(width).twips)))
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
        for i, tr in enumerate(element.findall(qn("w:tr"))):
            # The header repeats on every page; a row never splits across two.
            tr.get_or_add_trPr().append(OxmlElement("w:cantSplit" if i else "w:tblHeader"))
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


def _measure(measure: Any, f: dict[str, Any]) -> str:
    if measure is None:
        return "—"
    dated = f" ({f['date'](measure.date)})" if measure.date else ""
    return f"{f['num'](measure.valeur)}{dated}"


def _table_of_contents(first: Any, last: Any) -> None:
    """Make the paragraphs from ``first`` to ``last`` the shown result of a Word table of
    contents field (level-1 headings): Word rebuilds it, with page numbers, on F9."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
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


def _page_number_footer(paragraph: Any, word: str) -> None:
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


def _language(document: Any, tag: str) -> None:
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


def _midnight(date: Any) -> Any:
    import datetime as dt

    return dt.datetime(date.year, date.month, date.day)

"""Paragraphs, runs, tables and Word fields written into a DOCX with French typography."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tdsplan.figures import NBSP
from tdsplan.render import ORDINAL, STATUS_COLORS
from tdsplan.report import ActionReport
from tdsplan.vocabulary import Statut
from tdsplan.word.words import Words

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.table import Table
    from docx.text.paragraph import Paragraph

TABLE_STYLE = "Light List Accent 1"
#: Column widths (cm) of the action tables: the title gets the room.
ACTION_WIDTHS = (6.8, 3.8, 3.1, 3.5)


class Writer:
    """Paragraphs, runs and tables in the document's styles, with French typography."""

    def __init__(self, document: Document, words: Words) -> None:
        """A writer that adds to ``document`` in the language of ``words``."""
        self.document, self.words = document, words

    def heading(self, text: str, level: int) -> Paragraph:
        """A heading of ``level`` (Heading 1-3)."""
        paragraph: Paragraph = self.document.add_heading("", level)
        self.runs(paragraph, text)
        return paragraph

    def paragraph(
        self, text: str, style: str | None = None, *, keep_with_next: bool = False
    ) -> Paragraph:
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
        return [
            f"{line.action.id} {line.action.titre}",
            state.replace(" ", NBSP),
            line.porteur or "—",
            words.date(line.echeance) if line.echeance else "—",
        ]

    def action_table(self, lines: list[ActionReport]) -> None:
        """A table of actions, a coloured square before each status."""
        _ = self.words.say
        self.table(
            [_("Action"), _("État"), _("Porteur"), _("Échéance")],
            [self.action_row(a) for a in lines],
            statuses=[a.state.statut for a in lines],
            status_column=1,
            widths=ACTION_WIDTHS,
        )

    def table(
        self,
        head: list[str],
        rows: list[list[str]],
        *,
        statuses: list[Statut | None] | None = None,
        status_column: int = 0,
        widths: tuple[float, ...] | None = None,
    ) -> Table:
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
                        STATUS_COLORS[statut.value].lstrip("#").upper()
                    )
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


def table_of_contents(first: Paragraph, last: Paragraph) -> None:
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


def page_number_footer(paragraph: Paragraph, word: str) -> None:
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


def language(document: Document, tag: str) -> None:
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

"""Paragraphs, runs, tables and Word fields written into a DOCX in the template's styles
(:mod:`.styles`), with French typography and column widths that fit their words."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tdsplan.figures import NBSP
from tdsplan.render import ORDINAL
from tdsplan.report import ActionReport
from tdsplan.vocabulary import Statut
from tdsplan.word.styles import (
    ORDINAL as ORDINAL_STYLE,
    TABLE_STYLE,
    TABLE_TEXT,
    TABLE_TEXT_SMALL,
    status_style,
)
from tdsplan.word.words import Words

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.table import Table
    from docx.text.paragraph import Paragraph

#: Column weights of the action tables: the title gets the room.
ACTION_WIDTHS = (6.8, 3.8, 3.1, 3.5)
#: The text's width on a US Letter page with the report's margins (cm).
TEXT_WIDTH = 17.19
#: How wide a character is, at most, per point of the text's size (cm; a wide fallback
#: sans serif's, bold in a header), and a cell's margins, left and right: what a word needs
#: not to break.
CHAR_WIDTH = 0.023
BOLD = 1.1
CELL_MARGINS = 0.35
#: The tables' text size (points), and the smaller one of a table too wide for it.
TABLE_SIZES = ((9.0, TABLE_TEXT), (8.0, TABLE_TEXT_SMALL))
#: Where a line may break in a cell: a space, or after a hyphen or a slash.
_BREAKS = re.compile(r"[ \t\n]+|(?<=[-/])")
#: A no-break space between two words (« 31 mars 2020 », « En cours »), which gives way,
#: as a last resort, in a table whose words are too wide for the page: a date may then
#: go over two lines, but no word breaks.
_TIGHT = re.compile(r"(?<=[\w)])\u00a0(?=[\w(])")


def fit_widths(
    head: list[str], rows: list[list[str]], weights: tuple[float, ...] | None, size: float
) -> tuple[float, ...] | None:
    """Column widths (cm) filling the text's width, each wide enough for the longest word
    of its column at ``size`` points (a date is one word: its spaces do not break), the
    room left shared in proportion to ``weights`` (equal by default); ``None`` when the
    longest words need more than the page."""

    def longest(text: str, bold: float = 1.0) -> float:
        return max(len(word) for word in _BREAKS.split(text)) * CHAR_WIDTH * size * bold

    needed = [
        max(longest(title, BOLD), *(longest(row[i]) for row in rows)) + CELL_MARGINS
        for i, title in enumerate(head)
    ]
    if sum(needed) > TEXT_WIDTH:
        return None
    shares = weights or tuple(1.0 for _ in head)
    # Each column as wide as its share, or as its longest word if more; what that takes
    # beyond the page comes off the columns that have room, in proportion to it.
    wanted = [max(n, TEXT_WIDTH * w / sum(shares)) for n, w in zip(needed, shares, strict=True)]
    slack = [w - n for w, n in zip(wanted, needed, strict=True)]
    over = sum(wanted) - TEXT_WIDTH
    return tuple(
        w - (over * s / sum(slack) if over > 0 else 0) for w, s in zip(wanted, slack, strict=True)
    )


def table_layout(
    head: list[str], rows: list[list[str]], weights: tuple[float, ...] | None
) -> tuple[tuple[float, ...], str, list[list[str]]]:
    """The table's column widths, its text's paragraph style and its rows: the usual size
    if its words fit, else the smaller one, else the smaller one with the no-break spaces
    between words of its rows giving way, else that with the widest words giving in
    proportion (no page is wider)."""
    for size, style in TABLE_SIZES:
        widths = fit_widths(head, rows, weights, size)
        if widths is not None:
            return widths, style, rows
    size, style = TABLE_SIZES[-1]
    loose = [[_TIGHT.sub(" ", cell) for cell in row] for row in rows]
    widths = fit_widths(head, loose, weights, size)
    if widths is not None:
        return widths, style, loose
    needed = [
        max(len(w) for cell in (title, *(row[i] for row in loose)) for w in _BREAKS.split(cell))
        for i, title in enumerate(head)
    ]
    return tuple(n * TEXT_WIDTH / sum(needed) for n in needed), style, loose


class Writer:
    """Paragraphs, runs and tables in the document's styles, with French typography."""

    def __init__(self, document: Document, words: Words) -> None:
        """A writer that adds to ``document`` in the language of ``words``."""
        self.document, self.words = document, words

    def heading(self, text: str, level: int, *, style: str | None = None) -> Paragraph:
        """A heading of ``level`` (Heading 1-3), or in ``style`` (one without a number)."""
        paragraph: Paragraph = (
            self.document.add_heading("", level)
            if style is None
            else self.document.add_paragraph(style=style)
        )
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

    def runs(self, paragraph: Paragraph, text: str, style: str | None = None) -> None:
        """``text`` as runs in the character ``style``: French spacing, ordinals (« 1er »)
        in the « Ordinal » style."""
        parts = ORDINAL.split(self.words.fr(str(text)))
        if parts[0]:
            paragraph.add_run(parts[0], style)
        for i in range(1, len(parts) - 1, 3):
            paragraph.add_run(parts[i], style)
            paragraph.add_run(parts[i + 1], ORDINAL_STYLE)
            if parts[i + 2]:
                paragraph.add_run(parts[i + 2], style)

    def action_row(self, line: ActionReport) -> list[str]:
        """An action's row: title, status (progress, lateness), lead and due date."""
        words = self.words
        _ = words.say
        # A status and a progress never break; a line may break between them, or after
        # the dash.
        state = words.status(line.state.statut).replace(" ", NBSP)
        if line.state.said_progress is not None:
            state += f" ({words.pct(line.state.said_progress)})"
        if line.state.said_late:  # one status
            state += f"{NBSP}— {_('en retard').replace(' ', NBSP)}"
        return [
            f"{line.action.id} {line.action.titre}",
            state,
            line.porteur or "—",
            words.date(line.echeance) if line.echeance else "—",
        ]

    def action_table(
        self, lines: list[ActionReport], extra: tuple[str, list[str]] | None = None
    ) -> None:
        """A table of actions, a coloured square before each status; ``extra``, a last
        column (its heading, then one cell for each action)."""
        _ = self.words.say
        head = [_("Action"), _("État"), _("Porteur"), _("Échéance")]
        rows = [self.action_row(a) for a in lines]
        weights: tuple[float, ...] = ACTION_WIDTHS
        if extra is not None:
            head.append(extra[0])
            rows = [[*row, cell] for row, cell in zip(rows, extra[1], strict=True)]
            weights = (5.0, 2.6, 2.6, 2.6, 4.2)
        self.table(
            head, rows, statuses=[a.state.statut for a in lines], status_column=1, widths=weights
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
        """A table in the table style, header on each page, rows unsplit; its columns as
        wide as their longest word, the rest shared by ``widths`` (weights)."""
        from docx.oxml.ns import qn
        from docx.shared import Cm

        table: Table = self.document.add_table(rows=1, cols=len(head))
        table.style = self.document.styles[TABLE_STYLE]
        # The table's XML: the last one of the body, the one just added.
        element = self.document.element.body.findall(qn("w:tbl"))[-1]
        _plain_first_column(element)
        fitted, text_style, rows = table_layout(head, rows, widths)
        table.autofit = False
        _grid_widths(element, fitted)
        for cell, text in zip(table.rows[0].cells, head, strict=True):
            cell.paragraphs[0].style = text_style
            self.runs(cell.paragraphs[0], text)
        for r, values in enumerate(rows):
            row = table.add_row()
            for c, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
                paragraph = cell.paragraphs[0]
                paragraph.style = text_style
                statut = statuses[r] if statuses and c == status_column else None
                if statut is not None:
                    paragraph.add_run("■ ", status_style(statut))
                self.runs(paragraph, text)
        _repeat_header(element)
        for row in table.rows:
            for i, cell in enumerate(row.cells):
                cell.width = Cm(fitted[i])
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

"""word.writer, in the DOCX report reopened with python-docx: tables in the table style with
a repeated header, coloured squares, page numbers, the contents field, ordinals."""

from __future__ import annotations

from docx.oxml.ns import qn

from tdsplan.word import TABLE_STYLE


def test_tables_have_a_style_a_repeated_header_and_the_numbers(document):
    tables = document.tables
    detail = next(
        t
        for t in tables
        if t.rows[0].cells[0].text == "Action" and t.rows[1].cells[0].text.startswith("1.1.1")
    )
    assert detail.style.name == TABLE_STYLE
    assert detail.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in detail.rows[2].cells] == [
        "1.1.2 Charte des valeurs",
        "■ En\u00a0cours (40\u00a0%)\u00a0— en\u00a0retard",
        "—",
        "31\u00a0janvier\u00a02020",
    ]
    # The cover's figures are the state at the end (2.1.2, abandoned, out of the count of 5
    # but not of the table), the weighted progress apart, under them.
    figures = [[p.text for p in c.paragraphs] for c in tables[0].rows[0].cells]
    assert figures == [
        ["1", "action réalisée sur 5"],
        ["1", "en cours"],
        ["1", "activité permanente"],
        ["1", "action en retard"],
    ]


def test_page_numbers_and_ordinals(document):
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    assert document.sections[0].different_first_page_header_footer  # the cover has none
    assert 'TOC \\o "1-1"' in document.element.xml  # a contents field Word can update
    period = next(p for p in document.paragraphs if p.text.startswith("Période couverte"))
    superscript = [r.text for r in period.runs if r.style.name == "Ordinal"]
    assert superscript == ["er"]  # « du 1er avril 2019 »
    assert document.styles["Ordinal"].font.superscript

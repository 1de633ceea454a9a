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


def test_in_a_table_too_wide_for_its_words_dates_give_way_before_any_word():
    from tdsplan.word.writer import BOLD, CELL_MARGINS, CHAR_WIDTH, TEXT_WIDTH, table_layout

    date = "10\u00a0décembre\u00a02019"
    head = ["Indicateur", "Action", "Départ", "Cible", "Valeur", "Atteinte", "Tendance"]
    row = [
        "Délai de réponse (jours)",
        "3.1.4 Accompagnement des MRC",
        "21 (1er\u00a0avril\u00a02018)",
        "7 (2019-2020)",
        f"9 ({date})",
        "86\u00a0% · en bonne voie",
        "↓ mieux (18 → 9)",
    ]
    widths, style, rows = table_layout(head, [row], None)
    assert style == "Texte de tableau serré" and abs(sum(widths) - TEXT_WIDTH) < 0.01
    # The dates' words may go over two lines; a percentage keeps its sign.
    assert rows[0][4] == "9 (10 décembre 2019)" and rows[0][5] == "86\u00a0% · en bonne voie"
    # Every header and every word has the room it needs at 8 points.
    for width, title, cell in zip(widths, head, rows[0], strict=True):
        words = [len(w) for w in cell.replace("-", "- ").split(" ")]
        assert len(title) * CHAR_WIDTH * 8 * BOLD + CELL_MARGINS <= width + 1e-9
        assert max(words) * CHAR_WIDTH * 8 + CELL_MARGINS <= width + 1e-9
    # A table whose words fit keeps its no-break spaces.
    assert table_layout(["Date"], [[date]], None)[2] == [[date]]

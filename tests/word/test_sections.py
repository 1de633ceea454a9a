"""word.sections, in the DOCX report reopened with python-docx: Word styles, the cover, the
annexes, a final report's outlook, the file's properties, the same bytes each time."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from tdsplan.project import Project
from tdsplan.report import build_report, report_period
from tdsplan.word import render_docx
from tests.word.conftest import TODAY


def test_cover_and_headings_use_word_styles(document):
    styled = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name in ("Title", "Subtitle", "Heading 1", "Heading 2")
    ]
    assert styled[:2] == [
        ("Title", "Bilan annuel 2019-2020"),
        ("Subtitle", "Plan d’essai 2019-2021"),
    ]
    # Numbered by their style (« 1 », « 1.1 »), as in the PDF: no number typed in the text.
    assert [text for style, text in styled if style == "Heading 1"] == [
        "Faits saillants",
        "Détail par orientation",
        "Indicateurs",
        "Perspectives",
        "Annexes",
    ]
    assert ("Heading 2", "Orientation 1 — Comprendre ensemble") in styled
    numbering = document.part.numbering_part.element.xml
    for level in (1, 2, 3):
        style = document.styles[f"Heading {level}"].element.xml
        assert f'<w:ilvl w:val="{level - 1}"/>' in style and '<w:numId w:val="90"/>' in style
    assert '<w:lvlText w:val="%1.%2.%3"/>' in numbering and 'w:pStyle w:val="Heading2"' in numbering


def test_same_report_same_bytes(small_plan):
    plan = Project.at(small_plan).load()
    report = build_report(plan, report_period(plan, TODAY, year="2019"))
    assert render_docx(report, "fr", []) == render_docx(report, "fr", [])


def test_docx_in_english(small_plan):
    plan = Project.at(small_plan).load()
    report = build_report(plan, report_period(plan, TODAY, year="2019"))
    document = Document(io.BytesIO(render_docx(report, "en", [])))
    assert document.paragraphs[1].text == "Annual report 2019-2020"


def _report(small_plan, **period):
    plan = Project.at(small_plan).load()
    return build_report(plan, report_period(plan, TODAY, **period))


def test_annexes_legend_and_journal_with_coloured_statuses(document):
    legend, journal = document.tables[-2], document.tables[-1]
    assert [r.cells[0].text for r in legend.rows] == [
        "Statut",
        "■ À venir",
        "■ En cours",
        "■ En continu",
        "■ Réalisée",
        "■ Reportée",
        "■ Abandonnée",
        "En retard",
    ]  # « en retard » is computed: no colour of its own
    assert [[c.text for c in r.cells] for r in journal.rows] == [
        ["Date", "Action", "Nouveau statut", "Note"],
        ["1er\u00a0mai\u00a02019", "1.1.1 Définition du DS", "■ En\u00a0cours", "Premier atelier."],
        ["1er\u00a0septembre\u00a02019", "2.1.1 Formations", "■ En\u00a0continu", ""],
        ["10\u00a0janvier\u00a02020", "1.1.2 Charte des valeurs", "■ En\u00a0cours", ""],
        [
            "15\u00a0février\u00a02020",
            "1.1.1 Définition du DS",
            "■ Réalisée",
            "Définition adoptée. — Marie",
        ],
        [
            "18\u00a0février\u00a02020",
            "2.1.2 Jumelage",
            "■ Abandonnée",
            "Faute de financement.",
        ],
    ]
    square = journal.rows[4].cells[2].paragraphs[0].runs[0]
    # The colour is the status's character style's (réalisée's green), not the run's.
    assert (square.text, square.style.name, square.font.color.rgb) == (
        "■ ",
        "Statut Réalisée",
        None,
    )
    assert str(document.styles["Statut Réalisée"].font.color.rgb) == "2E7D4F"


def test_a_final_report_tells_what_passes_to_the_next_plan(small_plan):
    document = Document(io.BytesIO(render_docx(_report(small_plan, whole=True), "fr", [])))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("Actions reportées au prochain plan")
    assert texts[start + 1] == (
        "2 actions ne sont pas terminées à la fin du plan\u00a0: elles "
        "passent au plan suivant. Parmi elles, 1 est en retard."
    )
    assert not any(t.startswith("Échéances de l’exercice") for t in texts)
    carried = next(
        t
        for t in document.tables
        if len(t.rows) == 3 and t.rows[1].cells[0].text == "1.1.2 Charte des valeurs"
    )
    # 2.1.1, a permanent activity (« En continu »), is no unfinished action
    assert [r.cells[0].text for r in carried.rows[1:]] == [
        "1.1.2 Charte des valeurs",
        "1.2.1 Refonte du site internet",
    ]


def test_file_properties_are_the_reports_and_dated_by_the_plans_last_commit(small_plan):
    import zipfile

    built = dt.datetime(2024, 5, 6, 9, 8, 10, tzinfo=dt.timezone(dt.timedelta(hours=-4)))
    data = render_docx(_report(small_plan, year="2019"), "fr", [], built)
    props = Document(io.BytesIO(data)).core_properties
    assert (props.title, props.author, props.last_modified_by, props.revision) == (
        "Plan d’essai 2019-2021 — Bilan annuel 2019-2020",
        "Table d’essai",
        "Table d’essai",
        1,
    )
    assert (props.subject, props.language, props.comments) == (
        "Plan d’essai 2019-2021",
        "fr-CA",
        "",
    )
    assert props.created == props.modified == dt.datetime(2024, 5, 6, 13, 8, 10, tzinfo=dt.UTC)
    archive = zipfile.ZipFile(io.BytesIO(data))
    application = archive.read("docProps/app.xml").decode()
    assert "<Application>tdsplan</Application>" in application
    assert "<Company>Table d’essai</Company>" in application and "Microsoft" not in application
    # No thumbnail of an empty page (the blank template's), and none asked of Word.
    assert not [n for n in archive.namelist() if "thumbnail" in n]
    assert b"thumbnail" not in archive.read("_rels/.rels")
    settings = archive.read("word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/>' in settings and "savePreviewPicture" not in settings
    assert {i.date_time for i in archive.infolist()} == {(2024, 5, 6, 13, 8, 10)}


def test_without_git_a_docx_is_dated_at_the_periods_end(document):
    assert document.core_properties.created == dt.datetime(2020, 3, 31, tzinfo=dt.UTC)


def test_the_template_is_the_pdfs_look_and_no_run_is_formatted_by_hand(document):
    styles = document.styles
    assert styles["Normal"].font.name == "Libertinus Serif"
    assert (styles["Heading 1"].font.size.pt, str(styles["Heading 1"].font.color.rgb)) == (
        16,
        "1D3C5A",
    )
    # The fonts are named, not the theme's (which Word would put first).
    from lxml import etree

    defaults = etree.tostring(styles.element.find(qn("w:docDefaults"))).decode()
    for xml in [defaults, *(styles[n].element.xml for n in ("Normal", "Heading 1", "Title"))]:
        assert "asciiTheme" not in xml
    # Every run takes its look from a style: at most the header's and footer's field runs
    # carry properties of their own (none here).
    runs = list(document.element.body.iter(qn("w:r")))
    formatted = [
        r for r in runs if r.rPr is not None and [c for c in r.rPr if c.tag != qn("w:rStyle")]
    ]
    assert len(runs) > 200 and formatted == []
    used = {r.rPr.find(qn("w:rStyle")).get(qn("w:val")) for r in runs if r.rPr is not None}
    assert {"Ordinal", "Strong", "StatutRealisee", "Retard"} <= used


def test_a_date_or_a_word_never_breaks_in_a_narrow_column(document):
    from tdsplan.word.writer import CELL_MARGINS, CHAR_WIDTH, TEXT_WIDTH

    for table in document.tables[1:]:
        grid = [int(c.get(qn("w:w"))) / 567 for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert abs(sum(grid) - TEXT_WIDTH) < 0.05
        size = 8 if table.rows[0].cells[0].paragraphs[0].style.name.endswith("serré") else 9
        for row in table.rows:
            for width, cell in zip(grid, row.cells, strict=True):
                longest = max(len(w) for w in cell.text.replace("\n", " ").split(" "))
                assert longest * CHAR_WIDTH * size + CELL_MARGINS <= width * 1.1 + 0.01, (
                    cell.text,
                    width,
                )


def test_a_final_bilan_keeps_the_pdfs_suite_column(tmp_path):
    from tests.test_render import COMMITTED, committed_report

    report, templates = committed_report(*COMMITTED["reports/exemple/rapport-bilan-2018-2023"])
    document = Document(io.BytesIO(render_docx(report, "fr", templates)))
    carried = next(t for t in document.tables if t.rows[0].cells[-1].text == "Suite")
    assert [c.text for c in carried.rows[1].cells][0].startswith("1.1.3")
    assert carried.rows[1].cells[-1].text == "reprise dans 2023-2028 / 1.1.3"


def test_an_svg_logo_is_drawn_and_described(small_plan, tmp_path):
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<rect width="40" height="20" fill="#1d3c5a"/></svg>'
    )
    warnings: list[str] = []
    data = render_docx(_report(small_plan, year="2019"), "fr", [tmp_path], warnings=warnings)
    document = Document(io.BytesIO(data))
    assert warnings == [] and len(document.inline_shapes) == 1
    assert document.inline_shapes[0].height == Cm(2.2)
    described = next(document.element.body.iter(qn("wp:docPr")))
    assert described.get("descr") == "Logo de Table d’essai"
    assert [p for p in document.part.package.iter_parts() if p.partname.endswith(".png")]


def test_an_unreadable_logo_is_a_warning_not_a_failure(small_plan, tmp_path):
    (tmp_path / "logo.svg").write_text("<svg pas fini")
    warnings: list[str] = []
    data = render_docx(_report(small_plan, year="2019"), "fr", [tmp_path], warnings=warnings)
    assert len(Document(io.BytesIO(data)).inline_shapes) == 0
    assert warnings == [f"logo {tmp_path / 'logo.svg'} illisible : le rapport est fait sans logo"]

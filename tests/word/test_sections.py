"""word.sections, in the DOCX report reopened with python-docx: Word styles, the cover, the
annexes, a final report's outlook, the file's properties, the same bytes each time."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document

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
    assert [text for style, text in styled if style == "Heading 1"] == [
        "1. Faits saillants",
        "2. Détail par orientation",
        "3. Indicateurs",
        "4. Perspectives",
        "5. Annexes",
    ]
    assert ("Heading 2", "2.1 Orientation 1 — Comprendre ensemble") in styled


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
    assert (square.text, str(square.font.color.rgb)) == ("■ ", "2E7D4F")  # réalisée's green


def test_a_final_report_tells_what_passes_to_the_next_plan(small_plan):
    document = Document(io.BytesIO(render_docx(_report(small_plan, whole=True), "fr", [])))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("4.1 Actions reportées au prochain plan")
    assert texts[start + 1] == (
        "2 actions ne sont pas terminées à la fin du plan\u00a0: elles "
        "passent au plan suivant. Parmi elles, 1 est en retard."
    )
    assert not any(t.startswith("4.1 Échéances de l’exercice") for t in texts)
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


def test_file_properties_name_the_report_and_date_it_at_the_period_end(document):
    props = document.core_properties
    assert (props.title, props.author, props.last_modified_by, props.revision) == (
        "Plan d’essai 2019-2021 — Bilan annuel 2019-2020",
        "Table d’essai",
        "Table d’essai",
        1,
    )
    assert props.created == props.modified == dt.datetime(2020, 3, 31, tzinfo=dt.UTC)

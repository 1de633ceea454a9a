"""What a report says: summaries per orientation, the journal, the outlook."""

from __future__ import annotations

import datetime as dt

from tdsplan.project import Project
from tdsplan.report import build_report, report_period

TODAY = dt.date(2021, 5, 1)


def ids(actions):
    return [getattr(a, "action", a).id for a in actions]


def report_of(folder, **options):
    plan = Project.at(folder).load()
    return build_report(plan, report_period(plan, TODAY, **options))


def test_each_orientation_sums_up_its_year(small_plan):
    report = report_of(small_plan, year="2019")
    first, second = report.orientations
    assert (ids(first.completed), ids(first.started), ids(first.postponed)) == (
        ["1.1.1"],
        ["1.1.1", "1.1.2"],
        [],
    )
    assert (ids(second.completed), ids(second.started), second.quiet) == ([], ["2.1.1"], False)
    assert ids(report.completed) == ["1.1.1"]


def test_the_journal_of_the_period_keeps_notes_without_a_status(small_plan):
    report = report_of(small_plan, year="2019")
    assert [
        (j.date.isoformat(), j.action.id, j.change.after.value if j.change else None)
        for j in report.journal
    ] == [
        ("2019-05-01", "1.1.1", "en_cours"),
        ("2019-09-01", "2.1.1", "en_continu"),
        ("2020-01-10", "1.1.2", "en_cours"),
        ("2020-02-15", "1.1.1", "realisee"),
        ("2020-02-18", "2.1.2", "abandonnee"),
    ]


def test_outlook_of_a_year_lists_next_year_due_and_late_actions(small_plan):
    report = report_of(small_plan, year="2019")
    assert not report.final and report.carried_over == []
    assert ids(report.late) == ["1.1.2"]  # due 31 January 2020, still in progress


def test_final_bilan_carries_unfinished_actions_to_the_next_plan(small_plan):
    report = report_of(small_plan, whole=True)
    assert report.final and report.due_next == []
    # 1.1.1 done and 2.1.2 dropped stay behind; the unfinished go to the next plan, and
    # the permanent activity 2.1.1 (« En continu ») is told apart from them.
    assert ids(report.carried_over) == ["1.1.2", "1.2.1"]
    assert ids(report.permanent) == ["2.1.1"]


def test_a_report_is_named_as_the_site_reads_it_back():
    from tdsplan.report import ReportPeriod, report_name, yearly_report

    year = ReportPeriod("exercice", dt.date(2019, 4, 1), dt.date(2020, 3, 31))
    assert report_name(year) == "rapport-2019-2020"
    assert yearly_report(report_name(year, lang="en") + ".pdf") == (2019, "pdf", "en")
    assert yearly_report(report_name(year) + ".md") == (2019, "md", "fr")
    extract = report_name(year, bailleur="centraide")
    assert extract == "rapport-2019-2020-centraide" and yearly_report(extract + ".md") is None
    whole = ReportPeriod("periode", dt.date(2019, 4, 1), dt.date(2021, 3, 31))
    assert yearly_report(report_name(whole) + ".pdf") is None  # the final bilan: no year
    assert yearly_report("rapport-2019-2021.pdf") is None


SPLIT = """\
id: 1.2
titre: Fournir des outils
actions:
  - id: 1.2.1
    titre: Refonte du site internet
    indicateurs:
      - nom: Participants
        nature: cumul
        cible: 1500
        reel: 500
    journal:
      - date: 2019-06-01
        indicateurs:
          Participants: 500
        par_territoire:
          Participants:
            nord: 200
            sud: 300
"""


def test_every_report_format_gives_an_indicators_values_by_territory(plan_with):
    from docx import Document

    from tdsplan.render import render_text
    from tdsplan.word.sections import render_docx
    from tests.conftest import PLAN_YAML

    folder = plan_with(
        {
            "plan.yaml": PLAN_YAML
            + "territoires:\n  - id: sud\n    nom: Le Sud\n  - id: nord\n    nom: Le Nord\n",
            "1-comprendre/1.2-outils.yaml": SPLIT,
        }
    )
    plan = Project.at(folder).load()
    report = build_report(plan, report_period(plan, dt.date(2021, 5, 1), year="2019"))
    split = "Le Sud 300 · Le Nord 200"  # the declared order, not the file's
    said = "500 (1er\u00a0juin\u00a02019) — par territoire\u00a0: " + split
    assert said in render_text(report, "md", "fr", [])
    assert "par territoire" in render_text(report, "html", "fr", [])
    for fmt in ("html", "pdf"):
        assert split in render_text(report, fmt, "fr", []), fmt
    assert "by territory: " + split in render_text(report, "md", "en", [])
    import io

    cells = [
        cell.text
        for table in Document(io.BytesIO(render_docx(report, "fr", []))).tables
        for row in table.rows
        for cell in row.cells
    ]
    assert any("par territoire" in cell and split in cell for cell in cells)

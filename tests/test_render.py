"""Reports: golden Markdown, PDF text, escaping of user text, determinism, overrides."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys

import html5lib
import pytest
from pypdf import PdfReader

from tdsplan.project import Project
from tdsplan.render import markdown_text, render_pdf, render_text, typst_string
from tdsplan.report import build_report, report_period

from .conftest import OBJECTIF_1_2

TODAY = dt.date(2021, 5, 1)


def small_report(folder, year="2019", **options):
    plan = Project.at(folder).load()
    return build_report(plan, report_period(plan, TODAY, year=year, **options))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_markdown_golden(small_plan, golden):
    golden("rapport-2019-2020.md", render_text(small_report(small_plan), "md", "fr", []))
    golden("rapport-2019-2020-en.md", render_text(small_report(small_plan), "md", "en", []))


def test_only_notes_of_the_year_appear(small_plan):
    text = render_text(small_report(small_plan, "2020"), "md", "fr", [])
    assert "Faute de financement" in text  # 2020-06-01
    assert "Premier atelier" not in text  # 2019-05-01: the year before
    assert ("| 1er\u00a0juin 2020 | 2.1.2 Jumelage | À venir → Abandonnée "
            "| Faute de financement. |") in text


def test_default_period_is_the_last_year_over_within_the_plan(small_plan):
    plan = Project.at(small_plan).load()
    assert report_period(plan, dt.date(2020, 5, 1)).slug == "2019-2020"
    assert report_period(plan, dt.date(2026, 11, 26)).slug == "2020-2021"  # plan ended
    assert report_period(plan, dt.date(2019, 5, 1)).slug == "2019-2020"  # plan just began
    assert report_period(plan, TODAY, whole=True).slug == "bilan-2019-2021"
    assert report_period(plan, TODAY, as_of="2020-01-15").start == dt.date(2019, 4, 1)


def test_markdown_passes_the_linter(small_plan, tmp_path):
    for lang in ("fr", "en"):
        target = tmp_path / f"r-{lang}.md"
        target.write_text(render_text(small_report(small_plan), "md", lang, []), "utf-8")
        result = subprocess.run([sys.executable, "-m", "pymarkdown", "--disable-rules", "md013",
                                 "scan", str(target)], capture_output=True, text=True)
        assert (result.returncode, result.stdout) == (0, "")


def test_html_is_valid_and_self_contained(small_plan):
    html = render_text(small_report(small_plan), "html", "fr", [])
    html5lib.HTMLParser(strict=True).parse(html)
    assert "<svg" in html and "http" not in html.replace(
        'xmlns="http', "").replace("http-equiv", "")


def test_pdf_holds_the_numbers_and_the_accents(small_plan):
    text = pdf_text(render_pdf(small_report(small_plan), "fr", []))
    for expected in ("Bilan annuel 2019-2020", "du 1er avril 2019 au 31 mars 2020",
                     "S’entendre sur une définition", "Définition adoptée.", "Réalisée",
                     "40 %", "47 %", "70 %", "Échéances de l’exercice 2020-2021"):
        assert expected in text.replace("\u00a0", " "), expected


def test_pdf_in_english(small_plan):
    text = pdf_text(render_pdf(small_report(small_plan), "en", []))
    assert "Annual report 2019-2020" in text and "from April 1, 2019 to March 31, 2020" in text


def test_same_plan_same_bytes(small_plan):
    report = small_report(small_plan)
    assert render_pdf(report, "fr", []) == render_pdf(report, "fr", [])
    assert render_text(report, "html", "fr", []) == render_text(report, "html", "fr", [])


HOSTILE = "Refonte | <script>alert(1)</script> *gras* [lien](http://x) #\"} #panic()\\ \n- fin"


def hostile_plan(plan_with):
    return plan_with({"1-comprendre/1.2-outils.yaml": OBJECTIF_1_2.replace(
        "titre: Refonte du site internet", "titre: " + typst_string(HOSTILE))})


def test_markdown_escapes_user_text(plan_with):
    text = render_text(small_report(hostile_plan(plan_with)), "md", "fr", [])
    line = next(ln for ln in text.splitlines() if ln.startswith("| 1.2.1"))
    assert line.count(" | ") == 4  # the | in the title did not add a column
    assert "<script>" not in text and "&lt;script\\>alert\\(1\\)&lt;/script\\>" in text
    assert "\\*gras\\*" in text and "\\[lien\\]\\(http://x\\)" in text


def test_html_escapes_user_text(plan_with):
    html = render_text(small_report(hostile_plan(plan_with)), "html", "fr", [])
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_pdf_shows_user_text_literally(plan_with):
    text = pdf_text(render_pdf(small_report(hostile_plan(plan_with)), "fr", []))
    flat = " ".join(text.split())
    assert "<script>alert(1)</script>" in flat and "#panic()" in flat and "*gras*" in flat


@pytest.mark.parametrize("raw, shown", [
    ("a|b", "a\\|b"), ("<b>", "&lt;b\\>"), ("1. item", "1\\. item"), ("- x", "\\- x"),
    ("deux\nlignes", "deux lignes"), ("R&D", "R&amp;D")])
def test_markdown_text_filter(raw, shown):
    assert markdown_text(raw) == shown


def test_typst_string_filter():
    assert typst_string('a "b" \\ c\n\x01') == '"a \\"b\\" \\\\ c\\n\\u{1}"'


def test_templates_can_be_overridden(small_plan, tmp_path):
    mine = tmp_path / "gabarits"
    mine.mkdir()
    (mine / "rapport.md.j2").write_text("# {{ r.plan.titre }} : {{ r.rollup.avancement|pct }}\n")
    report = small_report(small_plan)
    assert render_text(report, "md", "fr", [mine]) == "# Plan d’essai 2019-2021 : 40\u00a0%\n"
    assert render_text(report, "html", "fr", [mine]).startswith("<!DOCTYPE html>")


def test_committed_reports_are_up_to_date():
    from tdsplan.query import fiscal_year
    from tdsplan.report import Period

    from .conftest import REPO

    cases = {
        "reports/rapport-2022-2023.md": (REPO / "plan", "exercice", 2022),
        "reports/exemple/rapport-2019-2020.md": (REPO / "examples/demo/plan", "exercice", 2019),
        "reports/exemple/rapport-bilan-2018-2023.md": (REPO / "examples/demo/plan", "periode",
                                                       None),
    }
    for name, (folder, kind, year) in cases.items():
        plan = Project.at(folder).load()
        period = report_period(plan, TODAY, whole=True) if year is None else \
            Period(kind, *fiscal_year(plan, year))
        expected = render_text(build_report(plan, period), "md", "fr", [])
        assert (REPO / name).read_text("utf-8") == expected, f"régénérez {name} (README)"
        assert (REPO / name).with_suffix(".pdf").is_file()


def test_pdf_templates_may_not_fetch_packages(small_plan, tmp_path):
    from tdsplan.render import RenderError

    (tmp_path / "rapport.typ.j2").write_text('#import "@preview/cetz:0.3.0": canvas\nx\n')
    with pytest.raises(RenderError, match="paquet Typst externe"):
        render_pdf(small_report(small_plan), "fr", [tmp_path])


def test_pdf_template_cannot_read_outside_its_folder(small_plan, tmp_path):
    from tdsplan.render import RenderError

    folder = tmp_path / "gabarits"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    (folder / "rapport.typ.j2").write_text('#read("../secret.txt")\n')
    with pytest.raises(RenderError, match="mise en page du PDF impossible"):
        render_pdf(small_report(small_plan), "fr", [folder])

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

from .conftest import OBJECTIF_1_2, REPO

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
    text = render_text(small_report(small_plan, "2019"), "md", "fr", [])
    assert "Faute de financement" in text  # 2020-02-18
    assert (
        "| 18\u00a0février\u00a02020 | **2.1.2** Jumelage | Abandonnée | Faute de financement. |"
    ) in text
    later = render_text(small_report(small_plan, "2020"), "md", "fr", [])
    assert "Premier atelier" not in later and "Faute de financement" not in later  # 2019-2020


def test_default_period_is_the_last_year_over_within_the_plan(small_plan):
    plan = Project.at(small_plan).load()
    assert report_period(plan, dt.date(2020, 5, 1)).slug == "2019-2020"
    assert report_period(plan, dt.date(2026, 11, 26)).slug == "2020-2021"  # plan ended
    assert report_period(plan, dt.date(2019, 5, 1)).slug == "2019-2020"  # plan just began
    assert report_period(plan, TODAY, whole=True).slug == "bilan-2019-2021"
    assert report_period(plan, TODAY, as_of="2020-01-15").start == dt.date(2019, 4, 1)


@pytest.mark.slow  # runs the markdown linter
def test_markdown_passes_the_linter(small_plan, tmp_path):
    for lang in ("fr", "en"):
        target = tmp_path / f"r-{lang}.md"
        target.write_text(render_text(small_report(small_plan), "md", lang, []), "utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "pymarkdown", "--disable-rules", "md013", "scan", str(target)],
            capture_output=True,
            text=True,
        )
        assert (result.returncode, result.stdout) == (0, "")


def test_html_is_valid_and_self_contained(small_plan):
    html = render_text(small_report(small_plan), "html", "fr", [])
    html5lib.HTMLParser(strict=True).parse(html)
    assert "http" not in html.replace('xmlns="http', "").replace("http-equiv", "")


def test_the_html_contents_name_each_section_as_its_heading_does():
    import re

    html = (REPO / "reports" / "exemple" / "rapport-2019-2020.html").read_text("utf-8")
    toc = html[html.index('<nav class="toc"') : html.index("</nav>")]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', toc)
    assert len(links) >= 7
    for anchor, text in links:
        heading = re.search(rf'<section id="{anchor}">\s*<h2>([^<]+)</h2>', html)
        assert heading is not None and heading.group(1) == text, (anchor, text)


def test_html_chart_shows_progress_in_text_and_targets_are_large(small_plan):
    html = render_text(small_report(small_plan), "html", "fr", [])
    chart = html[
        html.index('<ul class="bars"') : html.index("</ul>", html.index('<ul class="bars"'))
    ]
    # A bar as long as the progress, its figures in text (never drawn inside a bar).
    assert 'style="width: 46.7%"' in chart and "<strong>47\u00a0%</strong>" in chart
    assert "<text" not in html and "#fff" not in chart
    assert "min-height: 24px" in html  # the contents links (WCAG 2.2, target size)


def _contrast(a: str, b: str) -> float:
    def luminance(color: str) -> float:
        channels = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_chart_colours_contrast():
    from tdsplan.render import PackageLoader

    sources = {
        name: PackageLoader("tdsplan", "templates").get_source(None, name)[0]  # type: ignore[arg-type]
        for name in ("rapport.html.j2", "rapport.typ.j2")
    }
    # The bar (#1d3c5a) on its track (#ebebeb, luma 235): a graphic, 3:1 at least, and
    # far above; the text beside the bars is the body's.
    assert "background: #1d3c5a" in sources["rapport.html.j2"]
    assert "background: #ebebeb" in sources["rapport.html.j2"]
    assert _contrast("#1d3c5a", "#ebebeb") >= 4.5
    assert (
        "fill: luma(235)" in sources["rapport.typ.j2"]
        and "fill: accent" in sources["rapport.typ.j2"]
    )
    assert '#let accent = rgb("#1d3c5a")' in sources["rapport.typ.j2"]
    # No figure is written inside a bar any more (white on orange was 2.13:1): the text
    # beside the bars is the body's, #222 on white in the HTML.
    assert "fill: white" not in sources["rapport.typ.j2"]
    assert "color: #222;" in sources["rapport.html.j2"] and _contrast("#222222", "#ffffff") >= 4.5


def test_pdf_holds_the_numbers_and_the_accents(small_plan):
    text = pdf_text(render_pdf(small_report(small_plan), "fr", []))
    for expected in (
        "Bilan annuel 2019-2020",
        "du 1er avril 2019 au 31 mars 2020",
        "S’entendre sur une définition",
        "Définition adoptée.",
        "Réalisée",
        "40 %",
        "47 %",
        "70 %",
        "Échéances de l’exercice 2020-2021",
    ):
        assert expected in text.replace("\u00a0", " "), expected


def test_pdf_is_pdf_ua_with_its_title_language_labels_and_date(small_plan):
    import pypdf

    built = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.UTC)
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(small_report(small_plan), "fr", [], built)))
    root = reader.trailer["/Root"]
    xmp = reader.xmp_metadata.stream.get_data().decode()  # type: ignore[union-attr]
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "fr-CA" and root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title == "Plan d’essai 2019-2021 — Bilan annuel 2019-2020"
    # The viewer's page numbers are the printed ones: none on the cover, then 1, 2...
    assert reader.page_labels[:3] == ["", "1", "2"]
    assert "Page 1 / " in reader.pages[1].extract_text().replace("\u00a0", " ")
    assert reader.metadata["/CreationDate"] == "D:20240506070809Z"
    assert "<xmp:CreateDate>2024-05-06T07:08:09Z</xmp:CreateDate>" in xmp


def test_pdf_describes_its_logo_and_its_chart(small_plan, tmp_path):
    import pypdf

    (tmp_path / "logo.svg").write_text(LOGO_SVG)
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(small_report(small_plan), "fr", [tmp_path])))
    alts = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert "Logo de Table d’essai" in alts
    assert (
        "Avancement par orientation\u00a0: Orientation 1 47\u00a0%\u202f; Orientation 2 50\u00a0%"
        in alts
    )


LOGO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    '<rect width="40" height="20" fill="#1d3c5a"/></svg>'
)


@pytest.mark.slow  # a PDF typeset in-process, its text extracted
def test_pdf_in_english(small_plan):
    text = pdf_text(render_pdf(small_report(small_plan), "en", []))
    text = text.replace("\u00a0", " ")
    assert "Annual report 2019-2020" in text and "from April 1, 2019 to March 31, 2020" in text
    flat = " ".join(text.split())
    assert "Définition adoptée (1.1.1 Définition du DS, February 15, 2020)." in flat
    assert "1 action done out of 5" in flat


@pytest.mark.slow  # two PDFs typeset in-process
def test_same_plan_same_bytes(small_plan):
    report = small_report(small_plan)
    assert render_pdf(report, "fr", []) == render_pdf(report, "fr", [])
    assert render_text(report, "html", "fr", []) == render_text(report, "html", "fr", [])


HOSTILE = 'Refonte | <script>alert(1)</script> *gras* [lien](http://x) #"} #panic()\\ \n- fin'


def hostile_plan(plan_with):
    return plan_with(
        {
            "1-comprendre/1.2-outils.yaml": OBJECTIF_1_2.replace(
                "titre: Refonte du site internet", "titre: " + typst_string(HOSTILE)
            )
        }
    )


def test_markdown_escapes_user_text(plan_with):
    text = render_text(small_report(hostile_plan(plan_with)), "md", "fr", [])
    line = next(ln for ln in text.splitlines() if ln.startswith("| **1.2.1**"))
    assert line.count(" | ") == 3  # the | in the title did not add a column
    assert "<script>" not in text and "&lt;script>alert(1)&lt;/script>" in text
    assert "\\*gras\\*" in text and "\\[lien\\](http://x)" in text


def test_html_escapes_user_text(plan_with):
    html = render_text(small_report(hostile_plan(plan_with)), "html", "fr", [])
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.slow  # a PDF typeset in-process, its text extracted
def test_pdf_shows_user_text_literally(plan_with):
    text = pdf_text(render_pdf(small_report(hostile_plan(plan_with)), "fr", []))
    flat = " ".join(text.split())
    assert "<script>alert(1)</script>" in flat and "#panic()" in flat and "*gras*" in flat


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("a|b", "a\\|b"),
        ("<b>", "&lt;b>"),
        ("1. item", "1\\. item"),
        ("- x", "\\- x"),
        ("deux\nlignes", "deux lignes"),
        ("R&D", "R&D"),
        ("&amp;", "&amp;amp;"),
        ("Document (500 exemplaires)", "Document (500 exemplaires)"),
        ("# titre", "\\# titre"),
        ("C# et F#", "C# et F#"),
        ("![x](y)", "!\\[x\\](y)"),
        ("a_b_", "a\\_b\\_"),
    ],
)
def test_markdown_text_filter(raw, shown):
    assert markdown_text(raw) == shown


def test_typst_string_filter():
    assert typst_string('a "b" \\ c\n\x01') == '"a \\"b\\" \\\\ c\\n\\u{1}"'
    # A no-break space stays as it is; a narrow one, a tab, a line separator are escaped.
    assert typst_string("1\u00a0%\u202f;\t\u2028") == '"1\u00a0%\\u{202f};\\t\\u{2028}"'


def test_templates_can_be_overridden(small_plan, tmp_path):
    mine = tmp_path / "gabarits"
    mine.mkdir()
    (mine / "rapport.md.j2").write_text("# {{ r.plan.titre }} : {{ r.rollup.avancement|pct }}\n")
    report = small_report(small_plan)
    assert render_text(report, "md", "fr", [mine]) == "# Plan d’essai 2019-2021 : 48\u00a0%\n"
    assert render_text(report, "html", "fr", [mine]).startswith("<!DOCTYPE html>")


COMMITTED = {
    "reports/rapport-2022-2023": ("plan", 2022),
    "reports/exemple/rapport-2019-2020": ("examples/demo/plan", 2019),
    "reports/exemple/rapport-bilan-2018-2023": ("examples/demo/plan", None),
    "reports/exemple/rapport-2023-2024": ("examples/demo/plan-2023-2028", 2023),
}


def committed_report(folder: str, year: int | None):
    from tdsplan.carryover import neighbours
    from tdsplan.fiscal import fiscal_year
    from tdsplan.report import ReportPeriod, words_of
    from tdsplan.repository import Repository

    from .conftest import REPO

    # A plan of a repository with several plans mentions the others, and its links; its
    # carried actions start from what they inherit.
    today = dt.date(2026, 11, 26)
    repository = Repository.find(REPO / folder, today=today)
    ref = repository.holding(REPO / folder)
    assert ref is not None
    plan = repository.project(ref).load()
    period = (
        report_period(plan, TODAY, whole=True)
        if year is None
        else ReportPeriod("exercice", *fiscal_year(plan, year))
    )
    plans, links = neighbours(repository, ref, plan, today)
    words = words_of(Project.at(REPO / folder), period, plan)
    return build_report(plan, period, plans=plans, links=links, **words), [
        Project.at(REPO / folder).templates_dir
    ]


def test_committed_reports_are_up_to_date():
    from .conftest import REPO

    for name, (folder, year) in COMMITTED.items():
        report, templates = committed_report(folder, year)
        for fmt in ("md", "html"):
            path = REPO / f"{name}.{fmt}"
            if fmt == "md" or path.exists():
                assert path.read_text("utf-8") == render_text(report, fmt, "fr", templates), (
                    f"régénérez {name}.{fmt} (docs/developpeurs.md)"
                )
        assert (REPO / f"{name}.pdf").is_file()


@pytest.mark.slow
def test_committed_pdfs_are_up_to_date():
    from tdsplan.history import last_commit_time

    from .conftest import REPO

    for name, (folder, year) in COMMITTED.items():
        report, templates = committed_report(folder, year)
        # (dated by the plan's last commit, as the command dates it)
        made = render_pdf(report, "fr", templates, last_commit_time(REPO / folder))
        assert (REPO / f"{name}.pdf").read_bytes() == made, (
            f"régénérez {name}.pdf (docs/developpeurs.md)"
        )


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


# ---------------------------------------------------------------- typography


def test_french_spacing_and_ordinals_in_user_text():
    from tdsplan.render import NBSP, NNBSP, french_spacing, heading_text, html_text, typst_content

    assert (
        french_spacing("Note : « oui » ; non ! vrai ?", "fr")
        == f"Note{NBSP}: «{NBSP}oui{NBSP}»{NNBSP}; non{NNBSP}! vrai{NNBSP}?"
    )
    # A no-break space typed before « ; » becomes a narrow one; none typed, none added.
    assert french_spacing(f"oui{NBSP}; non; peut-être!", "fr") == f"oui{NNBSP}; non; peut-être!"
    assert french_spacing("«oui»", "fr") == f"«{NBSP}oui{NBSP}»"
    assert french_spacing("Note : x", "en") == "Note : x"
    assert (
        typst_content("Le 1er avril, 2e rencontre")
        == '[#"Le 1"#super("er")#" avril, 2"#super("e")#" rencontre"]'
    )
    assert typst_content("G14 et 1.2e") == '"G14 et 1.2e"'  # no ordinal there
    assert html_text("1re <b>", "fr") == "1<sup>re</sup> &lt;b&gt;"
    assert heading_text("Comprendre ensemble.") == "Comprendre ensemble"
    assert heading_text("Et ainsi de suite...") == "Et ainsi de suite..."


def test_dates_never_break_across_lines(small_plan):
    from tdsplan.render import long_date

    assert long_date(dt.date(2020, 3, 31), "fr") == "31\u00a0mars\u00a02020"
    assert long_date(dt.date(2020, 3, 31), "en") == "March\u00a031,\u00a02020"


def test_markdown_headings_drop_the_final_full_stop(plan_with):
    from .conftest import ORIENTATION_1

    folder = plan_with(
        {
            "1-comprendre/orientation.yaml": ORIENTATION_1.replace(
                "Comprendre ensemble", "Comprendre ensemble (phase 1)."
            )
        }
    )
    text = render_text(small_report(folder), "md", "fr", [])
    assert "### 2.1. Orientation 1 — Comprendre ensemble (phase 1)\n" in text
    assert "1. Comprendre ensemble (phase 1).\n" in text  # the list keeps it


def test_highlights_are_the_notes_that_tell_and_the_journal_is_in_the_annex(small_plan):
    text = render_text(small_report(small_plan), "md", "fr", [])
    highlights = text[text.index("## 1. Faits saillants") : text.index("### 1.1.")]
    # no status register: the notes of a completion and an abandonment, with their dates
    assert highlights.startswith(
        "## 1. Faits saillants\n\n"
        "- **Définition adoptée** (1.1.1 Définition du DS, 15\u00a0février\u00a02020).\n"
        "- **Faute de financement** (2.1.2 Jumelage, 18\u00a0février\u00a02020).\n"
    )
    assert "Action réalisée (1)" not in text and "Rien de nouveau" not in text
    assert "Premier atelier" not in highlights and "| Date |" not in highlights
    annex = text[text.index("### 5.4. Journal de la période") :]
    assert (
        "| 1er\u00a0mai\u00a02019 | **1.1.1** Définition du DS | En cours | Premier atelier. |"
        in annex
    )
    # the formula is printed in full once, in the annex, and in one line on the cover
    assert text.count("Chaque action compte pour un pourcentage") == 1
    assert text.index("Chaque action compte") > text.index("## 5. Annexes")
    assert (
        "- Avancement pondéré\u00a0: **48\u00a0%** — moyenne des actions, chacune comptée "
        "selon son statut (à venir 0\u00a0%, en cours 50\u00a0%, en continu 50\u00a0%"
    ) in text


def test_legend_and_tables_leave_out_empty_statuses(small_plan):
    text = render_text(small_report(small_plan), "md", "fr", [])
    assert (
        "| Orientation | Actions | À venir | En cours | En continu | Réalisée | Abandonnée | "
        "Avancement pondéré |" in text
    )  # no « Reportée » column: nobody is (2.1.2 was abandoned on 2020-02-18)
    html = render_text(small_report(small_plan), "html", "fr", [])
    legend = html[html.index('<p class="legend">') :]
    legend = legend[: legend.index("</p>")]
    assert "Réalisée (1)" in legend and "Reportée" not in legend


def test_final_bilan_outlook_lists_the_actions_carried_over(small_plan):
    text = render_text(small_report(small_plan, year=None, whole=True), "md", "fr", [])
    outlook = text[text.index("## 4. Perspectives") : text.index("## 5. Annexes")]
    assert "### 4.1. Actions reportées au prochain plan" in outlook
    assert (
        "2 actions ne sont pas terminées à la fin du plan\u00a0: elles passent au plan suivant."
    ) in outlook
    assert "| **1.1.2** Charte des valeurs | En cours (40\u00a0%) — **en retard** |" in outlook
    assert "n’a d’échéance" not in outlook


def test_report_shows_the_logo_of_the_plan_repository(small_plan, tmp_path):
    logo = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>'
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "logo.svg").write_bytes(logo)
    html = render_text(small_report(small_plan), "html", "fr", [folder])
    assert '<img src="data:image/svg+xml;base64,' in html
    assert 'image("logo.svg"' in render_text(small_report(small_plan), "pdf", "fr", [folder])
    assert "<img" not in render_text(small_report(small_plan), "html", "fr", [])


# ---------------------------------------------------------------- PDF pages


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, pages",
    [
        ("reports/exemple/rapport-2019-2020", (5, 8)),
        ("reports/exemple/rapport-bilan-2018-2023", (7, 11)),  # values by territory
        ("reports/rapport-2022-2023", (4, 7)),
    ],
)
def test_pdf_pages_are_full_except_the_last(name, pages):
    report, templates = committed_report(*COMMITTED[name])
    data = render_pdf(report, "fr", templates)
    texts = page_texts(data)
    assert pages[0] <= len(texts) <= pages[1]
    short = [(i + 1, len(t)) for i, t in enumerate(texts[:-1]) if len(t) < 600]
    assert short == [], "pages presque vides"
    cover = " ".join(texts[0].split())
    for expected in (
        "Table des partenaires du développement social de Lanaudière",
        "Avancement pondéré",
        "Sommaire",
        "État du plan au",
    ):
        assert expected in cover.replace("\u00a0", " ")
    flat = " ".join(" ".join(texts).split())
    assert flat.count("Chaque action compte pour un pourcentage") == 1


def tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    pixels = zlib.compress(b"\x00\x1d\x3c\x5a" * 1)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


@pytest.mark.slow  # a PDF typeset in-process and a DOCX
def test_pdf_and_docx_carry_a_png_logo(small_plan, tmp_path):
    from docx import Document

    from tdsplan.word import render_docx

    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "logo.png").write_bytes(tiny_png())
    cover = PdfReader(io.BytesIO(render_pdf(small_report(small_plan), "fr", [folder]))).pages[0]
    assert "/XObject" in cover["/Resources"]
    document = Document(io.BytesIO(render_docx(small_report(small_plan), "fr", [folder])))
    assert len(document.inline_shapes) == 1


@pytest.mark.slow  # a dozen PDFs typeset in-process, their pages' text extracted
def test_a_long_table_never_leaves_fewer_than_three_rows_on_a_page(small_plan):
    import typst

    source = render_text(small_report(small_plan), "pdf", "fr", [])
    preamble = source[: source.index("// ----" + "-" * 60 + " cover")]
    starts = set()
    for count, filler in [
        (12, 560),
        (12, 600),
        (12, 640),
        (12, 680),
        (22, 80),
        (22, 120),
        (5, 680),
    ]:
        rows = ", ".join(f"([ligne {i}], [{'mot ' * 30}])" for i in range(count))
        document = (
            preamble
            + f"#lorem({filler})\n\n"
            + (f"#long-table((1fr, 2fr), ([A], [B]), ({rows},), before: [== Journal])\n")
        )
        data = typst.compile(document.encode("utf-8"), font_paths=[], ignore_system_fonts=True)
        per_page = [t.count("ligne ") for t in page_texts(data)]
        assert sum(per_page) == count
        assert min(n for n in per_page if n) >= min(3, count), (count, filler, per_page)
        starts.add(next(i for i, t in enumerate(page_texts(data)) if "Journal" in t))
    assert starts == {0, 1}  # it stayed when three rows fitted, moved when they did not


def test_many_long_tables_are_laid_out_in_one_go(small_plan):
    """Tables one after the other, each moved to the next page or not, do not make Typst
    redo the layout until it gives up (a 2,000-action report's 34 tables did: five passes,
    900 MB, pages laid out from stale decisions)."""
    import typst

    source = render_text(small_report(small_plan), "pdf", "fr", [])
    preamble = source[: source.index("// ----" + "-" * 60 + " cover")]
    rows = ", ".join(f"([ligne {i}], [{'mot ' * 20}])" for i in range(14))
    tables = "".join(
        f"#lorem({40 + 53 * n})\n\n"
        f"#long-table((1fr, 2fr), ([A], [B]), ({rows},), before: [== Tableau {n}])\n"
        for n in range(12)
    )
    data, warnings = typst.compile_with_warnings(
        (preamble + tables).encode("utf-8"), font_paths=[], ignore_system_fonts=True
    )
    assert [w.message for w in warnings] == []
    per_page = [t.count("ligne ") for t in page_texts(data)]
    assert sum(per_page) == 12 * 14 and min(n for n in per_page if n) >= 3


def test_a_logo_that_cannot_be_drawn_is_left_out_of_the_pdf_with_a_warning(small_plan, tmp_path):
    (tmp_path / "logo.svg").write_text("<svg pas fini")
    warnings: list[str] = []
    data = render_pdf(small_report(small_plan), "fr", [tmp_path], warnings=warnings)
    assert "/XObject" not in PdfReader(io.BytesIO(data)).pages[0]["/Resources"]
    assert warnings == [f"logo {tmp_path / 'logo.svg'} illisible : le rapport est fait sans logo"]


def test_an_html_report_leaves_out_a_logo_that_cannot_be_drawn(small_plan, tmp_path):
    (tmp_path / "logo.svg").write_text("<svg pas fini")
    warnings: list[str] = []
    html = render_text(small_report(small_plan), "html", "fr", [tmp_path], warnings=warnings)
    assert "<img" not in html and len(warnings) == 1 and "illisible" in warnings[0]
    (tmp_path / "logo.svg").write_text(LOGO_SVG)
    html = render_text(small_report(small_plan), "html", "fr", [tmp_path], warnings=warnings)
    assert '<img src="data:image/svg+xml;base64,' in html and 'alt="Logo de Table d’essai"' in html
    assert len(warnings) == 1

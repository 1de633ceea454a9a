"""A PDF report shows every character its fonts have, and a mark for the others."""

from __future__ import annotations

import re

import pytest

from tdsplan import pdfglyphs
from tdsplan.pdfglyphs import MISSING, drawable
from tests.conftest import OBJECTIF_1_1, SMALL_PLAN, write_tree


def _typeset(source: str) -> str | None:
    import typst

    from tdsplan.render import _typst_error

    return _typst_error(typst, source)


def test_the_characters_taken_as_drawn_are_drawn_in_roman_bold_and_italic():
    # Tab and line breaks are the source's own spaces, never drawn.
    drawn = [chr(c) for c in range(0x20, 0x10FFFF) if pdfglyphs._DRAWN.fullmatch(chr(c))]
    assert len(drawn) == 95 + 432 + 24 + 18  # ASCII, Latin, punctuation
    assert _typeset(pdfglyphs.probe(drawn)) is None


def test_characters_no_font_has_are_marked_and_named():
    source = 'Définition « ؍ » 漢字 — 😀 ✓ → Ω\n#text("ᚠ")'
    shown, warning = drawable(source, _typeset)
    assert (
        shown
        == f'Définition « {MISSING} » {MISSING}{MISSING} — {MISSING} ✓ → Ω\n#text("{MISSING}")'
    )
    assert warning == (
        "le PDF montre □ à la place de « ؍ » (U+060D), « ᚠ » (U+16A0), « 字 » (U+5B57), "
        "« 漢 » (U+6F22), « 😀 » (U+1F600) : aucune police du rapport n’a ces caractères "
        "(le Markdown, le HTML et le DOCX les gardent)"
    )


def test_a_french_text_is_not_tried_and_is_left_as_it_is():
    calls = []
    source = "L’été, à 50\u202f% : « œuvre » — 1er…"
    assert drawable(source, lambda probe: calls.append(probe)) == (source, "")
    assert calls == []


def test_a_narrow_space_written_as_an_escape_is_not_tried_either():
    # (render.typst_string writes the narrow no-break space of « 50 % » as an escape)
    calls = []
    source = '#"50\\u{202f}%" #"l\\u{2019}été"'
    assert drawable(source, lambda probe: calls.append(probe)) == (source, "")
    assert calls == []


def test_the_documents_title_and_author_keep_their_characters():
    source = '#set document(title: "Plan 漢 \\u{1f600}", author: "Table 漢")\n#"Plan 漢 \\u{1f600}"'
    shown, warning = drawable(source, _typeset)
    assert (
        shown
        == f'#set document(title: "Plan 漢 \\u{{1f600}}", author: "Table 漢")\n#"Plan {MISSING} {MISSING}"'
    )
    assert "« 漢 » (U+6F22)" in warning and "(U+1F600)" in warning


def test_a_pdf_whose_title_no_font_has_keeps_it_in_its_metadata(cli, tmp_path):
    import pypdf

    plan = write_tree(
        tmp_path / "plan",
        {
            **SMALL_PLAN,
            "plan.yaml": SMALL_PLAN["plan.yaml"]
            .replace("titre: Plan d’essai", "titre: Plan 漢字 d’essai")
            .replace("organisation: Table d’essai", "organisation: Table 漢"),
        },
    )
    out = tmp_path / "r.pdf"
    result = cli("--plan", plan, "report", "--year", "2019-2020", "-f", "pdf", "-o", out)
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(out)
    assert reader.metadata.title == "Plan 漢字 d’essai 2019-2021 — Bilan annuel 2019-2020"
    assert reader.metadata.author == "Table 漢"
    # The pages, which draw it, show the mark (and the warning says so).
    assert f"Plan {MISSING}{MISSING} d’essai" in reader.pages[0].extract_text()
    assert "« 漢 » (U+6F22)" in result.stderr


def test_past_the_tries_the_other_characters_are_taken_as_not_drawn():
    others = [chr(0x4E00 + i) for i in range(pdfglyphs.MAX_TRIES + 20)]

    def first_refused(probe: str) -> str:
        first = re.search(r'#text\("(.)', probe)[1]  # type: ignore[index]
        return f'error: the text `"{first}"` could not be displayed with font `"X"`'

    shown, warning = drawable("".join(others), first_refused)
    assert shown == MISSING * len(others)
    assert warning.endswith(
        "(U+4E09) et 74 autres : aucune police du rapport n’a ces "
        "caractères (le Markdown, le HTML et le DOCX les gardent)"
    )


def test_another_typst_error_leaves_the_source_to_the_real_typesetting():
    assert drawable("漢", lambda probe: "error: something else") == ("漢", "")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_title_in_any_script_still_gives_a_pdf_and_says_what_it_cannot_show(cli, tmp_path, lang):
    objective = OBJECTIF_1_1.replace("titre: Définition du DS", "titre: Définition 漢字 😀")
    plan = write_tree(
        tmp_path / "plan", {**SMALL_PLAN, "1-comprendre/1.1-definition.yaml": objective}
    )
    out = tmp_path / "r.pdf"
    result = cli(
        "--lang", lang, "--plan", plan, "report", "--year", "2019-2020", "-f", "pdf", "-o", out
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    said = {
        "fr": "tdsplan : attention : le PDF montre □ à la place de « 字 » (U+5B57), « 漢 » "
        "(U+6F22), « 😀 » (U+1F600) : aucune police du rapport n’a ces caractères",
        "en": "tdsplan: warning: the PDF shows □ in place of “字” (U+5B57), “漢” "
        "(U+6F22), “😀” (U+1F600): no font of the report has these characters",
    }[lang]
    assert said in result.stderr


def test_a_character_the_source_writes_as_an_escape_is_tried_too():
    source = "x \\u{18cd6} \\\\u{41} \\u{110000}"  # a Typst escape, a text "\u{41}", no character
    shown, warning = drawable(source, _typeset)
    assert shown == f"x {MISSING} \\\\u{{41}} \\u{{110000}}"
    assert "« \U00018cd6 » (U+18CD6)" in warning

"""How Typst lays out a PDF report: the headings numbered as its own counter would number
them, on one thread unless the user's environment says otherwise."""

from __future__ import annotations

import os
import re

import pytest

from tdsplan import render

from .test_render import COMMITTED, committed_report, pdf_text, small_report

_NUMBERED = re.compile(r'#numbered-heading\((\d), "[\d.]+"\)\[')


@pytest.mark.slow  # six PDFs typeset in-process, their text extracted
@pytest.mark.parametrize(
    "name",
    ["reports/exemple/rapport-bilan-2018-2023", "reports/exemple/rapport-2023-2024", "small"],
)
def test_the_headings_carry_the_numbers_typst_would_give_them(name, small_plan):
    import typst

    if name == "small":
        report, templates = small_report(small_plan), []
    else:
        report, templates = committed_report(*COMMITTED[name])
    source = render.render_text(report, "pdf", "fr", templates)
    # The same source, each heading numbered by Typst's counter (``#set heading(numbering)``).
    counted, headings = _NUMBERED.subn(r"#heading(level: \1)[", source)
    assert headings >= 10

    def text(typst_source: str) -> str:
        root = templates[0] if templates and templates[0].is_dir() else None
        options = {"root": str(root)} if root else {}
        data = typst.compile(
            typst_source.encode(), font_paths=[], ignore_system_fonts=True, **options
        )
        return pdf_text(data)

    assert text(source) == text(counted)


@pytest.mark.parametrize("set_by_user", [None, "3"])
def test_typst_lays_out_a_report_on_one_thread_unless_the_user_says(
    small_plan, monkeypatch, set_by_user
):
    import typst

    seen = []
    real = typst.compile

    def compile_and_look(*args, **kwargs):
        seen.append(os.environ.get("RAYON_NUM_THREADS"))
        return real(*args, **kwargs)

    if set_by_user is None:
        monkeypatch.delenv("RAYON_NUM_THREADS", raising=False)
    else:
        monkeypatch.setenv("RAYON_NUM_THREADS", set_by_user)
    monkeypatch.setattr(typst, "compile", compile_and_look)
    assert render.render_pdf(small_report(small_plan), "fr", []).startswith(b"%PDF")
    assert seen and set(seen) == {set_by_user or render.TYPST_THREADS}
    # (set for the layout only: a command run afterwards does not inherit it)
    assert os.environ.get("RAYON_NUM_THREADS") == set_by_user


def test_the_setting_is_taken_back_when_the_layout_fails(small_plan, monkeypatch, tmp_path):
    monkeypatch.delenv("RAYON_NUM_THREADS", raising=False)
    (tmp_path / "rapport.typ.j2").write_text("#panic()\n")
    with pytest.raises(render.RenderError):
        render.render_pdf(small_report(small_plan), "fr", [tmp_path])
    assert "RAYON_NUM_THREADS" not in os.environ

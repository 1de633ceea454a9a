"""Typst lays out a PDF report on one thread, unless the user's environment says otherwise."""

from __future__ import annotations

import os

import pytest

from tdsplan import render

from .test_render import small_report


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

"""What a message repeats of what a person wrote: enough to recognise it, never all of it."""

from __future__ import annotations

from tdsplan.errors import ECHOED, Problem, clip, clip_quoted


def test_clip_keeps_short_text_and_marks_the_cut():
    assert clip("1.2.3") == "1.2.3"
    assert clip("x" * ECHOED) == "x" * ECHOED
    assert clip("x" * (ECHOED + 1)) == "x" * (ECHOED - 1) + "…"


def test_clip_quoted_cuts_each_quote_and_keeps_the_rest():
    message = f"identifiant inconnu « {'1' * 5000} » ; vouliez-vous dire « 1.2.3 » ?"
    assert clip_quoted(message) == (
        f"identifiant inconnu « {'1' * 199}… » ; vouliez-vous dire « 1.2.3 » ?"
    )
    assert clip_quoted("« court »") == "« court »"


def test_a_problem_quoting_a_long_key_is_printed_short(tmp_path):
    problem = Problem(tmp_path / "a.yaml", 3, 1, f"clé inconnue « {'k' * 131_000} »")
    assert len(problem.format("a.yaml")) < 300


def test_english_quotes_are_cut_too():
    assert clip_quoted(f"unknown ID “{'1' * 5000}”") == f"unknown ID “{'1' * 199}…”"

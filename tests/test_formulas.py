"""formulas: the text a spreadsheet would run as a formula, kept text in a CSV and read
back exactly (OWASP's « CSV injection »)."""

from __future__ import annotations

import pytest

from tdsplan.formulas import csv_field, csv_text, runs_as_formula

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=cmd|' /C calc'!A0",
    "\r=cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("text", PAYLOADS)
def test_a_formula_is_written_behind_an_apostrophe_and_read_back_as_it_was(text):
    assert csv_field(text) == "'" + text
    assert not runs_as_formula(csv_field(text))
    assert csv_text(csv_field(text)) == text


@pytest.mark.parametrize("text", ["'Tis the season", "''", "'", "'=x"])
def test_a_text_that_begins_with_an_apostrophe_keeps_it(text):
    assert csv_field(text) == "'" + text
    assert csv_text(csv_field(text)) == text


@pytest.mark.parametrize("text", ["Atelier à Joliette", "2.1.4", "2020-03-15", "60 %", ""])
def test_plain_text_is_written_as_it_is(text):
    assert csv_field(text) == text == csv_text(text)


def test_an_apostrophe_the_tool_did_not_add_is_kept():
    # What a spreadsheet saves for the text « 'Tis » (or what a lead types) stays whole.
    assert csv_text("'Tis") == "'Tis"


@pytest.mark.parametrize("field", [*PAYLOADS, " =1+1", "- réunion tenue", "=", "-"])
def test_what_a_spreadsheet_would_run(field):
    assert runs_as_formula(field)


@pytest.mark.parametrize(
    "field",
    ["-2", "+3,5", "-1 000", "-2.5e3", "-5 %", "'=1+1", "Note - suite", "a@b.ca", "2020-03-15"],
)
def test_numbers_and_marked_text_are_not_formulas(field):
    assert not runs_as_formula(field)

"""The YAML writer: what it writes, the reader reads back as the very value given."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from tdsplan.models import MAX_NUMBER, Statut, text_problem
from tdsplan.yamlio import parse_document
from tdsplan.yamlwrite import format_entry, format_number, format_value

#: Any text a plan file may hold (the models refuse control and direction characters).
TEXTS = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=60
).filter(lambda text: text_problem(text) is None) | st.sampled_from(
    [
        "no",
        "yes",
        "1.10",
        "017",
        "2019-05-01",
        "2019-02-30",
        "null",
        "~",
        "- x",
        "a: b",
        "Site #2",
        "#2",
        "x #2",
        "« guillemets »",
        "'",
        '"',
        "\\",
        " lead",
        "trail ",
        ".inf",
    ]
)
#: Any number the models accept (``Nombre``, ``Poids``), and a few written by hand.
NUMBERS = (
    st.floats(-MAX_NUMBER, MAX_NUMBER, allow_nan=False)
    | st.integers(-(10**12), 10**12)
    | st.sampled_from([0.1234567, 1234567.5, 1e-300, 5e-324, 0.1, 1000, -0.0])
)


def read_back(line: str) -> object:
    return parse_document(None, line + "\n").data["v"]


@given(TEXTS)
def test_any_text_the_models_accept_reads_back_equal(value):
    assert read_back(format_entry("v", value)) == value


@given(NUMBERS)
def test_any_number_the_models_accept_reads_back_equal(value):
    written = format_entry("v", value)
    assert read_back(written) == value
    assert type(read_back(written)) is (float if not float(value).is_integer() else int)


@given(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x2FF), min_size=1, max_size=400))
def test_a_folded_text_reads_back_unchanged(value):
    text = format_entry("note", value, 2) + "\n"
    assert parse_document(None, "n:\n" + text).data == {"n": {"note": value}}


@pytest.mark.parametrize(
    "value, written",
    [
        (0.1234567, "0.1234567"),
        (1234567.5, "1234567.5"),
        (2.0, "2"),
        (2, "2"),
        (1e-7, "0.0000001"),  # in digits: tdsplan reads no exponent
        (-0.5, "-0.5"),
        (float("inf"), ".inf"),
        (float("-inf"), "-.inf"),
        (float("nan"), ".nan"),
    ],
)
def test_numbers_are_never_rounded(value, written):
    assert format_number(value) == written


@pytest.mark.parametrize(
    "value, written",
    [
        (Statut.EN_COURS, "en_cours"),
        (dt.date(2020, 3, 1), "2020-03-01"),
        (True, "true"),
        (False, "false"),
        ("no", '"no"'),
        ("1.10", '"1.10"'),
        ("Site web", "Site web"),
        ("Appel d’offres : lancé", '"Appel d’offres : lancé"'),
    ],
)
def test_each_kind_of_value_is_written_as_people_write_it(value, written):
    assert format_value(value) == written


def test_a_boolean_is_not_a_number():
    with pytest.raises(TypeError):
        format_number(True)


def test_a_long_text_is_folded_unless_asked_not_to():
    value = "mot " * 40 + "fin"
    assert format_entry("note", value).startswith("note: >-\n  mot mot")
    assert format_entry("note", value, width=None) == f"note: {value}"
    assert format_entry("poids", 0.1234567, width=5) == "poids: 0.1234567"

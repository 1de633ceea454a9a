"""figures: the one way numbers and percentages are written."""

from __future__ import annotations

from tdsplan import figures


def test_one_way_to_write_numbers():
    assert figures.percent(44.6, "fr") == "45\u00a0%" and figures.percent(44.6, "en") == "45%"
    assert figures.percent(None) == figures.percent(float("nan")) == "—"
    assert [figures.number(v, "fr") for v in (3.0, 2.5, None, float("inf"))] == [
        "3",
        "2,5",
        "—",
        "—",
    ]
    assert [figures.plain(v) for v in (3.0, 2.5, None)] == ["3", "2.5", "—"]


def test_french_groups_digits_with_a_narrow_space_and_writes_a_decimal_comma():
    assert figures.number(1500, "fr") == "1\u202f500"
    assert figures.number(23.5, "fr") == "23,5"
    assert figures.number(-1234567.25, "fr") == "-1\u202f234\u202f567,25"
    assert figures.count(59900, "fr") == "59\u202f900"


def test_english_groups_digits_with_a_comma_and_writes_a_decimal_point():
    assert figures.number(1500, "en") == "1,500"
    assert figures.number(23.5, "en") == "23.5"
    assert figures.count(59900, "en") == "59,900"


def test_one_long_date_for_documents_and_the_terminal():
    import datetime as dt

    first, last = dt.date(2019, 4, 1), dt.date(2020, 3, 31)
    # A document's date never breaks; the terminal's keeps its day with its month.
    assert figures.long_date(first, "fr") == "1er\u00a0avril\u00a02019"
    assert figures.long_date(last, "fr", unbreakable=False) == "31\u00a0mars 2020"
    assert figures.long_date(last, "en") == "March\u00a031,\u00a02020"
    assert figures.long_date(last, "en", unbreakable=False) == "March 31, 2020"
    assert [
        figures.long_date(dt.date(2020, m, 2), "fr").split("\u00a0")[1] for m in (2, 8, 12)
    ] == [
        "février",
        "août",
        "décembre",
    ]

"""figures: the one way numbers and percentages are written."""

from __future__ import annotations

from tdsplan import figures


def test_one_way_to_write_numbers():
    assert figures.percent(44.6, "fr") == "45\u00a0%" and figures.percent(44.6, "en") == "45%"
    assert figures.percent(None) == figures.percent(float("nan")) == "—"
    assert [figures.number(v) for v in (3.0, 2.5, None, float("inf"))] == ["3", "2.5", "—", "—"]

"""How numbers read: the one formatter of percentages and plain numbers, for the
terminal, the reports, the site and the messages alike."""

from __future__ import annotations

import math

from tdsplan.i18n import current_language

NBSP = "\u00a0"
#: What stands for a number that is not known (or cannot be shown).
UNKNOWN = "—"


def percent(value: float | None, lang: str | None = None) -> str:
    """« 45 % » (non-breaking space) in French, “45%” in English; « — » when unknown."""
    if value is None or not math.isfinite(value):
        return UNKNOWN
    sign = f"{NBSP}%" if (lang or current_language()) == "fr" else "%"
    return f"{round(value)}{sign}"


def number(value: float | None) -> str:
    """``3`` for 3.0, ``2.5`` for 2.5, « — » when unknown: a number as a person wrote it."""
    if value is None or not math.isfinite(value):
        return UNKNOWN
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def count(n: int, lang: str | None = None) -> str:
    """A whole number as people read it: « 59 900 » in French, “59,900” in English."""
    return f"{n:,}".replace(",", NBSP if (lang or current_language()) == "fr" else ",")

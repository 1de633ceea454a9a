"""How numbers and dates read: the one formatter of percentages, plain numbers and long
dates, for the terminal, the reports, the site and the messages alike.

French groups digits with a narrow no-break space and writes a decimal comma
(« 1 500 », « 23,5 », « 75 % »); English writes “1,500”, “23.5”, “75%”."""

from __future__ import annotations

import datetime as dt
import math

from tdsplan.i18n import current_language

NBSP = "\u00a0"
#: Between groups of three digits in French (« 1 500 »): a narrow no-break space.
NNBSP = "\u202f"
#: What stands for a number that is not known (or cannot be shown).
UNKNOWN = "—"


def percent(value: float | None, lang: str | None = None) -> str:
    """« 45 % » (non-breaking space) in French, “45%” in English; « — » when unknown."""
    if value is None or not math.isfinite(value):
        return UNKNOWN
    sign = f"{NBSP}%" if (lang or current_language()) == "fr" else "%"
    return f"{round(value)}{sign}"


def plain(value: float | None) -> str:
    """``3`` for 3.0, ``2.5`` for 2.5, « — » when unknown: a number as a file or a machine
    reads it (no grouping, a decimal point)."""
    if value is None or not math.isfinite(value):
        return UNKNOWN
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def number(value: float | None, lang: str | None = None) -> str:
    """A number as a person reads it: « 1 500 », « 23,5 » in French, “1,500”, “23.5” in
    English (at most six significant decimals, none when whole); « — » when unknown."""
    if value is None or not math.isfinite(value):
        return UNKNOWN
    if float(value).is_integer() and abs(value) < 1e15:
        return count(int(value), lang)
    digits = f"{value:,.6f}".rstrip("0").rstrip(".") if abs(value) < 1e15 else f"{value:g}"
    if (lang or current_language()) != "fr":
        return digits
    return digits.replace(",", NNBSP).replace(".", ",")


def count(n: int, lang: str | None = None) -> str:
    """A whole number as people read it: « 59 900 » in French, “59,900” in English."""
    return f"{n:,}".replace(",", NNBSP if (lang or current_language()) == "fr" else ",")


_MONTHS = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def long_date(date: dt.date, lang: str | None = None, *, unbreakable: bool = True) -> str:
    """« 31 mars 2020 », « 1er avril 2019 »; “March 31, 2020” in English. A document's
    date never breaks across lines (``unbreakable``: no-break spaces); the terminal's
    keeps only its day with its month."""
    lang = lang or current_language()
    month = _MONTHS["fr" if lang == "fr" else "en"][date.month - 1]
    if lang == "fr":
        day = "1er" if date.day == 1 else str(date.day)
        text = f"{day}{NBSP}{month} {date.year}"
    else:
        text = f"{month} {date.day}, {date.year}"
    return text.replace(" ", NBSP) if unbreakable else text

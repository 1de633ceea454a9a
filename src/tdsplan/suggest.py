"""« Vouliez-vous dire … ? »: the one place that finds a near miss and words the hint."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable

from tdsplan.i18n import _


def closest(word: str, choices: Iterable[str], *, n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The ``n`` choices nearest to ``word``, best first (none when nothing is near)."""
    return difflib.get_close_matches(word, list(choices), n=n, cutoff=cutoff)


def did_you_mean(
    word: str, choices: Iterable[str], *, cutoff: float = 0.6, label: Callable[[str], str] = str
) -> str:
    """`` (vouliez-vous dire « statut » ?)`` for the choice nearest to ``word``, or ``""``;
    ``label`` turns the choice found into what the hint prints."""
    close = closest(word, choices, cutoff=cutoff)
    return _(" (vouliez-vous dire « {word} » ?)").format(word=label(close[0])) if close else ""


def either(words: list[str]) -> str:
    """``1.2.1, 1.2.2 ou 1.2.3``: a list of alternatives in words."""
    if len(words) == 1:
        return words[0]
    return _("{first} ou {last}").format(first=", ".join(words[:-1]), last=words[-1])

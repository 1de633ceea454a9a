"""The words of the plan: statuses, their labels in each language, and the aliases
people may type. Plain Python (no pydantic), so that the command line can speak them
without loading the models."""

from __future__ import annotations

import enum
import re
import unicodedata

from tdsplan.i18n import _mark, current_language, translator


class Statut(enum.StrEnum):
    """Statut d’une action. « En retard » est calculé, jamais inscrit."""

    A_VENIR = "a_venir"
    EN_COURS = "en_cours"
    EN_CONTINU = "en_continu"
    REALISEE = "realisee"
    REPORTEE = "reportee"
    ABANDONNEE = "abandonnee"

    @property
    def label(self) -> str:
        """The French label shown to people."""
        return _STATUS_LABELS[self]

    @property
    def can_be_late(self) -> bool:
        """Whether an action past its due date with this status is late."""
        return self in (Statut.A_VENIR, Statut.EN_COURS, Statut.REPORTEE)


_STATUS_LABELS = {
    Statut.A_VENIR: _mark("À venir"),
    Statut.EN_COURS: _mark("En cours"),
    Statut.EN_CONTINU: _mark("En continu"),
    Statut.REALISEE: _mark("Réalisée"),
    Statut.REPORTEE: _mark("Reportée"),
    Statut.ABANDONNEE: _mark("Abandonnée"),
}


#: The accents of Latin letters (the combining marks of U+0300-U+036F), dropped at C
#: speed by :func:`fold`; any other combining mark is looked for one by one.
_ACCENTS = re.compile(
    "[" + "".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))) + "]"
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold(text: str) -> str:
    """Lower-case, strip accents and turn spaces and dashes into ``_``: how aliases compare."""
    plain = _ACCENTS.sub("", unicodedata.normalize("NFD", text.strip().lower()))
    if not plain.isascii() and any(map(unicodedata.combining, set(_NON_ASCII.findall(plain)))):
        plain = "".join(c for c in plain if not unicodedata.combining(c))
    return "_".join(plain.replace("-", " ").replace("_", " ").split())


#: What people may type for a status, once folded by :func:`fold`.
STATUS_ALIASES: dict[str, Statut] = {
    **{fold(s.value): s for s in Statut},
    **{fold(s.label): s for s in Statut},
    "a_faire": Statut.A_VENIR,
    "todo": Statut.A_VENIR,
    "to_do": Statut.A_VENIR,
    "planned": Statut.A_VENIR,
    "in_progress": Statut.EN_COURS,
    "started": Statut.EN_COURS,
    "continu": Statut.EN_CONTINU,
    "ongoing": Statut.EN_CONTINU,
    "continuous": Statut.EN_CONTINU,
    "fait": Statut.REALISEE,
    "fini": Statut.REALISEE,
    "finie": Statut.REALISEE,
    "faite": Statut.REALISEE,
    "terminee": Statut.REALISEE,
    "done": Statut.REALISEE,
    "completed": Statut.REALISEE,
    "postponed": Statut.REPORTEE,
    "deferred": Statut.REPORTEE,
    "dropped": Statut.ABANDONNEE,
    "abandoned": Statut.ABANDONNEE,
    "cancelled": Statut.ABANDONNEE,
    "canceled": Statut.ABANDONNEE,
}


def status_label(statut: Statut, lang: str | None = None) -> str:
    """« Réalisée », or “Done” in English."""
    return translator(lang or current_language())(statut.label)


def status_count(statut: Statut, n: int, lang: str | None = None) -> str:
    """« 3 réalisées », « 1 en cours »; “3 done” in English."""
    lang = lang or current_language()
    if lang != "fr":
        return f"{n} {status_label(statut, lang).lower()}"
    agrees = n > 1 and statut.value in ("realisee", "reportee", "abandonnee")
    return f"{n} {statut.label.lower()}{'s' if agrees else ''}"


_PLURALS = {
    Statut.A_VENIR: _mark("à venir"),
    Statut.EN_COURS: _mark("en cours"),
    Statut.EN_CONTINU: _mark("en continu"),
    Statut.REALISEE: _mark("réalisées"),
    Statut.REPORTEE: _mark("reportées"),
    Statut.ABANDONNEE: _mark("abandonnées"),
}


def status_plural(statut: Statut, lang: str | None = None) -> str:
    """The status said of several actions: « Actions réalisées », “Actions done”."""
    return translator(lang or current_language())(_PLURALS[statut])


_DESCRIPTIONS = {
    "a_venir": _mark("L’action n’a pas commencé."),
    "en_cours": _mark("L’action a commencé."),
    "en_continu": _mark("Action permanente, sans fin prévue."),
    "realisee": _mark("L’action est terminée."),
    "reportee": _mark("L’action est remise à plus tard."),
    "abandonnee": _mark("L’action ne sera pas réalisée ; elle est exclue du calcul."),
}


def status_description(statut: Statut, lang: str | None = None) -> str:
    return translator(lang or current_language())(_DESCRIPTIONS[statut.value])

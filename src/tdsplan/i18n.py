"""The language tdsplan speaks: French by default, English on request.

Every phrase a person reads is written in French in the code and marked with
``_()`` (or :func:`ngettext`); its English lives in the gettext catalogue
``locale/en/LC_MESSAGES/tdsplan.po``, compiled to ``tdsplan.mo`` (see
``python -m tdsplan.i18n --help``). The command line chooses the language once per
run with :func:`use_language`; the core only asks for phrases.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported lazily: errors and yamlio ask for phrases without pydantic
    from tdsplan.models import Statut

LANGUAGES = ("fr", "en")
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "tdsplan"

_language: ContextVar[str] = ContextVar("tdsplan_language", default="fr")


def use_language(lang: str) -> None:
    """Speak ``lang`` from now on in this context (``fr`` or ``en``)."""
    if lang not in LANGUAGES:
        raise ValueError(lang)
    _language.set(lang)


def current_language() -> str:
    return _language.get()


@functools.cache
def _catalogue(lang: str) -> Any:
    import gettext  # only for a language other than French

    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def translator(lang: str) -> Callable[[str], str]:
    """The ``_()`` of one language, for the report templates."""
    return (lambda message: message) if lang == "fr" else _catalogue(lang).gettext


def plural(lang: str) -> Callable[[str, str, int], str]:
    """The :func:`ngettext` of one language, for the templates."""
    if lang == "fr":
        return lambda singular, plural, n: singular if n <= 1 else plural
    return _catalogue(lang).ngettext


def _(message: str) -> str:
    """``message`` (French) in the current language."""
    lang = _language.get()
    return message if lang == "fr" else _catalogue(lang).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural French phrase for ``n``, in the current language."""
    lang = _language.get()
    if lang == "fr":
        return singular if n <= 1 else plural  # French: 0 and 1 take the singular
    return _catalogue(lang).ngettext(singular, plural, n)


def status_label(statut: Statut, lang: str | None = None) -> str:
    """« Réalisée », or “Done” in English."""
    return translator(lang or _language.get())(statut.label)


def status_count(statut: Statut, n: int, lang: str | None = None) -> str:
    """« 3 réalisées », « 1 en cours »; “3 done” in English."""
    lang = lang or _language.get()
    if lang != "fr":
        return f"{n} {status_label(statut, lang).lower()}"
    agrees = n > 1 and statut.value in ("realisee", "reportee", "abandonnee")
    return f"{n} {statut.label.lower()}{'s' if agrees else ''}"


def _mark(message: str) -> str:
    """Mark a phrase for the catalogue without translating it here."""
    return message


_DESCRIPTIONS = {
    "a_venir": _mark("L’action n’a pas commencé."),
    "en_cours": _mark("L’action a commencé."),
    "en_continu": _mark("Action permanente, sans fin prévue."),
    "realisee": _mark("L’action est terminée."),
    "reportee": _mark("L’action est remise à plus tard."),
    "abandonnee": _mark("L’action ne sera pas réalisée ; elle est exclue du calcul."),
}


def status_description(statut: Statut, lang: str | None = None) -> str:
    return translator(lang or _language.get())(_DESCRIPTIONS[statut.value])


# Phrases built from data rather than written in a _() call: listed so that the
# catalogue holds them.
_STATUS_LABELS = (_mark("À venir"), _mark("En cours"), _mark("En continu"), _mark("Réalisée"),
                  _mark("Reportée"), _mark("Abandonnée"))

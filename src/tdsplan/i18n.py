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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gettext import NullTranslations

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
def _catalogue(lang: str) -> NullTranslations:
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


def _mark(message: str) -> str:
    """Mark a phrase for the catalogue without translating it here."""
    return message

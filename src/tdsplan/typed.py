"""What a person types, parsed: dates, numbers, percentages, fiscal years, statuses, IDs.

One rule each, shared by the command line, the spreadsheet import and ``init``, so
the same text never gets two answers. Errors are :class:`~tdsplan.errors.UsageError`
saying what is wrong but not where: the caller knows (an option, a cell, a line).
"""

from __future__ import annotations

import datetime as dt
import math
import re

from tdsplan.errors import UsageError, clip
from tdsplan.figures import count, number
from tdsplan.i18n import _
from tdsplan.models import MAX_NUMBER, Plan
from tdsplan.suggest import did_you_mean
from tdsplan.vocabulary import STATUS_ALIASES, Statut, fold

_YEAR = re.compile(r"^\s*(\d{4})\s*(?:[-/]\s*(\d{2}|\d{4}))?\s*$")


def parse_fiscal_year(text: str) -> int:
    """The start year of ``2019-2020``, ``2019-20`` or ``2019``; a usage error otherwise."""
    match = _YEAR.match(text)
    if match:
        start = int(match.group(1))
        end = match.group(2)
        if (end is None or int(end) in (start + 1, (start + 1) % 100)) \
                and FIRST_DATE.year <= start < LAST_DATE.year:
            return start
    raise UsageError(_("exercice « {text} » invalide : écrivez par exemple 2019-2020 ou 2019")
                     .format(text=text))


#: Dates a view is asked about: the years a plan may cover, with room around them (a
#: fiscal year of year 1 would start before the calendar does).
FIRST_DATE, LAST_DATE = dt.date(1800, 1, 1), dt.date(3999, 12, 31)


def parse_date(text: str) -> dt.date:
    """A ``YYYY-MM-DD`` date; a usage error otherwise."""
    try:
        date = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(_("date « {text} » invalide : écrivez-la AAAA-MM-JJ, par exemple "
                           "2021-03-31").format(text=text)) from None
    if not FIRST_DATE <= date <= LAST_DATE:
        raise UsageError(_("date « {text} » hors des années qu’un plan peut couvrir ({first} à "
                           "{last})").format(text=text, first=FIRST_DATE.year,
                                            last=LAST_DATE.year))
    return date



#: A number as a person types it: ASCII digits, spaces (plain, non-breaking or narrow)
#: between groups of three, one decimal comma or point; a sign in front.
_NUMBER = re.compile(r"([+-]?)(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d+))?", re.ASCII)


def parse_number(text: str | float, *, signed: bool = True) -> float:
    """The number a person typed, on the command line or in a spreadsheet's cell.

    Text is ASCII digits, with spaces between groups of three (« 1 000 ») and one decimal
    comma or point (``3,5``, ``3.5``), and a sign in front if ``signed``; a spreadsheet's
    number cell comes as a float. Refused, with a :class:`UsageError` saying why but not
    where (the caller knows: an option, a cell): other scripts' digits (``١٢``), ``_``,
    exponents (``1e13``), ``inf`` and ``nan``, and anything beyond
    :data:`~tdsplan.models.MAX_NUMBER` either way, the bound of the plan's files.
    """
    if isinstance(text, bool):
        raise UsageError(_("« {text} » n’est pas un nombre").format(text=text))
    if isinstance(text, float) and not math.isfinite(text):
        raise UsageError(_("« {text} » n’est pas un nombre fini : écrivez un nombre").format(
            text=text))
    if isinstance(text, int | float):
        value = float(text)
        shown = count(int(value)) if value.is_integer() and abs(value) < 1e300 else str(text)
        negative = value < 0
    else:
        shown = clip(text.strip())
        match = _NUMBER.fullmatch(text.strip())
        if match is None:
            raise UsageError(_("nombre « {text} » illisible : des chiffres (0 à 9), avec une "
                               "virgule ou un point pour les décimales, par exemple 24 ou 3,5")
                             .format(text=shown))
        sign, whole, decimals = match.groups()
        value = float(sign + re.sub(r"\D", "", whole) + "." + (decimals or "0"))
        negative = sign == "-"
    high = count(int(MAX_NUMBER))
    if negative and not signed:
        raise UsageError(_("« {text} » est négatif : un nombre de 0 à {high} est attendu ici")
                         .format(text=shown, high=high))
    if not -MAX_NUMBER <= value <= MAX_NUMBER:  # a long enough text is infinite: out too
        raise UsageError(_("« {text} » hors limites : un nombre de {low} à {high} est "
                           "attendu").format(text=shown, high=high,
                                             low=count(int(-MAX_NUMBER if signed else 0))))
    return value + 0.0  # never -0.0


def parse_percent(text: str | float) -> int:
    """A percentage a person typed: a whole number from 0 to 100 (``40``, ``40 %``,
    ``40,0``), through :func:`parse_number`; a :class:`UsageError` otherwise."""
    if isinstance(text, str):
        text = text.strip().removesuffix("%").strip()
    try:
        value = parse_number(text, signed=False)
    except UsageError:
        value = None
    if value is None or not value.is_integer() or value > 100:
        raise UsageError(_("avancement « {text} » invalide : un nombre entier de 0 à 100")
                         .format(text=clip(text) if isinstance(text, str) else number(text)))
    return int(value)


def parse_period(text: str) -> tuple[int, int]:
    """``2023-2028`` as two years; a usage error otherwise."""
    parts = text.replace("–", "-").split("-")
    if len(parts) == 2 and all(p.strip().isdigit() and len(p.strip()) == 4 for p in parts):
        start, end = int(parts[0]), int(parts[1])
        if start < end:
            return start, end
    raise UsageError(_("période « {text} » invalide : écrivez par exemple 2023-2028").format(
        text=text))


def parse_status(text: str) -> Statut:
    """A status from what a person typed: key, French label (accents optional) or English."""
    statut = STATUS_ALIASES.get(fold(text))
    if statut is None:
        keys = [s.value for s in Statut]
        hint = did_you_mean(fold(text), STATUS_ALIASES, label=lambda w: STATUS_ALIASES[w].value)
        raise UsageError(_("statut inconnu « {text} »").format(text=text) + hint + _(
            " ; valeurs permises : {values}").format(values=", ".join(keys)))
    return statut



def parse_territory(text: str, plan: Plan) -> str:
    """A territory of ``plan.yaml`` from its identifier or its name (accents, case and
    apostrophes optional)."""
    def key(word: str) -> str:
        return fold(word).replace("’", "").replace("'", "")

    names = {key(t.id): t.id for t in plan.territoires} | \
        {key(t.nom): t.id for t in plan.territoires}
    found = names.get(key(text))
    if found is None and not plan.territoires:
        raise UsageError(_("territoire inconnu « {text} » : plan.yaml n’en déclare aucun")
                         .format(text=text))
    if found is None:
        hint = did_you_mean(key(text), names, label=lambda w: names[w])
        raise UsageError(_("territoire inconnu « {text} »").format(text=text) + hint + _(
            " ; valeurs permises : {values}").format(
                values=", ".join(t.id for t in plan.territoires)))
    return found



def declared_id(kind: str, text: str, declared: list[tuple[str, str]]) -> str:
    """The ID of a declared territory or funder (``kind``: « territoire », « bailleur »)
    from its ID or its name, accents and case aside; a usage error with a hint otherwise."""
    def plain(words: str) -> str:
        return fold(words.replace("’", "'"))  # a typed apostrophe is the typographic one

    wanted = plain(text)
    for identifier, nom in declared:
        if wanted in (plain(identifier), plain(nom)):
            return identifier
    names = {plain(identifier): nom for identifier, nom in declared}
    names.update((plain(nom), nom) for _identifier, nom in declared)
    listed = ", ".join(nom for _identifier, nom in declared) or _("aucun")
    raise UsageError(_("{kind} « {text} » inconnu").format(kind=kind, text=text)
                     + did_you_mean(wanted, names, label=names.__getitem__)
                     + _(" ; déclarés dans plan.yaml : {names}").format(names=listed))


def funder_id(plan: Plan, text: str) -> str:
    """The ID of the funder named ``text`` (its ID or its name)."""
    return declared_id(_("bailleur"), text, [(b.id, b.nom) for b in plan.bailleurs])

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
        if (
            end is None or int(end) in (start + 1, (start + 1) % 100)
        ) and FIRST_DATE.year <= start < LAST_DATE.year:
            return start
    raise UsageError(
        _("exercice « {text} » invalide : écrivez par exemple 2019-2020 ou 2019").format(text=text)
    )


#: Dates a view is asked about: the years a plan may cover, with room around them (a
#: fiscal year of year 1 would start before the calendar does).
FIRST_DATE, LAST_DATE = dt.date(1800, 1, 1), dt.date(3999, 12, 31)


#: Month names a date may be written with, once folded (French, English, abbreviated).
MONTHS = {
    "janvier": 1,
    "janv": 1,
    "january": 1,
    "jan": 1,
    "fevrier": 2,
    "fevr": 2,
    "fev": 2,
    "february": 2,
    "feb": 2,
    "mars": 3,
    "march": 3,
    "mar": 3,
    "avril": 4,
    "avr": 4,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "may": 5,
    "juin": 6,
    "june": 6,
    "jun": 6,
    "juillet": 7,
    "juil": 7,
    "july": 7,
    "jul": 7,
    "aout": 8,
    "august": 8,
    "aug": 8,
    "septembre": 9,
    "sept": 9,
    "september": 9,
    "sep": 9,
    "octobre": 10,
    "oct": 10,
    "october": 10,
    "novembre": 11,
    "nov": 11,
    "november": 11,
    "decembre": 12,
    "dec": 12,
    "december": 12,
}
#: The year first: 2021-03-31, or 2021/03/31 as gnumeric writes a date into a CSV.
_ISO = re.compile(r"^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})(?:er)?_([a-z]+)\.?_(\d{4})$")


def looks_like_date(text: str) -> bool:
    """Whether ``text`` is written as :func:`parse_date` reads a date (a valid one or
    not), rather than as something else: a git revision, say."""
    text = text.strip()
    match = _WORDS.match(fold(text).replace(",", ""))
    return bool(
        _ISO.match(text) or _NUMERIC.match(text) or (match and match[2].rstrip(".") in MONTHS)
    )


def parse_date(text: str) -> dt.date:
    """A date a person typed: on the command line, in a spreadsheet's text cell, anywhere.

    One rule for all: ``AAAA-MM-JJ`` (``2021-03-31``; a time of ``00:00`` after it, as
    a CSV export writes a date, is allowed), ``JJ/MM/AAAA`` day first as French-locale
    spreadsheets write it (``31/03/2021``, or with ``.`` or ``-``), or the day, the
    month's name and the year (``31 mars 2021``, ``1er avril 2021``, ``15 déc. 2020``,
    ``March 31 2021`` is not: the day comes first). Years from :data:`FIRST_DATE` to
    :data:`LAST_DATE`. A :class:`UsageError` otherwise, saying why but not where.
    """
    text = text.strip()
    folded = fold(text).replace(",", "")
    parts: tuple[int, int, int] | None = None
    if match := _ISO.match(text):
        parts = (int(match[1]), int(match[3]), int(match[4]))
    elif match := _NUMERIC.match(text):
        parts = (int(match[3]), int(match[2]), int(match[1]))
    elif (match := _WORDS.match(folded)) and match[2].rstrip(".") in MONTHS:
        parts = (int(match[3]), MONTHS[match[2].rstrip(".")], int(match[1]))
    if parts is None:
        raise UsageError(
            _("date « {text} » illisible : écrivez-la 2020-03-15 ou « 15 mars 2020 »").format(
                text=clip(text)
            )
        )
    try:
        date = dt.date(*parts)
    except ValueError:
        raise UsageError(_("date « {text} » impossible").format(text=text)) from None
    if not FIRST_DATE <= date <= LAST_DATE:
        raise UsageError(
            _("date « {text} » hors des années qu’un plan peut couvrir ({first} à {last})").format(
                text=text, first=FIRST_DATE.year, last=LAST_DATE.year
            )
        )
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
        raise UsageError(
            _("« {text} » n’est pas un nombre fini : écrivez un nombre").format(text=text)
        )
    if isinstance(text, int | float):
        value = float(text)
        shown = count(int(value)) if value.is_integer() and abs(value) < 1e300 else str(text)
        negative = value < 0
    else:
        shown = clip(text.strip())
        match = _NUMBER.fullmatch(text.strip())
        if match is None:
            raise UsageError(
                _(
                    "nombre « {text} » illisible : des chiffres (0 à 9), avec une "
                    "virgule ou un point pour les décimales, par exemple 24 ou 3,5"
                ).format(text=shown)
            )
        sign, whole, decimals = match.groups()
        value = float(sign + re.sub(r"\D", "", whole) + "." + (decimals or "0"))
        negative = sign == "-"
    high = count(int(MAX_NUMBER))
    if negative and not signed:
        raise UsageError(
            _("« {text} » est négatif : un nombre de 0 à {high} est attendu ici").format(
                text=shown, high=high
            )
        )
    if not -MAX_NUMBER <= value <= MAX_NUMBER:  # a long enough text is infinite: out too
        raise UsageError(
            _("« {text} » hors limites : un nombre de {low} à {high} est attendu").format(
                text=shown, high=high, low=count(int(-MAX_NUMBER if signed else 0))
            )
        )
    return value + 0.0  # never -0.0


def parse_percent(text: str | float) -> int:
    """A percentage a person typed: a whole number from 0 to 100 (``40``, ``40 %``,
    ``40,0``), through :func:`parse_number`; a :class:`UsageError` otherwise. A
    percentage has no sign: ``+50`` is refused as ``-0`` is."""
    if isinstance(text, str):
        text = text.strip().removesuffix("%").strip()
    try:
        value = (
            None
            if isinstance(text, str) and text.startswith(("+", "-"))
            else parse_number(text, signed=False)
        )
    except UsageError:
        value = None
    if value is None or not value.is_integer() or value > 100:
        raise UsageError(
            _("avancement « {text} » invalide : un nombre entier de 0 à 100").format(
                text=clip(text) if isinstance(text, str) else number(text)
            )
        )
    return int(value)


def parse_period(text: str) -> tuple[int, int]:
    """``2023-2028`` as two years; a usage error otherwise."""
    parts = text.replace("–", "-").split("-")
    if len(parts) == 2 and all(p.strip().isdigit() and len(p.strip()) == 4 for p in parts):
        start, end = int(parts[0]), int(parts[1])
        if start < end:
            return start, end
    raise UsageError(
        _("période « {text} » invalide : écrivez par exemple 2023-2028").format(text=text)
    )


def parse_status(text: str) -> Statut:
    """A status from what a person typed: key, French label (accents optional) or English."""
    statut = STATUS_ALIASES.get(fold(text))
    if statut is None:
        keys = [s.value for s in Statut]
        hint = did_you_mean(fold(text), STATUS_ALIASES, label=lambda w: STATUS_ALIASES[w].value)
        raise UsageError(
            _("statut inconnu « {text} »").format(text=text)
            + hint
            + _(" ; valeurs permises : {values}").format(values=", ".join(keys))
        )
    return statut


def parse_territory(text: str, plan: Plan) -> str:
    """A territory of ``plan.yaml`` from its identifier or its name (accents, case and
    apostrophes optional)."""

    def key(word: str) -> str:
        return fold(word).replace("’", "").replace("'", "")

    names = {key(t.id): t.id for t in plan.territoires} | {
        key(t.nom): t.id for t in plan.territoires
    }
    found = names.get(key(text))
    if found is None and not plan.territoires:
        raise UsageError(
            _("territoire inconnu « {text} » : plan.yaml n’en déclare aucun").format(text=text)
        )
    if found is None:
        hint = did_you_mean(key(text), names, label=lambda w: names[w])
        raise UsageError(
            _("territoire inconnu « {text} »").format(text=text)
            + hint
            + _(" ; valeurs permises : {values}").format(
                values=", ".join(t.id for t in plan.territoires)
            )
        )
    return found


def plain(words: str) -> str:
    """``words`` as names are compared: accents and case aside, either apostrophe."""
    return fold(words.replace("’", "'"))  # a typed apostrophe is the typographic one


def declared_id(kind: str, text: str, declared: list[tuple[str, str]]) -> str:
    """The ID of a declared territory or funder (``kind``: « territoire », « bailleur »)
    from its ID or its name, accents and case aside; a usage error with a hint otherwise."""
    wanted = plain(text)
    for identifier, nom in declared:
        if wanted in (plain(identifier), plain(nom)):
            return identifier
    names = {plain(identifier): nom for identifier, nom in declared}
    names.update((plain(nom), nom) for _identifier, nom in declared)
    listed = ", ".join(nom for _identifier, nom in declared) or _("aucun")
    raise _unknown(
        kind, text, wanted, names, _(" ; déclarés dans plan.yaml : {names}").format(names=listed)
    )


def _unknown(kind: str, text: str, wanted: str, names: dict[str, str], listed: str) -> UsageError:
    """« {kind} « text » inconnu », the nearest of ``names`` (folded → shown) suggested,
    then ``listed``: the one wording of a filter value that names nothing of the plan."""
    return UsageError(
        _("{kind} « {text} » inconnu").format(kind=kind, text=clip(text))
        + did_you_mean(wanted, names, label=names.__getitem__)
        + listed
    )


#: How many names a refusal lists before « … »: a plan of 10,000 actions has many leads.
LISTED = 10


def named_in_actions(kind: str, text: str, names: set[str], listed: str) -> str:
    """A lead or a partner as a filter names it (``kind``: « porteur », « partenaire »):
    one of ``names`` (the names the actions give), accents and case aside, returned as the
    actions write it; or a part of one or more (« Comité »), returned as typed. A usage
    error with a hint otherwise, then ``listed`` (a phrase with ``{names}``) naming the
    first :data:`LISTED` names."""
    wanted = plain(text)
    folded = {plain(name): name for name in sorted(names)}
    if wanted in folded:
        return folded[wanted]
    if wanted.strip() and any(wanted in name for name in folded):
        return text
    shown = sorted(names, key=lambda name: (fold(name), name))
    words = ", ".join(shown[:LISTED]) + (", …" if len(shown) > LISTED else "")
    raise _unknown(kind, text, wanted, folded, listed.format(names=words or _("aucun")))


def leads(plan: Plan) -> set[str]:
    """Every lead the plan's actions name: today's, the first, and each one the journals
    record (a filter on a date may ask for a lead that has since changed), and the one a
    carried action inherits from the plan before."""
    names: set[str] = set()
    for _o, _ob, action in plan.iter_actions():
        inherited = action.heritage
        names.update(
            n
            for n in (
                action.porteur,
                action.porteur_initial,
                inherited.porteur if inherited else None,
            )
            if n
        )
        names.update(e.porteur for e in action.journal if e.porteur)
    return names


def parse_lead(text: str, plan: Plan) -> str:
    """A lead a filter names (:func:`named_in_actions`): « Coordinaton » is refused with
    « Coordination » suggested, « comité » kept as a part of several."""
    return named_in_actions(_("porteur"), text, leads(plan), _(" ; porteurs des actions : {names}"))


def parse_partner(text: str, plan: Plan) -> str:
    """A partner a filter names (:func:`named_in_actions`)."""
    names = {p for _o, _ob, action in plan.iter_actions() for p in action.partenaires}
    return named_in_actions(_("partenaire"), text, names, _(" ; partenaires des actions : {names}"))


def funder_id(plan: Plan, text: str) -> str:
    """The ID of the funder named ``text`` (its ID or its name)."""
    return declared_id(_("bailleur"), text, [(b.id, b.nom) for b in plan.bailleurs])

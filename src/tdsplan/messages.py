"""French messages for the problems pydantic finds, built from its structured error fields."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from tdsplan.errors import Problem, clip
from tdsplan.figures import count, plain
from tdsplan.i18n import _, _mark
from tdsplan.models import (
    CHOICES,
    COURRIEL,
    DAY_OF_YEAR,
    EMAIL,
    EXERCICE,
    ID_PATTERNS,
    TERRITOIRE_ID,
    TEXT_ERRORS,
    WEB_ADDRESS,
)
from tdsplan.suggest import did_you_mean
from tdsplan.vocabulary import STATUS_ALIASES, Statut, fold
from tdsplan.yamlfast import foreign_number
from tdsplan.yamlio import Document, Loc

_TYPE_NAMES = {
    "string_type": _mark("un texte"),
    "int_type": _mark("un nombre entier"),
    "int_parsing": _mark("un nombre entier"),
    "int_from_float": _mark("un nombre entier"),
    "float_type": _mark("un nombre"),
    "float_parsing": _mark("un nombre"),
    "bool_type": _mark("vrai ou faux (true ou false)"),
    "bool_parsing": _mark("vrai ou faux (true ou false)"),
    "list_type": _mark("une liste (lignes commençant par « - »)"),
    "dict_type": _mark("des paires « clé: valeur »"),
    "model_type": _mark("des paires « clé: valeur »"),
    "model_attributes_type": _mark("des paires « clé: valeur »"),
}
#: The last part of pydantic's location of a refused key of a mapping.
_KEY = "[key]"
#: How many problems of a file get a "did you mean" hint (more are not read anyway).
HINTED = 100
_RELATIONS = {
    "greater_than_equal": _mark("{value} hors limites : la valeur doit être au moins {bound}"),
    "greater_than": _mark("{value} hors limites : la valeur doit être plus de {bound}"),
    "less_than_equal": _mark("{value} hors limites : la valeur doit être au plus {bound}"),
    "less_than": _mark("{value} hors limites : la valeur doit être moins de {bound}"),
}


def validation_problems(
    error: ValidationError, document: Document, model: type[BaseModel]
) -> list[Problem]:
    """One French :class:`Problem` per pydantic error, placed at its YAML line and column."""
    problems = []
    for index, item in enumerate(error.errors(include_url=False)):
        loc = tuple(item["loc"])
        kind = item["type"]
        if loc[-1:] == (_KEY,):  # a key of a mapping refused: said at the key, for its mapping
            loc = loc[:-1]
            line, column = document.locate(loc, key=True)
            item = {**item, "loc": loc[:-1]}
            problems.append(
                Problem(document.path, line, column, _message(item, loc[:-1], model, hints=False))
            )
            continue
        line, column = document.locate(loc, key=kind == "extra_forbidden")
        source = document.sources.get(loc)
        if source is not None:
            if kind == "string_type":
                problems.append(
                    Problem(document.path, line, column, _unquoted_text(item, loc, source))
                )
                continue
            item = {**item, "input": _AsWritten(source)}
        # Past the problems anyone reads, no costly "did you mean" (a file may hold
        # tens of thousands of unknown keys).
        problems.append(
            Problem(document.path, line, column, _message(item, loc, model, hints=index < HINTED))
        )
    return problems


class _AsWritten(str):
    """A value shown as it was written in the file (``1e3``, not ``1000.0``)."""


def _unquoted_text(item: ErrorDetails, loc: Loc, source: str) -> str:
    """A text field holding ``1.10``, ``017`` or ``true``: YAML read something else."""
    value = item.get("input")
    if isinstance(value, bool):
        kind = _("vrai ou faux")
    elif isinstance(value, dt.date):
        kind = _("une date")
    else:
        kind = _("un nombre")
    names = [part for part in loc if isinstance(part, str)]
    text = _(
        "« {source} » est lu comme {kind}, pas comme un texte : mettez-le entre "
        'guillemets ("{source}") pour le garder tel quel'
    ).format(source=visible(source), kind=kind)
    return (
        _("{field} : {message}").format(field=visible(names[-1]), message=text) if names else text
    )


def _message(item: ErrorDetails, loc: Loc, model: type[BaseModel], hints: bool) -> str:
    kind, ctx, value = item["type"], item.get("ctx") or {}, item.get("input")
    names = [part for part in loc if isinstance(part, str)]
    field = visible(names[-1]) if names else ""
    text = _detail(kind, ctx, value, field, loc, model, hints)
    if not field or kind in ("missing", "extra_forbidden"):
        return text
    return _("{field} : {message}").format(field=field, message=text)


def _detail(
    kind: str,
    ctx: dict[str, Any],
    value: Any,
    field: str,
    loc: Loc,
    model: type[BaseModel],
    hints: bool = True,
) -> str:
    """The French words for one pydantic error, from its type, context and input."""
    if kind == "missing":
        return _("champ obligatoire « {field} » manquant").format(field=field)
    if kind == "extra_forbidden":
        hint = did_you_mean(str(field), _known_keys(model, loc[:-1])) if hints else ""
        return _("clé inconnue « {key} »").format(key=field) + hint
    if kind == "enum":
        return _enum_message(field, value)
    if kind == "literal_error" and str(field) in CHOICES:
        allowed = list(CHOICES[str(field)])
        return (
            _("valeur inconnue {value}").format(value=_shown(value))
            + did_you_mean(str(value), allowed)
            + _(" ; valeurs permises : {values}").format(values=", ".join(allowed))
        )
    if kind == "string_pattern_mismatch":
        return _pattern_message(str(ctx.get("pattern", "")), value, loc)
    if kind == "string_too_short":
        return _("texte vide : écrivez quelque chose ou supprimez la clé")
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            return _("date impossible {value}").format(value=_shown(value))
        return _("date attendue au format AAAA-MM-JJ, pas {value}").format(value=_shown(value))
    if kind == "finite_number":
        return _("{value} n’est pas un nombre fini : écrivez un nombre").format(value=_shown(value))
    if kind in _RELATIONS:
        return _bound_message(kind, ctx, value)
    if kind in ("float_type", "int_type") and isinstance(value, str) and foreign_number(value):
        return _(
            "{value} : un nombre s’écrit ici en chiffres, en base dix (pas 0x10, .inf)"
        ).format(value=_shown(value))
    if kind in _TYPE_NAMES:
        return _("{expected} est attendu ici, pas {value}").format(
            expected=_(_TYPE_NAMES[kind]), value=_shown(value)
        )
    if kind in TEXT_ERRORS:  # the text rules of tdsplan.models
        return _(TEXT_ERRORS[kind]).format(**ctx)
    return _("valeur refusée {value} ({kind})").format(value=_shown(value), kind=kind)


def _pattern_message(pattern: str, value: Any, loc: Loc) -> str:
    """A text that has not the form its field asks for: an ID, a day, a fiscal year."""
    foreign = sorted({f"U+{ord(c):04X}" for c in str(value) if not c.isascii()})
    hint = (
        _(" ; il contient des caractères non ASCII ({chars})").format(chars=", ".join(foreign))
        if foreign
        else ""
    )
    shown = visible(str(value))
    if pattern == DAY_OF_YEAR:
        return _(
            "jour {value} invalide : écrivez MM-JJ, un jour qui existe chaque année "
            "(par exemple 04-01 ; pas de 29 février)"
        ).format(value=_shown(value))
    if pattern == COURRIEL:
        return _(
            "adresse courriel « {value} » invalide : écrivez-la nom@domaine.org, sans espace"
        ).format(value=shown)
    if pattern == EXERCICE:
        return (
            _("exercice « {value} » invalide : écrivez AAAA-AAAA (ex. 2019-2020)").format(
                value=shown
            )
            + hint
        )
    if pattern == WEB_ADDRESS:
        return _("« {value} » n’est pas une adresse web complète : écrivez https://...").format(
            value=shown
        )
    if pattern == EMAIL:
        return _("« {value} » n’est pas un courriel : écrivez-le ainsi : nom@exemple.org").format(
            value=shown
        )
    if pattern == TERRITOIRE_ID and "bailleurs" in loc:
        message = _(
            "identifiant de bailleur « {id} » invalide : des lettres minuscules sans "
            "accent, des chiffres et « _ » (ex. centraide)"
        )
    elif pattern == TERRITOIRE_ID:
        message = _(
            "identifiant de territoire « {id} » invalide : des lettres minuscules sans "
            "accent, des chiffres et « _ » (ex. les_moulins)"
        )
    elif pattern in ID_PATTERNS:
        message = _("identifiant « {id} » invalide : attendu de la forme {example}")
    else:
        return (
            _("{value} n’a pas la forme attendue ({pattern})").format(
                value=_shown(value), pattern=pattern
            )
            + hint
        )
    return message.format(id=shown, example=ID_PATTERNS.get(pattern)) + hint


def _bound_message(kind: str, ctx: dict[str, Any], value: Any) -> str:
    """A number past one of its field's bounds."""
    limit = next(iter(ctx.values()))
    # Digits grouped when they are many (1 000 000 000 000, as parse_number says it).
    bound = (
        count(int(limit)) if abs(limit) >= 10_000 and float(limit).is_integer() else plain(limit)
    )
    return _(_RELATIONS[kind]).format(value=_shown(value), bound=bound)


def _enum_message(field: str, value: Any) -> str:
    if value is None:
        return _(
            "valeur vide : écrivez l’une de ces valeurs, ou supprimez la clé : {values}"
        ).format(values=", ".join(s.value for s in Statut))
    allowed = [s.value for s in Statut]
    alias = STATUS_ALIASES.get(fold(str(value))) if isinstance(value, str) else None
    hint = (
        _(" (écrivez « {key} »)").format(key=alias.value)
        if alias
        else did_you_mean(fold(str(value)), allowed)
    )
    return (
        _("statut inconnu {value}").format(value=_shown(value))
        + hint
        + _(" ; valeurs permises : {values}").format(values=", ".join(allowed))
    )


def _known_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names of the model found at ``loc`` inside ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if _is_model(current) else None
        if field is None:
            return []
        current = _unwrap(field.annotation)
    return list(current.model_fields) if _is_model(current) else []


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) is not None:
        args = [a for a in get_args(annotation) if a is not type(None)]
        annotation = args[-1] if get_origin(annotation) is list else args[0]
    return annotation


def _is_model(obj: Any) -> bool:
    return isinstance(obj, type) and issubclass(obj, BaseModel)


def _shown(value: Any) -> str:
    if value is None:
        return _("une valeur vide")
    if isinstance(value, dict):
        return _("des paires « clé: valeur »")
    if isinstance(value, list):
        return _("une liste")
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = clip(str(value), 58)
    return _("« {text} »").format(text=visible(text))


def visible(text: str) -> str:
    """``text`` with invisible or look-alike characters written as ``<U+00A0>``."""
    return "".join(
        c
        if c == " " or (c.isprintable() and not unicodedata.category(c).startswith(("Z", "C")))
        else f"<U+{ord(c):04X}>"
        for c in text
    )

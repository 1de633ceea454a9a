"""French messages for the problems pydantic finds, built from its structured error fields."""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from tdsplan.errors import Problem
from tdsplan.models import ID_PATTERNS, STATUS_ALIASES, Statut, Territoire, fold
from tdsplan.yamlio import Document

_TYPE_NAMES = {
    "string_type": "un texte",
    "int_type": "un nombre entier",
    "int_parsing": "un nombre entier",
    "int_from_float": "un nombre entier",
    "float_type": "un nombre",
    "float_parsing": "un nombre",
    "bool_type": "vrai ou faux (true ou false)",
    "bool_parsing": "vrai ou faux (true ou false)",
    "list_type": "une liste (lignes commençant par « - »)",
    "dict_type": "des paires « clé: valeur »",
    "model_type": "des paires « clé: valeur »",
    "model_attributes_type": "des paires « clé: valeur »",
}


def validation_problems(
    error: ValidationError, document: Document, model: type[BaseModel]
) -> list[Problem]:
    """One French :class:`Problem` per pydantic error, placed at its YAML line and column."""
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        kind = item["type"]
        line, column = document.locate(loc, key=kind == "extra_forbidden")
        problems.append(Problem(document.path, line, column, _message(item, loc, model)))
    return problems


def _message(item: dict[str, Any], loc: tuple, model: type[BaseModel]) -> str:
    kind, ctx, value = item["type"], item.get("ctx") or {}, item.get("input")
    names = [part for part in loc if isinstance(part, str)]
    field = visible(names[-1]) if names else ""
    prefix = f"{field} : " if field else ""
    if kind == "missing":
        return f"champ obligatoire « {field} » manquant"
    if kind == "extra_forbidden":
        known = _known_keys(model, loc[:-1])
        hint = _did_you_mean(str(field), known)
        return f"clé inconnue « {field} »{hint}"
    if kind == "enum":
        return prefix + _enum_message(field, value)
    if kind == "string_pattern_mismatch":
        example = ID_PATTERNS.get(ctx.get("pattern", ""))
        shown = visible(str(value))
        foreign = sorted({f"U+{ord(c):04X}" for c in str(value) if not c.isascii()})
        hint = f" ; il contient des caractères non ASCII ({', '.join(foreign)})" if foreign else ""
        if example:
            return (f"{prefix}identifiant « {shown} » invalide : attendu de la forme "
                    f"{example}{hint}")
        return f"{prefix}« {shown} » n’a pas la forme attendue ({ctx.get('pattern')}){hint}"
    if kind == "string_too_short":
        return f"{prefix}texte vide : écrivez quelque chose ou supprimez la clé"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            return f"{prefix}date impossible « {value} »"
        return f"{prefix}date attendue au format AAAA-MM-JJ, pas {_shown(value)}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = _number(next(iter(ctx.values())))
        relation = {"greater_than_equal": "au moins", "greater_than": "plus de",
                    "less_than_equal": "au plus", "less_than": "moins de"}[kind]
        return f"{prefix}{_shown(value)} hors limites : la valeur doit être {relation} {bound}"
    if kind in _TYPE_NAMES:
        return f"{prefix}{_TYPE_NAMES[kind]} est attendu ici, pas {_shown(value)}"
    if kind.startswith("tdsplan_"):  # our own PydanticCustomError messages are French
        return prefix + item["msg"]
    return f"{prefix}valeur refusée {_shown(value)} ({kind})"


def _enum_message(field: str, value: Any) -> str:
    if field == "territoires":
        allowed = [t.value for t in Territoire]
        hint = _did_you_mean(fold(str(value)).replace("_", ""), allowed)
        return f"territoire inconnu {_shown(value)}{hint} ; valeurs permises : {', '.join(allowed)}"
    allowed = [s.value for s in Statut]
    alias = STATUS_ALIASES.get(fold(str(value))) if isinstance(value, str) else None
    hint = f" (écrivez « {alias.value} »)" if alias else _did_you_mean(fold(str(value)), allowed)
    return f"statut inconnu {_shown(value)}{hint} ; valeurs permises : {', '.join(allowed)}"


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (vouliez-vous dire « {close[0]} » ?)" if close else ""


def _known_keys(model: type[BaseModel], loc: tuple) -> list[str]:
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
        return "une valeur vide"
    if isinstance(value, bool):
        return f"« {'true' if value else 'false'} »"
    if isinstance(value, dict):
        return "des paires « clé: valeur »"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dt.date):
        return f"« {value.isoformat()} »"
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "…"
    return f"« {visible(text)} »"


def visible(text: str) -> str:
    """``text`` with invisible or look-alike characters written as ``<U+00A0>``."""
    return "".join(
        c if c == " " or (c.isprintable() and not unicodedata.category(c).startswith(("Z", "C")))
        else f"<U+{ord(c):04X}>"
        for c in text
    )


def _number(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)

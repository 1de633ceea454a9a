"""An element's descriptive fields: which each kind has, typed text parsed, YAML lines.

What a person types for them is parsed through :mod:`tdsplan.typed`; ``tdsplan add`` and
``tdsplan edit`` share them."""

from __future__ import annotations

from collections.abc import Mapping

from tdsplan.errors import UsageError, clip
from tdsplan.i18n import _, _mark
from tdsplan.models import Action, Objectif, OrientationInfo, Plan, text_problem
from tdsplan.suggest import did_you_mean
from tdsplan.typed import funder_id, parse_date, parse_number, parse_territory
from tdsplan.yamlwrite import format_entry, format_scalar, format_value

#: Each descriptive field of an action and what it holds, in the order ``add`` writes them.
ACTION_FIELDS: dict[str, str] = {
    "titre": "text",
    "description": "text",
    "poids": "weight",
    "porteur": "text",
    "partenaires": "partners",
    "territoires": "territories",
    "bailleurs": "funders",
    "mandats": "mandates",
    "debut": "date",
    "echeance": "date",
}
#: An objective's and an orientation's.
HEADING_FIELDS: dict[str, str] = {"titre": "text", "description": "text"}
#: Fields an element cannot be without.
REQUIRED = ("titre",)
#: Fields that follow the journal once it records them: set there, by a dated entry.
FOLLOW_JOURNAL = ("porteur", "echeance")

#: Fields that are not descriptive, and where each is changed: the journal (a dated
#: entry), the element's place (a move), its indicators, or the command that wrote it.
ELSEWHERE: dict[str, str] = {
    "id": "move",
    "statut": "journal",
    "avancement": "journal",
    "journal": "journal",
    "porteur_initial": "journal",
    "echeance_initiale": "journal",
    "indicateurs": "indicator",
    "reprise_de": "fixed",
    "ajoutee_le": "fixed",
    "actions": "fixed",
}
_ELSEWHERE_REASONS = {
    "move": _mark("« {key} » ne se modifie pas : l’identifiant change quand l’élément est déplacé"),
    "journal": _mark("« {key} » suit le journal : il change par une entrée datée"),
    "indicator": _mark("« {key} » ne se modifie pas ainsi : un indicateur s’ajoute à part"),
    "fixed": _mark("« {key} » ne se modifie pas : tdsplan l’inscrit lui-même"),
}


class NotDescriptiveError(UsageError):
    """``key`` is no descriptive field: ``where`` says what changes it (``journal``,
    ``move``, ``indicator``, ``fixed``), for the caller to name its command."""

    def __init__(self, key: str, where: str):
        self.key = key
        self.where = where
        super().__init__(_(_ELSEWHERE_REASONS[where]).format(key=key))


def fields_of(element: object) -> dict[str, str]:
    """The descriptive fields of an action, an objective or an orientation."""
    return ACTION_FIELDS if isinstance(element, Action) else HEADING_FIELDS


def model_of(element: object) -> type[Action] | type[Objectif] | type[OrientationInfo]:
    """The model the element's file mapping is validated against (its key order)."""
    if isinstance(element, Action):
        return Action
    return Objectif if isinstance(element, Objectif) else OrientationInfo


def check_key(key: str, allowed: Mapping[str, str]) -> None:
    """Refuse a key that names no descriptive field of the element, with the nearest
    one suggested, or the way to change it when it is a field of another kind."""
    if key in allowed:
        return
    if key in ELSEWHERE:
        raise NotDescriptiveError(key, ELSEWHERE[key])
    raise UsageError(
        _("champ inconnu « {key} »").format(key=clip(key))
        + ("" if key in ACTION_FIELDS else did_you_mean(key, allowed))
        + _(" ; champs permis : {keys}").format(keys=", ".join(allowed))
    )


def parse_field(plan: Plan, key: str, kind: str, texts: list[str]) -> object:
    """The value of field ``key`` (of ``kind``) from the texts typed for it: one text for
    a single value, any number for a list (identifiers may also be comma-separated; a
    partner's name may hold a comma, so partners come one a text). A
    :class:`UsageError` naming the field otherwise."""
    try:
        if kind in ("text", "date", "weight"):
            if len(texts) > 1:
                raise UsageError(_("une seule valeur attendue, {n} données").format(n=len(texts)))
            return _single(kind, texts[0])
        items = (
            [t.strip() for t in texts]
            if kind == "partners"
            else [part.strip() for t in texts for part in t.split(",")]
        )
        if not all(items):
            raise UsageError(_("valeur vide dans la liste"))
        values: list[object] = [_item(plan, kind, item) for item in items]
        return list(dict.fromkeys(values))
    except UsageError as error:
        raise field_error(key, error) from None


def field_error(key: str, error: UsageError) -> UsageError:
    """``error`` (a value refused) said of field ``key``."""
    return UsageError(_("{field} : {message}").format(field=key, message=error))


def named_text(key: str, text: str) -> str:
    """:func:`checked_text`, a refusal naming field ``key``."""
    try:
        return checked_text(text)
    except UsageError as error:
        raise field_error(key, error) from None


def _single(kind: str, text: str) -> object:
    if kind == "date":
        return parse_date(text)
    if kind == "weight":
        weight = parse_number(text, signed=False)
        if not 0 < weight <= 1000:
            raise UsageError(
                _("poids « {text} » invalide : un nombre de plus de 0, 1000 au plus").format(
                    text=clip(text)
                )
            )
        return weight
    return checked_text(text)


def checked_text(text: str) -> str:
    """A text typed for the plan, refused when empty or unfit for its files."""
    text = text.strip()
    if not text:
        raise UsageError(_("texte vide : écrivez un texte, ou retirez le champ"))
    problem = text_problem(text)
    if problem:
        raise UsageError(problem)
    return text


def _item(plan: Plan, kind: str, text: str) -> object:
    if kind == "territories":
        return parse_territory(text, plan)
    if kind == "funders":
        return funder_id(plan, text)
    if kind == "mandates":
        declared = [m.id for m in plan.mandats]
        if text.isascii() and text.isdigit() and int(text) in declared:
            return int(text)
        raise UsageError(
            _("mandat « {text} » inconnu ; mandats déclarés dans plan.yaml : {ids}").format(
                text=clip(text), ids=", ".join(map(str, declared)) or _("aucun")
            )
        )
    return checked_text(text)


def parse_fields(
    plan: Plan, allowed: Mapping[str, str], given: Mapping[str, list[str]]
) -> dict[str, object]:
    """Every field of ``given`` (key → texts typed) parsed, in the order of ``allowed``."""
    for key in given:
        check_key(key, allowed)
    return {k: parse_field(plan, k, allowed[k], given[k]) for k in allowed if k in given}


def field_lines(key: str, value: object) -> list[str]:
    """``key: value`` as the lines people write: a text on one line, identifiers as a
    flow list (``territoires: [joliette, montcalm]``), partners one a line."""
    if key == "partenaires" and isinstance(value, list):
        return [f"{key}:", *(f"  - {format_scalar(str(v))}" for v in value)]
    if isinstance(value, list):
        return [f"{key}: [" + ", ".join(format_value(v) for v in value) + "]"]
    return [format_entry(key, value, width=None)]


def after_keys(model: type, key: str) -> tuple[str, ...]:
    """The keys a missing ``key`` is written after: those before it in the model's
    order, nearest first."""
    names = list(model.model_fields)  # type: ignore[attr-defined]
    return tuple(reversed(names[: names.index(key)]))

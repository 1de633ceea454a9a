"""The plan as data for other tools: JSON mirroring the model, CSV with one row per action,
and the indicators in an IATI-like shape (baseline, target, periods with their target and
actual, the value and attainment at a date), as JSON or as CSV rows per indicator and period.

The CSV is opened in spreadsheets: a text that one would run as a formula is written
as text (:func:`tdsplan.formulas.csv_field`)."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import math
from collections.abc import Callable, Iterator
from json.encoder import encode_basestring
from typing import Any

from tdsplan.figures import plain as number
from tdsplan.formulas import csv_field
from tdsplan.indicators import by_year, read
from tdsplan.models import Action, Objectif, Orientation, Plan
from tdsplan.state import Mesure, state_at

CSV_COLUMNS = (
    "orientation",
    "orientation_titre",
    "objectif",
    "objectif_titre",
    "id",
    "titre",
    "statut",
    "statut_libelle",
    "avancement",
    "porteur",
    "partenaires",
    "territoires",
    "mandats",
    "debut",
    "echeance",
    "poids",
    "indicateurs",
    "entrees_journal",
    "derniere_entree",
    "bailleurs",
)


def plan_data(plan: Plan) -> dict[str, Any]:
    """The whole plan as JSON-ready data: plan → orientations → objectifs → actions. The
    leads' e-mail addresses (``porteurs``) are the coordinator's, not for publishing:
    left out."""
    return plan.model_dump(mode="json", exclude={"porteurs"})


def plan_json(plan: Plan) -> str:
    """:func:`plan_data` as indented JSON text, accents kept."""
    return indented_json(plan_data(plan)) + "\n"


class _Unusual(Exception):
    """A value :func:`indented_json` leaves to :func:`json.dumps`."""


def _float(value: float) -> str:
    """A number as json writes it (``NaN``, ``Infinity``: what Python's json reads)."""
    if value != value:
        return "NaN"
    if value in (math.inf, -math.inf):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


#: How json writes a value of each of these types (exactly these: not a subclass).
_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_basestring,
    int: int.__repr__,
    float: _float,
    bool: lambda v: "true" if v else "false",
    type(None): lambda _v: "null",
}


def indented_json(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, the same text faster: Python's
    json writes indented text with its Python encoder, and here each list or object
    holding only texts, numbers, booleans and nulls is written by its C encoder (the
    separators carrying the line breaks and the indent). A value of another type (a
    subclass, a tuple, a key that is not text) is left to :func:`json.dumps`."""
    parts: list[str] = []
    try:
        _indent(value, "\n", parts)
    except (_Unusual, RecursionError):
        return json.dumps(value, ensure_ascii=False, indent=2)
    return "".join(parts)


def _indent(value: object, newline: str, parts: list[str]) -> None:
    """``value`` as :func:`indented_json` writes it at the depth of ``newline``."""
    kind = type(value)
    scalar = _SCALARS.get(kind)
    if scalar is not None:
        parts.append(scalar(value))
        return
    if kind is not dict and kind is not list:
        raise _Unusual
    items: Any = value
    if not items:
        parts.append("{}" if kind is dict else "[]")
        return
    deeper = newline + "  "
    if _SCALARS.keys() >= set(map(type, items.values() if kind is dict else items)):
        text = _flat(deeper)(items)
        parts += (text[0], deeper, text[1:-1], newline, text[-1])
        return
    between = "," + deeper
    parts.append("{" if kind is dict else "[")
    for index, pair in enumerate(items.items() if kind is dict else items):
        if kind is dict:
            key, item = pair
            if type(key) is not str:
                raise _Unusual
            parts += (between if index else deeper, encode_basestring(key), ": ")
        else:
            item = pair
            parts.append(between if index else deeper)
        scalar = _SCALARS.get(type(item))
        if scalar is None:
            _indent(item, deeper, parts)
        else:
            parts.append(scalar(item))
    parts += (newline, "}" if kind is dict else "]")


@functools.cache
def _flat(separator: str) -> Callable[[Any], str]:
    """json's C encoder writing each item of a list or object after ``separator`` (it
    writes text without indent, its separators carrying the line breaks)."""
    return json.JSONEncoder(ensure_ascii=False, separators=("," + separator, ": ")).encode


def actions_csv(plan: Plan, delimiter: str = ",") -> str:
    """One row per action, lists joined with « ; », ready for a spreadsheet: a text that
    it would take for a formula (``=HYPERLINK(...)``, ``+1+1``) is prefixed with « ' »."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(action_rows(plan, plan.orientations))
    return buffer.getvalue()


def action_rows(plan: Plan, orientations: list[Orientation]) -> Iterator[list[Any]]:
    """The rows of :func:`actions_csv` of the actions of ``orientations``, in plan order."""
    territories = {t.id: t.nom for t in reversed(plan.territoires)}  # the first of an ID
    funders = {b.id: b.nom for b in reversed(plan.bailleurs)}
    for orientation in orientations:
        for objectif in orientation.objectifs:
            for action in objectif.actions:
                yield _action_row(orientation, objectif, action, territories, funders)


def _action_row(
    orientation: Orientation,
    objectif: Objectif,
    action: Action,
    territories: dict[str, str],
    funders: dict[str, str],
) -> list[Any]:
    last = action.journal[-1].date.isoformat() if action.journal else ""
    # The latest values, replayed only for an action that has indicators.
    measured = state_at(action, dt.date.max).indicateurs if action.indicateurs else {}
    return [
        csv_field(v) if isinstance(v, str) else v
        for v in [
            orientation.id,
            orientation.titre,
            objectif.id,
            objectif.titre,
            action.id,
            action.titre,
            action.statut.value,
            action.statut.label,
            "" if action.avancement is None else action.avancement,
            action.porteur or "",
            "; ".join(action.partenaires),
            "; ".join(territories.get(t, t) for t in action.territoires),
            "; ".join(str(m) for m in action.mandats),
            action.debut.isoformat() if action.debut else "",
            action.echeance.isoformat() if action.echeance else "",
            number(action.poids),
            "; ".join(_indicator(i.nom, measured.get(i.nom)) for i in action.indicateurs),
            len(action.journal),
            last,
            "; ".join(funders.get(b, b) for b in action.bailleurs),
        ]
    ]


def _indicator(name: str, known: Mesure | None) -> str:
    """« Visites = 1180 (2022-03-01) »: the last value and the day it was measured."""
    if known is None:
        return name
    when = f" ({known.date.isoformat()})" if known.date else ""
    return f"{name} = {number(known.valeur)}{when}"


INDICATOR_COLUMNS = (
    "action",
    "action_titre",
    "indicateur",
    "nature",
    "sens",
    "unite",
    "depart",
    "depart_date",
    "cible",
    "exercice",
    "exercice_debut",
    "exercice_fin",
    "exercice_cible",
    "exercice_reel",
    "valeur",
    "valeur_date",
    "atteinte",
    "etat",
)


def indicators_data(plan: Plan, as_of: dt.date) -> dict[str, Any]:
    """Every indicator of the plan on ``as_of``, IATI-like: its baseline (value and date),
    its target, one period per fiscal year (its target and actual) and the current value
    with its date, attainment and label (:mod:`tdsplan.indicators` computes them all)."""
    found = []
    for _o, _ob, action in plan.iter_actions():
        for indicator in action.indicateurs:
            now = read(plan, action, indicator, as_of).data()
            baseline = indicator.depart
            found.append(
                {
                    "action": action.id,
                    "action_titre": action.titre,
                    "nom": indicator.nom,
                    "nature": indicator.nature,
                    "sens": indicator.sens,
                    "unite": indicator.unite,
                    "depart": None
                    if baseline is None
                    else {
                        "valeur": baseline.valeur,
                        "date": baseline.date.isoformat() if baseline.date else None,
                    },
                    "cible": indicator.cible,
                    "periodes": [
                        {
                            "exercice": year.label,
                            "debut": year.start.isoformat(),
                            "fin": year.end.isoformat(),
                            "cible": year.target,
                            "reel": year.actual,
                        }
                        for year in by_year(plan, action, indicator, as_of)
                    ],
                    "actuel": {
                        key: now[key]
                        for key in ("valeur", "date", "atteinte", "etat", "territoires")
                    },
                }
            )
    return {"date": as_of.isoformat(), "indicateurs": found}


def indicators_json(data: dict[str, Any]) -> str:
    """The indicators (:func:`indicators_data`) as indented JSON text, accents kept."""
    return indented_json(data) + "\n"


def indicators_csv(data: dict[str, Any], delimiter: str = ",") -> str:
    """One row per indicator and fiscal year (the indicators, :func:`indicators_data`,
    flattened): the indicator's baseline, target and current value repeat on each of its
    rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(INDICATOR_COLUMNS)
    for item in data["indicateurs"]:
        baseline, now = item["depart"] or {}, item["actuel"]
        head = [
            item["action"],
            item["action_titre"],
            item["nom"],
            item["nature"],
            item["sens"],
            item["unite"] or "",
            _figure(baseline.get("valeur")),
            baseline.get("date") or "",
            _figure(item["cible"]),
        ]
        tail = [
            _figure(now["valeur"]),
            now["date"] or "",
            _figure(now["atteinte"]),
            now["etat"] or "",
        ]
        head, tail = [csv_field(v) for v in head], [csv_field(v) for v in tail]  # once
        for period in item["periodes"]:
            row = [
                *head,
                csv_field(period["exercice"]),
                csv_field(period["debut"]),
                csv_field(period["fin"]),
                csv_field(_figure(period["cible"])),
                csv_field(_figure(period["reel"])),
                *tail,
            ]
            writer.writerow(row)
    return buffer.getvalue()


def _figure(value: float | None) -> str:
    """A number as a machine reads it, every digit kept (``2.5``, ``1180``); empty if none."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))

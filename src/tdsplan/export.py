"""The plan as data for other tools: JSON mirroring the model, CSV with one row per action.

The CSV is opened in spreadsheets: a text that one would run as a formula is written
as text (:func:`tdsplan.formulas.csv_field`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from tdsplan.figures import plain as number
from tdsplan.formulas import csv_field
from tdsplan.models import Plan
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
    """The whole plan as JSON-ready data: plan → orientations → objectifs → actions."""
    return plan.model_dump(mode="json")


def plan_json(plan: Plan) -> str:
    """:func:`plan_data` as indented JSON text, accents kept."""
    return json.dumps(plan_data(plan), ensure_ascii=False, indent=2) + "\n"


def actions_csv(plan: Plan, delimiter: str = ",") -> str:
    """One row per action, lists joined with « ; », ready for a spreadsheet: a text that
    it would take for a formula (``=HYPERLINK(...)``, ``+1+1``) is prefixed with « ' »."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for orientation, objectif, action in plan.iter_actions():
        last = action.journal[-1].date.isoformat() if action.journal else ""
        current = state_at(action, dt.date.max)
        writer.writerow(
            [
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
                    "; ".join(plan.territory_name(t) for t in action.territoires),
                    "; ".join(str(m) for m in action.mandats),
                    action.debut.isoformat() if action.debut else "",
                    action.echeance.isoformat() if action.echeance else "",
                    number(action.poids),
                    "; ".join(
                        _indicator(i.nom, current.indicateurs.get(i.nom))
                        for i in action.indicateurs
                    ),
                    len(action.journal),
                    last,
                    "; ".join(plan.funder_name(b) for b in action.bailleurs),
                ]
            ]
        )
    return buffer.getvalue()


def _indicator(name: str, known: Mesure | None) -> str:
    """« Visites = 1180 (2022-03-01) »: the last value and the day it was measured."""
    if known is None:
        return name
    when = f" ({known.date.isoformat()})" if known.date else ""
    return f"{name} = {number(known.valeur)}{when}"

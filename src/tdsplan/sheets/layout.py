"""The follow-up sheet's layout, shared by the workbook written and the sheet read back."""

from __future__ import annotations

from tdsplan.i18n import _mark

ACTIONS_SHEET = _mark("Actions")
#: The workbook's defined name holding the period of the plan it was exported from.
PLAN_NAME = "tdsplan_periode"
#: The defined name holding the lead a workbook of one lead was made for.
LEAD_NAME = "tdsplan_porteur"
HELP_SHEET = _mark("Aide")

#: The columns shown, read-only (key, header).
SHOWN = (
    ("id", "ID"),
    ("orientation", _mark("Orientation")),
    ("objectif", _mark("Objectif")),
    ("titre", _mark("Action")),
    ("porteur", _mark("Porteur")),
    ("statut", _mark("Statut actuel")),
    ("avancement", _mark("Avancement actuel")),
    ("echeance", _mark("Échéance")),
    ("derniere_date", _mark("Dernière entrée")),
    ("derniere_note", _mark("Dernière note")),
)
#: The columns a lead fills (key, header).
TO_FILL = (
    ("nouveau_statut", _mark("Nouveau statut")),
    ("nouvel_avancement", _mark("Avancement (%)")),
    ("nouvelle_echeance", _mark("Nouvelle échéance")),
    ("note", _mark("Note")),
    ("date", _mark("Date")),
    ("auteur", _mark("Auteur")),
    ("indicateur", _mark("Indicateur")),
    ("valeur", _mark("Valeur")),
)
COLUMNS = SHOWN + TO_FILL
#: Columns a sheet may lack (one exported before they were added): one indicator's value.
OPTIONAL = ("indicateur", "valeur")
#: Columns a sheet sent back must keep: the action, what it said then, what is new.
REQUIRED = (
    "id",
    "derniere_date",
    "derniere_note",
    *(key for key, _label in TO_FILL if key not in OPTIONAL),
)

"""Words of the reports in each language: French (the default) and English.

The report templates are written in French and mark each phrase with ``_()``;
:func:`translator` returns the function that turns such a phrase into the
report's language.
"""

from __future__ import annotations

from collections.abc import Callable

from tdsplan.models import Statut

LANGUAGES = ("fr", "en")

STATUS_LABELS_EN = {
    Statut.A_VENIR: "Not started",
    Statut.EN_COURS: "In progress",
    Statut.EN_CONTINU: "Ongoing",
    Statut.REALISEE: "Done",
    Statut.REPORTEE: "Postponed",
    Statut.ABANDONNEE: "Dropped",
}

STATUS_DESCRIPTIONS = {
    Statut.A_VENIR: ("L’action n’a pas commencé.", "The action has not started."),
    Statut.EN_COURS: ("L’action a commencé.", "The action has started."),
    Statut.EN_CONTINU: ("Action permanente, sans fin prévue.",
                        "A permanent action, with no planned end."),
    Statut.REALISEE: ("L’action est terminée.", "The action is complete."),
    Statut.REPORTEE: ("L’action est remise à plus tard.", "The action is put off until later."),
    Statut.ABANDONNEE: ("L’action ne sera pas réalisée ; elle est exclue du calcul.",
                        "The action will not be carried out; it is left out of the figures."),
}

#: English for every phrase the shipped templates mark with ``_()``.
ENGLISH = {
    "Bilan annuel": "Annual report",
    "Bilan": "Final report",
    "État d’avancement au": "Progress report as of",
    "du": "from",
    "au": "to",
    "Chaque action compte pour un pourcentage selon son statut":
        "Each action counts for a percentage according to its status",
    " ; l’avancement inscrit dans une action, s’il y en a un, remplace ce pourcentage":
        "; progress recorded in an action, if any, replaces this percentage",
    " ; les actions abandonnées sont exclues.": "; dropped actions are left out.",
    "L’avancement d’un objectif, d’une orientation et du plan est la moyenne de ses actions, "
    "pondérée par leur poids (1 par défaut).":
        "The progress of an objective, an orientation and the plan is the mean of its "
        "actions, weighted by their weight (1 by default).",
    "Période couverte": "Period covered",
    "État du plan au": "State of the plan on",
    "Avertissement": "Warning",
    "Rappel : mission, mandats et orientations": "Reminder: mission, mandates and orientations",
    "Mission": "Mission",
    "adoptée": "adopted",
    "Mandats": "Mandates",
    "adoptés": "adopted",
    "Orientations": "Orientations",
    "Orientation": "Orientation",
    "Faits saillants": "Highlights",
    "Actions réalisées": "Actions completed",
    "démarrées": "started",
    "reportées": "postponed",
    "Date": "Date",
    "Action": "Action",
    "Changement": "Change",
    "Note": "Note",
    "Aucun changement de statut n’a été inscrit pendant cette période.":
        "No status change was recorded during this period.",
    "Vue d’ensemble": "Overview",
    "Avancement global": "Overall progress",
    "actions": "actions",
    "en retard": "late",
    "Actions": "Actions",
    "Avancement": "Progress",
    "Ensemble": "Total",
    "Détail par orientation": "Detail by orientation",
    "Objectif": "Objective",
    "État": "State",
    "Porteur": "Lead",
    "Partenaires": "Partners",
    "Échéance": "Due",
    "Réalisations de la période": "Achievements of the period",
    "Aucune action.": "No action.",
    "Indicateurs": "Indicators",
    "Indicateur": "Indicator",
    "Cible": "Target",
    "Réel": "Actual",
    "Unité": "Unit",
    "Les valeurs réelles sont celles inscrites dans le plan à la date du rapport.":
        "Actual values are those recorded in the plan when the report was made.",
    "Aucun indicateur n’est défini.": "No indicator is defined.",
    "Perspectives": "Outlook",
    "Échéances de l’exercice": "Due during fiscal year",
    "Aucune action n’a d’échéance pendant cet exercice.": "No action is due during that year.",
    "Actions reportées": "Postponed actions",
    "Aucune action n’est reportée.": "No action is postponed.",
    "Annexe": "Appendix",
    "Légende des statuts": "Status legend",
    "Statut": "Status",
    "Signification": "Meaning",
    "En retard": "Late",
    "Échéance passée sans que l’action soit réalisée (calculé, jamais inscrit).":
        "Past its due date and not done (computed, never recorded).",
    "Calcul de l’avancement": "How progress is computed",
    "Page": "Page",
    "Sommaire": "Contents",
    "Répartition des actions par statut": "Actions by status",
    "Avancement par orientation": "Progress by orientation",
}


def translator(lang: str) -> Callable[[str], str]:
    """The ``_()`` of the templates: French as written, or its English."""
    if lang == "fr":
        return lambda phrase: phrase
    return lambda phrase: ENGLISH.get(phrase, phrase)


def status_label(statut: Statut, lang: str) -> str:
    return statut.label if lang == "fr" else STATUS_LABELS_EN[statut]


def status_count(statut: Statut, n: int, lang: str) -> str:
    """« 3 réalisées » in French, “3 done” in English."""
    return statut.counted(n) if lang == "fr" else f"{n} {STATUS_LABELS_EN[statut].lower()}"


def status_description(statut: Statut, lang: str) -> str:
    return STATUS_DESCRIPTIONS[statut][0 if lang == "fr" else 1]

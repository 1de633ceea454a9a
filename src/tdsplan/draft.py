"""A first draft of a bilan's editorial file, pre-filled from the period's journal, so
that the coordinator edits words instead of starting from a blank page."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from tdsplan.figures import long_date as _long_date, number
from tdsplan.i18n import plural
from tdsplan.vocabulary import Statut

if TYPE_CHECKING:
    from tdsplan.report import OrientationReport, Report

#: The draft is French, whatever the language of the messages.
_FRENCH = plural("fr")
_HOW = (
    "<!-- Brouillon préparé par tdsplan à partir du journal : réécrivez chaque section "
    "comme le conseil la lira. Les commentaires comme celui-ci n’apparaissent pas dans "
    "le bilan. -->"
)


def draft(report: Report, label: str) -> str:
    """The editorial file of ``report`` (labelled ``label``), pre-filled."""
    head = report.headline
    lines = [
        "---",
        f"bilan: {label}",
        "signature:  # Prénom Nom, présidence",
    ]
    if report.final:
        lines.append("verdicts:  # une ligne par orientation : l’orientation a-t-elle réussi ?")
        lines += [f'  "{o.orientation.id}": ' for o in report.orientations]
    lines += ["---", "", _HOW, "", "# Mot de la présidence", ""]
    lines += [
        f"<!-- Chiffres à citer : {_count(head.realisees, 'action réalisée', 'actions réalisées')} "
        f"sur {head.total}, {head.en_cours} en cours, {head.en_continu} en continu ; pendant "
        f"la période, {_count(head.completed, 'réalisée', 'réalisées')}, "
        f"{_count(head.started, 'démarrée', 'démarrées')}, "
        f"{_count(head.postponed, 'reportée', 'reportées')}, "
        f"{_count(head.notes, 'note', 'notes')} au journal. -->",
        "",
    ]
    for o in report.orientations:
        lines += _orientation(o)
    lines += ["# Perspectives", ""]
    coming = sorted(
        (a for a in report.due_next if a.echeance is not None), key=lambda a: a.echeance or 0
    )
    lines += [
        f"- {a.action.titre} ({a.action.id}), échéance le {long_date(a.echeance, 'fr')}."
        for a in coming
        if a.echeance is not None
    ] or ["<!-- Ce qui vient : les échéances de l’exercice suivant, les décisions à prendre. -->"]
    lines += ["", "# Remerciements", ""]
    funders = [b.nom for b in report.plan.bailleurs]
    if funders:
        # No article before the names: « au CISSS », « à la Table » cannot be guessed.
        lines.append(
            _FRENCH(
                "Merci à notre bailleur de fonds : {names}.",
                "Merci à nos bailleurs de fonds : {names}.",
                len(funders),
            ).format(names=_listed(funders))
            + " Merci aussi aux partenaires et aux porteurs des actions."
        )
    else:
        lines.append("Merci aux partenaires et aux porteurs des actions.")
    return "\n".join(lines).replace("\n\n\n", "\n\n") + "\n"


def _orientation(o: OrientationReport) -> list[str]:
    lines = [f"# Orientation {o.orientation.id} — {o.orientation.titre}", ""]
    states = [a.state for ob in o.objectifs for a in ob.actions]
    done = sum(1 for s in states if s.statut is Statut.REALISEE)
    lines += [
        f"<!-- Chiffres : {_count(done, 'action réalisée', 'actions réalisées')} sur {len(states)}."
    ]
    lines += [
        f"     {a.id} {r.indicator.nom} : {number(r.value)}"
        + (f" (cible {number(r.target)})" if r.target is not None else "")
        for a, r in o.indicators
        if r.value is not None
    ]
    lines[-1] += " -->"
    lines.append("")
    for fact in o.facts:
        lines += [f"{fact.note.rstrip('.')} ({fact.action.id}, {long_date(fact.date, 'fr')}).", ""]
    return lines


def long_date(date: dt.date, lang: str) -> str:
    """A long date with ordinary spaces: the draft is a file people edit."""
    return _long_date(date, lang).replace("\u00a0", " ")


def _count(n: int, singular: str, plural: str) -> str:
    """« 0 action réalisée », « 2 actions réalisées »: French agreement (0 and 1 singular)."""
    return f"{n} {_FRENCH(singular, plural, n)}"


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]

"""What the public site shows of each action on its date (:class:`ActionShown`): the one
place that reads an action's fields for the pages, the watch list and the search."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tdsplan.models import Action, EntreeJournal, Mandat, Objectif, Orientation, Plan
from tdsplan.state import ActionState
from tdsplan.views import ActionLine, action_line


@dataclass(frozen=True)
class IndicatorShown:
    """An indicator as a page shows it; ``date`` is when its value was recorded, if known."""

    nom: str
    cible: float | None
    reel: float | None
    unite: str | None
    date: dt.date | None = None


@dataclass(frozen=True)
class DueChange:
    """A due date that applied from ``date`` on (``None``: from the start)."""

    date: dt.date | None
    echeance: dt.date


@dataclass
class ActionShown:
    """Everything the site shows of an action on the reference date."""

    action: Action
    orientation: Orientation
    objectif: Objectif
    state: ActionState
    echeances: list[DueChange]
    indicateurs: list[IndicatorShown]
    territoires: list[str]
    mandats: list[Mandat]
    journal: list[EntreeJournal]
    line: ActionLine

    def __post_init__(self) -> None:
        #: The action's ID (read for every page that lists it: an attribute, not a property).
        self.id: str = self.action.id

    @property
    def porteur(self) -> str | None:
        """The lead in force on the reference date."""
        return self.state.porteur

    @property
    def echeance(self) -> dt.date | None:
        """The due date in force on the reference date."""
        return self.state.echeance


@dataclass(frozen=True)
class PlanNames:
    """The plan's territories' names and mandates by ID, found once for every action."""

    territories: dict[str, str]
    mandates: dict[int, Mandat]

    @classmethod
    def of(cls, plan: Plan) -> PlanNames:
        # The first of an ID, as Plan.territory_name finds it.
        return cls(
            {t.id: t.nom for t in reversed(plan.territoires)}, {m.id: m for m in plan.mandats}
        )


def action_shown(
    plan: Plan,
    orientation: Orientation,
    objectif: Objectif,
    action: Action,
    state: ActionState,
    as_of: dt.date,
    names: PlanNames | None = None,
) -> ActionShown:
    """What the site shows of ``action`` on ``as_of``: the one place that reads an action's
    fields for the pages, the watch list and the search index.

    Lead, due date and indicator values are those in force on ``as_of`` (replayed from
    the journal by :func:`tdsplan.query.state_at`), each value with the day it was
    measured; the due date comes with its history when the action was rescheduled;
    the journal is cut at ``as_of``.
    """
    names = names or PlanNames.of(plan)
    mandats, territories = names.mandates, names.territories
    journal = [e for e in action.journal if e.date <= as_of]
    moves = [DueChange(e.date, e.echeance) for e in journal if e.echeance is not None]
    first = action.echeance_initiale if moves else None
    echeances = ([DueChange(None, first)] if first else []) + moves
    indicateurs = []
    for indicator in action.indicateurs:
        known = state.indicateurs.get(indicator.nom)
        indicateurs.append(
            IndicatorShown(
                indicator.nom,
                indicator.cible,
                known.valeur if known else None,
                indicator.unite,
                known.date if known else None,
            )
        )
    return ActionShown(
        action=action,
        orientation=orientation,
        objectif=objectif,
        state=state,
        echeances=echeances,
        indicateurs=indicateurs,
        territoires=[territories.get(t, t) for t in action.territoires],
        mandats=[mandats[m] for m in action.mandats if m in mandats],
        journal=journal,
        line=action_line(plan, orientation, objectif, action, state, as_of),
    )

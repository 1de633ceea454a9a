"""Finding a plan's elements: an ID's element, its parents, the actions under it, a subset."""

from __future__ import annotations

from collections.abc import Callable

from tdsplan.errors import UnknownIdError
from tdsplan.models import Action, Objectif, Orientation, Plan
from tdsplan.suggest import closest

Element = Orientation | Objectif | Action


def find(plan: Plan, identifier: str) -> Element:
    """The orientation, objective or action with this ID; a usage error with a hint otherwise."""
    wanted = identifier.strip()
    ids: list[str] = []
    for orientation in plan.orientations:
        ids.append(orientation.id)
        if orientation.id == wanted:
            return orientation
        for objectif in orientation.objectifs:
            ids.append(objectif.id)
            if objectif.id == wanted:
                return objectif
            for action in objectif.actions:
                ids.append(action.id)
                if action.id == wanted:
                    return action
    raise UnknownIdError(wanted, closest(wanted, ids, n=3, cutoff=0.5))


def parents(plan: Plan, element: Element) -> tuple[Orientation | None, Objectif | None]:
    """The orientation and objective an element belongs to (``None`` above its level)."""
    for orientation in plan.orientations:
        if element is orientation:
            return None, None
        for objectif in orientation.objectifs:
            if element is objectif:
                return orientation, None
            if any(element is a for a in objectif.actions):
                return orientation, objectif
    raise ValueError("élément hors du plan")


def actions_of(element: Element | Plan) -> list[Action]:
    """Every action under an element, in plan order."""
    if isinstance(element, Action):
        return [element]
    if isinstance(element, Objectif):
        return list(element.actions)
    if isinstance(element, Orientation):
        return [a for o in element.objectifs for a in o.actions]
    return [a for _, _, a in element.iter_actions()]


def subset(plan: Plan, keep: Callable[[Action], bool]) -> Plan:
    """The plan reduced to the actions ``keep`` accepts, without the objectives and
    orientations left empty: the part of the plan a funder pays for, for instance."""
    orientations = []
    for orientation in plan.orientations:
        objectifs = []
        for objectif in orientation.objectifs:
            actions = [a for a in objectif.actions if keep(a)]
            if actions:
                objectifs.append(objectif.model_copy(update={"actions": actions}))
        if objectifs:
            orientations.append(orientation.model_copy(update={"objectifs": objectifs}))
    return plan.model_copy(update={"orientations": orientations})

"""tdsplan : suivi d’un plan d’action pluriannuel tenu en fichiers YAML dans git.

Use it from Python as from the command line::

    import datetime as dt
    import tdsplan

    project = tdsplan.Project.find(Path("."))       # the plan/ folder, found upward
    plan = project.load()                            # validated, or PlanInvalidError
    state = tdsplan.plan_state(plan, dt.date(2020, 3, 31))
    for orientation, objectif, action in plan.iter_actions():
        print(action.id, state.action(action.id).statut.label)

The names below load on first use, so that ``import tdsplan`` stays instant.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from tdsplan.version import __version__

if TYPE_CHECKING:
    from tdsplan.elements import find
    from tdsplan.errors import (
        ChangeRefusedError,
        PlanInvalidError,
        PlanNotFoundError,
        Problem,
        TdsplanError,
        UnknownIdError,
        UsageError,
    )
    from tdsplan.journal import Updated, update_action
    from tdsplan.models import (
        Action,
        EntreeJournal,
        Indicateur,
        Objectif,
        Orientation,
        Plan,
        Source,
    )
    from tdsplan.project import Project
    from tdsplan.repository import Repository
    from tdsplan.state import ActionState, PlanState, Rollup, plan_state
    from tdsplan.store import Loaded
    from tdsplan.updates import Update
    from tdsplan.vocabulary import Statut

_WHERE = {
    "Project": "project",
    "Repository": "repository",
    "Loaded": "store",
    "Plan": "models",
    "Orientation": "models",
    "Objectif": "models",
    "Action": "models",
    "EntreeJournal": "models",
    "Indicateur": "models",
    "Source": "models",
    "Statut": "vocabulary",
    "plan_state": "state",
    "PlanState": "state",
    "ActionState": "state",
    "Rollup": "state",
    "find": "elements",
    "Update": "updates",
    "Updated": "journal",
    "update_action": "journal",
    "TdsplanError": "errors",
    "UsageError": "errors",
    "UnknownIdError": "errors",
    "PlanNotFoundError": "errors",
    "PlanInvalidError": "errors",
    "ChangeRefusedError": "errors",
    "Problem": "errors",
}

__all__ = [
    "__version__",
    "Project",
    "Repository",
    "Loaded",
    "Plan",
    "Orientation",
    "Objectif",
    "Action",
    "EntreeJournal",
    "Indicateur",
    "Source",
    "Statut",
    "plan_state",
    "PlanState",
    "ActionState",
    "Rollup",
    "find",
    "Update",
    "Updated",
    "update_action",
    "TdsplanError",
    "UsageError",
    "UnknownIdError",
    "PlanNotFoundError",
    "PlanInvalidError",
    "ChangeRefusedError",
    "Problem",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'tdsplan' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"tdsplan.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

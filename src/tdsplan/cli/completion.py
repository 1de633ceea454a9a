"""Shell completion for bash, zsh and fish: commands, options, and the plan's own words
(IDs, statuses, leads, territories).

Why completion once answered « Shell bash not supported. »: Typer 0.29 carries its own
copy of click (reached only through :mod:`tdsplan.cli.vendored`), and registers its
bash/zsh/fish classes in that copy only from ``typer.completion.completion_init()``, which
it calls when an app is built with ``add_completion=True``. tdsplan declares its own
(French) completion options with ``add_completion=False``, so nothing was registered:
:func:`complete` registers them when a shell asks.

A shell asks by running ``tdsplan`` with ``_TDSPLAN_COMPLETE`` set: ``complete_bash``
(the scripts Typer prints, ``--show-completion``) or click's order, ``bash_complete``;
both are accepted.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from tdsplan.models import Plan

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def complete(cli: Any, ctx_args: Any, prog_name: str, complete_var: str | None) -> None:
    """Answer the shell and exit when ``_TDSPLAN_COMPLETE`` is set; return otherwise."""
    if complete_var is None:
        complete_var = f"_{prog_name}_COMPLETE".replace("-", "_").upper()
    instruction = os.environ.get(complete_var)
    if not instruction:
        return
    from typer.completion import completion_init, shell_complete

    from tdsplan.cli.vendored import shell_completion

    completion_init()
    shell_completion.add_completion_class(_bash(), "bash")
    first, _sep, second = instruction.partition("_")
    if first in SHELLS:  # click's order (bash_complete): Typer reads complete_bash
        instruction = f"{second}_{first}"
    sys.exit(shell_complete(cli, ctx_args, prog_name, complete_var, instruction))


def _bash() -> type:
    """Typer's bash completion, with each word escaped: bash puts it in the line as it is,
    and « Comité promotion » would otherwise be two words."""
    from tdsplan.cli.vendored import BashComplete

    class Bash(BashComplete):
        def format_completion(self, item: Any) -> str:
            return re.sub(r"([ '\"\\$`!&;|()<>*?#~])", r"\\\1", item.value)

    return Bash


def _plan(ctx: typer.Context) -> Plan | None:
    """The plan the command line names (``--plan``) or finds; ``None`` when there is none or it
    cannot be read: completion never fails loudly."""
    from tdsplan.cli.common import Settings, project
    from tdsplan.errors import TdsplanError

    root = ctx.find_root()
    chosen = root.params.get("plan")
    if root.obj is None:  # the root callback does not run while completing
        root.obj = Settings(plan_dir=Path(chosen) if chosen else None)
    try:
        return project(ctx).load()
    except (TdsplanError, OSError, ValueError):
        return None


def ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Orientation, objective and action IDs of the plan."""
    plan = _plan(ctx)
    if plan is None:
        return []
    found: list[str] = []
    for orientation in plan.orientations:
        found.append(orientation.id)
        for objectif in orientation.objectifs:
            found.append(objectif.id)
            found += [a.id for a in objectif.actions]
    return [i for i in found if i.startswith(incomplete)]


def action_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Action IDs of the plan."""
    plan = _plan(ctx)
    if plan is None:
        return []
    return [a.id for _o, _ob, a in plan.iter_actions() if a.id.startswith(incomplete)]


def orientation_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    plan = _plan(ctx)
    return [o.id for o in plan.orientations if o.id.startswith(incomplete)] if plan else []


def statuses(incomplete: str) -> list[str]:
    """Status keys, and ``en_retard`` for the filters that accept it."""
    from tdsplan.models import Statut

    return [s for s in [*(s.value for s in Statut), "en_retard"] if s.startswith(incomplete)]


def update_statuses(incomplete: str) -> list[str]:
    from tdsplan.models import Statut

    return [s.value for s in Statut if s.value.startswith(incomplete)]


def leads(ctx: typer.Context, incomplete: str) -> list[str]:
    """The leads named in the plan, in alphabetical order."""
    plan = _plan(ctx)
    if plan is None:
        return []
    from tdsplan.typed import leads as named_leads

    return sorted(n for n in named_leads(plan) if n.startswith(incomplete))


def territories(ctx: typer.Context, incomplete: str) -> list[str]:
    """The territories declared in ``plan.yaml``."""
    plan = _plan(ctx)
    if plan is None:
        return []
    return [t.id for t in plan.territoires if t.id.startswith(incomplete)]

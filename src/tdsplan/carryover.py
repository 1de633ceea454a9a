"""Carry-over links between the plans of a repository: ``reprise_de: 2018-2023/1.2.3`` in
an action of the next plan names the action it continues; here they are written, followed
both ways, and checked against the plans they name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from tdsplan.errors import Problem
from tdsplan.i18n import _
from tdsplan.models import Plan, PlanInfo
from tdsplan.project import Project, missing_link
from tdsplan.repository import Mention, PlanRef, Repository, mentions
from tdsplan.suggest import either
from tdsplan.yamlio import read_document


def link(plan: Plan | PlanInfo, action_id: str) -> str:
    """The carry-over link naming ``action_id`` of ``plan``: ``2018-2023/1.2.3``."""
    return f"{plan.periode.debut}-{plan.periode.fin}/{action_id}"


def split_link(text: str) -> tuple[str, str]:
    """``2018-2023/1.2.3`` as its period and its action ID."""
    period, _slash, identifier = text.partition("/")
    return period, identifier


@dataclass(frozen=True)
class CarryOver:
    """How a plan is joined to the others: ``into`` maps each of its action IDs carried
    into a later plan to that action's link there (``2023-2028/1.2.3``); ``origins``
    maps each of its actions carried over from an earlier plan to its origin."""

    into: dict[str, str] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)


def carry_over(
    repository: Repository, ref: PlanRef, plan: Plan, *, cache_dir: Path | None = None
) -> CarryOver:
    """The carry-over links of ``plan`` (the plan of ``ref``) with the repository's other
    plans. The later plans are read for that (their parsed files cached in ``cache_dir``);
    one that is not valid is passed over."""
    origins: dict[str, str] = {
        a.id: a.reprise_de for _o, _ob, a in plan.iter_actions() if a.reprise_de
    }
    into: dict[str, str] = {}
    mine = ref.period
    for other in later_plans(repository, ref):
        later = Project.at(other.folder, cache_dir=cache_dir).read()
        if later.plan is None:
            continue
        for _o, _ob, action in later.plan.iter_actions():
            if action.reprise_de:
                period, identifier = split_link(action.reprise_de)
                if period == mine:
                    into.setdefault(identifier, link(later.plan, action.id))
    return CarryOver(into, origins)


def later_plans(repository: Repository, ref: PlanRef) -> list[PlanRef]:
    """The repository's plans that start when ``ref`` ends, or later: those whose actions
    may carry one of its actions over."""
    return [
        other
        for other in repository.others(ref)
        if other.info is not None
        and ref.info is not None
        and other.info.periode.debut >= ref.info.periode.fin
    ]


def link_problems(repository: Repository, plans: dict[Path, Plan]) -> list[Problem]:
    """A problem for each carry-over link that names a plan of the repository where
    that action does not exist. ``plans`` holds the plans already read, by folder; the
    other plans named by a link are read as needed."""
    ids: dict[str, set[str] | None] = {}

    def actions_of(period: str) -> set[str] | None:
        if period not in ids:
            ref = repository.by_period(period)
            plan = None
            if ref is not None:
                plan = plans.get(ref.folder) or Project.at(ref.folder).read().plan
            ids[period] = None if plan is None else {a.id for _o, _ob, a in plan.iter_actions()}
        return ids[period]

    problems = []
    for plan in plans.values():
        for _o, _ob, action in plan.iter_actions():
            if not action.reprise_de:
                continue
            period, identifier = split_link(action.reprise_de)
            known = actions_of(period)
            if (
                known is not None
                and identifier in known
                or known is None
                and repository.by_period(period) is not None
            ):
                continue  # a plan that is not valid: validate reports its own problems
            if known is not None:
                problems.append(missing_link(action))
                continue
            where = action.source
            line, column = read_document(where.file).locate((*where.loc, "reprise_de"))
            message = _(
                "reprise de {period} / {id} : aucun plan de la période {period} "
                "dans ce dépôt ; plans : {plans}"
            ).format(
                period=period, id=identifier, plans=either([r.label for r in repository.plans])
            )
            problems.append(Problem(where.file, line, column, message))
    return problems


def neighbours(
    repository: Repository,
    ref: PlanRef,
    plan: Plan,
    today: dt.date,
    *,
    cache_dir: Path | None = None,
) -> tuple[list[Mention], CarryOver | None]:
    """What a report of ``plan`` says of the repository's other plans: their mentions
    and the carry-over links (``None`` when the repository has one plan)."""
    if len(repository.plans) < 2:
        return [], None
    return mentions(repository, ref, today), carry_over(repository, ref, plan, cache_dir=cache_dir)

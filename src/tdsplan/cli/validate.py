"""``tdsplan validate``: check every file of the plan, for people, pre-commit and CI."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import typer

from tdsplan.cli import common, console
from tdsplan.errors import PlanInvalidError
from tdsplan.i18n import _, ngettext

if TYPE_CHECKING:
    from tdsplan.edit import InterruptedBatchError
    from tdsplan.errors import Problem
    from tdsplan.project import Project
    from tdsplan.store import Loaded


def validate(ctx: typer.Context) -> None:
    """Vérifier le plan : une ligne si tout va bien, sinon chaque problème.

    Chaque problème est signalé comme fichier:ligne:colonne: message ; le code de sortie
    vaut 1 si le plan est invalide (une entrée du journal datée avant le début du plan, par
    exemple) ; une entrée après la fin du plan est signalée, sans plus. Dans un dépôt à
    plusieurs plans (tdsplan.toml), sans --plan, chaque plan est vérifié.
    Exemple : tdsplan validate
    """
    from tdsplan.carryover import link_problems

    repository, chosen = common.located(ctx)
    every = common.settings(ctx).plan_dir is None
    refs = repository.plans if every and repository.file is not None else (chosen,)
    results = []
    for ref in refs:
        project = common.project(ctx, ref)
        loaded = project.read()
        loaded.problems += _bilans(project, loaded)
        results.append((project, loaded))
    plans = {p.plan_dir.resolve(): r.plan for p, r in results if r.plan is not None}
    links = link_problems(repository, plans) if repository.file is not None else []
    if len(results) == 1:
        project, loaded = results[0]
        problems = sorted(set(loaded.problems + links))  # a link the reading saw dangle too
        if problems:
            raise PlanInvalidError(problems)  # as every reader says it: its warnings later
        unfinished = _unfinished(project)  # each file whole, the batch not: not to commit
        if unfinished is not None:
            raise unfinished
        _warn(loaded)
        _valid(project, loaded)
        return
    invalid = 0
    for project, loaded in results:
        problems = sorted(
            set(loaded.problems)
            | {p for p in links if p.path.is_relative_to(project.plan_dir.resolve())}
        )
        if not problems:
            unfinished = _unfinished(project)
            if unfinished is not None:
                console.print_error(str(unfinished))
                invalid += 1
                continue
            _warn(loaded)
            _valid(project, loaded)
            continue
        invalid += 1
        console.print_problems(PlanInvalidError(problems).problems)
        files = len({p.path for p in problems})
        console.say(
            _("{folder} : plan invalide").format(folder=console.shown_path(project.plan_dir))
            + " — "
            + ngettext("{n} problème", "{n} problèmes", len(problems)).format(n=len(problems))
            + ngettext(" dans {n} fichier", " dans {n} fichiers", files).format(n=files),
            to=console.stderr(),
        )
    if invalid:
        console.print_error(
            ngettext(
                "{n} plan invalide sur {total}", "{n} plans invalides sur {total}", invalid
            ).format(n=invalid, total=len(results))
        )
        raise typer.Exit(1)


def _unfinished(project: Project) -> InterruptedBatchError | None:
    """The refusal of a plan whose last batch was interrupted, if it was (the record's
    absence is seen without loading the edit code)."""
    from tdsplan.files import BATCH_FILE

    if not os.path.lexists(project.plan_dir / BATCH_FILE):
        return None
    from tdsplan.edit import InterruptedBatchError, interrupted_batch

    found = interrupted_batch(project)
    return InterruptedBatchError(found) if found is not None else None


def _bilans(project: Project, loaded: Loaded) -> list[Problem]:
    """The problems of the plan's editorial files and adoption records."""
    from tdsplan import adoption, editorial

    return editorial.problems(project, loaded.plan) + adoption.problems(project, loaded.plan)


def _warn(loaded: Loaded) -> None:
    """What the plan accepts but deserves a look, one located line each on stderr."""
    from dataclasses import replace

    console.print_problems(
        [
            replace(w, message=_("attention : {message}").format(message=w.message))
            for w in loaded.warnings
        ]
    )


def _valid(project: Project, loaded: Loaded) -> None:
    plan = loaded.plan
    assert plan is not None
    objectifs = sum(len(o.objectifs) for o in plan.orientations)
    actions = sum(1 for _action in plan.iter_actions())
    counts = ", ".join(
        (
            ngettext("{n} orientation", "{n} orientations", len(plan.orientations)).format(
                n=len(plan.orientations)
            ),
            ngettext("{n} objectif", "{n} objectifs", objectifs).format(n=objectifs),
            ngettext("{n} action", "{n} actions", actions).format(n=actions),
        )
    )
    files = ngettext("{n} fichier", "{n} fichiers", len(loaded.documents)).format(
        n=len(loaded.documents)
    )
    console.say(
        _("{folder} : plan valide — {counts} ({files})").format(
            folder=console.shown_path(project.plan_dir), counts=counts, files=files
        )
    )

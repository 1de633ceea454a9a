"""``tdsplan status``: the plan at a glance — where it stands, what needs attention, what
changed since the last meeting.

Four screens: the default one fits 80×24 (headline, one line per orientation and, room
allowing, per objective, then « À surveiller »); a focused list when a filter is given
(one line per action); the full tree with ``--all``; the changes with ``--since``. They
are drawn in :mod:`tdsplan.cli.status_screen` and :mod:`tdsplan.cli.status_since`; this
module parses and writes JSON.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tdsplan.cli import common, completion, console, status_screen
from tdsplan.cli.common import AsOf, Json, Year
from tdsplan.cli.params import NoPager

if TYPE_CHECKING:
    from tdsplan.changes import Changes
    from tdsplan.views import ActionLine, StatusView


Late = Annotated[
    bool, typer.Option("--late", "--en-retard", help="Ne lister que les actions en retard.")
]
DueWithin = Annotated[
    int | None,
    typer.Option(
        "--due-within",
        "--echeance-dans",
        metavar="JOURS",
        help="Ne lister que les actions dont l’échéance tombe dans ce nombre de jours "
        "(défaut de l’écran : suivi.echeance_jours de plan.yaml, 90).",
    ),
]
SilentFor = Annotated[
    int | None,
    typer.Option(
        "--silent-for",
        "--sans-nouvelles",
        metavar="MOIS",
        help="Ne lister que les actions sans entrée de journal depuis ce nombre de mois "
        "(défaut de l’écran : suivi.silence_mois de plan.yaml, 6 ; une action en continu : "
        "suivi.silence_continu_mois, 12, s’il est plus long).",
    ),
]
Statuses = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        "--statut",
        metavar="STATUT",
        help="Ne lister que les actions de ce statut (répétable ; « en_retard » accepté).",
        autocompletion=completion.statuses,
    ),
]
Lead = Annotated[
    str | None,
    typer.Option(
        "--lead",
        "--porteur",
        metavar="NOM",
        help="Ne lister que les actions de ce porteur.",
        autocompletion=completion.leads,
    ),
]
Orientation = Annotated[
    str | None,
    typer.Option(
        "--orientation",
        metavar="N",
        help="Ne lister que les actions de cette orientation.",
        autocompletion=completion.orientation_ids,
    ),
]
Territory = Annotated[
    str | None,
    typer.Option(
        "--territory",
        "--territoire",
        metavar="TERRITOIRE",
        help="Ne lister que les actions qui touchent ce territoire.",
        autocompletion=completion.territories,
    ),
]
Funder = Annotated[
    str | None,
    typer.Option(
        "--funder",
        "--bailleur",
        metavar="NOM",
        help="Ne lister que les actions que finance ce bailleur (nom ou identifiant).",
    ),
]
Since = Annotated[
    str | None,
    typer.Option(
        "--since",
        "--depuis",
        metavar="DATE|RÉV",
        help="Ce qui a changé depuis une date (AAAA-MM-JJ) ou une révision git : entrées, "
        "statuts, actions nouvelles ou reportées, indicateurs.",
    ),
]
ShowAll = Annotated[
    bool,
    typer.Option(
        "--all", "--tout", help="Montrer l’arbre complet : orientations, objectifs, actions."
    ),
]


def status(
    ctx: typer.Context,
    as_of: AsOf = None,
    year: Year = None,
    late: Late = False,
    due_within: DueWithin = None,
    silent_for: SilentFor = None,
    statuses: Statuses = None,
    lead: Lead = None,
    orientation: Orientation = None,
    territory: Territory = None,
    funder: Funder = None,
    since: Since = None,
    show_all: ShowAll = False,
    no_pager: NoPager = False,
    as_json: Json = False,
) -> None:
    """Afficher l’état du plan : avancement, retards, échéances, nouvelles.

    Sans option, un écran : l’avancement, une ligne par orientation, puis « À surveiller »
    (actions en retard, échéances proches, actions sans nouvelles). Exemples :
    tdsplan status --late · tdsplan status --depuis 2021-01-15 · tdsplan status --tout
    """
    from tdsplan.files import BATCH_FILE
    from tdsplan.views import parse_filters, status_view, thresholds

    project = common.project(ctx)
    plan = project.load()
    if os.path.lexists(project.plan_dir / BATCH_FILE):  # each file whole, the batch not
        from tdsplan.edit import InterruptedBatchError, interrupted_batch

        unfinished = interrupted_batch(project)
        if unfinished is not None:
            console.print_warning(str(InterruptedBatchError(unfinished)))
    date = common.reference_date(plan, as_of, year)
    filters = parse_filters(
        statuses or [],
        lead,
        orientation,
        plan,
        late=late,
        due_within=due_within,
        silent_for=silent_for,
        territoire=territory,
        bailleur=funder,
    )
    view = status_view(plan, date, filters, thresholds(plan, due_within, silent_for))
    view.plans = common.plan_mentions(ctx)
    changes = None
    if since is not None:
        from tdsplan.changes import changes_since

        changes = changes_since(project.plan_dir, plan, since, date)
    if as_json:
        console.print_json(_as_data(view, changes))
        return
    width = console.width()
    again = common.command_line(ctx, "status", **{"--as-of": as_of, "--year": year})
    if show_all:
        screen = [*status_screen.headline(view, width), "", status_screen.tree(view, width)]
    elif changes is not None:
        from tdsplan.cli.status_since import since_lines  # only with --since

        screen = [*status_screen.headline(view, width), *since_lines(changes, width)]
        if view.filtered:
            screen += ["", *status_screen.focused(view, width, filters)]
    elif view.filtered:
        screen = status_screen.focused(view, width, filters)
    else:
        screen = status_screen.screen(view, width, again)
    console.emit(screen, pager=not no_pager)


# ---------------------------------------------------------------- JSON


def _line_data(line: ActionLine) -> dict[str, Any]:
    return {
        "id": line.action.id,
        "titre": line.action.titre,
        "statut": line.state.statut.value,
        "avancement": line.state.avancement,
        "porteur": line.porteur,
        "echeance": line.echeance.isoformat() if line.echeance else None,
        "en_retard": line.state.en_retard,
        "derniere_entree": line.derniere_entree.isoformat() if line.derniere_entree else None,
    }


def _as_data(view: StatusView, changes: Changes | None = None) -> dict[str, Any]:
    plan, period, watch = view.plan, view.period, view.watch
    data: dict[str, Any] = {
        "plan": {
            "titre": plan.titre,
            "organisation": plan.organisation,
            "periode": {"debut": plan.periode.debut, "fin": plan.periode.fin},
        },
        "date": view.as_of.isoformat(),
        "plans_du_depot": [
            {
                "dossier": m.name,
                "periode": m.period,
                "courant": m.current,
                "clos": m.closed,
                "affiche": m.shown,
            }
            for m in view.plans
        ],
    }
    if period is not None:
        data["periode"] = {
            "debut": period.start.isoformat(),
            "fin": period.end.isoformat(),
            "annee": None if period.before or period.ended else period.year,
            "annees": period.years,
            "etat": "avant" if period.before else "terminee" if period.ended else "en_cours",
        }
    data.update(view.rollup.data())
    data["orientations"] = [
        {
            "id": o.orientation.id,
            "titre": o.orientation.titre,
            **o.rollup.data(),
            "objectifs": [
                {
                    "id": ob.objectif.id,
                    "titre": ob.objectif.titre,
                    **ob.rollup.data(),
                    "actions": [_line_data(line) for line in ob.actions],
                }
                for ob in o.objectifs
            ],
        }
        for o in view.orientations
    ]
    if watch is not None:
        data["a_surveiller"] = {
            "en_retard": [_line_data(line) for line in watch.late],
            "echeance_proche": {
                "jours": watch.thresholds.days,
                "actions": [_line_data(line) for line in watch.due_soon],
            },
            "sans_nouvelles": {
                "mois": watch.thresholds.months,
                "actions": [_line_data(line) for line in watch.silent],
            },
            "indicateurs_en_retard": [
                {"action": i.action.id, "nom": i.reading.indicator.nom, **i.reading.data()}
                for i in watch.indicators
            ],
        }
    if changes is not None:
        data["depuis"] = _changes_data(changes)
    return data


def _changes_data(changes: Changes) -> dict[str, Any]:
    return {
        "depuis": changes.before,
        "entrees": [
            {"action": a.id, **e.model_dump(mode="json", exclude_none=True)}
            for a, e in changes.entries
        ],
        "entrees_corrigees": [
            {
                "action": a.id,
                "avant": before.model_dump(mode="json", exclude_none=True),
                "apres": after.model_dump(mode="json", exclude_none=True),
            }
            for a, before, after in changes.corrected
        ],
        "entrees_supprimees": [
            {"action": a.id, **e.model_dump(mode="json", exclude_none=True)}
            for a, e in changes.dropped
        ],
        "statuts": [
            {"id": c.action.id, "avant": c.before.value, "apres": c.after.value}
            for c in changes.status_changes
        ],
        "nouvelles_actions": [{"id": a.id, "titre": a.titre} for a in changes.added],
        "actions_deplacees": [
            {"avant": m.before.id, "apres": m.after.id, "titre": m.after.titre}
            for m in changes.moved
        ],
        "echeances": [
            {
                "id": r.action.id,
                "avant": r.before.isoformat() if r.before else None,
                "apres": r.after.isoformat() if r.after else None,
            }
            for r in changes.rescheduled
        ],
        "indicateurs": [
            {"id": i.action.id, "nom": i.nom, "avant": i.before, "apres": i.after, "unite": i.unite}
            for i in changes.indicators
        ],
    }

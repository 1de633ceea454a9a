"""``tdsplan status``: the plan in one screen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from tdsplan.cli import common, console
from tdsplan.cli.common import AsOf, Json, Year, open_plan
from tdsplan.i18n import _, ngettext

if TYPE_CHECKING:

    from tdsplan.query import Rollup, StatusView


def status(
    ctx: typer.Context,
    as_of: AsOf = None,
    year: Year = None,
    statuses: Annotated[list[str] | None, typer.Option(
        "--status", "--statut", metavar="STATUT",
        help="Ne lister que les actions de ce statut (répétable ; « en_retard » accepté).")]
    = None,
    lead: Annotated[str | None, typer.Option(
        "--lead", "--porteur", metavar="NOM", help="Ne lister que les actions de ce porteur.")]
    = None,
    orientation: Annotated[str | None, typer.Option(
        "--orientation", metavar="N", help="Ne lister que les actions de cette orientation.")]
    = None,
    funder: Annotated[str | None, typer.Option(
        "--funder", "--bailleur", metavar="NOM",
        help="Seulement la part du plan que finance ce bailleur (nom ou identifiant).")]
    = None,
    show_all: Annotated[bool, typer.Option(
        "--all", "--tout", help="Lister chaque action, même dans un très grand plan.")] = False,
    as_json: Json = False,
) -> None:
    """Afficher l’état du plan : avancement, statuts, retards.

    Un grand plan (plus de 80 actions listées) est résumé par orientation et objectif :
    filtrez, ou ajoutez --all. Exemple : tdsplan status --status en_cours --au 2021-03-31
    """
    from tdsplan.query import parse_filters, status_view

    plan = open_plan(ctx)
    if funder is not None:  # the funder's part of the plan: its actions, their progress
        from tdsplan.query import funder_id, subset

        chosen = funder_id(plan, funder)
        plan = subset(plan, lambda action: chosen in action.bailleurs)
    date = common.reference_date(plan, as_of, year)
    view = status_view(plan, date, parse_filters(statuses or [], lead, orientation, plan))
    if as_json:
        console.print_json(_as_data(view))
    else:
        _print(view, show_all)


#: Beyond this many actions (or objectives), the screen summarises a level up.
SCREENFUL = 80


def _print(view: StatusView, show_all: bool = False) -> None:

    plan = view.plan
    out = console.stdout()
    out.print(console.text(plan.titre, style="bold"))
    out.print(plan.organisation, markup=False)
    total = view.rollup.total
    out.print(ngettext("Période {start}-{end} · état au {date} · {n} action",
                       "Période {start}-{end} · état au {date} · {n} actions", total).format(
                           start=plan.periode.debut, end=plan.periode.fin, date=view.as_of,
                           n=total), markup=False)
    out.print(console.text(_("Avancement global") + " ")
              .append(console.bar(view.rollup.avancement, 20)))
    out.print(_counts(view.rollup))
    if view.filtered:
        out.print(ngettext("Filtre : {n} action sur {total}", "Filtre : {n} actions sur {total}",
                           view.shown).format(n=view.shown, total=total),
                  style="italic", markup=False)
    if not view.orientations:
        return
    lines = [a for o in view.orientations for ob in o.objectifs for a in ob.actions]
    objectives = sum(len(o.objectifs) for o in view.orientations)
    list_actions = show_all or len(lines) <= SCREENFUL
    list_objectives = list_actions or objectives <= SCREENFUL
    if not list_actions:
        summary = (_("{n} actions : résumé par objectif ; filtrez (--orientation, --status, "
                     "--lead) ou ajoutez --all pour les lister.") if list_objectives else
                   _("{n} actions : résumé par orientation ; filtrez (--orientation, --status, "
                     "--lead) ou ajoutez --all pour les lister."))
        out.print(summary.format(n=len(lines)), style="italic", markup=False)
        lines = []
    with_lead = any(a.state.porteur for a in lines)
    with_due = any(a.state.echeance for a in lines)
    columns = [console.column("ID", no_wrap=True), console.column(_("Intitulé"), ratio=2),
               console.column(_("État"), no_wrap=True)]
    if with_lead:
        columns.append(console.column(_("Porteur"), ratio=1))
    if with_due:
        columns.append(console.column(_("Échéance"), no_wrap=True))
    table = console.table(*columns, expand=True)
    blanks = [""] * (with_lead + with_due)
    for o_view in view.orientations:
        o = o_view.orientation
        table.add_row(console.text(o.id, style="bold"), _title(o.titre, o_view.rollup, "bold"),
                      console.bar(o_view.rollup.avancement), *blanks)
        for ob_view in o_view.objectifs if list_objectives else []:
            ob = ob_view.objectif
            table.add_row(console.text(f" {ob.id}", style="bold"), _title(ob.titre, ob_view.rollup),
                          console.bar(ob_view.rollup.avancement), *blanks)
            for item in ob_view.actions if list_actions else []:
                a, state = item.action, item.state
                row: list[Any] = [f"  {a.id}", console.text(a.titre),
                                  console.status_text(state.statut, state.avancement)]
                if with_lead:
                    row.append(console.text(state.porteur or "—"))
                if with_due:
                    row.append(console.due_text(state.echeance, state.en_retard))
                table.add_row(*row)
        table.add_section()
    out.print()
    out.print(table)


def _title(title: str, rollup: Rollup, style: str = "") -> console.Text:

    text = console.text(title, style=style)
    return text.append("\n").append(_counts(rollup))


def _counts(rollup: Rollup) -> console.Text:

    from tdsplan.models import Statut
    from tdsplan.vocabulary import status_count

    text = console.text()
    for statut in Statut:
        n = rollup.statuts.get(statut, 0)
        if n:
            if text:
                text.append(" · ", style="dim")
            text.append(status_count(statut, n), style=console.STATUS_STYLES[statut])
    if rollup.en_retard:
        text.append(" · " + _("{n} en retard").format(n=rollup.en_retard),
                    style=console.LATE_STYLE)
    return text


def _rollup_data(rollup: Rollup) -> dict[str, Any]:
    from tdsplan.models import Statut

    return {
        "avancement": None if rollup.avancement is None else round(rollup.avancement, 1),
        "nb_actions": rollup.total,
        "statuts": {s.value: rollup.statuts.get(s, 0) for s in Statut},
        "en_retard": rollup.en_retard,
    }


def _as_data(view: StatusView) -> dict[str, Any]:
    plan = view.plan
    return {
        "plan": {"titre": plan.titre, "organisation": plan.organisation,
                 "periode": {"debut": plan.periode.debut, "fin": plan.periode.fin}},
        "date": view.as_of.isoformat(),
        **_rollup_data(view.rollup),
        "orientations": [
            {"id": o.orientation.id, "titre": o.orientation.titre, **_rollup_data(o.rollup),
             "objectifs": [
                 {"id": ob.objectif.id, "titre": ob.objectif.titre, **_rollup_data(ob.rollup),
                  "actions": [
                      {"id": line.action.id, "titre": line.action.titre,
                       "statut": line.state.statut.value,
                       "avancement": line.state.avancement,
                       "porteur": line.state.porteur,
                       "echeance": line.state.echeance.isoformat()
                       if line.state.echeance else None,
                       "en_retard": line.state.en_retard}
                      for line in ob.actions]}
                 for ob in o.objectifs]}
            for o in view.orientations],
    }

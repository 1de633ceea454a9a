"""``tdsplan show ID``: everything about one orientation, objective or action."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from tdsplan.cli import common, completion, console
from tdsplan.cli.common import AsOf, Json, Year, open_plan
from tdsplan.cli.params import NoPager
from tdsplan.figures import number
from tdsplan.i18n import _, _mark

if TYPE_CHECKING:
    from tdsplan.models import Action, Objectif, Orientation, Plan


def show(
    ctx: typer.Context,
    identifier: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="Identifiant : orientation 1, objectif 1.2 ou action 1.2.3.",
            autocompletion=completion.ids,
        ),
    ],
    as_of: AsOf = None,
    year: Year = None,
    no_pager: NoPager = False,
    as_json: Json = False,
) -> None:
    """Afficher une orientation, un objectif ou une action, journal compris.

    Exemple : tdsplan show 1.2.3
    """
    from tdsplan.elements import find
    from tdsplan.models import Action

    plan = open_plan(ctx)
    date = common.reference_date(plan, as_of, year)
    element = find(plan, identifier)
    into = _carried_into(ctx, plan, element) if isinstance(element, Action) else None
    if as_json:
        data = element.model_dump(mode="json")
        if isinstance(element, Action):
            data["reprise_dans"] = into
        data["etat"] = _state_data(plan, element, date)
        console.print_json(data)
        return
    with console.paged(not no_pager):
        if isinstance(element, Action):
            _print_action(plan, element, date, into)
        else:
            _print_group(plan, element, date)


def _carried_into(ctx: typer.Context, plan: Plan, action: Action) -> str | None:
    """Where a later plan of the repository carries ``action`` on (``2023-2028/1.2.3``)."""
    from tdsplan.carryover import carry_over

    repository, chosen = common.located(ctx)
    if len(repository.plans) < 2:
        return None
    return carry_over(repository, chosen, plan, cache_dir=common.cache_dir()).into.get(action.id)


def _link(text: str) -> str:
    return text.replace("/", " / ", 1)


def _state_data(plan: Plan, element: Any, date) -> dict[str, Any]:
    from tdsplan.indicators import readings
    from tdsplan.models import Action
    from tdsplan.state import plan_state

    tree = plan_state(plan, date)
    if isinstance(element, Action):
        state = tree.action(element.id)
        return {
            "date": date.isoformat(),
            "statut": state.statut.value,
            "avancement": state.avancement,
            "en_retard": state.en_retard,
            "echeance": state.echeance.isoformat() if state.echeance else None,
            "porteur": state.porteur,
            "indicateurs": {
                r.indicator.nom: r.data()
                for r in readings(plan, element, date)
                if r.value is not None
            },
        }
    return {"date": date.isoformat(), **tree.group(element.id).rollup.data()}


def _header(kind: str, element: Any, plan: Plan, date) -> None:

    out = console.stdout()
    from tdsplan.elements import parents

    out.print(console.text(f"{_(kind)} {element.id} — ", style="bold").append(element.titre))
    orientation, objectif = parents(plan, element)
    if orientation is not None:
        out.print(
            console.text(f"{_('Orientation')} {orientation.id} · ", style="dim").append(
                orientation.titre
            )
        )
    if objectif is not None:
        out.print(
            console.text(f"{_('Objectif')} {objectif.id} · ", style="dim").append(objectif.titre)
        )
    out.print(
        console.text(
            _("État au {date} · fichier {file}").format(
                date=console.long_date(date), file=console.shown_path(element.source.file)
            ),
            style="dim",
        )
    )
    if element.description:
        out.print()
        out.print(element.description, markup=False)


def _print_action(plan: Plan, action: Action, date, into: str | None = None) -> None:

    from tdsplan.state import plan_state

    _header(_mark("Action"), action, plan, date)
    state = plan_state(plan, date).action(action.id)
    fields = console.grid(padding=(0, 2))
    fields.add_column(style="bold", no_wrap=True)
    fields.add_column()
    mandates = {m.id: m.texte for m in plan.mandats}
    rows: list[tuple[str, Any]] = [
        (_("Statut"), console.status_text(state.statut, state.avancement, state.en_retard)),
        (_("Porteur"), state.porteur or "—"),
        (_("Partenaires"), ", ".join(action.partenaires) or "—"),
        (_("Territoires"), ", ".join(plan.territory_name(t) for t in action.territoires) or "—"),
        (_("Mandats"), "\n".join(f"{n}. {mandates.get(n, '?')}" for n in action.mandats) or "—"),
        (_("Début"), action.debut.isoformat() if action.debut else "—"),
        (_("Échéance"), state.echeance.isoformat() if state.echeance else "—"),
    ]
    if action.bailleurs:
        rows.append((_("Bailleurs"), ", ".join(plan.funder_name(b) for b in action.bailleurs)))
    if action.poids != 1:
        rows.append((_("Poids"), f"{action.poids:g}"))
    if action.reprise_de:
        rows.append((_("Reprise de"), _link(action.reprise_de)))
    if into:
        rows.append((_("Reprise dans"), _link(into)))
    for label, value in rows:
        fields.add_row(label, console.text(value) if isinstance(value, str) else value)
    out = console.stdout()
    out.print()
    out.print(fields)
    if action.indicateurs:
        out.print()
        _print_indicators(plan, action, date)
    entries = [e for e in action.journal if e.date <= date]
    out.print()
    if not entries:
        out.print(console.text(_("Journal : aucune entrée"), style="bold"))
        return
    table = console.table(
        _("Date"),
        _("Changement"),
        _("Note"),
        _("Auteur"),
        title=_("Journal"),
        title_justify="left",
        title_style="bold",
    )
    table.columns[0].no_wrap = True
    table.columns[2].ratio = 3
    for entry in entries:
        table.add_row(
            entry.date.isoformat(),
            console.change_text(entry.statut, entry.avancement),
            console.entry_note(entry),
            console.text(entry.auteur or ""),
        )
    out.print(table)


def _print_indicators(plan: Plan, action: Action, date) -> None:
    """Each indicator: baseline, target, value at the date, attainment, and its history."""
    from tdsplan.indicators import attained_text, measures, readings, territories_text

    out = console.stdout()
    table = console.table(
        _("Indicateur"),
        _("Départ"),
        _("Cible"),
        _("Valeur"),
        _("Mesuré le"),
        _("Atteinte"),
        title=_("Indicateurs"),
        title_justify="left",
        title_style="bold",
    )
    read = readings(plan, action, date)
    for reading in read:
        indicator = reading.indicator
        unit = f" {indicator.unite}" if indicator.unite else ""
        when = (
            "—"
            if reading.value is None
            else reading.measured.isoformat()
            if reading.measured
            else _("non datée")
        )
        table.add_row(
            console.text(indicator.nom),
            number(reading.start),
            console.text(number(reading.target) + unit if reading.target is not None else "—"),
            console.text(number(reading.value) + unit if reading.value is not None else "—"),
            when,
            attained_text(reading),
        )
    out.print(table)
    for reading in read:
        indicator = reading.indicator
        found = measures(action, indicator.nom, date)
        yearly = "; ".join(f"{year} {number(value)}" for year, value in indicator.cibles.items())
        if found or yearly:
            out.print(
                console.text(f"{indicator.nom} · ", style="dim").append(
                    " · ".join(f"{day.isoformat()} {number(value)}" for day, value in found) or "—"
                )
            )
        if yearly:
            out.print(
                console.text(
                    "  " + _("Cibles par exercice : {targets}").format(targets=yearly), style="dim"
                )
            )
        if reading.territories:
            out.print(
                console.text(
                    "  "
                    + _("Par territoire : {values}").format(values=territories_text(plan, reading)),
                    style="dim",
                )
            )


def _print_group(plan: Plan, element: Orientation | Objectif, date) -> None:

    from tdsplan.models import Orientation
    from tdsplan.state import plan_state

    kind = _mark("Orientation") if isinstance(element, Orientation) else _mark("Objectif")
    _header(kind, element, plan, date)
    tree = plan_state(plan, date)
    result = tree.group(element.id).rollup
    out = console.stdout()
    out.print()
    out.print(console.text(_("Avancement") + " ").append(console.bar(result.avancement, 20)))
    table = console.table("ID", _("Intitulé"), _("État"), expand=True)
    table.columns[0].no_wrap = True
    table.columns[1].ratio = 3
    table.columns[2].no_wrap = True
    children = element.objectifs if isinstance(element, Orientation) else [element]
    for objectif in children:
        if isinstance(element, Orientation):
            table.add_row(
                console.text(objectif.id, style="bold"),
                console.text(objectif.titre, style="bold"),
                console.bar(tree.group(objectif.id).rollup.avancement),
            )
        for action in objectif.actions:
            state = tree.action(action.id)
            table.add_row(
                f"  {action.id}",
                console.text(action.titre),
                console.status_text(state.statut, state.avancement, state.en_retard),
            )
    out.print()
    out.print(table)

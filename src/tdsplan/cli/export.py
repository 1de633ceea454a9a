"""``tdsplan export``: the plan as JSON or CSV, its indicators (``--indicators``) as JSON
or CSV, or the follow-up workbook for the leads."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tdsplan.cli import common, console, paths
from tdsplan.cli.common import AsOf, open_plan, write_output
from tdsplan.cli.params import Funder
from tdsplan.errors import UsageError
from tdsplan.i18n import _, ngettext

if TYPE_CHECKING:
    import datetime as dt

    from tdsplan.followup import Selection
    from tdsplan.models import Plan


class Format(enum.StrEnum):
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


Fmt = Annotated[
    Format | None,
    typer.Option(
        "--format", "-f", help="json, csv ou xlsx (défaut : l’extension de --output, sinon json)."
    ),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FICHIER",
        callback=paths.file,
        readable=False,
        help="Écrire dans ce fichier plutôt qu’à l’écran.",
    ),
]
Delimiter = Annotated[
    str,
    typer.Option(
        "--delimiter",
        "--separateur",
        metavar="CAR",
        help="Séparateur CSV (« ; » pour un tableur réglé en français).",
    ),
]
Lead = Annotated[
    str | None,
    typer.Option("--lead", "--porteur", metavar="NOM", help="Seulement les actions de ce porteur."),
]
Orientation = Annotated[
    str | None,
    typer.Option("--orientation", metavar="N", help="Seulement les actions de cette orientation."),
]
Statuses = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        "--statut",
        metavar="STATUT",
        help="Seulement les actions de ce statut (répétable ; « en_retard » accepté).",
    ),
]
Late = Annotated[
    bool, typer.Option("--late", "--en-retard", help="Seulement les actions en retard.")
]
Partner = Annotated[
    str | None,
    typer.Option(
        "--partner", "--partenaire", metavar="NOM", help="Seulement les actions de ce partenaire."
    ),
]
Territory = Annotated[
    str | None,
    typer.Option(
        "--territory",
        "--territoire",
        metavar="NOM",
        help="Seulement les actions de ce territoire (nom ou identifiant).",
    ),
]
Mandate = Annotated[
    int | None,
    typer.Option(
        "--mandate", "--mandat", metavar="N", help="Seulement les actions qui servent ce mandat."
    ),
]

Indicators = Annotated[
    bool,
    typer.Option(
        "--indicators",
        "--indicateurs",
        help="Exporter les indicateurs (départ, cible, exercices, valeur et atteinte à la date) "
        "plutôt que les actions ; en CSV, une ligne par indicateur et exercice.",
    ),
]


def export(
    ctx: typer.Context,
    fmt: Fmt = None,
    output: Output = None,
    delimiter: Delimiter = ",",
    lead: Lead = None,
    orientation: Orientation = None,
    statuses: Statuses = None,
    late: Late = False,
    partner: Partner = None,
    territory: Territory = None,
    mandate: Mandate = None,
    funder: Funder = None,
    indicators: Indicators = False,
    as_of: AsOf = None,
) -> None:
    """Exporter le plan : JSON (arborescence complète), CSV (une ligne par action), ou
    classeur de suivi à remplir par les porteurs (xlsx).

    Le CSV est en UTF-8 avec BOM, pour que les accents s’ouvrent intacts dans un tableur.
    Le classeur xlsx se remplit puis revient par « tdsplan import ».
    Exemples : tdsplan export --format xlsx --lead "CLDS de Joliette" -o suivi.xlsx ·
    tdsplan export --indicateurs --au 2022-03-31 -o indicateurs.csv
    """
    from tdsplan import export as exporting
    from tdsplan.elements import subset
    from tdsplan.followup import Selection
    from tdsplan.views import parse_filters

    fmt = _format(fmt, output)
    if as_of is not None and not indicators:
        raise UsageError(_("--as-of ne vaut que pour les indicateurs : ajoutez --indicators"))
    if indicators and fmt is Format.xlsx:
        raise UsageError(_("les indicateurs s’exportent en json ou en csv, pas en xlsx"))
    plan = open_plan(ctx)
    if output is not None:
        paths.output(ctx, output)
    if mandate is not None and mandate not in {m.id for m in plan.mandats}:
        raise UsageError(
            _("mandat {number} inconnu (mandats du plan : {listed})").format(
                number=mandate, listed=", ".join(str(m.id) for m in plan.mandats) or _("aucun")
            )
        )
    filters = parse_filters(
        statuses or [], lead, orientation, plan, late=late, territoire=territory, bailleur=funder
    )
    if partner is not None:
        from tdsplan.typed import parse_partner

        partner = parse_partner(partner, plan)
    selection = Selection(filters, partner, mandate)
    today = common.today()
    if fmt is Format.xlsx:
        _write_workbook(plan, output, today, selection)
        return
    if selection != Selection():
        from tdsplan.followup import selected

        kept = {line.action.id for line in selected(plan, today, selection)}
        plan = subset(plan, lambda action: action.id in kept)
    if indicators:
        date = common.reference_date(plan, as_of, None)
        text, encoding = (
            (exporting.indicators_json(plan, date), "utf-8")
            if fmt is Format.json
            else (exporting.indicators_csv(plan, date, delimiter), "utf-8-sig")
        )
    elif fmt is Format.json:
        text, encoding = exporting.plan_json(plan), "utf-8"
    else:
        text, encoding = exporting.actions_csv(plan, delimiter), "utf-8-sig"
    if output is None:
        sys.stdout.write(text)
    else:
        write_output(output, text.encode(encoding), chosen=True)


def _write_workbook(plan: Plan, output: Path | None, today: dt.date, selection: Selection) -> None:
    """The follow-up workbook of the selected actions, written to ``output``."""
    if output is None:
        raise UsageError(
            _("un classeur ne s’affiche pas à l’écran : indiquez --output FICHIER.xlsx")
        )
    from tdsplan.followup import cover, export_rows
    from tdsplan.sheets import workbook

    rows = export_rows(plan, today, selection)
    with console.progress(_("Classeur de suivi")):
        data = workbook(rows, cover(plan, today))
    write_output(output, data, chosen=True)
    console.stdout().print(
        ngettext(
            "Classeur écrit : {file} ({n} action)",
            "Classeur écrit : {file} ({n} actions)",
            len(rows),
        ).format(file=console.shown_path(output), n=len(rows)),
        markup=False,
        soft_wrap=True,
    )


def _format(fmt: Format | None, output: Path | None) -> Format:
    """The format asked for: ``-f``, else the extension of ``-o``, else JSON; an
    extension that contradicts ``-f`` is refused, as by ``tdsplan report``."""
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    known = {f.value: f for f in Format}
    if fmt is None:
        if not suffix:
            return Format.json
        if suffix not in known:
            raise UsageError(
                _(
                    "extension « .{suffix} » de {file} inconnue : écrivez .json, "
                    ".csv ou .xlsx, ou indiquez le format avec -f"
                ).format(suffix=suffix, file=output)
            )
        return known[suffix]
    if suffix in known and known[suffix] is not fmt:
        raise UsageError(
            _(
                "{file} a l’extension .{suffix}, qui contredit le format demandé "
                "(-f {format}) : rien n’a été écrit"
            ).format(file=output, suffix=suffix, format=fmt.value)
        )
    return fmt

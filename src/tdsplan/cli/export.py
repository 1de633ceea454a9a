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

PerLead = Annotated[
    Path | None,
    typer.Option(
        "--per-lead",
        "--par-porteur",
        metavar="DOSSIER",
        callback=paths.folder,
        readable=False,
        help="Un classeur de suivi par porteur dans ce dossier, avec un index (index.csv) ; "
        "l’envoi est inscrit au registre des envois du plan (tdsplan remind).",
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
    per_lead: PerLead = None,
) -> None:
    """Exporter le plan : JSON (arborescence complète), CSV (une ligne par action), ou
    classeur de suivi à remplir par les porteurs (xlsx).

    Le CSV est en UTF-8 avec BOM, pour que les accents s’ouvrent intacts dans un tableur.
    Le classeur xlsx se remplit puis revient par « tdsplan import ».
    Avec --per-lead DOSSIER, un classeur par porteur, à lui envoyer.
    Exemples : tdsplan export --format xlsx --lead "CLDS de Joliette" -o suivi.xlsx ·
    tdsplan export --per-lead suivi-2026-04/ ·
    tdsplan export --indicateurs --au 2022-03-31 -o indicateurs.csv
    """
    from tdsplan import export as exporting
    from tdsplan.elements import subset
    from tdsplan.followup import Selection
    from tdsplan.views import parse_filters

    fmt = _checked_format(fmt, output, per_lead, indicators, as_of)
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
    if per_lead is not None:
        paths.output(ctx, per_lead, folder=True, option="--per-lead")
        _write_lead_books(ctx, plan, per_lead, today, selection)
        return
    if fmt is Format.xlsx:
        _write_workbook(plan, output, today, selection)
        return
    if selection != Selection():
        from tdsplan.followup import selected

        kept = {line.action.id for line in selected(plan, today, selection)}
        plan = subset(plan, lambda action: action.id in kept)
    if indicators:
        data = exporting.indicators_data(plan, common.reference_date(plan, as_of, None))
        text, encoding = (
            (exporting.indicators_json(data), "utf-8")
            if fmt is Format.json
            else (exporting.indicators_csv(data, delimiter), "utf-8-sig")
        )
    elif fmt is Format.json:
        text, encoding = exporting.plan_json(plan), "utf-8"
    else:
        text, encoding = exporting.actions_csv(plan, delimiter), "utf-8-sig"
    if output is None:
        sys.stdout.write(text)
        return
    write_output(output, text.encode(encoding), chosen=True)
    _say_written(plan, output, indicators=indicators)


def _say_written(plan: Plan, output: Path, *, indicators: bool) -> None:
    """« Export écrit : FILE (N actions) », or its indicators, as the workbook says."""
    actions = [action for _o, _ob, action in plan.iter_actions()]
    if indicators:
        n = sum(len(action.indicateurs) for action in actions)
        said = ngettext(
            "Export écrit : {file} ({n} indicateur)", "Export écrit : {file} ({n} indicateurs)", n
        )
    else:
        n = len(actions)
        said = ngettext(
            "Export écrit : {file} ({n} action)", "Export écrit : {file} ({n} actions)", n
        )
    console.say(said.format(file=console.shown_path(output), n=n))


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
    console.say(
        ngettext(
            "Classeur écrit : {file} ({n} action)",
            "Classeur écrit : {file} ({n} actions)",
            len(rows),
        ).format(file=console.shown_path(output), n=len(rows))
    )


def _write_lead_books(
    ctx: typer.Context, plan: Plan, folder: Path, today: dt.date, selection: Selection
) -> None:
    """One workbook per lead in ``folder``, its index, and the sending recorded."""
    from tdsplan import sent
    from tdsplan.files import make_folder
    from tdsplan.followup import lead_books, lead_index

    books, orphans = lead_books(plan, today, selection)
    if not books:
        raise UsageError(_("aucune action sélectionnée n’a de porteur : aucun classeur à écrire"))
    with common.output_errors(chosen=True):
        make_folder(folder)
    addresses = {p.nom: p.courriel for p in plan.porteurs}
    out = console.stdout()
    for book in books:
        common.write_output(folder / book.file, book.workbook, chosen=True)
        address = addresses.get(book.lead)
        console.say(
            ngettext(
                "{file} : {lead}{address}, {n} action",
                "{file} : {lead}{address}, {n} actions",
                len(book.rows),
            ).format(
                file=console.shown_path(folder / book.file),
                lead=book.lead,
                address=f" <{address}>" if address else _(" (pas de courriel déclaré)"),
                n=len(book.rows),
            ),
            to=out,
        )
    index = folder / "index.csv"
    common.write_output(index, lead_index(plan, books).encode("utf-8-sig"), chosen=True)
    project = common.project(ctx)
    root = project.root
    sent.add(
        project.plan_dir,
        [
            sent.Sending(
                book.lead,
                today,
                "classeur",
                _relative(folder / book.file, root),
                addresses.get(book.lead, ""),
                tuple(row.id for row in book.rows),
            )
            for book in books
        ],
    )
    console.say(
        _("Index : {file} ; envoi inscrit au registre {record}.").format(
            file=console.shown_path(index),
            record=console.shown_path(sent.record_path(project.plan_dir)),
        ),
        to=out,
    )
    if orphans:
        console.print_warning(
            ngettext(
                "{n} action sans porteur, dans aucun classeur : {ids}",
                "{n} actions sans porteur, dans aucun classeur : {ids}",
                len(orphans),
            ).format(n=len(orphans), ids=", ".join(row.id for row in orphans[:10]))
        )


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def _checked_format(
    fmt: Format | None,
    output: Path | None,
    per_lead: Path | None,
    indicators: bool,
    as_of: object,
) -> Format:
    """The format asked for, once the options are known to go together."""
    if per_lead is not None and (
        output is not None or indicators or fmt not in (None, Format.xlsx)
    ):
        raise UsageError(
            _("--per-lead écrit des classeurs dans un dossier : sans --output, -f ni --indicators")
        )
    fmt = _format(fmt, output) if per_lead is None else Format.xlsx
    if as_of is not None and not indicators:
        raise UsageError(_("--as-of ne vaut que pour les indicateurs : ajoutez --indicators"))
    if indicators and fmt is Format.xlsx:
        raise UsageError(_("les indicateurs s’exportent en json ou en csv, pas en xlsx"))
    return fmt


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

"""``tdsplan diff``: what changed in the plan between two git revisions or since a date."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tdsplan.cli import common, console
from tdsplan.cli.common import Json, project
from tdsplan.i18n import _

if TYPE_CHECKING:
    from tdsplan.changes import Changes
    from tdsplan.models import EntreeJournal


def diff(
    ctx: typer.Context,
    before: Annotated[
        str | None, typer.Argument(metavar="REV1", help="Révision git de départ (défaut : HEAD).")
    ] = None,
    after: Annotated[
        str | None,
        typer.Argument(metavar="REV2", help="Révision d’arrivée (défaut : les fichiers actuels)."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            "--depuis",
            metavar="AAAA-MM-JJ",
            help="Partir du plan tel qu’il était enregistré dans git à cette date.",
        ),
    ] = None,
    as_json: Json = False,
) -> None:
    """Montrer ce qui a changé dans le plan : actions, statuts, journal.

    Exemples : tdsplan diff · tdsplan diff v1 v2 · tdsplan diff --since 2020-04-01
    """
    from tdsplan.changes import between_revisions
    from tdsplan.typed import parse_date

    common.exclusive(**{"--since": since, "REV1": before})
    if since is not None:
        parse_date(since)
    changes = between_revisions(project(ctx).plan_dir, before, after, since=since)
    if as_json:
        console.print_json(_as_data(changes))
    else:
        _print(changes)


def _print(changes: Changes) -> None:

    out = console.stdout()
    out.print(
        console.text(
            _("Plan : {before} → {after}").format(before=changes.before, after=changes.after),
            style="bold",
        )
    )
    sections = [
        (
            _("Actions ajoutées"),
            [
                console.text(f"+ {a.id} ", style="green").append(a.titre, style="")
                for a in changes.added
            ],
        ),
        (
            _("Actions retirées"),
            [
                console.text(f"- {a.id} ", style="red").append(a.titre, style="")
                for a in changes.removed
            ],
        ),
        (
            _("Actions déplacées"),
            [
                console.text(f"{m.before.id} → {m.after.id} ", style="yellow").append(
                    m.after.titre, style=""
                )
                for m in changes.moved
            ],
        ),
        (
            _("Changements de statut"),
            [
                console.status_change(c.action.id, c.action.titre, c.before, c.after, " ")
                for c in changes.status_changes
            ],
        ),
        (
            _("Nouvelles entrées de journal"),
            [_entry_line(a.id, e) for a, e in changes.entries],
        ),
        (
            _("Entrées de journal corrigées"),
            [_entry_line(a.id, after) for a, _before, after in changes.corrected],
        ),
        (
            _("Entrées de journal supprimées"),
            [_entry_line(a.id, e) for a, e in changes.dropped],
        ),
    ]
    if not any(lines for _title, lines in sections):  # progress and due dates are not shown
        out.print(_("Aucun changement du plan."), markup=False)
        return
    for title, lines in sections:
        if lines:
            out.print()
            out.print(console.text(f"{title} ({len(lines)})", style="bold"))
            for line in lines:
                out.print(console.text("  ").append_text(line))


def _entry_line(identifier: str, entry: EntreeJournal) -> console.Text:
    """« 2022-06-10 1.2.1 En cours · 50 % · Visites = 1 300 — note »: what the entry
    changed and recorded (an entry may record only an indicator value), then its note."""
    change = console.change_text(entry.statut, entry.avancement)
    records = console.entry_records(entry)
    if records:
        change.append((" · " if change.plain else "") + " · ".join(records))
    line = console.text(f"{entry.date} {identifier}")
    if change.plain:
        line.append(" ").append_text(change)
    return line.append(f" — {entry.note}" if entry.note else "")


def _as_data(changes: Changes) -> dict:
    return {
        "avant": changes.before,
        "apres": changes.after,
        "ajoutees": [{"id": a.id, "titre": a.titre} for a in changes.added],
        "retirees": [{"id": a.id, "titre": a.titre} for a in changes.removed],
        "deplacees": [
            {"avant": m.before.id, "apres": m.after.id, "titre": m.after.titre}
            for m in changes.moved
        ],
        "statuts": [
            {"id": c.action.id, "avant": c.before.value, "apres": c.after.value}
            for c in changes.status_changes
        ],
        "journal": [{"action": a.id, **e.model_dump(mode="json")} for a, e in changes.entries],
        "journal_corrige": [
            {
                "action": a.id,
                "avant": before.model_dump(mode="json"),
                "apres": after.model_dump(mode="json"),
            }
            for a, before, after in changes.corrected
        ],
        "journal_supprime": [
            {"action": a.id, **e.model_dump(mode="json")} for a, e in changes.dropped
        ],
    }

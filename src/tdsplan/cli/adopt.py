"""``tdsplan adopt``: record that a body adopted a bilan, and tag the plan's revision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

import typer

from tdsplan.cli import common, console
from tdsplan.errors import ChangeRefusedError, UsageError
from tdsplan.i18n import _

if TYPE_CHECKING:
    from pathlib import Path

    from tdsplan.adoption import Adoption
    from tdsplan.models import Plan
    from tdsplan.project import Project

Label = Annotated[
    str,
    typer.Argument(
        metavar="BILAN",
        help="Le bilan adopté : un exercice (2019-2020 ou 2019) ou toute la période.",
    ),
]
When = Annotated[
    str, typer.Option("--date", "-d", metavar="AAAA-MM-JJ", help="Jour de l’adoption.")
]
Body = Annotated[
    str | None,
    typer.Option(
        "--by",
        "--par",
        metavar="INSTANCE",
        help="Qui l’a adopté, avec l’article (« l’assemblée générale ») ; défaut : le "
        "conseil d’administration.",
    ),
]
Resolution = Annotated[
    str | None,
    typer.Option("--resolution", metavar="NUMÉRO", help="Numéro de la résolution (CA-2020-06)."),
]


Force = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Remplacer une adoption déjà inscrite (l’étiquette git est reposée), ou adopter "
        "un texte non enregistré dans git ou encore à l’état de brouillon.",
    ),
]


def adopt(
    ctx: typer.Context,
    label: Label,
    date: When,
    by: Body = None,
    resolution: Resolution = None,
    force: Force = False,
) -> None:
    """Inscrire l’adoption d’un bilan.

    L’adoption va dans bilans/adoptions.yaml, à côté du plan, et une étiquette git la
    marque ; les rapports disent ensuite « Adopté par … le … ». Une entrée du journal
    datée plus tard dans l’exercice adopté demandera --force et sera signalée dans le
    bilan suivant.
    Exemple : tdsplan adopt 2019-2020 --date 2020-06-15 --resolution CA-2020-06
    """
    from tdsplan import adoption
    from tdsplan.edit import check_texts, write_atomically
    from tdsplan.files import make_folder

    project = common.project(ctx)
    plan = project.load()
    label = adoption.label_of(plan, label)
    day = _day(plan, label, date)
    check_texts(par=by, resolution=resolution)
    earlier = next((a for a in adoption.records(project, plan) if a.label == label), None)
    if earlier is not None and not force:
        raise UsageError(
            _(
                "le bilan {label} est déjà adopté le {date}{resolution} : pour remplacer cette "
                "adoption (et reposer son étiquette git), ajoutez --force"
            ).format(
                label=label, date=console.long_date(earlier.date), resolution=_resolution(earlier)
            )
        )
    warnings = _text_warnings(project, label)
    if warnings and not force:
        raise UsageError(
            _(
                "{reasons} : l’étiquette git ne tiendrait pas le texte adopté ; pour adopter "
                "quand même, ajoutez --force"
            ).format(reasons=" ; ".join(warnings))
        )
    record = adoption.Adoption(
        label,
        day,
        by or (earlier.par if earlier else None),
        resolution or (earlier.resolution if earlier else None),
    )
    edit = adoption.recorded(project, plan, record)
    make_folder(edit.path.parent)
    write_atomically(edit)
    for warning in warnings:
        console.print_warning(warning)
    if earlier is not None:
        console.print_warning(
            _("l’adoption du {date}{resolution} est remplacée").format(
                date=console.long_date(earlier.date), resolution=_resolution(earlier)
            )
        )
    console.say(
        _("Bilan {label} adopté par {body} le {date} : inscrit dans {file}").format(
            label=label,
            body=record.body,
            date=console.long_date(day),
            file=console.shown_path(edit.path),
        )
    )
    _tag(project, record, edit.path)


def _day(plan: Plan, label: str, date: str) -> dt.date:
    """The day of the adoption, checked against today and the bilan's period."""
    from tdsplan import adoption
    from tdsplan.typed import parse_date

    day = parse_date(date)
    if day > common.today():
        raise UsageError(
            _("--date {date} : une adoption ne se date pas dans le futur").format(date=day)
        )
    end = adoption.labels(plan)[label][1]
    if day < end:
        raise UsageError(
            _(
                "--date {date} : le bilan {label} ne peut être adopté avant la fin de sa période ({end})"
            ).format(date=day, label=label, end=end)
        )
    return day


def _resolution(record: Adoption) -> str:
    if record.resolution is None:
        return ""
    return " (" + _("résolution {number}").format(number=record.resolution) + ")"


def _text_warnings(project: Project, label: str) -> list[str]:
    """Why the bilan's text may not be what the tag holds: not committed, or a draft."""
    from tdsplan import editorial, history

    file = editorial.path(project, label)
    if not file.exists():
        return []
    found = []
    shown = console.shown_path(file)
    if history.committed(file) is False:
        found.append(_("{file} n’est pas enregistré dans un commit").format(file=shown))
    missing = editorial.unfinished(editorial.load(project, label))
    if missing:
        found.append(
            _("{file} est encore un brouillon ({missing})").format(
                file=shown, missing=", ".join(missing)
            )
        )
    return found


def _tag(project: Project, record: Adoption, path: Path) -> None:
    from tdsplan import history

    said = _("Bilan {label} adopté par {body} le {date}").format(
        label=record.label, body=record.body, date=record.date.isoformat()
    ) + (f" ({record.resolution})" if record.resolution else "")
    try:
        revision = history.tag(project.plan_dir, record.tag, said)
    except UsageError as error:
        console.print_warning(_("pas d’étiquette git : {reason}").format(reason=error))
        return
    console.say(
        _(
            "Étiquette git {tag} posée sur la révision {revision} ; enregistrez {file} dans un commit."
        ).format(tag=record.tag, revision=revision, file=console.shown_path(path))
    )


def refuse_if_adopted(project: Project, plan: Plan, dates: Iterable[dt.date], force: bool) -> None:
    """Refuse journal entries dated in a bilan's period adopted by today unless ``force``
    (the first such date, in order, is named); with ``force``, warn once per bilan that
    the correction will be disclosed in the next report. The adoptions are read once."""
    from tdsplan import adoption

    records = [a for a in adoption.records(project, plan) if a.date <= common.today()]
    labels: set[str] = set()
    for date in sorted(set(dates)):
        adopted = adoption.adopted_on(records, plan, date)
        if adopted is None:
            continue
        if not force:
            raise ChangeRefusedError(
                _(
                    "{date} tombe dans le bilan {label}, adopté le {adopted} : pour le corriger "
                    "quand même, ajoutez --force (la correction sera signalée dans le bilan suivant)"
                ).format(date=date, label=adopted.label, adopted=adopted.date)
            )
        labels.add(adopted.label)
    for label in sorted(labels):
        console.print_warning(
            _(
                "correction datée dans le bilan {label}, déjà adopté : elle sera signalée dans le "
                "bilan suivant"
            ).format(label=label)
        )

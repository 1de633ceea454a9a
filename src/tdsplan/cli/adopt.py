"""``tdsplan adopt``: record that a body adopted a bilan, and tag the plan's revision."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from tdsplan.cli import common, console
from tdsplan.errors import ChangeRefusedError, UsageError
from tdsplan.i18n import _

if TYPE_CHECKING:
    from tdsplan.models import Plan
    from tdsplan.project import Project

Label = Annotated[
    str,
    typer.Argument(
        metavar="BILAN", help="Le bilan adopté : un exercice (2019-2020) ou toute la période."
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


def adopt(
    ctx: typer.Context,
    label: Label,
    date: When,
    by: Body = None,
    resolution: Resolution = None,
) -> None:
    """Inscrire l’adoption d’un bilan.

    L’adoption va dans bilans/adoptions.yaml, à côté du plan, et une étiquette git la
    marque ; les rapports disent ensuite « Adopté par … le … ». Une entrée du journal
    datée plus tard dans l’exercice adopté demandera --force et sera signalée dans le
    bilan suivant.
    Exemple : tdsplan adopt 2019-2020 --date 2020-06-15 --resolution CA-2020-06
    """
    from tdsplan import adoption, history
    from tdsplan.edit import check_texts, write_atomically
    from tdsplan.files import make_folder
    from tdsplan.typed import parse_date

    project = common.project(ctx)
    plan = project.load()
    known = adoption.labels(plan)
    if label not in known:
        raise UsageError(
            _("bilan « {label} » inconnu ; bilans du plan : {labels}").format(
                label=label, labels=", ".join(known)
            )
        )
    day = parse_date(date)
    check_texts(par=by, resolution=resolution)
    if day > common.today():
        raise UsageError(
            _("--date {date} : une adoption ne se date pas dans le futur").format(date=day)
        )
    if day < known[label][1]:
        raise UsageError(
            _(
                "--date {date} : le bilan {label} ne peut être adopté avant la fin de sa période ({end})"
            ).format(date=day, label=label, end=known[label][1])
        )
    record = adoption.Adoption(label, day, by or adoption.DEFAULT_BODY, resolution)
    edit = adoption.recorded(project, plan, record)
    make_folder(edit.path.parent)
    write_atomically(edit)
    console.stdout().print(
        _("Bilan {label} adopté par {body} le {date} : inscrit dans {file}").format(
            label=label,
            body=record.par,
            date=console.long_date(day),
            file=console.shown_path(edit.path),
        ),
        markup=False,
        soft_wrap=True,
    )
    said = _("Bilan {label} adopté par {body} le {date}").format(
        label=label, body=record.par, date=day.isoformat()
    ) + (f" ({resolution})" if resolution else "")
    try:
        revision = history.tag(project.plan_dir, record.tag, said)
    except UsageError as error:
        console.print_warning(_("pas d’étiquette git : {reason}").format(reason=error))
        return
    console.stdout().print(
        _(
            "Étiquette git {tag} posée sur la révision {revision} ; enregistrez {file} dans un commit."
        ).format(tag=record.tag, revision=revision, file=console.shown_path(edit.path)),
        markup=False,
        soft_wrap=True,
    )


def refuse_if_adopted(project: Project, plan: Plan, date: dt.date, force: bool) -> str | None:
    """Refuse a journal entry dated in a bilan's period adopted by today unless ``force``;
    with ``force``, the warning to print (the change will be disclosed in the next
    report)."""
    from tdsplan import adoption

    records = [a for a in adoption.records(project, plan) if a.date <= common.today()]
    adopted = adoption.adopted_on(records, plan, date)
    if adopted is None:
        return None
    if not force:
        raise ChangeRefusedError(
            _(
                "{date} tombe dans le bilan {label}, adopté le {adopted} : pour le corriger "
                "quand même, ajoutez --force (la correction sera signalée dans le bilan suivant)"
            ).format(date=date, label=adopted.label, adopted=adopted.date)
        )
    return _(
        "correction datée dans le bilan {label}, déjà adopté : elle sera signalée dans le bilan suivant"
    ).format(label=adopted.label)

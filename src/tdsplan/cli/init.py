"""``tdsplan init``: start a new plan, empty or carried over from the current one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from tdsplan.cli import common, console, paths
from tdsplan.errors import UsageError
from tdsplan.i18n import _, ngettext

if TYPE_CHECKING:
    from tdsplan.models import Plan
    from tdsplan.project import Project
    from tdsplan.repository import Repository
    from tdsplan.scaffold import NewPlan

Folder = Annotated[
    Path | None,
    typer.Argument(
        metavar="DOSSIER", readable=False, help="Dossier du nouveau plan (nouveau ou vide)."
    ),
]
NewRepository = Annotated[
    Path | None,
    typer.Option(
        "--repository",
        "--depot",
        metavar="DOSSIER",
        callback=paths.folder,
        readable=False,
        help="Au lieu de DOSSIER : le dépôt d’une nouvelle organisation (nouveau ou vide), "
        "avec son plan dans plan/, tdsplan.toml, pre-commit, la CI (validation, rapports, "
        "site sur GitHub Pages) et un README.",
    ),
]
Address = Annotated[
    str | None,
    typer.Option(
        "--tdsplan-address",
        "--adresse-tdsplan",
        metavar="ADRESSE",
        help="Avec --repository : l’adresse git du dépôt de tdsplan, écrite une fois dans "
        ".pre-commit-config.yaml (défaut : une ligne à remplir).",
    ),
]
Source = Annotated[
    Path | None,
    typer.Option(
        "--from",
        "--depuis",
        metavar="PLAN",
        callback=paths.folder,
        readable=False,
        help="Plan dont reprendre la mission, les mandats et les actions non terminées.",
    ),
]
Period = Annotated[
    str | None,
    typer.Option(
        "--period",
        "--periode",
        metavar="2023-2028",
        help="Années du plan (défaut : la suite du plan --from, sinon cinq ans).",
    ),
]
Title = Annotated[
    str | None,
    typer.Option(
        "--title", "--titre", metavar="TITRE", help="Titre (défaut : Plan d’action 2023-2028)."
    ),
]
Organisation = Annotated[
    str | None,
    typer.Option(
        "--organisation", metavar="NOM", help="Organisation (défaut : celle du plan --from)."
    ),
]
Territories = Annotated[
    list[str] | None,
    typer.Option(
        "--territory",
        "--territoire",
        metavar="NOM",
        help="Territoire couvert, répétable : « Les Moulins » ou « les_moulins=Les Moulins ».",
    ),
]
Mandates = Annotated[
    list[str] | None,
    typer.Option(
        "--mandate",
        "--mandat",
        metavar="TEXTE",
        help="Mandat de l’organisation, répétable, dans l’ordre de leurs numéros.",
    ),
]
RewriteTitles = Annotated[
    bool,
    typer.Option(
        "--rewrite-titles",
        "--reecrire-titres",
        help="Avec --from : remplacer l’année cible de l’ancien plan dans les titres des "
        "orientations (« En 2023, … » devient « En 2028, … »).",
    ),
]


def init(
    folder: Folder = None,
    source: Source = None,
    period: Period = None,
    title: Title = None,
    organisation: Organisation = None,
    territories: Territories = None,
    mandates: Mandates = None,
    rewrite_titles: RewriteTitles = False,
    repository_dir: NewRepository = None,
    address: Address = None,
) -> None:
    """Créer un nouveau plan, valide dès sa création.

    Sans --from, dans un terminal, tdsplan demande l’organisation, ses territoires et
    ses mandats (ou --organisation, --territory et --mandate). Avec --from, le nouveau
    plan reprend la mission, les mandats, les territoires et les actions ni réalisées ni
    abandonnées, chacune liée à son origine (reprise_de) : son état (statut, avancement,
    échéance, porteur, valeurs d’indicateurs) est celui de l’action d’origine au dernier
    jour de l’ancien plan, lu dans son journal ; l’ancien plan n’est pas modifié. Le
    nouveau plan s’ajoute à tdsplan.toml et devient le plan courant le premier jour de
    sa période. Exemples : tdsplan init plan-2023-2028 --from plan --rewrite-titles ·
    tdsplan init --repository plan-de-mon-organisation
    """
    from tdsplan.scaffold import new_plan, territory
    from tdsplan.typed import parse_period

    if repository_dir is not None and folder is None and source is None:
        _repository(repository_dir, address, period, title, organisation, territories, mandates)
        return
    if repository_dir is not None or folder is None:
        _refuse_repository(repository_dir, source)
    paths.new_plan(folder)
    today = common.today()
    from tdsplan.repository import Repository, refuse_new_plan

    origin = titles = None
    repository: Repository | None = None
    unrevised: str | None = None
    chosen = parse_period(period) if period is not None else None
    if source is not None:
        repository, origin, titles, unrevised = _source(source, folder, chosen, rewrite_titles)
    elif rewrite_titles:
        raise UsageError(
            _("--rewrite-titles va avec --from : il revoit les titres repris de l’ancien plan")
        )
    else:  # a plan of its own, in a repository of several plans or not
        from tdsplan.scaffold import first_period

        repository = Repository.around(folder.parent, today=today)
        if repository is not None:
            refuse_new_plan(repository, folder, chosen or first_period(today))
    if source is None and not (organisation or territories or mandates) and console.interactive():
        organisation, territories, mandates = _ask()
    created = new_plan(
        folder,
        today,
        period=chosen,
        source=origin,
        titre=title,
        organisation=organisation,
        territoires=[territory(t) for t in territories] if territories else None,
        mandats=mandates or None,
        titles=titles,
    )
    text = _("Plan « {title} » créé dans {folder} : {counts}.").format(
        title=created.plan.titre, folder=console.shown_path(folder), counts=_counts(created, source)
    )
    console.say(text)
    if repository is not None:
        _register(folder, source, repository, today)
    if unrevised is not None:
        console.print_warning(unrevised)
    if created.overdue:
        _say_overdue(created)


def _source(
    source: Path, folder: Path, chosen: tuple[int, int] | None, rewrite_titles: bool
) -> tuple[Repository, Project, dict[str, str] | None, str | None]:
    """The repository and project of the plan ``--from`` names, the titles the new plan
    gives its orientations and the warning about those left as they were; refused, before
    anything is written, when ``tdsplan.toml`` could not list the new plan."""
    from tdsplan.repository import Repository, refuse_new_plan
    from tdsplan.scaffold import next_period

    repository = Repository.find(source, today=common.today())  # a broken toml stops us
    ref = repository.holding(source) or Repository.single(source).current
    origin = repository.project(ref, cache_dir=common.cache_dir())
    old = origin.load()
    refuse_new_plan(repository, folder, chosen or next_period(old))
    return (repository, origin, *_titles(old, chosen, rewrite_titles))


def _say_overdue(created: NewPlan) -> None:
    """The carried actions the new plan calls late from its first day, and what to do."""
    from tdsplan.fiscal import fiscal_year

    ids = [a.id for a in created.overdue]
    plan = created.plan
    console.print_warning(
        ngettext(
            "{n} action reprise garde l’échéance passée de l’ancien plan ({ids}) : elle sera "
            "dite en retard tant qu’une entrée n’en fixe pas une autre (tdsplan --plan {period} "
            "update ID --due AAAA-MM-JJ, à partir du {first})",
            "{n} actions reprises gardent l’échéance passée de l’ancien plan ({ids}) : elles "
            "seront dites en retard tant qu’une entrée n’en fixe pas une autre (tdsplan --plan "
            "{period} update ID --due AAAA-MM-JJ, à partir du {first})",
            len(ids),
        ).format(
            n=len(ids),
            ids=", ".join(ids[:5]) + ("…" if len(ids) > 5 else ""),
            period=f"{plan.periode.debut}-{plan.periode.fin}",
            first=console.long_date(fiscal_year(plan, plan.periode.debut)[0]),
        )
    )


def _counts(created: NewPlan, source: Path | None) -> str:
    """« 2 orientations, 3 objectifs, 5 actions (reprises de plan) »."""
    plan = created.plan
    objectifs = sum(len(o.objectifs) for o in plan.orientations)
    counts = (
        ngettext("{n} orientation", "{n} orientations", len(plan.orientations)).format(
            n=len(plan.orientations)
        )
        + ", "
        + ngettext("{n} objectif", "{n} objectifs", objectifs).format(n=objectifs)
        + ", "
    )
    actions = len(created.carried)
    if source is None:
        return counts + ngettext("{n} action", "{n} actions", actions).format(n=actions)
    return counts + ngettext(
        "{n} action reprise de {source}", "{n} actions reprises de {source}", actions
    ).format(n=actions, source=console.shown_path(source))


def _refuse_repository(repository: Path | None, source: Path | None) -> NoReturn:
    """DOSSIER, or --repository without --from: one of them, not both, not neither."""
    if repository is None:
        raise UsageError(_("argument obligatoire manquant : {name}").format(name=_("DOSSIER")))
    if source is not None:
        raise UsageError(
            _("--repository crée le premier plan d’une organisation : il ne va pas avec --from")
        )
    raise UsageError(
        _("--repository met le plan dans DOSSIER/plan : indiquez l’un ou l’autre, pas les deux")
    )


def _repository(
    root: Path,
    address: str | None,
    period: str | None,
    title: str | None,
    organisation: str | None,
    territories: list[str] | None,
    mandates: list[str] | None,
) -> None:
    """Lay out a new organisation's repository in ``root`` and say what it holds."""
    from tdsplan.scaffold import territory
    from tdsplan.starter import PRE_COMMIT_FILE, new_repository
    from tdsplan.typed import parse_period

    paths.new_plan(root)
    if not (organisation or territories or mandates) and console.interactive():
        organisation, territories, mandates = _ask()
    made = new_repository(
        root,
        common.today(),
        address=address,
        period=parse_period(period) if period is not None else None,
        titre=title,
        organisation=organisation,
        territoires=[territory(t) for t in territories] if territories else None,
        mandats=mandates or None,
    )
    console.say(
        _(
            "Dépôt créé dans {folder} : le plan « {title} » dans plan/, tdsplan.toml, "
            "{pre_commit}, .github/workflows/plan.yml, .gitignore et README.md."
        ).format(
            folder=console.shown_path(root), title=made.plan.plan.titre, pre_commit=PRE_COMMIT_FILE
        )
    )
    from tdsplan.history import init_repository

    if init_repository(root):
        console.say(
            _("Dépôt git initialisé (git init) : « pre-commit install », puis un premier commit.")
        )
    else:
        console.print_warning(
            _(
                "git est introuvable : installez-le, puis lancez « git init » dans {folder} "
                "avant « pre-commit install »"
            ).format(folder=console.shown_path(root))
        )
    if address is None:
        console.print_warning(
            _(
                "l’adresse du dépôt de tdsplan reste à écrire, une fois, à la ligne repo: de "
                "{file} (ou relancez avec --tdsplan-address)"
            ).format(file=console.shown_path(root / PRE_COMMIT_FILE))
        )


def _register(folder: Path, source: Path | None, repository: Repository, today: dt.date) -> None:
    """Add the new plan to tdsplan.toml, and say which plan is current, until when."""
    from tdsplan.repository import add_plan

    file, repository = add_plan(folder, repository, today)
    old = repository.holding(source) if source is not None else None
    new = repository.holding(folder)
    current = repository.current  # the plan whose period holds today: not always ``old``
    if new is not None and current.folder != new.folder:
        text = _(
            "Plan ajouté à {file} ; le plan courant reste {old} jusqu’au {last}, "
            "{folder} le devient le {first} (d’ici là : --plan {period})."
        ).format(
            file=console.shown_path(file),
            old=current.label,
            last=current.last_day(),
            folder=console.shown_path(folder),
            first=new.first_day(),
            period=new.period,
        )
    elif source is not None:
        old_name = old.period if old is not None and old.period else str(source)
        text = _(
            "Plan courant : {folder} (inscrit dans {file}) ; l’ancien plan reste "
            "accessible avec --plan {old}."
        ).format(folder=console.shown_path(folder), file=console.shown_path(file), old=old_name)
    else:
        text = _("Plan courant : {folder} (inscrit dans {file}).").format(
            folder=console.shown_path(folder), file=console.shown_path(file)
        )
    console.say(text)


def _titles(
    old: Plan, period: tuple[int, int] | None, rewrite: bool
) -> tuple[dict[str, str] | None, str | None]:
    """The orientation titles to write in the new plan, by ID, where the old ones name
    the old plan's target year: the proposed ones (``rewrite``), or those a person
    accepts or types in a terminal; else none, and the warning that lists them."""
    from tdsplan.scaffold import dated_titles, next_period

    end = (period or next_period(old))[1]
    dated = dated_titles(old, end)
    if not dated:
        return None, None
    if rewrite:
        return {r.id: r.proposed for r in dated}, None
    if console.interactive():
        suffix = _(" : ")
        return {
            r.id: typer.prompt(
                _(
                    "Titre de l’orientation {id} (il nomme {year}, l’année cible de l’ancien plan)"
                ).format(id=r.id, year=old.periode.fin),
                default=r.proposed,
                prompt_suffix=suffix,
            ).strip()
            or r.proposed
            for r in dated
        }, None
    return None, ngettext(
        "le titre de l’orientation {ids} nomme {year}, l’année cible de l’ancien plan : "
        "revoyez-le, ou relancez avec --rewrite-titles (« {example} »)",
        "les titres des orientations {ids} nomment {year}, l’année cible de l’ancien plan : "
        "revoyez-les, ou relancez avec --rewrite-titles (« {example} »)",
        len(dated),
    ).format(
        ids=", ".join(r.id for r in dated), year=old.periode.fin, example=_short(dated[0].proposed)
    )


def _short(text: str, width: int = 40) -> str:
    """The start of ``text``, cut after a whole word."""
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _ask() -> tuple[str | None, list[str], list[str]]:
    """Ask, in a terminal, for what makes the plan the organisation's own."""
    suffix = _(" : ")  # French puts a space before the colon; typer's own is ": "
    organisation = typer.prompt(
        _("Organisation"), default="", show_default=False, prompt_suffix=suffix
    ).strip()
    names = typer.prompt(
        _("Territoires, séparés par des virgules (ex. Centre-ville, Quartier nord)"),
        default="",
        show_default=False,
        prompt_suffix=suffix,
    )
    mandates: list[str] = []
    typer.echo(_("Mandats, un par ligne (ligne vide pour terminer) :"))
    while text := typer.prompt(
        f"  {len(mandates) + 1}", default="", show_default=False, prompt_suffix=suffix
    ).strip():
        mandates.append(text)
    return organisation or None, [n.strip() for n in names.split(",") if n.strip()], mandates

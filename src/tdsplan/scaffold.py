"""Starting a new plan: an empty skeleton, or the next plan carried over from this one."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tdsplan.additions import OBJECTIF_HEADER, ORIENTATION_HEADER, slug
from tdsplan.edit import Edit, write_atomically
from tdsplan.errors import PlanInvalidError, UsageError
from tdsplan.fiscal import DEFAULT_START, fiscal_year, year_start
from tdsplan.i18n import _
from tdsplan.models import TERRITOIRE_ID, Action, Formule, Plan, Statut
from tdsplan.project import Project
from tdsplan.schema import KINDS, schema_file_name, schema_text
from tdsplan.state import state_at
from tdsplan.store import ORIENTATION_FILE, PLAN_FILE, SCHEMA_DIR, read_plan
from tdsplan.yamlwrite import format_entry, format_scalar

PLAN_HEADER = """\
# Plan d’action : le fichier principal. Il décrit le plan (titre, période, mission, mandats)
# et la formule de calcul de l’avancement. Les orientations sont les dossiers voisins
# (un dossier par orientation, un fichier par objectif). Après une modification à la main,
# vérifiez avec « tdsplan validate ».
# yaml-language-server: $schema=_schemas/plan.schema.json
"""
#: The plan folder's own .gitignore: what an edit in progress (its lock) or one that was
#: interrupted (its temporary file) leaves beside a plan file.
GITIGNORE = """\
# Laissés par une modification de tdsplan en cours ou interrompue : jamais à versionner.
.*.tmp
.*.lock
.tdsplan-batch.json
"""
TO_DEFINE = "À préciser"
DONE = (Statut.REALISEE, Statut.ABANDONNEE)


@dataclass(frozen=True)
class NewPlan:
    """A plan folder as created: its files, and what was carried over."""

    folder: Path
    files: list[Path]
    carried: list[Action]
    plan: Plan
    #: The carried actions whose due date, inherited, falls before the new period: late
    #: from its first day until an entry of the new plan sets another.
    overdue: list[Action] = field(default_factory=list)


@dataclass(frozen=True)
class Retitle:
    """An orientation title that names the old plan's target year, and the title proposed
    for the new plan (the year replaced by the new plan's)."""

    id: str
    titre: str
    proposed: str


def first_period(today: dt.date) -> tuple[int, int]:
    """An organisation's first plan: from the fiscal year under way, for five years."""
    start = year_start(DEFAULT_START, today)
    return (start, start + 5)


def next_period(old: Plan) -> tuple[int, int]:
    """The period of the plan that follows ``old``: as long, from its end."""
    length = old.periode.fin - old.periode.debut
    return old.periode.fin, old.periode.fin + length


def dated_titles(old: Plan, end: int) -> list[Retitle]:
    """The orientation titles of ``old`` that name its target year (« En 2023, … »), each
    with the one proposed for a plan ending in ``end`` (« En 2028, … »). A year inside a
    period (``2023-2028``) is no target year and stays."""
    year = re.compile(rf"(?<![\d–-]){old.periode.fin}(?![\d–-])")
    return [
        Retitle(o.id, o.titre, year.sub(str(end), o.titre))
        for o in old.orientations
        if year.search(o.titre)
    ]


def new_plan(
    folder: Path,
    today: dt.date,
    *,
    period: tuple[int, int] | None = None,
    source: Project | None = None,
    titre: str | None = None,
    organisation: str | None = None,
    territoires: list[tuple[str, str]] | None = None,
    mandats: list[str] | None = None,
    titles: Mapping[str, str] | None = None,
) -> NewPlan:
    """Create a valid plan in ``folder`` (which must be new or empty).

    With ``source``, the new plan takes that plan's organisation, mission, mandates
    and formula, and carries over every action neither done nor dropped on the source
    plan's last day (with its orientation and objective, same IDs; ``titles`` gives an
    orientation, by ID, a new title). A carried action is a link (``reprise_de``): its
    state, read from the source plan's journal at each load, is not copied, and no
    journal entry is written. The source plan is only read.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(
            _("{folder} existe déjà et n’est pas vide : choisissez un nouveau dossier").format(
                folder=folder
            )
        )
    old = source.load() if source is not None else None
    if period is None:
        period = next_period(old) if old is not None else first_period(today)
    texts: dict[Path, str] = {
        folder / PLAN_FILE: _plan_text(old, period, titre, organisation, territoires, mandats)
    }
    carried: list[Action] = []
    # Each carried action's due date on the old plan's last day.
    due: dict[str, dt.date | None] = {}
    if old is not None:
        last_day = fiscal_year(old, old.periode.fin - 1)[1]
        for orientation in old.orientations:
            objectifs = []
            for objectif in orientation.objectifs:
                states = [(a, state_at(a, last_day)) for a in objectif.actions]
                actions = [a for a, state in states if state.statut not in DONE]
                due.update((a.id, state.echeance) for a, state in states)
                if actions:
                    objectifs.append((objectif, actions))
                    carried += actions
            if not objectifs:
                continue
            sub = folder / orientation.source.file.parent.name
            titre = (titles or {}).get(orientation.id, orientation.titre)
            texts[sub / ORIENTATION_FILE] = (
                ORIENTATION_HEADER.format(id=orientation.id)
                + f"id: {orientation.id}\n"
                + format_entry("titre", titre)
                + "\n"
            )
            for objectif, actions in objectifs:
                body = "".join(_carried_action(a, old) for a in actions)
                texts[sub / objectif.source.file.name] = (
                    OBJECTIF_HEADER.format(id=objectif.id)
                    + f"id: {objectif.id}\n"
                    + format_entry("titre", objectif.titre)
                    + f"\nactions:\n{body}"
                )
    texts[folder / ".gitignore"] = GITIGNORE
    loaded = read_plan(folder, texts)
    if loaded.problems or loaded.plan is None:
        raise PlanInvalidError(loaded.problems)
    for kind in KINDS:
        texts[folder / SCHEMA_DIR / schema_file_name(kind)] = schema_text(kind, loaded.plan)
    for path, text in texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(Edit(path, "", text))
    first_day = fiscal_year(loaded.plan, loaded.plan.periode.debut)[0]
    # The actions carried whose due date on the old plan's last day precedes the new plan.
    overdue = [a for a in carried if (day := due[a.id]) is not None and day < first_day]
    return NewPlan(folder, sorted(texts), carried, loaded.plan, overdue)


def _plan_text(
    old: Plan | None,
    period: tuple[int, int],
    titre: str | None,
    organisation: str | None,
    territoires: list[tuple[str, str]] | None,
    mandats: list[str] | None,
) -> str:
    start, end = period
    lines = [
        format_entry("titre", titre or f"Plan d’action {start}-{end}"),
        format_entry("organisation", organisation or (old.organisation if old else TO_DEFINE)),
    ]
    if old is not None:
        lines.append(format_entry("description", f"Plan qui fait suite au {old.titre}."))
    lines += [
        "",
        f"periode:\n  debut: {start}\n  fin: {end}",
        f"debut_exercice: {old.debut_exercice if old else DEFAULT_START}",
        "",
        "mission:",
    ]
    if old is not None:
        lines.append(format_entry("texte", old.mission.texte, 2))
        if old.mission.adoption:
            lines.append(format_entry("adoption", old.mission.adoption, 2))
    else:
        lines.append(format_entry("texte", TO_DEFINE + " : la mission de l’organisation.", 2))
    if mandats is None and old is not None:
        mandats = [m.texte for m in old.mandats]
    if mandats:
        lines.append("")
        if old is not None and old.mandats_adoption:
            lines.append(format_entry("mandats_adoption", old.mandats_adoption))
        lines.append("mandats:")
        for number, texte in enumerate(mandats, 1):
            lines += [f"  - id: {number}", format_entry("texte", texte, 4)]
    if territoires is None and old is not None:
        territoires = [(t.id, t.nom) for t in old.territoires]
    if territoires:
        lines += [
            "",
            "# Territoires couverts ; une action les nomme par leur identifiant.",
            "territoires:",
        ]
        lines += [
            f"  - id: {identifier}\n    nom: {format_scalar(nom)}"
            for identifier, nom in territoires
        ]
    if old is not None:
        lines += _funders_and_leads(old) + _settings(old)
    formule = old.avancement if old else Formule()  # the model's defaults, written out
    lines += [
        "",
        "# Calcul de l’avancement (voir la documentation de tdsplan : « Méthode »).",
        "avancement:",
        "  par_statut:",
    ]
    lines += [
        format_entry(s.value, getattr(formule.par_statut, s.value), 4)
        for s in Statut
        if s is not Statut.ABANDONNEE
    ]
    lines.append(format_entry("avancement_explicite", formule.avancement_explicite, 2))
    return PLAN_HEADER + "\n".join(lines) + "\n"


def _funders_and_leads(old: Plan) -> list[str]:
    """The funders and the leads' addresses of the plan ``old``, carried to the next."""
    lines: list[str] = []
    if old.bailleurs:
        lines += [
            "",
            "# Bailleurs de fonds ; une action les nomme par leur identifiant.",
            "bailleurs:",
        ]
        lines += [f"  - id: {b.id}\n    nom: {format_scalar(b.nom)}" for b in old.bailleurs]
    if old.porteurs:
        lines += [
            "",
            "# Porteurs d’actions et leur courriel : tdsplan remind relance ceux qui n’ont pas "
            "répondu.",
            "porteurs:",
        ]
        lines += [
            f"  - nom: {format_scalar(p.nom)}\n    courriel: {format_scalar(p.courriel)}"
            for p in old.porteurs
        ]
    return lines


def _settings(old: Plan) -> list[str]:
    """The settings of the plan ``old`` that are not the defaults (the watch list's
    thresholds, the indicators', the public site), carried to the next, each under the
    field's own description."""
    lines: list[str] = []
    for key in ("suivi", "indicateurs", "publication"):
        values = getattr(old, key).model_dump(exclude_defaults=True)
        if values:
            lines += ["", f"# {Plan.model_fields[key].description}", f"{key}:"]
            lines += [format_entry(name, value, 2) for name, value in values.items()]
    return lines


def territory(text: str) -> tuple[str, str]:
    """A territory from what a person typed: ``les_moulins=Les Moulins`` or just its name,
    ``Les Moulins``, whose identifier is then made from it (``les_moulins``)."""
    identifier, sep, name = text.partition("=")
    if not sep:
        name, identifier = text, slug(text).replace("-", "_")
    identifier, name = identifier.strip(), name.strip()
    if not name or not re.match(TERRITOIRE_ID, identifier):
        raise UsageError(
            _(
                "territoire « {text} » invalide : écrivez son nom (Les Moulins) ou "
                "identifiant=nom (les_moulins=Les Moulins)"
            ).format(text=text)
        )
    return identifier, name


def _carried_action(action: Action, old: Plan) -> str:
    """An action of the new plan that continues ``action``: what describes it, and its
    link; what the journal dates (status, progress, due date, lead, measured values) is
    inherited through the link, never copied."""
    lines = [
        f"id: {action.id}",
        format_entry("titre", action.titre, width=91),
        f"reprise_de: {old.periode.debut}-{old.periode.fin}/{action.id}",
    ]
    if action.description:
        lines.append(format_entry("description", action.description, width=91))
    if action.poids != 1:
        lines.append(format_entry("poids", action.poids))
    if action.partenaires:
        lines += ["partenaires:", *(f"  - {format_scalar(p)}" for p in action.partenaires)]
    for key, values in (
        ("territoires", list(action.territoires)),
        ("bailleurs", list(action.bailleurs)),
        ("mandats", [str(m) for m in action.mandats]),
    ):
        if values:  # identifiers: safe in a flow list
            lines.append(f"{key}: [{', '.join(values)}]")
    if action.indicateurs:
        lines.append("indicateurs:")
        for i in action.indicateurs:
            lines.append("  - " + format_entry("nom", i.nom, width=None))
            if i.cible is not None:
                lines.append(format_entry("cible", i.cible, 4))
            if i.unite:
                lines.append(format_entry("unite", i.unite, 4, width=None))
    lines = "\n".join(lines).splitlines()  # folded texts span several lines
    return "".join(f"  {'- ' if i == 0 else '  '}{line}\n" for i, line in enumerate(lines))

"""Starting a new plan: an empty skeleton, or the next plan carried over from this one."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from tdsplan.additions import OBJECTIF_HEADER, ORIENTATION_HEADER, slug
from tdsplan.edit import Edit, write_atomically
from tdsplan.errors import PlanInvalidError, UsageError
from tdsplan.fiscal import DEFAULT_START, first_day, year_start
from tdsplan.i18n import _
from tdsplan.models import TERRITOIRE_ID, Action, Formule, Plan, Statut
from tdsplan.project import Project
from tdsplan.schema import KINDS, schema_file_name, schema_text
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


def new_plan(folder: Path, today: dt.date, *, period: tuple[int, int] | None = None,
             source: Project | None = None, titre: str | None = None,
             organisation: str | None = None,
             territoires: list[tuple[str, str]] | None = None,
             mandats: list[str] | None = None) -> NewPlan:
    """Create a valid plan in ``folder`` (which must be new or empty).

    With ``source``, the new plan takes that plan's organisation, mission, mandates
    and formula, and carries over every action not done nor dropped (with its
    orientation and objective, same IDs), each with its origin (``reprise_de``) and a
    journal entry saying where it came from. The source plan is only read.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(_("{folder} existe déjà et n’est pas vide : choisissez un nouveau "
                           "dossier").format(folder=folder))
    old = source.load() if source is not None else None
    if period is None:
        if old is not None:
            length = old.periode.fin - old.periode.debut
            period = (old.periode.fin, old.periode.fin + length)
        else:  # from the fiscal year under way, for five years
            start = year_start(DEFAULT_START, today)
            period = (start, start + 5)
    texts: dict[Path, str] = {folder / PLAN_FILE: _plan_text(
        old, period, titre, organisation, territoires, mandats)}
    carried: list[Action] = []
    if old is not None:
        start_day = first_day(old.debut_exercice, period[0])
        for orientation in old.orientations:
            objectifs = []
            for objectif in orientation.objectifs:
                actions = [a for a in objectif.actions if a.statut not in DONE]
                if actions:
                    objectifs.append((objectif, actions))
                    carried += actions
            if not objectifs:
                continue
            sub = folder / orientation.source.file.parent.name
            texts[sub / ORIENTATION_FILE] = (ORIENTATION_HEADER.format(id=orientation.id)
                                             + f"id: {orientation.id}\n"
                                             + format_entry("titre", orientation.titre) + "\n")
            for objectif, actions in objectifs:
                body = "".join(_carried_action(a, old, start_day) for a in actions)
                texts[sub / objectif.source.file.name] = (
                    OBJECTIF_HEADER.format(id=objectif.id) + f"id: {objectif.id}\n"
                    + format_entry("titre", objectif.titre) + f"\nactions:\n{body}")
    texts[folder / ".gitignore"] = GITIGNORE
    loaded = read_plan(folder, texts)
    if loaded.problems or loaded.plan is None:
        raise PlanInvalidError(loaded.problems)
    for kind in KINDS:
        texts[folder / SCHEMA_DIR / schema_file_name(kind)] = schema_text(kind, loaded.plan)
    for path, text in texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(Edit(path, "", text))
    return NewPlan(folder, sorted(texts), carried, loaded.plan)


def _plan_text(old: Plan | None, period: tuple[int, int], titre: str | None,
               organisation: str | None, territoires: list[tuple[str, str]] | None,
               mandats: list[str] | None) -> str:
    start, end = period
    lines = [
        format_entry("titre", titre or f"Plan d’action {start}-{end}"),
        format_entry("organisation", organisation or (old.organisation if old else TO_DEFINE)),
    ]
    if old is not None:
        lines.append(format_entry("description", f"Plan qui fait suite au {old.titre}."))
    lines += ["", f"periode:\n  debut: {start}\n  fin: {end}",
              f"debut_exercice: {old.debut_exercice if old else DEFAULT_START}", "", "mission:"]
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
        lines += ["", "# Territoires couverts ; une action les nomme par leur identifiant.",
                  "territoires:"]
        lines += [f"  - id: {identifier}\n    nom: {format_scalar(nom)}"
                  for identifier, nom in territoires]
    if old is not None and old.bailleurs:
        lines += ["", "# Bailleurs de fonds ; une action les nomme par leur identifiant.",
                  "bailleurs:"]
        lines += [f"  - id: {b.id}\n    nom: {format_scalar(b.nom)}" for b in old.bailleurs]
    formule = old.avancement if old else Formule()  # the model's defaults, written out
    lines += ["", "# Calcul de l’avancement (voir le README de tdsplan).", "avancement:",
              "  par_statut:"]
    lines += [format_entry(s.value, getattr(formule.par_statut, s.value), 4)
              for s in Statut if s is not Statut.ABANDONNEE]
    lines.append(format_entry("avancement_explicite", formule.avancement_explicite, 2))
    return PLAN_HEADER + "\n".join(lines) + "\n"


def territory(text: str) -> tuple[str, str]:
    """A territory from what a person typed: ``les_moulins=Les Moulins`` or just its name,
    ``Les Moulins``, whose identifier is then made from it (``les_moulins``)."""
    identifier, sep, name = text.partition("=")
    if not sep:
        name, identifier = text, slug(text).replace("-", "_")
    identifier, name = identifier.strip(), name.strip()
    if not name or not re.match(TERRITOIRE_ID, identifier):
        raise UsageError(_("territoire « {text} » invalide : écrivez son nom (Les Moulins) ou "
                           "identifiant=nom (les_moulins=Les Moulins)").format(text=text))
    return identifier, name


def _carried_action(action: Action, old: Plan, start: dt.date) -> str:
    lines = [f"id: {action.id}", format_entry("titre", action.titre, width=91),
             f"reprise_de: {old.periode.debut}-{old.periode.fin}/{action.id}"]
    if action.description:
        lines.append(format_entry("description", action.description, width=91))
    lines.append(format_entry("statut", action.statut))
    if action.avancement is not None:
        lines.append(format_entry("avancement", action.avancement))
    if action.poids != 1:
        lines.append(format_entry("poids", action.poids))
    if action.porteur:
        lines.append(format_entry("porteur", action.porteur, width=None))
    if action.partenaires:
        lines += ["partenaires:", *(f"  - {format_scalar(p)}" for p in action.partenaires)]
    for key, values in (("territoires", list(action.territoires)),
                        ("bailleurs", list(action.bailleurs)),
                        ("mandats", [str(m) for m in action.mandats])):
        if values:  # identifiers: safe in a flow list
            lines.append(f"{key}: [{', '.join(values)}]")
    if action.indicateurs:
        lines.append("indicateurs:")
        for i in action.indicateurs:
            lines.append("  - " + format_entry("nom", i.nom, width=None))
            lines += [format_entry(k, v, 4) for k, v in (("cible", i.cible), ("reel", i.reel))
                      if v is not None]
            if i.unite:
                lines.append(format_entry("unite", i.unite, 4, width=None))
    due = f", échéance prévue le {action.echeance}" if action.echeance else ""
    note = (f"Reprise du plan « {old.titre} » (action {action.id}, "
            f"{action.statut.label.lower()}{due}).")
    lines += ["journal:", "  - " + format_entry("date", start),
              format_entry("statut", action.statut, 4)]
    if action.avancement is not None:
        lines.append(format_entry("avancement", action.avancement, 4))
    lines += [format_entry("note", note, 4, width=91), "    auteur: tdsplan init"]
    lines = "\n".join(lines).splitlines()  # folded texts span several lines
    return "".join(f"  {'- ' if i == 0 else '  '}{line}\n" for i, line in enumerate(lines))

"""Adding elements to the plan: an action, an objective file, an orientation folder.

Each takes the next free ID, is written by :mod:`tdsplan.yamlwrite` and validated with
the whole plan (:mod:`tdsplan.edit`) before its file is written.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from tdsplan.edit import (
    Edit,
    branch,
    check_no_interrupted_batch,
    check_texts,
    ensure_plan_valid,
    record_written,
    validated,
    write_atomically,
)
from tdsplan.elements import find
from tdsplan.errors import ChangeRefusedError, UsageError, clip
from tdsplan.fields import ACTION_FIELDS, after_keys, field_lines, named_text, parse_fields
from tdsplan.i18n import _, _mark
from tdsplan.locks import locked as _locked
from tdsplan.models import NATURES, SENS, Action, Indicateur, Objectif, Orientation
from tdsplan.project import Project
from tdsplan.splice import Splicer, action_index
from tdsplan.store import ORIENTATION_FILE
from tdsplan.suggest import did_you_mean
from tdsplan.typed import parse_date, parse_fiscal_year, parse_number
from tdsplan.vocabulary import fold
from tdsplan.yamlio import Document, Loc, parse_document, read_source
from tdsplan.yamlwrite import format_entry, format_scalar


def slug(title: str, words: int = 5) -> str:
    """An ASCII file-name part from a title: « Refonte du site » → ``refonte-du-site``."""
    plain = unicodedata.normalize("NFKD", title.replace("’", " ").replace("'", " "))
    ascii_text = plain.encode("ascii", "ignore").decode().lower()
    parts = re.findall(r"[a-z0-9]+", ascii_text)
    return "-".join(parts[:words]) or "sans-titre"


OBJECTIF_HEADER = """\
# Objectif {id} du plan d’action, avec ses actions.
# Pour inscrire un progrès, préférez « tdsplan update {id}.1 --status en_cours --note "..." » :
# la commande ajoute une entrée datée au journal et met à jour le statut.
# Modifiable à la main : gardez les identifiants, l’indentation de deux espaces et les dates
# au format AAAA-MM-JJ, puis vérifiez avec « tdsplan validate ».
# yaml-language-server: $schema=../_schemas/objectif.schema.json
"""

ORIENTATION_HEADER = """\
# Orientation {id} du plan d’action. Ses objectifs sont les autres fichiers de ce
# dossier, un fichier par objectif (ex. {id}.1-....yaml). Vérifiez vos modifications
# avec « tdsplan validate ».
# yaml-language-server: $schema=../_schemas/orientation.schema.json
"""


class NotAParentError(UsageError):
    """``identifier`` names no element that can receive the new one: ``expected`` says
    which kind would (``objectif`` for an action, ``orientation`` for an objective)."""

    def __init__(self, identifier: str, expected: str):
        self.identifier = identifier
        self.expected = expected
        message = (
            _mark("{id} n’est pas un objectif : une action s’ajoute à un objectif, de la forme 1.2")
            if expected == "objectif"
            else _mark(
                "{id} n’est pas une orientation : un objectif s’ajoute à une "
                "orientation, par exemple 1"
            )
        )
        super().__init__(_(message).format(id=identifier))


@dataclass(frozen=True)
class Added:
    """An element added to the plan: its new ID and the file written (or to write)."""

    identifier: str
    edit: Edit


def add_action(
    project: Project,
    parent: str,
    titre: str,
    *,
    porteur: str | None = None,
    echeance: dt.date | None = None,
    fields: Mapping[str, list[str]] | None = None,
    today: dt.date | None = None,
    dry_run: bool = False,
) -> Added:
    """Add an action at the end of objective ``parent``, with the next free ID, and
    ``today`` as the day it was added (``ajoutee_le``: its silence counts from then).
    ``fields``: its other descriptive fields, as typed (key → texts, see
    :func:`tdsplan.fields.parse_field`: territories, funders and mandates declared in
    ``plan.yaml``, dates, a weight...).

    Refused (:class:`PlanInvalidError`) when any file of the plan is invalid."""
    check_texts(titre=titre, porteur=porteur)
    ids = ensure_plan_valid(project)
    plan = branch(project).load(only=parent)
    objectif = find(plan, parent)
    if not isinstance(objectif, Objectif):
        raise NotAParentError(parent, "objectif")
    given = parse_fields(plan, ACTION_FIELDS, fields or {})
    typed = {"titre": titre, "porteur": porteur, "echeance": echeance}
    values = {k: v for k, v in typed.items() if v} | given
    path = objectif.source.file
    with _locked(path):
        text, bom = read_source(path)
        document = parse_document(path, text)
        identifier = next_action_id(objectif.id, document)
        taken = ids.get(identifier)
        if taken is not None and project.plan_dir / taken != path:
            raise ChangeRefusedError(
                _("l’identifiant {id} est déjà pris dans {file} : rien n’a été écrit").format(
                    id=identifier, file=project.plan_dir / taken
                )
            )
        lines = [f"id: {identifier}"]
        for key in ACTION_FIELDS:
            if key in values:
                lines += field_lines(key, values[key])
            if key == "description":
                lines.append("statut: a_venir")
        if today:
            lines.append(format_entry("ajoutee_le", today))
        lines.append("journal: []")
        splicer = Splicer(text, document)
        splicer.append_item((), "actions", lines)
        edit = Edit(path, text, splicer.result(), bom)
        validated(project, edit, only=identifier)
        if not dry_run:
            write_atomically(edit)
            record_written(project, edit, (identifier,))
    return Added(identifier, edit)


def next_action_id(objectif: str, document: Document) -> str:
    """The next free action ID of objective ``objectif``, whose file ``document`` is: one
    past the highest number written there."""
    numbers = [
        int(str(a.get("id", "")).rsplit(".", 1)[-1])
        for a in document.data.get("actions") or []
        if isinstance(a, dict) and str(a.get("id", "")).count(".") == 2
    ]
    return f"{objectif}.{max(numbers, default=0) + 1}"


def add_objective(
    project: Project,
    parent: str,
    titre: str,
    *,
    description: str | None = None,
    dry_run: bool = False,
) -> Added:
    """Add an objective file to orientation ``parent``, with the next free ID."""
    ensure_plan_valid(project)
    with _locked(project.plan_dir):
        orientation = find(branch(project).load(only=parent), parent)
        if not isinstance(orientation, Orientation):
            raise NotAParentError(parent, "orientation")
        numbers = [int(o.id.rsplit(".", 1)[1]) for o in orientation.objectifs]
        identifier = f"{orientation.id}.{max(numbers, default=0) + 1}"
        path = orientation.source.file.parent / f"{identifier}-{slug(titre)}.yaml"
        text = (
            OBJECTIF_HEADER.format(id=identifier)
            + _heading(identifier, titre, description)
            + "actions: []\n"
        )
        return _create(project, Edit(path, "", text), identifier, dry_run, only=orientation.id)


def add_orientation(
    project: Project, titre: str, *, description: str | None = None, dry_run: bool = False
) -> Added:
    """Add an orientation folder with its ``orientation.yaml``, with the next free number."""
    check_no_interrupted_batch(project)
    with _locked(project.plan_dir):
        numbers = [int(o.id) for o in project.load().orientations]  # validates the whole plan
        identifier = str(max(numbers, default=0) + 1)
        path = project.plan_dir / f"{identifier}-{slug(titre)}" / ORIENTATION_FILE
        text = ORIENTATION_HEADER.format(id=identifier) + _heading(identifier, titre, description)
        return _create(project, Edit(path, "", text), identifier, dry_run)


def _heading(identifier: str, titre: str, description: str | None) -> str:
    """An objective's or an orientation's first lines: its ID, title and description."""
    check_texts(titre=titre)
    lines = [f"id: {identifier}", format_entry("titre", titre, width=None)]
    if description is not None:
        lines.append(
            format_entry("description", named_text("description", description), width=None)
        )
    return "".join(line + "\n" for line in lines)


def add_indicator(
    project: Project, identifier: str, indicator: Mapping[str, object], *, dry_run: bool = False
) -> Added:
    """Add an indicator (its fields, as :func:`indicator_fields` makes them) to action
    ``identifier``, after its others; its measurements go to the journal."""
    ensure_plan_valid(project)
    action = find(branch(project).load(only=identifier), identifier)
    if not isinstance(action, Action):
        raise UsageError(
            _(
                "{id} n’est pas une action : un indicateur s’ajoute à une action, de la forme 1.2.3"
            ).format(id=identifier)
        )
    if any(fold(i.nom) == fold(str(indicator["nom"])) for i in action.indicateurs):
        raise UsageError(
            _("{id} a déjà un indicateur « {name} »").format(id=action.id, name=indicator["nom"])
        )
    path = action.source.file
    with _locked(path):
        text, bom = read_source(path)
        document = parse_document(path, text)
        base: Loc = ("actions", action_index(document, action.id))
        splicer = Splicer(text, document)
        lines = indicator_lines(indicator)
        if (*base, "indicateurs") in document.spans:
            splicer.append_item(base, "indicateurs", lines)
        else:
            dash = ["  - " + lines[0], *("    " + line for line in lines[1:])]
            splicer.set_lines(
                (*base, "indicateurs"), ["indicateurs:", *dash], after_keys(Action, "indicateurs")
            )
        edit = Edit(path, text, splicer.result(), bom)
        validated(project, edit, only=action.id)
        if not dry_run:
            write_atomically(edit)
            record_written(project, edit)
    return Added(action.id, edit)


def indicator_lines(indicator: Mapping[str, object]) -> list[str]:
    """An indicator's fields as the lines of a block mapping."""
    lines: list[str] = []
    for key, value in indicator.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [
                format_entry(format_scalar(str(k)), v, 2, width=None) for k, v in value.items()
            ]
        else:
            lines.append(format_entry(key, value, width=None))
    return lines


def indicator_fields(
    nom: str,
    *,
    nature: str | None = None,
    sens: str | None = None,
    unite: str | None = None,
    depart: str | None = None,
    depart_date: str | None = None,
    cible: str | None = None,
    cibles: list[str] | None = None,
) -> dict[str, object]:
    """An indicator's fields from what a person typed: numbers and dates through
    :mod:`tdsplan.typed`, yearly targets as ``2019-2020=300``."""
    fields: dict[str, object] = {"nom": named_text("nom", nom)}
    for key, value, choices in (("nature", nature, NATURES), ("sens", sens, SENS)):
        if value is not None:
            if fold(value) not in choices:
                raise UsageError(
                    _("{key} « {value} » inconnue").format(key=key, value=clip(value))
                    + did_you_mean(fold(value), choices)
                    + _(" ; valeurs permises : {values}").format(values=", ".join(choices))
                )
            fields[key] = fold(value)
    if unite is not None:
        fields["unite"] = named_text("unite", unite)
    if depart is not None:
        fields["depart"] = {"valeur": parse_number(depart)} | (
            {"date": parse_date(depart_date)} if depart_date is not None else {}
        )
    elif depart_date is not None:
        raise UsageError(_("une date de départ sans valeur de départ : donnez les deux"))
    if cible is not None:
        fields["cible"] = parse_number(cible)
    yearly: dict[str, float] = {}
    for text in cibles or []:
        year, equals, value = text.partition("=")
        if not equals:
            raise UsageError(
                _(
                    "cible « {text} » illisible : écrivez l’exercice et la valeur, par exemple 2019-2020=300"
                ).format(text=clip(text))
            )
        start = parse_fiscal_year(year)
        yearly[f"{start}-{start + 1}"] = parse_number(value)
    if yearly:
        fields["cibles"] = dict(sorted(yearly.items()))
    Indicateur.model_validate(fields)  # what the file will hold
    return fields


def _create(
    project: Project, edit: Edit, identifier: str, dry_run: bool, only: str | None = None
) -> Added:
    if edit.path.exists() or (edit.path.name == ORIENTATION_FILE and edit.path.parent.exists()):
        raise ChangeRefusedError(
            _("{path} existe déjà : rien n’a été écrit").format(path=edit.path)
        )
    validated(project, edit, only=only)
    if not dry_run:
        edit.path.parent.mkdir(exist_ok=True)
        write_atomically(edit)
    return Added(identifier, edit)

"""Adding elements to the plan: an action, an objective file, an orientation folder.

Each takes the next free ID, is written by :mod:`tdsplan.yamlwrite` and validated with
the whole plan (:mod:`tdsplan.edit`) before its file is written.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
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
from tdsplan.errors import ChangeRefusedError, UsageError
from tdsplan.i18n import _, _mark
from tdsplan.locks import locked as _locked
from tdsplan.models import Objectif, Orientation
from tdsplan.project import Project
from tdsplan.splice import Splicer
from tdsplan.store import ORIENTATION_FILE
from tdsplan.yamlio import parse_document, read_source
from tdsplan.yamlwrite import format_entry


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
    today: dt.date | None = None,
    dry_run: bool = False,
) -> Added:
    """Add an action at the end of objective ``parent``, with the next free ID, and
    ``today`` as the day it was added (``ajoutee_le``: its silence counts from then).

    Refused (:class:`PlanInvalidError`) when any file of the plan is invalid."""
    check_texts(titre=titre, porteur=porteur)
    ids = ensure_plan_valid(project)
    objectif = find(branch(project).load(only=parent), parent)
    if not isinstance(objectif, Objectif):
        raise NotAParentError(parent, "objectif")
    path = objectif.source.file
    with _locked(path):
        text, bom = read_source(path)
        document = parse_document(path, text)
        numbers = [
            int(str(a.get("id", "")).rsplit(".", 1)[-1])
            for a in document.data.get("actions") or []
            if isinstance(a, dict) and str(a.get("id", "")).count(".") == 2
        ]
        identifier = f"{objectif.id}.{max(numbers, default=0) + 1}"
        taken = ids.get(identifier)
        if taken is not None and project.plan_dir / taken != path:
            raise ChangeRefusedError(
                _("l’identifiant {id} est déjà pris dans {file} : rien n’a été écrit").format(
                    id=identifier, file=project.plan_dir / taken
                )
            )
        lines = [f"id: {identifier}", format_entry("titre", titre, width=None), "statut: a_venir"]
        if porteur:
            lines.append(format_entry("porteur", porteur, width=None))
        if echeance:
            lines.append(format_entry("echeance", echeance))
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


def add_objective(project: Project, parent: str, titre: str, *, dry_run: bool = False) -> Added:
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
            + f"id: {identifier}\n{format_entry('titre', titre, width=None)}\nactions: []\n"
        )
        return _create(project, Edit(path, "", text), identifier, dry_run, only=orientation.id)


def add_orientation(project: Project, titre: str, *, dry_run: bool = False) -> Added:
    """Add an orientation folder with its ``orientation.yaml``, with the next free number."""
    check_no_interrupted_batch(project)
    with _locked(project.plan_dir):
        numbers = [int(o.id) for o in project.load().orientations]  # validates the whole plan
        identifier = str(max(numbers, default=0) + 1)
        path = project.plan_dir / f"{identifier}-{slug(titre)}" / ORIENTATION_FILE
        text = (
            ORIENTATION_HEADER.format(id=identifier)
            + f"id: {identifier}\n{format_entry('titre', titre, width=None)}\n"
        )
        return _create(project, Edit(path, "", text), identifier, dry_run)


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

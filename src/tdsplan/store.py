"""Finding a plan folder and loading it into a validated :class:`~tdsplan.models.Plan`.

Layout of a plan folder::

    plan/
      plan.yaml                          the plan itself (PlanInfo)
      1-comprehension-commune/           one folder per orientation
        orientation.yaml                 the orientation (OrientationInfo)
        1.1-definition-commune.yaml      one file per objective, with its actions
      _schemas/                          folders starting with _ or . are not read
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from tdsplan import checks
from tdsplan.errors import PlanInvalidError, PlanNotFoundError, Problem
from tdsplan.messages import validation_problems
from tdsplan.models import Objectif, Orientation, OrientationInfo, Plan, PlanInfo
from tdsplan.yamlio import Document, FileProblems, parse_document, read_document

PLAN_FILE = "plan.yaml"
ORIENTATION_FILE = "orientation.yaml"
SCHEMA_DIR = "_schemas"
YAML_SUFFIXES = (".yaml", ".yml")

M = TypeVar("M", bound=BaseModel)


def find_plan_dir(start: Path) -> Path:
    """The plan folder holding ``start``, or the ``plan/`` folder beside it or above it."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / PLAN_FILE).is_file():
            return folder
        if (folder / "plan" / PLAN_FILE).is_file():
            return folder / "plan"
    raise PlanNotFoundError(
        f"aucun plan trouvé (ni {PLAN_FILE}, ni plan/{PLAN_FILE}) dans {start} ou au-dessus : "
        "placez-vous dans le dépôt du plan ou indiquez --plan DOSSIER")


def check_plan_dir(folder: Path) -> Path:
    """``folder`` itself if it holds a plan, else a usage error saying what is missing."""
    if not (folder / PLAN_FILE).is_file():
        raise PlanNotFoundError(f"{folder} ne contient pas de {PLAN_FILE} : ce n’est pas un "
                                "dossier de plan")
    return folder


@dataclass
class Loaded:
    """A plan folder as read: the plan (when valid), its documents, and every problem."""

    plan: Plan | None
    documents: dict[Path, Document] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def load_plan(folder: Path) -> Plan:
    """Load and validate the plan in ``folder``; raise :class:`PlanInvalidError` listing
    every problem of every file if it is not valid."""
    loaded = read_plan(folder)
    if loaded.problems:
        raise PlanInvalidError(loaded.problems)
    assert loaded.plan is not None
    return loaded.plan


def read_plan(folder: Path, overrides: dict[Path, str] | None = None) -> Loaded:
    """Read every file of the plan in ``folder``, collecting problems instead of raising.

    ``overrides`` gives the text of some files as an edit would leave them, so that
    the edited plan is validated before anything is written.
    """
    reader = _Reader(folder, overrides or {})
    info = reader.model(folder / PLAN_FILE, PlanInfo)
    orientations = []
    for sub in reader.entries(folder):
        if sub.name.startswith((".", "_")):
            continue
        if reader.is_dir(sub):
            orientation = reader.orientation(sub)
            if orientation is not None:
                orientations.append(orientation)
        elif sub.suffix in YAML_SUFFIXES and sub.name != PLAN_FILE:
            reader.problems.append(Problem(sub, 0, 0, "fichier inattendu à la racine du plan : "
                                           "un objectif va dans le dossier de son orientation"))
    orientations.sort(key=lambda o: id_key(o.id))
    problems = reader.problems + checks.check_plan(info, orientations, reader.documents)
    plan = None
    if not problems and info is not None:
        plan = Plan(**dict(info), orientations=orientations)
        plan._dossier = folder
    return Loaded(plan, reader.documents, problems)


def id_key(identifier: str) -> tuple[int, ...]:
    """Sort key of an ID: ``1.10`` comes after ``1.9``."""
    try:
        return tuple(int(part) for part in identifier.split("."))
    except ValueError:
        return (1 << 30,)


class _Reader:
    def __init__(self, folder: Path, overrides: dict[Path, str]):
        self.folder = folder
        self.overrides = overrides
        self.documents: dict[Path, Document] = {}
        self.problems: list[Problem] = []

    def model(self, path: Path, model: type[M]) -> M | None:
        try:
            document = (parse_document(path, self.overrides[path]) if path in self.overrides
                        else read_document(path))
        except FileProblems as error:
            self.problems.extend(error.problems)
            return None
        self.documents[path] = document
        if not isinstance(document.data, dict):
            self.problems.append(Problem(path, 1, 1, "le fichier doit contenir des paires "
                                         "« clé: valeur », pas une liste ni une valeur seule"))
            return None
        try:
            value = model.model_validate(document.data)
        except ValidationError as error:
            self.problems.extend(validation_problems(error, document, model))
            return None
        if hasattr(value, "_fichier"):
            value._fichier = path
        return value

    def entries(self, folder: Path) -> list[Path]:
        """What ``folder`` holds, with the files and folders an edit is about to create."""
        found = set(folder.iterdir()) if folder.is_dir() else set()
        for path in self.overrides:
            found.update(p for p in (path, path.parent) if p.parent == folder)
        return sorted(found)

    def is_dir(self, path: Path) -> bool:
        return path.is_dir() or any(p.parent == path for p in self.overrides)

    def orientation(self, folder: Path) -> Orientation | None:
        info_path = folder / ORIENTATION_FILE
        if not (info_path.is_file() or info_path in self.overrides):
            self.problems.append(Problem(folder, 0, 0, f"dossier sans {ORIENTATION_FILE} : "
                                         "chaque dossier du plan décrit une orientation"))
            return None
        info = self.model(info_path, OrientationInfo)
        objectifs = []
        for path in self.entries(folder):
            if path.name == ORIENTATION_FILE or path.suffix not in YAML_SUFFIXES:
                continue
            objectif = self.model(path, Objectif)
            if objectif is not None:
                for index, action in enumerate(objectif.actions):
                    action._fichier, action._index = path, index
                objectifs.append(objectif)
        if info is None:
            return None
        objectifs.sort(key=lambda o: id_key(o.id))
        orientation = Orientation(**dict(info), objectifs=objectifs)
        orientation._fichier = info_path
        return orientation

"""Rules that span several fields or files, checked once every file has been validated."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from tdsplan.errors import Problem
from tdsplan.models import Action, Orientation, PlanInfo, Statut
from tdsplan.yamlio import Document, Loc


def check_plan(
    info: PlanInfo | None, orientations: list[Orientation],
    positioned: Callable[[Path], Document],
) -> list[Problem]:
    """Every cross-field and cross-file problem of a plan whose files each validated.

    ``positioned`` gives a file's document with node positions; it is called only
    to place a problem (or to point at an earlier duplicate).
    """
    at = _Locator(positioned)
    problems: list[Problem] = []
    if info is not None:
        problems += _check_info(info, at)
    problems += _check_ids(orientations, at)
    known_mandates = {m.id for m in info.mandats} if info is not None else None
    for orientation in orientations:
        for objectif in orientation.objectifs:
            for action in objectif.actions:
                problems += _check_action(action, known_mandates, at)
    return problems


class _Locator:
    """Makes a :class:`Problem` at a node of a file, given its YAML loc."""

    def __init__(self, positioned: Callable[[Path], Document]):
        self.positioned = positioned

    def __call__(self, path: Path, loc: Loc, message: str, *, key: bool = False) -> Problem:
        line, column = self.positioned(path).locate(loc, key=key)
        return Problem(path, line, column, message)

    def text(self, path: Path, loc: Loc) -> str:
        """``path:line`` of a node, to point at a first occurrence."""
        return f"{path.name}:{self.positioned(path).locate(loc)[0]}"


def _check_info(info: PlanInfo, at: _Locator) -> Iterator[Problem]:
    path = info._fichier
    if info.periode.fin < info.periode.debut:
        yield at(path, ("periode", "fin"), f"période inversée : fin {info.periode.fin} avant "
                 f"début {info.periode.debut}")
    seen: set[int] = set()
    for index, mandat in enumerate(info.mandats):
        if mandat.id in seen:
            yield at(path, ("mandats", index, "id"), f"mandat {mandat.id} en double")
        seen.add(mandat.id)


def _check_ids(orientations: list[Orientation], at: _Locator) -> Iterator[Problem]:
    first: dict[str, tuple[Path, Loc]] = {}

    def unique(kind: str, identifier: str, path: Path, loc: Loc) -> Iterator[Problem]:
        if identifier in first:
            yield at(path, loc, f"identifiant {kind} {identifier} en double "
                     f"(déjà utilisé dans {at.text(*first[identifier])})")
        else:
            first[identifier] = (path, loc)

    for orientation in orientations:
        path = orientation._fichier
        yield from unique("d’orientation", orientation.id, path, ("id",))
        yield from _name_matches(path.parent.name, orientation.id, "dossier", "l’orientation",
                                 path, at)
        for objectif in orientation.objectifs:
            path = objectif._fichier
            yield from unique("d’objectif", objectif.id, path, ("id",))
            yield from _name_matches(path.name, objectif.id, "fichier", "l’objectif", path, at)
            if _parent(objectif.id) != orientation.id:
                yield at(path, ("id",), f"l’objectif {objectif.id} est dans le dossier de "
                         f"l’orientation {orientation.id} : son identifiant doit commencer "
                         f"par « {orientation.id}. »")
            for action in objectif.actions:
                loc = ("actions", action._index, "id")
                yield from unique("d’action", action.id, path, loc)
                if _parent(action.id) != objectif.id:
                    yield at(path, loc, f"l’action {action.id} est dans l’objectif {objectif.id} : "
                             f"son identifiant doit commencer par « {objectif.id}. »")


def _name_matches(name: str, identifier: str, what: str, element: str, path: Path,
                  at: _Locator) -> Iterator[Problem]:
    prefix = name.split("-", 1)[0].removesuffix(".yaml").removesuffix(".yml")
    if prefix != identifier:
        yield at(path, ("id",), f"le nom du {what} « {name} » annonce {element} {prefix}, mais "
                 f"l’identifiant inscrit est {identifier} : faites-les concorder")


def _parent(identifier: str) -> str:
    return identifier.rsplit(".", 1)[0] if "." in identifier else ""


def _check_action(action: Action, known_mandates: set[int] | None,
                  at: _Locator) -> Iterator[Problem]:
    path, base = action._fichier, ("actions", action._index)
    if known_mandates is not None:
        for index, number in enumerate(action.mandats):
            if number not in known_mandates:
                listed = ", ".join(str(n) for n in sorted(known_mandates)) or "aucun"
                yield at(path, (*base, "mandats", index), f"mandat {number} inconnu "
                         f"(mandats définis dans plan.yaml : {listed})")
    if action.debut and action.echeance and action.echeance < action.debut:
        yield at(path, (*base, "echeance"), f"échéance {action.echeance} avant le début "
                 f"{action.debut}")
    if action.statut is Statut.REALISEE and action.avancement is not None \
            and action.avancement < 100:
        yield at(path, (*base, "avancement"), _done_below_100(action.avancement))
    previous = None
    last_status = last_progress = None
    for index, entry in enumerate(action.journal):
        loc = (*base, "journal", index)
        if previous is not None and entry.date < previous:
            yield at(path, (*loc, "date"), f"entrée du {entry.date} placée après celle du "
                     f"{previous} : le journal va du plus ancien au plus récent")
        previous = max(previous or entry.date, entry.date)
        if entry.statut is Statut.REALISEE and entry.avancement is not None \
                and entry.avancement < 100:
            yield at(path, (*loc, "avancement"), _done_below_100(entry.avancement))
        if entry.statut is not None:
            last_status = entry
        if entry.avancement is not None:
            last_progress = entry
    if last_status is not None and last_status.statut is not action.statut:
        yield at(path, (*base, "statut"), f"statut « {action.statut.value} » différent du dernier "
                 f"statut inscrit au journal (« {last_status.statut.value} » le "
                 f"{last_status.date}) : ajoutez une entrée au journal (tdsplan update)")
    if last_progress is not None and last_progress.avancement != action.avancement:
        yield at(path, (*base, "avancement"), f"avancement {action.avancement} différent du "
                 f"dernier avancement inscrit au journal ({last_progress.avancement} le "
                 f"{last_progress.date}) : ajoutez une entrée au journal (tdsplan update)")


def _done_below_100(progress: int) -> str:
    return (f"avancement de {progress} % pour une action réalisée : une action réalisée est "
            "à 100 % (ou n’indique pas d’avancement)")

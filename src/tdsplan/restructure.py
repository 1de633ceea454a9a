"""Moving an action (a new ID, in its objective or another) and removing one.

The carry-over links of the later plans are kept true: every file changed is validated,
then written as one batch (:func:`tdsplan.edit.write_batch`), byte for byte elsewhere."""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from tdsplan.additions import next_action_id
from tdsplan.carryover import link
from tdsplan.edit import Edit, branch, ensure_plan_valid, write_atomically, write_batch
from tdsplan.elements import Element, find
from tdsplan.errors import ChangeRefusedError, PlanInvalidError, UsageError, clip
from tdsplan.figures import count
from tdsplan.i18n import _, ngettext
from tdsplan.locks import locked as _locked
from tdsplan.models import ACTION_ID, OBJECTIF_ID, Action, Objectif, Orientation, Plan
from tdsplan.project import Project
from tdsplan.sent import moved_record, record_path
from tdsplan.splice import Splicer, action_index
from tdsplan.yamlio import Document, parse_document, read_source
from tdsplan.yamlwrite import format_scalar


@dataclass(frozen=True)
class Link:
    """A carry-over link naming the action: the later plan's action, and where its
    ``reprise_de`` is written."""

    file: Path
    line: int
    column: int
    action: str
    #: The later action as a link names it: ``2023-2028/1.2.3``.
    label: str


@dataclass(frozen=True)
class Moved:
    """An action moved (or, in a dry run, as it would be): its old and new IDs, the
    edit of each file changed, and the links of the later plans rewritten."""

    old: str
    new: str
    file: Path
    edits: tuple[Edit, ...]
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Removed:
    """An action removed (or, in a dry run, as it would be)."""

    identifier: str
    edit: Edit
    entries: int


class NotAnActionError(UsageError):
    """Only an action moves or is removed: ``element`` is an objective or an orientation."""

    def __init__(self, element: Element):
        self.identifier = element.id
        kind = _("une orientation") if isinstance(element, Orientation) else _("un objectif")
        super().__init__(
            _(
                "{id} est {kind} : seule une action se déplace ou se retire, de la forme 1.2.3"
            ).format(id=element.id, kind=kind)
        )


class HasJournalError(ChangeRefusedError):
    """The action has journal entries: its history would go with it."""

    def __init__(self, identifier: str, entries: int):
        self.identifier = identifier
        self.entries = entries
        super().__init__(
            ngettext(
                "{id} a {n} entrée au journal : la retirer effacerait son histoire des "
                "rapports ; une action arrêtée s’inscrit plutôt « abandonnée »",
                "{id} a {n} entrées au journal : la retirer effacerait son histoire des "
                "rapports ; une action arrêtée s’inscrit plutôt « abandonnée »",
                entries,
            ).format(id=identifier, n=count(entries))
        )


class InheritsHistoryError(HasJournalError):
    """The action continues an earlier plan's action (``origin``, its link): it has no
    entry of its own, but the history it inherits, which that plan's reports tell."""

    def __init__(self, identifier: str, origin: str):
        self.identifier = identifier
        self.entries = 0
        self.origin = origin
        ChangeRefusedError.__init__(
            self,
            _(
                "{id} reprend l’histoire de {origin} : la retirer effacerait cette suite des "
                "rapports, ceux du plan {period} compris ; une action arrêtée s’inscrit "
                "plutôt « abandonnée »"
            ).format(
                id=identifier,
                origin=origin.replace("/", " / "),
                period=origin.partition("/")[0],
            ),
        )


class CarriedOverError(ChangeRefusedError):
    """A later plan's action continues this one (its ``reprise_de`` names it)."""

    def __init__(self, identifier: str, links: Sequence[Link]):
        self.identifier = identifier
        self.links = tuple(links)
        super().__init__(carried_over(identifier, [(str(lk.file), lk) for lk in links]))


def carried_over(identifier: str, links: Sequence[tuple[str, Link]]) -> str:
    """Why ``identifier`` cannot be removed: each link (as its file is shown) naming it."""
    where = ", ".join(f"{file}:{lk.line}:{lk.column} ({lk.label})" for file, lk in links)
    return _(
        "{id} est reprise dans un plan suivant ({where}) : la retirer casserait ce lien ; "
        "rien n’a été écrit"
    ).format(id=identifier, where=where)


def move_action(
    project: Project,
    identifier: str,
    target: str,
    *,
    later: Sequence[Project] = (),
    dry_run: bool = False,
) -> Moved:
    """Give action ``identifier`` the ID ``target`` (``1.3.1``), or the next free ID of
    objective ``target`` (``1.3``), moving its lines — journal, comments and all — to
    that objective's file; the ``reprise_de`` links of the ``later`` plans that name it
    follow, and so does the record of the workbooks sent (:mod:`tdsplan.sent`). The plan
    and the later plans are validated with every new file before the batch is written; a
    refusal writes nothing."""
    ids = ensure_plan_valid(project)
    plan = branch(project).load(only=identifier)
    action = _action(plan, identifier)
    parent, wanted = _target(target)
    if wanted is None and parent == action.id.rsplit(".", 1)[0]:
        raise UsageError(
            _("{id} est déjà dans l’objectif {objective} : rien à déplacer").format(
                id=action.id, objective=parent
            )
        )
    objectif = find(branch(project).load(only=parent), parent)
    if not isinstance(objectif, Objectif):
        raise UsageError(
            _(
                "{id} n’est pas un objectif : une action se déplace vers un objectif (1.2) ou "
                "vers un identifiant d’action (1.2.3)"
            ).format(id=parent)
        )
    source, destination = action.source.file, objectif.source.file
    with ExitStack() as locks:
        locks.enter_context(_locked(project.plan_dir))
        for path in sorted({source, destination}):
            locks.enter_context(_locked(path))
        files = _Files()
        new = wanted or next_action_id(objectif.id, files.document(destination))
        if new == action.id:
            raise UsageError(_("{id} est déjà à cette place : rien à déplacer").format(id=new))
        taken = ids.get(new)
        if taken is not None:
            raise ChangeRefusedError(
                _("l’identifiant {id} est déjà pris dans {file} : rien n’a été écrit").format(
                    id=new, file=project.plan_dir / taken
                )
            )
        _splice_move(files, action.id, new, source, destination)
        links = _links(later, plan, action.id)
        for found in links:
            locks.enter_context(_locked(found.file))
            _relink(files, found, link(plan, new))
        # The file the action leaves is renamed last: a crash between the renames leaves
        # the action in both files, never in none.
        edits = sorted(files.edits(), key=lambda edit: edit.path == source)
        data = {edit.path: edit.data for edit in edits}
        moved = _read_back(project, later, data, new, action.id)
        if moved.model_dump(exclude={"id"}) != action.model_dump(exclude={"id"}):
            raise ChangeRefusedError(
                _(
                    "la modification de {id} ne se relit pas à l’identique : rien n’a été écrit"
                ).format(id=action.id)
            )
        followed = moved_record(project.plan_dir, action.id, new)
        if followed is not None:  # the workbooks sent name the action by its new ID
            record = Edit(record_path(project.plan_dir), *followed)
            edits.insert(0, record)  # before the file the action leaves (see above)
            data[record.path] = record.data
        if not dry_run:
            write_batch(project, edits, data)
    return Moved(action.id, new, destination, tuple(edits), tuple(links))


def remove_action(
    project: Project,
    identifier: str,
    *,
    later: Sequence[Project] = (),
    force: bool = False,
    dry_run: bool = False,
) -> Removed:
    """Remove action ``identifier`` from its objective's file. Refused when a ``later``
    plan carries it over (:class:`CarriedOverError`), and, unless ``force``, when its
    journal has entries (:class:`HasJournalError`: an action stopped is abandoned, its
    history kept) or it inherits an earlier plan's history (:class:`InheritsHistoryError`)."""
    ensure_plan_valid(project)
    plan = branch(project).load(only=identifier)
    action = _action(plan, identifier)
    links = _links(later, plan, action.id)
    if links:
        raise CarriedOverError(action.id, links)
    if action.journal and not force:
        raise HasJournalError(action.id, len(action.journal))
    if action.heritage is not None and not force:
        raise InheritsHistoryError(action.id, action.heritage.origin)
    path = action.source.file
    with _locked(path):
        files = _Files()
        document = files.document(path)
        splicer = files.splicer(path)
        actions = document.data.get("actions") or []
        if len(actions) == 1:
            splicer.empty_list(("actions",))
        else:
            splicer.remove_block(("actions", action_index(document, action.id)))
        (edit,) = files.edits()
        loaded = branch(project).read({path: edit.data}, only=action.id.rsplit(".", 1)[0])
        if loaded.problems:
            raise PlanInvalidError(loaded.problems)
        if not dry_run:
            write_atomically(edit)
    return Removed(action.id, edit, len(action.journal))


def _action(plan: Plan, identifier: str) -> Action:
    element = find(plan, identifier)
    if not isinstance(element, Action):
        raise NotAnActionError(element)
    return element


def _target(target: str) -> tuple[str, str | None]:
    """The objective an action moves to, and its new ID when ``target`` gives it."""
    target = target.strip()
    if re.fullmatch(ACTION_ID, target):
        return target.rsplit(".", 1)[0], target
    if re.fullmatch(OBJECTIF_ID, target):
        return target, None
    raise UsageError(
        _("« {target} » n’est ni un objectif (1.2) ni un identifiant d’action (1.2.3)").format(
            target=clip(target)
        )
    )


class _Files:
    """The files of a batch being made: each read and parsed once, spliced once."""

    def __init__(self) -> None:
        self.texts: dict[Path, tuple[str, bool, Document]] = {}
        self.splicers: dict[Path, Splicer] = {}

    def document(self, path: Path) -> Document:
        if path not in self.texts:
            text, bom = read_source(path)
            self.texts[path] = (text, bom, parse_document(path, text))
        return self.texts[path][2]

    def splicer(self, path: Path) -> Splicer:
        if path not in self.splicers:
            document = self.document(path)
            self.splicers[path] = Splicer(self.texts[path][0], document)
        return self.splicers[path]

    def edits(self) -> list[Edit]:
        return [
            Edit(path, self.texts[path][0], splicer.result(), self.texts[path][1])
            for path, splicer in self.splicers.items()
        ]


def _splice_move(files: _Files, old: str, new: str, source: Path, destination: Path) -> None:
    """The action's lines given the new ID, in place or moved to ``destination``, before
    the first action numbered after it."""
    document = files.document(source)
    base = ("actions", action_index(document, old))
    splicer = files.splicer(source)
    if source == destination:
        splicer.set_scalar((*base, "id"), new, ())
        return
    lines = splicer.item_text(base, new)
    if len(document.data.get("actions") or []) == 1:
        splicer.empty_list(("actions",))
    else:
        splicer.remove_block(base)
    target = files.document(destination)
    number = int(new.rsplit(".", 1)[1])
    after = next(
        (
            i
            for i, item in enumerate(target.data.get("actions") or [])
            if isinstance(item, dict)
            and int(str(item.get("id", "0.0.0")).rsplit(".", 1)[1]) > number
        ),
        None,
    )
    if after is None:
        files.splicer(destination).append_item((), "actions", lines)
    else:
        files.splicer(destination).insert_before(("actions", after), lines)


def _links(later: Sequence[Project], plan: Plan, identifier: str) -> list[Link]:
    """The ``reprise_de`` links of the later plans that name action ``identifier``."""
    wanted = link(plan, identifier)
    found = []
    for other in later:
        loaded = other.read()
        if loaded.problems or loaded.plan is None:
            raise PlanInvalidError(loaded.problems)
        for _o, _ob, action in loaded.plan.iter_actions():
            if action.reprise_de == wanted:
                document = parse_document(action.source.file, read_source(action.source.file)[0])
                loc = ("actions", action_index(document, action.id), "reprise_de")
                line, column = document.locate(loc)
                label = link(loaded.plan, action.id)
                found.append(Link(action.source.file, line, column, action.id, label))
    return found


def _relink(files: _Files, found: Link, new_link: str) -> None:
    document = files.document(found.file)
    loc = ("actions", action_index(document, found.action), "reprise_de")
    files.splicer(found.file).set_scalar(loc, format_scalar(new_link), ())


def _read_back(
    project: Project, later: Sequence[Project], data: dict[Path, bytes], new: str, old: str
) -> Action:
    """Every plan touched read with the new bytes, valid; the action moved, as read. Of
    this plan, the branches of the two objectives are read (a plan of any size costs the
    same): the new ID was checked free in the whole plan before."""
    for other in later:
        mine = {p: d for p, d in data.items() if p.is_relative_to(other.plan_dir)}
        if mine:
            loaded = other.read(dict(mine))
            if loaded.problems:
                raise PlanInvalidError(loaded.problems)
    own = {p: d for p, d in data.items() if p.is_relative_to(project.plan_dir)}
    moved = None
    for identifier in dict.fromkeys((new, old.rsplit(".", 1)[0])):
        loaded = branch(project).read(dict(own), only=identifier)
        if loaded.problems or loaded.plan is None:
            raise PlanInvalidError(loaded.problems)
        moved = moved or find(loaded.plan, new)
    assert isinstance(moved, Action)
    return moved

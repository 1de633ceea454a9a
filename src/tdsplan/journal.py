"""The journal of an action: entries recorded (one, or a batch) and amended.

An entry takes its place in date order; the action's current fields (status,
progress, due date, lead, indicator values) follow from its journal. The new text is
spliced by :mod:`tdsplan.splice`, validated and written by :mod:`tdsplan.edit`.
"""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path

from tdsplan.edit import (
    Edit,
    branch,
    check_no_interrupted_batch,
    check_texts,
    ensure_plan_valid,
    record_written,
    validated,
    write_atomically,
    write_batch,
)
from tdsplan.elements import find
from tdsplan.errors import ChangeRefusedError, PlanInvalidError, TdsplanError, UsageError
from tdsplan.i18n import _, _mark, ngettext
from tdsplan.locks import locked as _locked
from tdsplan.models import Action, EntreeJournal, Orientation, Plan, Statut
from tdsplan.progress import Progress, tell
from tdsplan.project import Project
from tdsplan.splice import Entry, Splicer, action_index, current_fields, places, splice_action
from tdsplan.state import ActionState, state_at
from tdsplan.suggest import did_you_mean
from tdsplan.updates import (
    ENTRY_ORDER,
    DoneBelowFullError,
    Update,
    check_entry_date,
    check_news,
    check_update,
    done_below_full,
    entry_of,
    ordered,
)
from tdsplan.vocabulary import fold
from tdsplan.yamlio import Document, collector_paused, parse_document, read_source


@dataclass(frozen=True)
class Updated:
    """An update as made (or, in a dry run, as it would be made).

    ``before`` and ``after`` are the action's status and progress today, before and
    after; ``state_before`` and ``state_after`` every dated field today; ``then_before``
    and ``then_after`` every dated field on the entry's date (the same as today's
    unless the entry is back-dated). ``warnings`` says what was accepted but deserves
    a look (an entry after the plan's end)."""

    action: Action
    before: tuple[Statut, int | None]
    after: tuple[Statut, int | None]
    update: Update
    edit: Edit
    state_before: ActionState | None = None
    state_after: ActionState | None = None
    warnings: tuple[str, ...] = ()
    #: Where the entry stands in the journal (1 = oldest), and whether it was back-dated.
    number: int = 0
    backdated: bool = False
    then_before: ActionState | None = None
    then_after: ActionState | None = None


def update_action(
    project: Project,
    identifier: str,
    update: Update,
    *,
    today: dt.date,
    dry_run: bool = False,
    repeat: bool = False,
) -> Updated:
    """Add a journal entry to an action, at its place in date order, and set the action's
    current fields (status, progress, due date, lead, indicator values) from its journal.

    An entry dated before the last one is inserted among the older ones (after those of
    the same day). Raises :class:`UsageError` for a request that cannot be (unknown ID,
    nothing to record, unknown indicator, date in the future or before the plan) and
    :class:`ChangeRefusedError` or :class:`PlanInvalidError` when the plan is invalid
    or the result would be, or when the entry brings nothing new (:func:`check_news`;
    ``repeat`` lets an entry repeat one of its day); nothing is written then. The whole
    plan's validity is
    checked at the cost of the files changed since the last edit (see
    :mod:`tdsplan.index`).
    """
    check_update(update, today)
    plan, action = _target(project, identifier)
    warnings = check_entry_date(plan, update.date, today)
    with _locked(action.source.file):
        opened = _Opened.of(action)
        current = opened.current
        update, position = _placed(action, current, update)
        check_news(current, update, repeat=repeat)
        if done_below_full(current, update.statut, update.avancement, update.date):
            raise DoneBelowFullError(action.id, update.date, update.avancement or 0)
        entry = entry_of(update)
        journal = [*range(position), entry, *range(position, len(current.journal))]
        edit, written = _rewrite_journal(project, opened, journal)
        if written.journal[position].model_dump(exclude_defaults=True) != entry:
            raise ChangeRefusedError(
                _(
                    "la modification de {id} ne se relit pas à l’identique : rien n’a été écrit"
                ).format(id=action.id)
            )
        if not dry_run:
            write_atomically(edit)
            record_written(project, edit)
    return _updated(current, written, update, edit, warnings, position)


def _placed(action: Action, current: Action, update: Update) -> tuple[Update, int]:
    """``update`` as recorded on ``current`` (``action`` as its file has it now, or as
    the changes before leave it): indicators named as the action names them, a finished
    action complete; and the entry's place in the journal, after those of its day."""
    names = {indicator_name(action, name): value for name, value in update.indicateurs.items()}
    avancement = update.avancement
    if (
        update.statut is Statut.REALISEE
        and avancement is None
        and state_at(current, update.date).avancement is not None
    ):
        avancement = 100  # a finished action is complete
    update = replace(update, avancement=avancement, indicateurs=names)
    return update, sum(1 for e in current.journal if e.date <= update.date)


def _updated(
    current: Action,
    written: Action,
    update: Update,
    edit: Edit,
    warnings: list[str] | tuple[str, ...],
    position: int,
) -> Updated:
    """The update as made: ``current`` before the entry at ``position``, ``written`` after."""
    return Updated(
        current,
        (current.statut, current.avancement),
        (written.statut, written.avancement),
        update,
        edit,
        state_at(current, dt.date.max),
        state_at(written, dt.date.max),
        tuple(warnings),
        position + 1,
        position < len(current.journal),
        state_at(current, update.date),
        state_at(written, update.date),
    )


class BatchRefusedError(TdsplanError):
    """One change of a batch was refused (``index``: its place in the batch; ``error``:
    why); nothing was written."""

    def __init__(self, index: int, error: TdsplanError):
        self.index = index
        self.error = error
        super().__init__(str(error))


class _ActionChanges:
    """The changes of a batch to one action: its journal as the file has it
    (``original``), the new one (indexes of the old entries kept, new entries as data),
    and the action as the changes so far leave it (``current``)."""

    def __init__(self, index: int, original: Action, first: int):
        self.index = index
        self.original = original
        self.current = original
        self.first = first  # the batch number of its first change, to blame a refusal on
        self.journal: list[int | Entry] = list(range(len(original.journal)))
        self.entries = list(original.journal)

    def insert(self, position: int, entry: Entry) -> None:
        self.journal.insert(position, entry)
        self.entries.insert(position, EntreeJournal.model_validate(entry))
        fields = current_fields(self.original, self.entries)
        self.current = self.original.model_copy(update={"journal": list(self.entries), **fields})


class _FileChanges:
    """The changes of a batch to one file, made on one parse of its text."""

    def __init__(self, path: Path, wanted: frozenset[int] | None = None):
        self.path = path
        self.text, self.bom = read_source(path)
        self.wanted = wanted  # the positions of those only (all if the file moved them)
        self.document = parse_document(path, self.text, actions=wanted)
        self.actions: dict[str, _ActionChanges] = {}

    def action(self, loaded: Action, number: int) -> _ActionChanges:
        """The changes to the action ``loaded`` (as the plan read it), started on its first
        change (``number``) from the action as the file has it and what it inherits."""
        identifier = loaded.id
        changes = self.actions.get(identifier)
        if changes is None:
            index = action_index(self.document, identifier)
            if self.wanted is not None and index not in self.wanted:
                self.wanted, self.document = None, parse_document(self.path, self.text)
            original = Action.model_validate(self.document.data["actions"][index])
            original.inherit(loaded.heritage)  # a carried action starts from its origin's
            changes = self.actions[identifier] = _ActionChanges(index, original, number)
        return changes

    def edit(self) -> tuple[Edit, dict[str, list[EntreeJournal]]]:
        """The file with every change spliced in at once, and each action's new journal."""
        splicer = Splicer(self.text, self.document)
        journals = {}
        for identifier, changes in self.actions.items():
            try:
                journals[identifier] = splice_action(
                    splicer, changes.index, changes.original, changes.journal
                )
            except TdsplanError as error:
                raise BatchRefusedError(changes.first, error) from None
        return Edit(self.path, self.text, splicer.result(), self.bom), journals


def update_actions(
    project: Project,
    changes: list[tuple[str, Update]],
    *,
    today: dt.date,
    dry_run: bool = False,
    plan: Plan | None = None,
    progress: Progress | None = None,
) -> tuple[list[Updated], list[Edit]]:
    """Several :func:`update_action` as one: each change is made in memory, in order (the
    changes to one action see those before them), each file changed is parsed once and
    spliced once, the whole plan is validated once with the very bytes of every changed
    file, and only then is each file written, once, atomically, under its lock.

    Returns each change as made, and one edit per file changed. The first change refused
    raises :class:`BatchRefusedError` saying which; nothing is written then. Before the
    writes, the batch is recorded in the plan folder (:data:`tdsplan.edit.BATCH_FILE`)
    and the record removed after them: a batch killed midway is reported by the next
    edit (:func:`tdsplan.edit.interrupted_batch`). The cost is one reading of the plan
    and one parse of each changed file, whatever the number of changes. ``plan``: the
    plan as the caller just loaded it (valid), not to read it twice; the plan with the
    changes is read whole anyway, under the locks, before anything is written. ``progress``
    hears of each change made, then of the reading back and of the writes."""
    check_no_interrupted_batch(project)
    if plan is None:
        plan = project.load()  # valid: nothing is written into an invalid plan
    with ExitStack() as locks:
        locks.enter_context(_locked(project.plan_dir))  # one batch at a time, its record too
        locks.enter_context(collector_paused())  # the parses and models hold no cycle
        batch = _Batch(plan, locks, today)
        # The reading back and the writes weigh as much as about a half and a fifth of
        # the changes (as measured on 2,000 rows), so that the bar moves evenly.
        reading, writing = len(changes) // 2 + 1, len(changes) // 5 + 1
        steps = len(changes) + reading + writing
        batch.wanted = places(batch.by_id.get(identifier.strip()) for identifier, _u in changes)
        for number, (identifier, update) in enumerate(changes):
            batch.change(number, identifier, update)
            tell(progress, number + 1, steps)
        edits, journals, data = batch.edits()
        written = batch.read_back(project, data, journals)
        tell(progress, steps - writing, steps)
        edit_of = {edit.path: edit for edit in edits}
        results = [
            _updated(
                c.current, written[c.current.id], c.update, edit_of[c.path], c.warnings, c.position
            )
            for c in batch.made
        ]
        if not dry_run:
            write_batch(project, edits, data)
        tell(progress, steps, steps)
    return results, edits


@dataclass(frozen=True)
class _Change:
    """One change of a batch as made: its number in the batch, the action before it, the
    update as recorded, its place in the journal, its file, and its warnings."""

    number: int
    current: Action
    update: Update
    position: int
    path: Path
    warnings: tuple[str, ...]


class _Batch:
    """A batch being made, under its locks: the plan it starts from, the changes to each
    file so far, and each change as made."""

    def __init__(self, plan: Plan, locks: ExitStack, today: dt.date):
        self.plan = plan
        self.by_id: dict[str, Action] = {a.id: a for _o, _ob, a in plan.iter_actions()}
        self.locks = locks
        self.today = today
        self.files: dict[Path, _FileChanges] = {}
        self.made: list[_Change] = []
        #: The places of the actions each file will see changed (see :func:`places`).
        self.wanted: dict[Path, frozenset[int]] = {}

    def change(self, number: int, identifier: str, update: Update) -> None:
        """Make change ``number`` in memory (:class:`BatchRefusedError` if it cannot be)."""
        try:
            check_update(update, self.today)
            action = self.by_id.get(identifier.strip()) or _action(self.plan, identifier)
            warnings = check_entry_date(self.plan, update.date, self.today)
            path = action.source.file
            if path not in self.files:
                self.locks.enter_context(_locked(path))
                self.files[path] = _FileChanges(path, self.wanted.get(path))
            changed = self.files[path].action(action, number)
            current = changed.current
            update, position = _placed(action, current, update)
            check_news(current, update)
            changed.insert(position, entry_of(update))
        except TdsplanError as error:
            raise BatchRefusedError(number, error) from None
        self.made.append(_Change(number, current, update, position, path, tuple(warnings)))

    def edits(self) -> tuple[list[Edit], dict[str, list[EntreeJournal]], dict[Path, bytes]]:
        """One edit per file changed, each action's new journal, and each file's new bytes."""
        edits, journals = [], {}
        for changed_file in self.files.values():
            edit, journal = changed_file.edit()
            edits.append(edit)
            journals.update(journal)
        self.files.clear()  # their parses, with every node's position, are no longer needed
        data = {}
        for edit in edits:
            try:
                data[edit.path] = edit.data
            except TdsplanError as error:
                raise BatchRefusedError(self._first_in({edit.path}), error) from None
        return edits, journals, data

    def read_back(
        self, project: Project, data: dict[Path, bytes], journals: dict[str, list[EntreeJournal]]
    ) -> dict[str, Action]:
        """Every action of the plan read with the new bytes, each journal as intended."""
        loaded = project.read({**data})
        if loaded.problems or loaded.plan is None:
            first = self._first_in({p.path for p in loaded.problems})
            raise BatchRefusedError(first, PlanInvalidError(loaded.problems))
        written: dict[str, Action] = {a.id: a for _o, _ob, a in loaded.plan.iter_actions()}
        for identifier, journal in journals.items():
            if [e.model_dump() for e in written[identifier].journal] != [
                e.model_dump() for e in journal
            ]:
                first = next(c.number for c in self.made if c.current.id == identifier)
                raise BatchRefusedError(
                    first,
                    ChangeRefusedError(
                        _(
                            "la modification de {id} ne se relit pas à l’identique : rien n’a été "
                            "écrit"
                        ).format(id=identifier)
                    ),
                )
        return written

    def _first_in(self, paths: set[Path]) -> int:
        return next((c.number for c in self.made if c.path in paths), 0)


@dataclass(frozen=True)
class Amendment:
    """Changes to one journal entry: each field given replaces the entry's; ``clear``
    names the fields to remove (``note``, ``avancement``...)."""

    date: dt.date | None = None
    statut: Statut | None = None
    avancement: int | None = None
    note: str | None = None
    auteur: str | None = None
    indicateurs: dict[str, float] = field(default_factory=dict)
    echeance: dt.date | None = None
    porteur: str | None = None
    clear: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Amended:
    """An entry changed or removed (or, in a dry run, as it would be)."""

    action: Action
    number: int
    before: Entry
    after: Entry | None
    edit: Edit
    state_before: ActionState
    state_after: ActionState
    warnings: tuple[str, ...] = ()


def amend_entry(
    project: Project,
    identifier: str,
    number: int,
    amendment: Amendment | None,
    *,
    today: dt.date,
    dry_run: bool = False,
) -> Amended:
    """Change entry ``number`` (1 = oldest) of an action's journal, or remove it when
    ``amendment`` is ``None``; the action's current fields are recomputed from the
    journal. An entry whose date changes moves to its place in date order."""
    plan, action = _target(project, identifier)
    if not 1 <= number <= len(action.journal):
        raise UsageError(
            ngettext(
                "l’action {id} n’a pas d’entrée n° {number} : son journal compte {n} entrée",
                "l’action {id} n’a pas d’entrée n° {number} : son journal compte {n} entrées",
                len(action.journal),
            ).format(id=action.id, number=number, n=len(action.journal))
            if action.journal
            else _("l’action {id} n’a aucune entrée au journal").format(id=action.id)
        )
    warnings: list[str] = []
    with _locked(action.source.file):
        opened = _Opened.of(action)
        current = opened.current
        old = current.journal[number - 1].model_dump(exclude_defaults=True)
        others: list[int | Entry] = [i for i in range(len(current.journal)) if i != number - 1]
        if amendment is None:
            entry, journal = None, others
        else:
            entry = _amended(current, old, amendment)
            if amendment.date is not None:
                warnings = check_entry_date(plan, amendment.date, today)
            if entry == old:
                raise UsageError(
                    _("rien à changer : l’entrée n° {number} de {id} est déjà ainsi").format(
                        number=number, id=action.id
                    )
                )
            if entry["date"] == old["date"]:
                position = number - 1
            else:
                position = sum(
                    1
                    for i in range(len(current.journal))
                    if i != number - 1 and current.journal[i].date <= entry["date"]
                )
            journal = [*others[:position], entry, *others[position:]]
        edit, written = _rewrite_journal(project, opened, journal)
        if not dry_run:
            write_atomically(edit)
            record_written(project, edit)
    return Amended(
        current,
        number,
        old,
        entry,
        edit,
        state_at(current, dt.date.max),
        state_at(written, dt.date.max),
        tuple(warnings),
    )


def _amended(action: Action, old: Entry, amendment: Amendment) -> Entry:
    if amendment.avancement is not None and not 0 <= amendment.avancement <= 100:
        raise UsageError(
            _("avancement {value} invalide : entre 0 et 100").format(value=amendment.avancement)
        )
    check_texts(note=amendment.note, auteur=amendment.auteur, porteur=amendment.porteur)
    entry = dict(old)
    for name in ("date", "statut", "avancement", "echeance", "porteur", "note", "auteur"):
        value = getattr(amendment, name)
        if value is not None:
            entry[name] = value
    for name in amendment.clear:
        if name not in ENTRY_ORDER or name == "date":
            raise UsageError(
                _("champ « {name} » inconnu ; champs qu’on peut effacer : {names}").format(
                    name=name, names=", ".join(ENTRY_ORDER[1:])
                )
            )
        entry.pop(name, None)
    measured = dict(entry.get("indicateurs") or {})
    for name, value in amendment.indicateurs.items():
        measured[indicator_name(action, name)] = value
    entry.pop("indicateurs", None)
    if measured:
        entry["indicateurs"] = measured
    return ordered(entry)


def indicator_name(action: Action, name: str) -> str:
    """The indicator of ``action`` that ``name`` designates (case and accents aside);
    :class:`UsageError` naming the action's indicators, with a suggestion, otherwise."""
    names = [i.nom for i in action.indicateurs]
    if name in names:
        return name
    folded = {fold(n): n for n in names}
    if fold(name) in folded:
        return folded[fold(name)]
    if not names:
        raise UsageError(
            _(
                "l’action {id} n’a pas d’indicateur : ajoutez-le d’abord à la liste "
                "« indicateurs » de l’action"
            ).format(id=action.id)
        )
    hint = did_you_mean(fold(name), folded, cutoff=0.5, label=folded.__getitem__)
    raise UsageError(
        _("indicateur « {name} » inconnu pour l’action {id}").format(name=name, id=action.id)
        + hint
        + _(" ; indicateurs de l’action : {names}").format(
            names=", ".join(f"« {n} »" for n in names)
        )
    )


def _target(project: Project, identifier: str) -> tuple[Plan, Action]:
    """The branch of the action ``identifier`` and that action, once the whole plan is
    known valid (:func:`tdsplan.edit.ensure_plan_valid`)."""
    ensure_plan_valid(project)
    plan = branch(project).load(only=identifier)
    return plan, _action(plan, identifier)


@dataclass(frozen=True)
class _Opened:
    """The file of an action as it stands under its lock: its text, whether it starts
    with a BOM, its parse, the action's rank in it and the action as written there."""

    path: Path
    text: str
    bom: bool
    document: Document
    index: int
    current: Action

    @classmethod
    def of(cls, action: Action) -> _Opened:
        path = action.source.file
        text, bom = read_source(path)
        document = parse_document(path, text)
        index = action_index(document, action.id)
        current = Action.model_validate(document.data["actions"][index])
        current.inherit(action.heritage)  # a carried action's state starts from its origin's
        return cls(path, text, bom, document, index, current)


def _rewrite_journal(
    project: Project, opened: _Opened, journal: list[int | Entry]
) -> tuple[Edit, Action]:
    """The file with the action's journal made of ``journal`` (indexes of the entries kept
    as written, in their new order, and new entries as data), its current fields
    recomputed; validated with the whole branch."""
    text, current = opened.text, opened.current
    after, new_entries = _spliced_journal(text, opened.document, opened.index, current, journal)
    edit = Edit(opened.path, text, after, opened.bom)
    new_plan = validated(project, edit, only=current.id)
    written = find(new_plan, current.id)
    assert isinstance(written, Action)
    if [e.model_dump() for e in written.journal] != [e.model_dump() for e in new_entries]:
        raise ChangeRefusedError(
            _("la modification de {id} ne se relit pas à l’identique : rien n’a été écrit").format(
                id=current.id
            )
        )
    return edit, written


def _spliced_journal(
    text: str, document: Document, index: int, current: Action, journal: list[int | Entry]
) -> tuple[str, list[EntreeJournal]]:
    """The text with the action's journal made of ``journal`` and its current fields
    recomputed (not validated), and the journal's entries."""
    splicer = Splicer(text, document)
    new_entries = splice_action(splicer, index, current, journal)
    return splicer.result(), new_entries


def _action(plan: Plan, identifier: str) -> Action:
    element = find(plan, identifier)
    if not isinstance(element, Action):
        kind = (
            _mark("{id} est une orientation : indiquez une action, de la forme 1.2.3")
            if isinstance(element, Orientation)
            else _mark("{id} est un objectif : indiquez une action, de la forme 1.2.3")
        )
        raise UsageError(_(kind).format(id=element.id))
    return element

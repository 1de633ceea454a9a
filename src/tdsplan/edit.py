"""Changing plan files: text splices that touch only the lines they mean to.

An edit locates the nodes to change with :mod:`tdsplan.yamlio`, splices new text
into the file (keeping comments, quoting, line endings, BOM and everything else
byte for byte), re-validates the whole plan with the new text, and only then
writes the file atomically, under a lock held across read-modify-write.
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from tdsplan import files
from tdsplan.elements import find
from tdsplan.errors import (
    ChangeRefusedError,
    PlanInvalidError,
    TdsplanError,
    UsageError,
    os_reason,
)
from tdsplan.figures import count
from tdsplan.files import TEMPORARY_SUFFIX
from tdsplan.fiscal import plan_period
from tdsplan.i18n import _, _mark, ngettext
from tdsplan.locks import locked as _locked
from tdsplan.models import (
    Action,
    EntreeJournal,
    Objectif,
    Orientation,
    Plan,
    Statut,
    text_problem,
)
from tdsplan.project import Project
from tdsplan.state import JOURNAL_FIELDS, ActionState, baseline, state_at
from tdsplan.store import ORIENTATION_FILE
from tdsplan.suggest import did_you_mean
from tdsplan.vocabulary import fold
from tdsplan.yamlio import (
    MAX_FILE_BYTES,
    Document,
    Loc,
    format_scalar,
    parse_document,
    read_source,
)


@dataclass(frozen=True)
class Edit:
    """A file before and after a change."""

    path: Path
    before: str
    after: str
    bom: bool = False

    @property
    def data(self) -> bytes:
        """The bytes the edit writes, the very ones validated before: :class:`ChangeRefusedError`
        when they cannot be written (past the size a plan file may have, or a text
        that UTF-8 cannot hold)."""
        try:
            data = (codecs.BOM_UTF8 if self.bom else b"") + self.after.encode("utf-8")
        except UnicodeEncodeError:
            raise ChangeRefusedError(_("{path} : le nouveau texte contient un caractère que "
                                       "l’UTF-8 ne peut pas écrire : rien n’a été écrit").format(
                                           path=self.path)) from None
        if len(data) > MAX_FILE_BYTES:
            raise ChangeRefusedError(_(
                "{path} : la modification porterait le fichier à {size} octets, au-delà de la "
                "limite de {cap} octets d’un fichier du plan : rien n’a été écrit").format(
                    path=self.path, size=count(len(data)), cap=count(MAX_FILE_BYTES)))
        return data

    def diff(self, shown: str | None = None) -> str:
        """The change as a unified diff."""
        name = shown or str(self.path)
        return "".join(difflib.unified_diff(
            self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
            f"a/{name}", f"b/{name}"))


@dataclass(frozen=True)
class Update:
    """What ``tdsplan update`` records: one journal entry, and the action's new state."""

    date: dt.date
    statut: Statut | None = None
    avancement: int | None = None
    note: str | None = None
    auteur: str | None = None
    #: Indicator values measured on ``date``, by indicator name.
    indicateurs: dict[str, float] = field(default_factory=dict)
    echeance: dt.date | None = None
    porteur: str | None = None


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


def check_not_future(date: dt.date, today: dt.date) -> None:
    """Refuse a journal date after ``today``: the journal records what happened."""
    if date > today:
        raise UsageError(_("date {date} dans le futur (nous sommes le {today}) : le journal "
                           "n’inscrit que ce qui est arrivé").format(date=date, today=today))


def check_update(update: Update, today: dt.date) -> None:
    """Refuse an entry that cannot be whatever the plan (nothing to record, a progress out
    of range, an empty or hostile text, a date in the future), before the plan is read."""
    if update.statut is None and update.avancement is None and not update.note \
            and not update.indicateurs and update.echeance is None and update.porteur is None:
        raise UsageError(_("rien à inscrire : indiquez un statut, un avancement, une valeur "
                           "d’indicateur, une échéance, un porteur ou une note"))
    if update.avancement is not None and not 0 <= update.avancement <= 100:
        raise UsageError(_("avancement {value} invalide : entre 0 et 100").format(
            value=update.avancement))
    _check_texts(note=update.note, auteur=update.auteur, porteur=update.porteur)
    check_not_future(update.date, today)


def check_entry_date(plan: Plan, date: dt.date, today: dt.date) -> list[str]:
    """Refuse a journal date after ``today`` or before the plan's start; return the
    warnings for a date after the plan's end."""
    start, end = plan_period(plan)
    check_not_future(date, today)
    if date < start:
        raise UsageError(_("date {date} antérieure au début du plan ({start}) : une entrée du "
                           "journal est datée dans la période du plan").format(
                               date=date, start=start))
    if date > end:
        return [_("date {date} après la fin du plan ({end}) : entrée acceptée, vérifiez la "
                  "date").format(date=date, end=end)]
    return []


def update_action(project: Project, identifier: str, update: Update, *, today: dt.date,
                  dry_run: bool = False) -> Updated:
    """Add a journal entry to an action, at its place in date order, and set the action's
    current fields (status, progress, due date, lead, indicator values) from its journal.

    An entry dated before the last one is inserted among the older ones (after those of
    the same day). Raises :class:`UsageError` for a request that cannot be (unknown ID,
    nothing to record, unknown indicator, date in the future or before the plan) and
    :class:`ChangeRefusedError` or :class:`PlanInvalidError` when the plan is invalid
    or the result would be; nothing is written then. The whole plan's validity is
    checked at the cost of the files changed since the last edit (see
    :mod:`tdsplan.index`).
    """
    check_update(update, today)
    _ensure_plan_valid(project)
    plan = _branch(project).load(only=identifier)
    action = _action(plan, identifier)
    warnings = check_entry_date(plan, update.date, today)
    names = {indicator_name(action, name): value for name, value in update.indicateurs.items()}
    path = action.source.file
    with _locked(path):
        text, bom = read_source(path)
        document = parse_document(path, text)
        index = _action_index(document, action.id)
        current = Action.model_validate(document.data["actions"][index])
        avancement = update.avancement
        if update.statut is Statut.REALISEE and avancement is None \
                and state_at(current, update.date).avancement is not None:
            avancement = 100  # a finished action is complete
        update = replace(update, avancement=avancement, indicateurs=names)
        entry = _entry(update)
        position = sum(1 for e in current.journal if e.date <= update.date)
        journal = [*range(position), entry, *range(position, len(current.journal))]
        edit, written = _rewrite_journal(project, path, text, bom, document, index, current,
                                         journal)
        if written.journal[position].model_dump(exclude_defaults=True) != entry:
            raise ChangeRefusedError(_("la modification de {id} ne se relit pas à l’identique : "
                                       "rien n’a été écrit").format(id=action.id))
        if not dry_run:
            write_atomically(edit)
            _record(project, edit)
    return Updated(current, (current.statut, current.avancement),
                   (written.statut, written.avancement), update, edit,
                   state_at(current, dt.date.max), state_at(written, dt.date.max),
                   tuple(warnings), position + 1, position < len(current.journal),
                   state_at(current, update.date), state_at(written, update.date))


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
        self.journal: list[int | dict] = list(range(len(original.journal)))
        self.entries = list(original.journal)

    def insert(self, position: int, entry: dict) -> None:
        self.journal.insert(position, entry)
        self.entries.insert(position, EntreeJournal.model_validate(entry))
        fields = _current_fields(self.original, self.entries)
        self.current = self.original.model_copy(update={"journal": list(self.entries),
                                                        **fields})


class _FileChanges:
    """The changes of a batch to one file, made on one parse of its text."""

    def __init__(self, path: Path):
        self.path = path
        self.text, self.bom = read_source(path)
        self.document = parse_document(path, self.text)
        self.actions: dict[str, _ActionChanges] = {}

    def action(self, identifier: str, number: int) -> _ActionChanges:
        changes = self.actions.get(identifier)
        if changes is None:
            index = _action_index(self.document, identifier)
            original = Action.model_validate(self.document.data["actions"][index])
            changes = self.actions[identifier] = _ActionChanges(index, original, number)
        return changes

    def edit(self) -> tuple[Edit, dict[str, list[EntreeJournal]]]:
        """The file with every change spliced in at once, and each action's new journal."""
        splicer = _Splicer(self.text, self.document)
        journals = {}
        for identifier, changes in self.actions.items():
            try:
                journals[identifier] = _splice_action(splicer, changes.index, changes.original,
                                                      changes.journal)
            except TdsplanError as error:
                raise BatchRefusedError(changes.first, error) from None
        return Edit(self.path, self.text, splicer.result(), self.bom), journals


def update_actions(project: Project, changes: list[tuple[str, Update]], *, today: dt.date,
                   dry_run: bool = False, plan: Plan | None = None
                   ) -> tuple[list[Updated], list[Edit]]:
    """Several :func:`update_action` as one: each change is made in memory, in order (the
    changes to one action see those before them), each file changed is parsed once and
    spliced once, the whole plan is validated once with the very bytes of every changed
    file, and only then is each file written, once, atomically, under its lock.

    Returns each change as made, and one edit per file changed. The first change refused
    raises :class:`BatchRefusedError` saying which; nothing is written then. Before the
    writes, the batch is recorded in the plan folder (:data:`BATCH_FILE`) and the record
    removed after them: a batch killed midway is reported by the next edit
    (:func:`interrupted_batch`). The cost is one reading of the plan and one parse of
    each changed file, whatever the number of changes. ``plan``: the plan as the caller
    just loaded it (valid), not to read it twice; the plan with the changes is read
    whole anyway, under the locks, before anything is written."""
    from contextlib import ExitStack

    _check_no_interrupted_batch(project)
    if plan is None:
        plan = project.load()  # valid: nothing is written into an invalid plan
    by_id = {action.id: action for _o, _ob, action in plan.iter_actions()}
    by_file: dict[Path, _FileChanges] = {}
    made: list[tuple[int, Action, Update, int, Path]] = []
    with ExitStack() as locks:
        locks.enter_context(_locked(project.plan_dir))  # one batch at a time, its record too
        for number, (identifier, update) in enumerate(changes):
            try:
                check_update(update, today)
                action = by_id.get(identifier.strip()) or _action(plan, identifier)
                check_entry_date(plan, update.date, today)
                names = {indicator_name(action, name): value
                         for name, value in update.indicateurs.items()}
                path = action.source.file
                if path not in by_file:
                    locks.enter_context(_locked(path))
                    by_file[path] = _FileChanges(path)
                changed = by_file[path].action(action.id, number)
                current = changed.current
                avancement = update.avancement
                if update.statut is Statut.REALISEE and avancement is None \
                        and state_at(current, update.date).avancement is not None:
                    avancement = 100  # a finished action is complete
                update = replace(update, avancement=avancement, indicateurs=names)
                position = sum(1 for e in current.journal if e.date <= update.date)
                changed.insert(position, _entry(update))
            except TdsplanError as error:
                raise BatchRefusedError(number, error) from None
            made.append((number, current, update, position, path))
        edits, journals = [], {}
        for changed_file in by_file.values():
            edit, journal = changed_file.edit()
            edits.append(edit)
            journals.update(journal)
        by_file.clear()  # their parses, with every node's position, are no longer needed
        overrides = {}
        for edit in edits:
            try:
                overrides[edit.path] = edit.data
            except TdsplanError as error:
                raise BatchRefusedError(next(n for n, *_r, path in made if path == edit.path),
                                        error) from None
        loaded = project.read(overrides)
        if loaded.problems or loaded.plan is None:
            wrong = {p.path for p in loaded.problems}
            first = next((n for n, *_rest, path in made if path in wrong), 0)
            raise BatchRefusedError(first, PlanInvalidError(loaded.problems))
        written_by_id = {action.id: action for _o, _ob, action in loaded.plan.iter_actions()}
        for identifier, journal in journals.items():
            if [e.model_dump() for e in written_by_id[identifier].journal] != \
                    [e.model_dump() for e in journal]:
                first = next(n for n, current, *_rest in made if current.id == identifier)
                raise BatchRefusedError(first, ChangeRefusedError(_(
                    "la modification de {id} ne se relit pas à l’identique : rien n’a été "
                    "écrit").format(id=identifier)))
        edit_of = {edit.path: edit for edit in edits}
        results = []
        for _number, current, update, position, path in made:
            written = written_by_id[current.id]
            results.append(Updated(
                current, (current.statut, current.avancement),
                (written.statut, written.avancement), update, edit_of[path],
                state_at(current, dt.date.max), state_at(written, dt.date.max),
                tuple(check_entry_date(plan, update.date, today)), position + 1,
                position < len(current.journal), state_at(current, update.date),
                state_at(written, update.date)))
        if not dry_run:
            _write_batch(project, edits, overrides)
    return results, edits


#: The record of a batch being written, in the plan folder (hidden: the loader skips it).
BATCH_FILE = ".tdsplan-batch.json"


def _write_batch(project: Project, edits: list[Edit], data: dict[Path, bytes]) -> None:
    """Write each file of a validated batch, atomically, between the batch's record
    (what each file held and will hold, by hash) and its removal."""
    for edit in edits:
        check_writable(edit.path)  # every file, before the first is written
    record = project.plan_dir / BATCH_FILE
    files_record = {os.path.relpath(edit.path, project.plan_dir): {
        "avant": _sha256((codecs.BOM_UTF8 if edit.bom else b"") + edit.before.encode("utf-8")),
        "apres": _sha256(data[edit.path])} for edit in edits}
    try:
        files.write_atomically(record, json.dumps({"format": 1, "fichiers": files_record},
                                                  ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError as error:
        raise ChangeRefusedError(_("écriture de {path} impossible : {reason} ; rien n’a été "
                                   "écrit").format(path=record, reason=os_reason(error))
                                 ) from None
    try:
        for edit in edits:
            _sweep(edit.path)
        files.write_many_atomically([(edit.path, data[edit.path]) for edit in edits])
    except OSError as error:
        interrupted = interrupted_batch(project)
        if interrupted is not None and not interrupted.written:
            record.unlink(missing_ok=True)  # nothing was written: nothing to report
        raise ChangeRefusedError(_("écriture de {path} impossible : {reason}").format(
            path=error.filename, reason=os_reason(error))) from None
    record.unlink(missing_ok=True)
    # The index of valid files is left to the next command: recording a thousand files
    # one by one would cost more than that one reading.


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Interrupted:
    """A batch whose writing was cut short (killed, a full disk): the files it had
    written and those it had not (each file is whole: the old text or the new one)."""

    record: Path
    written: tuple[Path, ...]
    unwritten: tuple[Path, ...]


class InterruptedBatchError(ChangeRefusedError):
    """An edit refused because the previous batch was interrupted (``interrupted``)."""

    def __init__(self, interrupted: Interrupted):
        self.interrupted = interrupted

        def names(paths: tuple[Path, ...]) -> str:
            return ", ".join(map(str, paths)) if paths else _("aucun")

        super().__init__(_(
            "l’import précédent a été interrompu : fichiers écrits : {written} ; non "
            "écrits : {unwritten} ; chaque fichier est entier, mais le lot ne l’est pas : "
            "supprimez {record} puis relancez le même import (les lignes déjà inscrites "
            "sont passées)").format(written=names(interrupted.written),
                                    unwritten=names(interrupted.unwritten),
                                    record=interrupted.record))


def interrupted_batch(project: Project) -> Interrupted | None:
    """The batch of :func:`update_actions` that was cut short in ``project``, if any:
    which of its files hold their new bytes and which do not."""
    record = project.plan_dir / BATCH_FILE
    try:
        with record.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError:
        raw = b""
    try:
        listed = json.loads(raw)["fichiers"]
        wanted = {name: entry["apres"] for name, entry in listed.items()}
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return Interrupted(record, (), ())  # unreadable: the batch is still unfinished
    written, unwritten = [], []
    for name, digest in sorted(wanted.items()):
        path = project.plan_dir / name
        try:
            now = _sha256(path.read_bytes())
        except OSError:
            now = None
        (written if now == digest else unwritten).append(path)
    return Interrupted(record, tuple(written), tuple(unwritten))


def _check_no_interrupted_batch(project: Project) -> None:
    interrupted = interrupted_batch(project)
    if interrupted is not None:
        raise InterruptedBatchError(interrupted)


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
    before: dict
    after: dict | None
    edit: Edit
    state_before: ActionState
    state_after: ActionState
    warnings: tuple[str, ...] = ()


def amend_entry(project: Project, identifier: str, number: int,
                amendment: Amendment | None, *, today: dt.date,
                dry_run: bool = False) -> Amended:
    """Change entry ``number`` (1 = oldest) of an action's journal, or remove it when
    ``amendment`` is ``None``; the action's current fields are recomputed from the
    journal. An entry whose date changes moves to its place in date order."""
    _ensure_plan_valid(project)
    plan = _branch(project).load(only=identifier)
    action = _action(plan, identifier)
    if not 1 <= number <= len(action.journal):
        raise UsageError(ngettext(
            "l’action {id} n’a pas d’entrée n° {number} : son journal compte {n} entrée",
            "l’action {id} n’a pas d’entrée n° {number} : son journal compte {n} entrées",
            len(action.journal)).format(id=action.id, number=number, n=len(action.journal))
            if action.journal else _("l’action {id} n’a aucune entrée au journal").format(
                id=action.id))
    warnings: list[str] = []
    path = action.source.file
    with _locked(path):
        text, bom = read_source(path)
        document = parse_document(path, text)
        index = _action_index(document, action.id)
        current = Action.model_validate(document.data["actions"][index])
        old = current.journal[number - 1].model_dump(exclude_defaults=True)
        others = [i for i in range(len(current.journal)) if i != number - 1]
        if amendment is None:
            entry, journal = None, others
        else:
            entry = _amended(current, old, amendment)
            if amendment.date is not None:
                warnings = check_entry_date(plan, amendment.date, today)
            if entry == old:
                raise UsageError(_("rien à changer : l’entrée n° {number} de {id} est déjà "
                                   "ainsi").format(number=number, id=action.id))
            if entry["date"] == old["date"]:
                position = number - 1
            else:
                position = sum(1 for i in others if current.journal[i].date <= entry["date"])
            journal = [*others[:position], entry, *others[position:]]
        edit, written = _rewrite_journal(project, path, text, bom, document, index, current,
                                         journal)
        if not dry_run:
            write_atomically(edit)
            _record(project, edit)
    return Amended(current, number, old, entry, edit, state_at(current, dt.date.max),
                   state_at(written, dt.date.max), tuple(warnings))


def _amended(action: Action, old: dict, amendment: Amendment) -> dict:
    if amendment.avancement is not None and not 0 <= amendment.avancement <= 100:
        raise UsageError(_("avancement {value} invalide : entre 0 et 100").format(
            value=amendment.avancement))
    _check_texts(note=amendment.note, auteur=amendment.auteur, porteur=amendment.porteur)
    entry = dict(old)
    for name in ("date", "statut", "avancement", "echeance", "porteur", "note", "auteur"):
        value = getattr(amendment, name)
        if value is not None:
            entry[name] = value
    for name in amendment.clear:
        if name not in _ENTRY_ORDER or name == "date":
            raise UsageError(_("champ « {name} » inconnu ; champs qu’on peut effacer : {names}")
                             .format(name=name, names=", ".join(_ENTRY_ORDER[1:])))
        entry.pop(name, None)
    measured = dict(entry.get("indicateurs") or {})
    for name, value in amendment.indicateurs.items():
        measured[indicator_name(action, name)] = value
    entry.pop("indicateurs", None)
    if measured:
        entry["indicateurs"] = measured
    return _ordered(entry)


_ENTRY_ORDER = ("date", "statut", "avancement", "indicateurs", "echeance", "porteur", "note",
                "auteur")


def _ordered(entry: dict) -> dict:
    return {k: entry[k] for k in _ENTRY_ORDER if entry.get(k) not in (None, {}, "")}


def _entry(update: Update) -> dict:
    return _ordered({"date": update.date, "statut": update.statut,
                     "avancement": update.avancement, "indicateurs": update.indicateurs,
                     "echeance": update.echeance, "porteur": update.porteur,
                     "note": update.note, "auteur": update.auteur})


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
        raise UsageError(_("l’action {id} n’a pas d’indicateur : ajoutez-le d’abord à la liste "
                           "« indicateurs » de l’action").format(id=action.id))
    hint = did_you_mean(fold(name), folded, cutoff=0.5, label=folded.__getitem__)
    raise UsageError(_("indicateur « {name} » inconnu pour l’action {id}").format(
        name=name, id=action.id) + hint + _(" ; indicateurs de l’action : {names}").format(
            names=", ".join(f"« {n} »" for n in names)))


def _branch(project: Project) -> Project:
    """The project read without its parse cache: an edit reads a few files of one branch,
    faster parsed again than found in the cache of every file of a large plan."""
    return replace(project, cache_file=None)


def _ensure_plan_valid(project: Project) -> dict[str, str]:
    from tdsplan.index import ensure_valid

    _check_no_interrupted_batch(project)
    return ensure_valid(project)


def _record(project: Project, edit: Edit, ids: tuple[str, ...] = ()) -> None:
    from tdsplan.index import record_write

    record_write(project, edit.path, edit.data, ids)


def _rewrite_journal(project: Project, path: Path, text: str, bom: bool, document: Document,
                     index: int, current: Action,
                     journal: list[int | dict]) -> tuple[Edit, Action]:
    """The file with the action's journal made of ``journal`` (indexes of the entries kept
    as written, in their new order, and new entries as data), its current fields
    recomputed; validated with the whole branch."""
    after, new_entries = _spliced_journal(text, document, index, current, journal)
    edit = Edit(path, text, after, bom)
    new_plan = _validated(project, edit, only=current.id)
    written = find(new_plan, current.id)
    if [e.model_dump() for e in written.journal] != [e.model_dump() for e in new_entries]:
        raise ChangeRefusedError(_("la modification de {id} ne se relit pas à l’identique : "
                                   "rien n’a été écrit").format(id=current.id))
    return edit, written


def _spliced_journal(text: str, document: Document, index: int, current: Action,
                     journal: list[int | dict]) -> tuple[str, list[EntreeJournal]]:
    """The text with the action's journal made of ``journal`` and its current fields
    recomputed (not validated), and the journal's entries."""
    splicer = _Splicer(text, document)
    new_entries = _splice_action(splicer, index, current, journal)
    return splicer.result(), new_entries


def _splice_action(splicer: _Splicer, index: int, current: Action,
                   journal: list[int | dict]) -> list[EntreeJournal]:
    """Collect in ``splicer`` the replacements that make the journal of action ``index``
    (``current``, as the file has it) hold ``journal``; return the journal's entries."""
    base: Loc = ("actions", index)
    if base in splicer.document.flow:
        raise ChangeRefusedError(_("action écrite sur une ligne ({{...}}) : écrivez-la en lignes "
                                   "« clé: valeur » pour la modifier").format())
    new_entries = [current.journal[item] if isinstance(item, int) else
                   EntreeJournal.model_validate(item) for item in journal]
    _splice_journal(splicer, base, len(current.journal), journal)
    _splice_current(splicer, base, current, new_entries)
    return new_entries


def _entry_lines(entry: dict) -> list[str]:
    lines = []
    for key, value in entry.items():
        if key == "indicateurs":
            lines.append("indicateurs:")
            lines += [f"  {format_scalar(name)}: {_yaml_number(v)}" for name, v in value.items()]
        else:
            lines.append(f"{key}: {_yaml_value(value)}")
    return lines


def _yaml_value(value: object) -> str:
    if isinstance(value, Statut):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int | float):
        return _yaml_number(value)
    return format_scalar(str(value))


def _yaml_number(value: float) -> str:
    # Exact, unlike a display format: the file must read back as the same number.
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _splice_journal(splicer: _Splicer, base: Loc, count: int, journal: list[int | dict]) -> None:
    """Make the journal list hold ``journal``: the entries kept (by index, in their order)
    stay byte for byte where they are; the others lose their lines; new ones are written
    before the entry they precede, or at the end."""
    kept = [item for item in journal if isinstance(item, int)]
    assert kept == sorted(kept), "an edit never reorders the entries it keeps"
    loc = (*base, "journal")
    if not journal:
        if count:
            splicer.empty_list(loc)
        return
    for old in set(range(count)) - set(kept):
        splicer.remove_block((*loc, old))
    pending: list[list[str]] = []
    for item in journal:
        if isinstance(item, int):
            for lines in pending:
                splicer.insert_before((*loc, item), lines)
            pending = []
        else:
            pending.append(_entry_lines(item))
    for lines in pending:
        splicer.append_item(base, "journal", lines)


_AFTER = {
    "statut": ("titre", "id"),
    "avancement": ("statut", "titre", "id"),
    "porteur": ("avancement", "statut", "titre", "id"),
    "porteur_initial": ("porteur", "avancement", "statut", "titre", "id"),
    "echeance": ("debut", "mandats", "territoires", "partenaires", "porteur_initial", "porteur",
                 "avancement", "statut", "titre", "id"),
    "echeance_initiale": ("echeance", "debut", "mandats", "territoires", "partenaires",
                          "porteur", "avancement", "statut", "titre", "id"),
}


def _current_fields(current: Action, journal: list[EntreeJournal]) -> dict[str, object]:
    """The fields of ``current`` its new ``journal`` changes, with their new values (a
    starting value, ``echeance_initiale`` or ``porteur_initial``, before its field)."""
    fields: dict[str, object] = {}
    for name in JOURNAL_FIELDS:
        was_set = any(getattr(e, name) is not None for e in current.journal)
        values = [getattr(e, name) for e in journal if getattr(e, name) is not None]
        if values:
            target = values[-1]
            initial = f"{name}_initial" if name == "porteur" else f"{name}_initiale"
            if not was_set and name in ("echeance", "porteur") and \
                    getattr(current, name) is not None and getattr(current, initial) is None:
                fields[initial] = getattr(current, name)
        elif was_set:
            target = baseline(current, name)
        else:
            continue
        if target != getattr(current, name):
            fields[name] = target
    return fields


def _splice_current(splicer: _Splicer, base: Loc, current: Action,
                    journal: list[EntreeJournal]) -> None:
    """Set the action's current fields to what its new journal says."""
    for name, value in _current_fields(current, journal).items():
        splicer.set_value((*base, name), value, _AFTER[name])
    for position, indicator in enumerate(current.indicateurs):
        was_set = any(indicator.nom in e.indicateurs for e in current.journal)
        values = [e.indicateurs[indicator.nom] for e in journal if indicator.nom in e.indicateurs]
        if values or was_set:
            target = values[-1] if values else None
            if target != indicator.reel:
                splicer.set_value((*base, "indicateurs", position, "reel"), target,
                                  ("cible", "nom"))


#: What a checked text is, said so that « vide » and « refusé » agree with it.
_TEXT_NAMES = {"note": _mark("texte de la note"), "auteur": _mark("nom de l’auteur"),
               "porteur": _mark("nom du porteur"), "titre": _mark("texte du titre")}


def _check_texts(**texts: str | None) -> None:
    for name, value in texts.items():
        field = _(_TEXT_NAMES[name])
        if value is not None and not value.strip():
            raise UsageError(_("{field} vide : écrivez un texte, ou ne l’indiquez pas").format(
                field=field))
        problem = text_problem(value) if value else None
        if problem:
            raise UsageError(_("{field} refusé : {problem}").format(field=field, problem=problem))


def _action(plan: Plan, identifier: str) -> Action:
    element = find(plan, identifier)
    if not isinstance(element, Action):
        kind = (_mark("{id} est une orientation : indiquez une action, de la forme 1.2.3")
                if isinstance(element, Orientation) else
                _mark("{id} est un objectif : indiquez une action, de la forme 1.2.3"))
        raise UsageError(_(kind).format(id=element.id))
    return element


def _action_index(document: Document, identifier: str) -> int:
    for index, item in enumerate(document.data.get("actions") or []):
        if isinstance(item, dict) and item.get("id") == identifier:
            return index
    raise ChangeRefusedError(_("l’action {id} a disparu du fichier pendant la modification : "
                               "relancez la commande").format(id=identifier))


# ---------------------------------------------------------------- splicing

class _Splicer:
    """Collects (start, end, text) replacements in one document and applies them."""

    def __init__(self, text: str, document: Document):
        self.text = text
        self.document = document
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.replacements: list[tuple[int, int, str]] = []

    def column(self, offset: int) -> int:
        return offset - (self.text.rfind("\n", 0, offset) + 1)

    def line_end(self, offset: int) -> int:
        """Where the line holding ``offset - 1`` ends (after its newline)."""
        if offset > 0 and self.text[offset - 1] == "\n":
            return offset
        found = self.text.find("\n", offset)
        return len(self.text) if found < 0 else found + 1

    def insert(self, offset: int, lines: list[str], indent: int) -> None:
        block = "".join(" " * indent + line + self.newline for line in lines)
        if offset == len(self.text) and self.text and not self.text.endswith("\n"):
            block = self.newline + block[: -len(self.newline)]  # keep no final newline
        self.replacements.append((offset, offset, block))

    def set_scalar(self, loc: Loc, value: str, after: tuple[str, ...]) -> None:
        """Set ``loc`` (a key in a mapping) to ``value``, inserting it after the first of
        the ``after`` keys found when it is missing."""
        spans = self.document.spans
        if loc in spans:
            start, end = spans[loc]
            prefix = " " if start == end and self.text[start - 1] == ":" else ""
            self.replacements.append((start, end, prefix + value))
            return
        parent = loc[:-1]
        anchor = next((parent + (k,) for k in after if parent + (k,) in spans), None)
        if anchor is None:
            raise ChangeRefusedError(_("structure inattendue : modification impossible"))
        indent = self.column(self.document.key_starts[anchor])
        self.insert(self.line_end(spans[anchor][1]), [f"{loc[-1]}: {value}"], indent)

    def append_item(self, mapping: Loc, key: str, item: list[str]) -> None:
        """Append a block-style item (its lines, without dash) to the list at
        ``mapping + (key,)``, creating the list if needed."""
        spans, loc = self.document.spans, mapping + (key,)
        dash = ["- " + item[0], *("  " + line for line in item[1:])]
        empty = loc in spans and self.text[slice(*spans[loc])].strip() in ("", "[]", "~", "null")
        if loc in self.document.flow and not empty:
            raise ChangeRefusedError(_("la liste « {key} » est écrite sur une ligne ([...]) : "
                                       "écrivez-la en lignes « - » pour l’allonger")
                                     .format(key=key))
        if empty:  # `key: []` or `key:` becomes a block list
            start, end = spans[loc]
            while self.text[start - 1] == " ":
                start -= 1
            indent = self.column(self.document.key_starts[loc]) + 2
            block = "".join(self.newline + " " * indent + line for line in dash)
            self.replacements.append((start, end, block))
        elif loc in spans:
            start, end = spans[loc]
            self.insert(self.line_end(end), dash, self.column(start))
        else:
            indent = self.column(self.document.key_starts[mapping + ("id",)])
            end = spans[mapping][1]
            self.insert(self.line_end(end), [f"{key}:", *("  " + line for line in dash)],
                        indent)

    def block(self, loc: Loc) -> tuple[int, int]:
        """Whole lines of the list item at ``loc``: from its dash's line to its end."""
        if loc[:-1] in self.document.flow:
            raise ChangeRefusedError(_("la liste « {key} » est écrite sur une ligne ([...]) : "
                                       "écrivez-la en lignes « - » pour la modifier")
                                     .format(key=loc[-2]))
        start, end = self.document.spans[loc]
        return self.text.rfind("\n", 0, start) + 1, self.line_end(end)

    def remove_block(self, loc: Loc) -> None:
        start, end = self.block(loc)
        self.replacements.append((start, end, ""))

    def insert_before(self, loc: Loc, item: list[str]) -> None:
        """Insert a block-style item (its lines, without dash) before the item at ``loc``."""
        start, _end = self.block(loc)
        indent = len(self.text[start:]) - len(self.text[start:].lstrip(" "))
        self.insert(start, ["- " + item[0], *("  " + line for line in item[1:])], indent)

    def empty_list(self, loc: Loc) -> None:
        """Replace the items of the block list at ``loc`` by ``[]``."""
        colon = self.text.index(":", self.document.key_starts[loc])
        end = self.line_end(self.document.spans[loc][1])
        self.replacements.append((colon + 1, end, " []" + self.newline))

    def set_value(self, loc: Loc, value: object, after: tuple[str, ...]) -> None:
        """Set the key at ``loc`` to ``value`` (a date, status, number or text), or remove
        its line when ``value`` is ``None``."""
        if value is None:
            if loc in self.document.spans:
                start = self.text.rfind("\n", 0, self.document.key_starts[loc]) + 1
                self.replacements.append((start, self.line_end(self.document.spans[loc][1]),
                                          ""))
            return
        self.set_scalar(loc, _yaml_value(value), after)

    def result(self) -> str:
        # From the end of the file backwards, so that offsets stay true; of two
        # insertions at one place, the one asked for first comes first.
        text = self.text
        ordered = sorted(enumerate(self.replacements), key=lambda r: (r[1][0], r[0]),
                         reverse=True)
        for _order, (start, end, new) in ordered:
            text = text[:start] + new + text[end:]
        return text


# ---------------------------------------------------------------- validating and writing

def _validated(project: Project, edit: Edit, *, only: str | None = None) -> Plan:
    """The plan as ``edit`` would leave it (the branch of ``only``, if given), validated."""
    loaded = _branch(project).read({edit.path: edit.data}, only=only)
    if loaded.problems:
        raise PlanInvalidError(loaded.problems)
    assert loaded.plan is not None
    return loaded.plan


def write_atomically(edit: Edit) -> None:
    """Replace ``edit.path`` by its new bytes (:attr:`Edit.data`, those validated):
    temporary file in the same folder, flush, fsync, same permissions, then an atomic
    rename. A crash leaves the old file. A link, or a file the user made read-only, is
    refused (:class:`ChangeRefusedError`), not replaced.

    Call it with the file's lock held (every edit function here does)."""
    path = edit.path
    check_writable(path)
    data = edit.data
    try:
        _sweep(path)
        files.write_atomically(path, data)
    except OSError as error:
        raise ChangeRefusedError(_("écriture de {path} impossible : {reason} ; le fichier n’a "
                                   "pas été modifié").format(path=path, reason=os_reason(error))
                                 ) from None


def _sweep(path: Path) -> None:
    """Remove the temporary files a process killed mid-write left beside ``path`` (the
    lock holder's to do)."""
    for stale in path.parent.glob(f".{path.name}.*{TEMPORARY_SUFFIX}"):
        stale.unlink(missing_ok=True)


def check_writable(path: Path) -> None:
    """Refuse to replace a link or a file its owner cannot write (``chmod 444``: the user
    protected it; the mode bits are read too, as root passes every permission)."""
    if path.is_symlink():
        raise ChangeRefusedError(_("{path} est un lien symbolique : tdsplan ne modifie pas un "
                                   "fichier à travers un lien").format(path=path))
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return  # a file the edit creates
    except OSError as error:
        raise ChangeRefusedError(_("écriture de {path} impossible : {reason} ; le fichier n’a "
                                   "pas été modifié").format(path=path, reason=os_reason(error))
                                 ) from None
    if not mode & 0o222 or not os.access(path, os.W_OK):
        raise ChangeRefusedError(_("{path} est en lecture seule : tdsplan ne remplace pas un "
                                   "fichier protégé en écriture (rendez-le modifiable, par "
                                   "exemple avec « chmod u+w », si la modification est voulue) ; "
                                   "rien n’a été écrit").format(path=path))


def slug(title: str, words: int = 5) -> str:
    """An ASCII file-name part from a title: « Refonte du site » → ``refonte-du-site``."""
    plain = unicodedata.normalize("NFKD", title.replace("’", " ").replace("'", " "))
    ascii_text = plain.encode("ascii", "ignore").decode().lower()
    parts = re.findall(r"[a-z0-9]+", ascii_text)
    return "-".join(parts[:words]) or "sans-titre"



# ---------------------------------------------------------------- adding elements

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


@dataclass(frozen=True)
class Added:
    """An element added to the plan: its new ID and the file written (or to write)."""

    identifier: str
    edit: Edit


def add_action(project: Project, parent: str, titre: str, *, porteur: str | None = None,
               echeance: dt.date | None = None, dry_run: bool = False) -> Added:
    """Add an action at the end of objective ``parent``, with the next free ID.

    Refused (:class:`PlanInvalidError`) when any file of the plan is invalid."""
    _check_texts(titre=titre, porteur=porteur)
    ids = _ensure_plan_valid(project)
    objectif = find(_branch(project).load(only=parent), parent)
    if not isinstance(objectif, Objectif):
        raise UsageError(_("{id} n’est pas un objectif : --parent attend un objectif, de la "
                           "forme 1.2").format(id=parent))
    path = objectif.source.file
    with _locked(path):
        text, bom = read_source(path)
        document = parse_document(path, text)
        numbers = [int(str(a.get("id", "")).rsplit(".", 1)[-1])
                   for a in document.data.get("actions") or []
                   if isinstance(a, dict) and str(a.get("id", "")).count(".") == 2]
        identifier = f"{objectif.id}.{max(numbers, default=0) + 1}"
        taken = ids.get(identifier)
        if taken is not None and project.plan_dir / taken != path:
            raise ChangeRefusedError(_("l’identifiant {id} est déjà pris dans {file} : rien "
                                       "n’a été écrit").format(
                                           id=identifier, file=project.plan_dir / taken))
        lines = [f"id: {identifier}", f"titre: {format_scalar(titre)}", "statut: a_venir"]
        if porteur:
            lines.append(f"porteur: {format_scalar(porteur)}")
        if echeance:
            lines.append(f"echeance: {echeance.isoformat()}")
        lines.append("journal: []")
        splicer = _Splicer(text, document)
        splicer.append_item((), "actions", lines)
        edit = Edit(path, text, splicer.result(), bom)
        _validated(project, edit, only=identifier)
        if not dry_run:
            write_atomically(edit)
            _record(project, edit, (identifier,))
    return Added(identifier, edit)


def add_objective(project: Project, parent: str, titre: str, *, dry_run: bool = False) -> Added:
    """Add an objective file to orientation ``parent``, with the next free ID."""
    _ensure_plan_valid(project)
    with _locked(project.plan_dir):
        orientation = find(_branch(project).load(only=parent), parent)
        if not isinstance(orientation, Orientation):
            raise UsageError(_("{id} n’est pas une orientation : --parent attend un numéro "
                               "d’orientation, par exemple 1").format(id=parent))
        numbers = [int(o.id.rsplit(".", 1)[1]) for o in orientation.objectifs]
        identifier = f"{orientation.id}.{max(numbers, default=0) + 1}"
        path = orientation.source.file.parent / f"{identifier}-{slug(titre)}.yaml"
        text = (OBJECTIF_HEADER.format(id=identifier)
                + f"id: {identifier}\ntitre: {format_scalar(titre)}\nactions: []\n")
        return _create(project, Edit(path, "", text), identifier, dry_run, only=orientation.id)


def add_orientation(project: Project, titre: str, *, dry_run: bool = False) -> Added:
    """Add an orientation folder with its ``orientation.yaml``, with the next free number."""
    _check_no_interrupted_batch(project)
    with _locked(project.plan_dir):
        numbers = [int(o.id) for o in project.load().orientations]  # validates the whole plan
        identifier = str(max(numbers, default=0) + 1)
        path = project.plan_dir / f"{identifier}-{slug(titre)}" / ORIENTATION_FILE
        text = ORIENTATION_HEADER.format(id=identifier) + \
            f"id: {identifier}\ntitre: {format_scalar(titre)}\n"
        return _create(project, Edit(path, "", text), identifier, dry_run)


def _create(project: Project, edit: Edit, identifier: str, dry_run: bool,
            only: str | None = None) -> Added:
    if edit.path.exists() or (edit.path.name == ORIENTATION_FILE and edit.path.parent.exists()):
        raise ChangeRefusedError(_("{path} existe déjà : rien n’a été écrit").format(
            path=edit.path))
    _validated(project, edit, only=only)
    if not dry_run:
        edit.path.parent.mkdir(exist_ok=True)
        write_atomically(edit)
    return Added(identifier, edit)

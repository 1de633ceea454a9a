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
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tdsplan import files
from tdsplan.errors import ChangeRefusedError, PlanInvalidError, UsageError, os_reason
from tdsplan.files import TEMPORARY_SUFFIX
from tdsplan.i18n import _, _mark
from tdsplan.models import Action, Objectif, Orientation, Plan, Statut, text_problem
from tdsplan.project import Project
from tdsplan.query import find
from tdsplan.store import ORIENTATION_FILE
from tdsplan.yamlio import Document, Loc, format_scalar, parse_document, read_source

#: How long an edit waits for another one on the same file.
LOCK_TIMEOUT = 30.0


@dataclass(frozen=True)
class Edit:
    """A file before and after a change."""

    path: Path
    before: str
    after: str
    bom: bool = False

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


@dataclass(frozen=True)
class Updated:
    """An update as made (or, in a dry run, as it would be made)."""

    action: Action
    before: tuple[Statut, int | None]
    after: tuple[Statut, int | None]
    update: Update
    edit: Edit


def update_action(project: Project, identifier: str, update: Update, *,
                  dry_run: bool = False) -> Updated:
    """Append a journal entry to an action and set its status and progress.

    Raises :class:`UsageError` for a request that cannot be (unknown ID, nothing to
    record) and :class:`ChangeRefusedError` or :class:`PlanInvalidError` when the
    result would not be a valid plan; nothing is written then.
    """
    if update.statut is None and update.avancement is None and not update.note:
        raise UsageError(_("rien à inscrire : indiquez --status, --progress ou --note"))
    if update.avancement is not None and not 0 <= update.avancement <= 100:
        raise UsageError(_("avancement {value} invalide : entre 0 et 100").format(
            value=update.avancement))
    _check_texts(note=update.note, auteur=update.auteur)
    plan = project.load(only=identifier)
    action = _action(plan, identifier)
    path = action.source.file
    with _locked(path):
        text, bom = read_source(path)
        document = parse_document(path, text)
        index = _action_index(document, action.id)
        current = Action.model_validate(document.data["actions"][index])
        if current.journal and update.date < current.journal[-1].date:
            raise ChangeRefusedError(_(
                "la date {date} précède la dernière entrée du journal de {id} ({last}) : le "
                "journal va du plus ancien au plus récent").format(
                    date=update.date, id=action.id, last=current.journal[-1].date))
        avancement = update.avancement
        if (update.statut is Statut.REALISEE and avancement is None
                and current.avancement is not None):
            avancement = 100  # a finished action is complete
        update = Update(update.date, update.statut, avancement, update.note, update.auteur)
        statut = update.statut or current.statut
        after = _splice_update(text, document, index, update)
        edit = Edit(path, text, after, bom)
        new_plan = _validated(project, edit, only=action.id)
        written = find(new_plan, action.id)
        expected = (statut, avancement if avancement is not None else current.avancement)
        if (written.statut, written.avancement) != expected or \
                written.journal[-1].model_dump() != _entry(update):
            raise ChangeRefusedError(_("la modification de {id} ne se relit pas à l’identique : "
                                       "rien n’a été écrit").format(id=action.id))
        if not dry_run:
            write_atomically(edit)
    return Updated(current, (current.statut, current.avancement),
                   (written.statut, written.avancement), update, edit)


def _check_texts(**texts: str | None) -> None:
    for name, value in texts.items():
        problem = text_problem(value) if value else None
        if problem:
            raise UsageError(_("{field} refusé : {problem}").format(field=name, problem=problem))


def _entry(update: Update) -> dict:
    return {"date": update.date, "statut": update.statut, "avancement": update.avancement,
            "note": update.note, "auteur": update.auteur}


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

    def result(self) -> str:
        # From the end of the file backwards, so that offsets stay true; of two
        # insertions at one place, the one asked for first comes first.
        text = self.text
        ordered = sorted(enumerate(self.replacements), key=lambda r: (r[1][0], r[0]),
                         reverse=True)
        for _order, (start, end, new) in ordered:
            text = text[:start] + new + text[end:]
        return text


def _splice_update(text: str, document: Document, index: int, update: Update) -> str:
    splicer = _Splicer(text, document)
    base: Loc = ("actions", index)
    if base in document.flow:
        raise ChangeRefusedError(_("action écrite sur une ligne ({{...}}) : écrivez-la en lignes "
                                   "« clé: valeur » pour la modifier").format())
    if update.statut is not None:
        splicer.set_scalar((*base, "statut"), update.statut.value, ("titre", "id"))
    if update.avancement is not None:
        splicer.set_scalar((*base, "avancement"), str(update.avancement),
                           ("statut", "titre", "id"))
    lines = [f"date: {update.date.isoformat()}"]
    if update.statut is not None:
        lines.append(f"statut: {update.statut.value}")
    if update.avancement is not None:
        lines.append(f"avancement: {update.avancement}")
    if update.note:
        lines.append(f"note: {format_scalar(update.note)}")
    if update.auteur:
        lines.append(f"auteur: {format_scalar(update.auteur)}")
    splicer.append_item(base, "journal", lines)
    return splicer.result()


# ---------------------------------------------------------------- validating and writing

def _validated(project: Project, edit: Edit, *, only: str | None = None) -> Plan:
    """The plan as ``edit`` would leave it (the branch of ``only``, if given), validated."""
    loaded = project.read({edit.path: edit.after}, only=only)
    if loaded.problems:
        raise PlanInvalidError(loaded.problems)
    assert loaded.plan is not None
    return loaded.plan


def lock_path(path: Path) -> Path:
    """The lock file of a plan file: in the temporary folder, never in the plan."""
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:20]
    return Path(tempfile.gettempdir()) / f"tdsplan-{digest}.lock"


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout  # only edits pay for this import

    try:
        with FileLock(lock_path(path), timeout=LOCK_TIMEOUT):
            yield
    except Timeout:
        raise ChangeRefusedError(_("{path} est en cours de modification par un autre processus "
                                   "depuis plus de {seconds} s").format(
                                       path=path, seconds=f"{LOCK_TIMEOUT:.0f}")) from None


def write_atomically(edit: Edit) -> None:
    """Replace ``edit.path`` by its new text: temporary file in the same folder, flush,
    fsync, same permissions, then an atomic rename. A crash leaves the old file.

    Call it with the file's lock held (every edit function here does)."""
    path = edit.path
    if path.is_symlink():
        raise ChangeRefusedError(_("{path} est un lien symbolique : tdsplan ne modifie pas un "
                                   "fichier à travers un lien").format(path=path))
    data = (codecs.BOM_UTF8 if edit.bom else b"") + edit.after.encode("utf-8")
    try:
        # A process killed mid-write leaves its temporary file; the lock holder sweeps it.
        for stale in path.parent.glob(f".{path.name}.*{TEMPORARY_SUFFIX}"):
            stale.unlink(missing_ok=True)
        files.write_atomically(path, data)
    except OSError as error:
        raise ChangeRefusedError(_("écriture de {path} impossible : {reason} ; le fichier n’a "
                                   "pas été modifié").format(path=path, reason=os_reason(error))
                                 ) from None


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
    """Add an action at the end of objective ``parent``, with the next free ID."""
    _check_texts(titre=titre, porteur=porteur)
    objectif = find(project.load(only=parent), parent)
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
    return Added(identifier, edit)


def add_objective(project: Project, parent: str, titre: str, *, dry_run: bool = False) -> Added:
    """Add an objective file to orientation ``parent``, with the next free ID."""
    with _locked(project.plan_dir):
        orientation = find(project.load(only=parent), parent)
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
    with _locked(project.plan_dir):
        numbers = [int(o.id) for o in project.load().orientations]
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

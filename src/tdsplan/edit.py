"""The edit of a plan file: the bytes validated with the whole plan, then written atomically.

An edit (:class:`Edit`) is a file's text before and after a change, spliced by
:mod:`tdsplan.splice`; :func:`validated` reads the plan with the new bytes, and only
then does :func:`write_atomically` (one file) or :func:`write_batch` (several, with a
record of the batch in the plan folder) replace the files, under their locks.
"""

from __future__ import annotations

import codecs
import difflib
import hashlib
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path

from tdsplan import files
from tdsplan.errors import ChangeRefusedError, PlanInvalidError, UsageError, os_reason
from tdsplan.figures import count
from tdsplan.files import BATCH_FILE as BATCH_FILE, TEMPORARY_SUFFIX
from tdsplan.i18n import _, _mark, ngettext
from tdsplan.models import Plan, text_problem
from tdsplan.project import Project
from tdsplan.yamlio import MAX_FILE_BYTES


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
            raise ChangeRefusedError(
                _(
                    "{path} : le nouveau texte contient un caractère que "
                    "l’UTF-8 ne peut pas écrire : rien n’a été écrit"
                ).format(path=self.path)
            ) from None
        if len(data) > MAX_FILE_BYTES:
            raise ChangeRefusedError(
                _(
                    "{path} : la modification porterait le fichier à {size} octets, au-delà de la "
                    "limite de {cap} octets d’un fichier du plan : rien n’a été écrit"
                ).format(path=self.path, size=count(len(data)), cap=count(MAX_FILE_BYTES))
            )
        return data

    def diff(self, shown: str | None = None) -> str:
        """The change as a unified diff."""
        name = shown or str(self.path)
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                f"a/{name}",
                f"b/{name}",
            )
        )


#: What a checked text is, said so that « vide » and « refusé » agree with it.
_TEXT_NAMES = {
    "note": _mark("texte de la note"),
    "auteur": _mark("nom de l’auteur"),
    "porteur": _mark("nom du porteur"),
    "titre": _mark("texte du titre"),
    "par": _mark("nom de l’instance"),
    "resolution": _mark("numéro de la résolution"),
}


def check_texts(**texts: str | None) -> None:
    """Refuse an empty or hostile text given for an edit (``note=...``, ``titre=...``)."""
    for name, value in texts.items():
        field = _(_TEXT_NAMES[name])
        if value is not None and not value.strip():
            raise UsageError(
                _("{field} vide : écrivez un texte, ou ne l’indiquez pas").format(field=field)
            )
        problem = text_problem(value) if value else None
        if problem:
            raise UsageError(_("{field} refusé : {problem}").format(field=field, problem=problem))


def validated(project: Project, edit: Edit, *, only: str | None = None) -> Plan:
    """The plan as ``edit`` would leave it (the branch of ``only``, if given), validated."""
    loaded = branch(project).read({edit.path: edit.data}, only=only)
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
        raise ChangeRefusedError(
            _("écriture de {path} impossible : {reason} ; le fichier n’a pas été modifié").format(
                path=path, reason=os_reason(error)
            )
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
        raise ChangeRefusedError(
            _(
                "{path} est un lien symbolique : tdsplan ne modifie pas un "
                "fichier à travers un lien"
            ).format(path=path)
        )
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return  # a file the edit creates
    except OSError as error:
        raise ChangeRefusedError(
            _("écriture de {path} impossible : {reason} ; le fichier n’a pas été modifié").format(
                path=path, reason=os_reason(error)
            )
        ) from None
    if not mode & 0o222 or not os.access(path, os.W_OK):
        raise ChangeRefusedError(
            _(
                "{path} est en lecture seule : tdsplan ne remplace pas un "
                "fichier protégé en écriture (rendez-le modifiable, par "
                "exemple avec « chmod u+w », si la modification est voulue) ; "
                "rien n’a été écrit"
            ).format(path=path)
        )


#: Files an interrupted batch's message lists by name (the others are counted).
LISTED = 10


def write_batch(project: Project, edits: list[Edit], data: dict[Path, bytes]) -> None:
    """Write each file of a validated batch, atomically, between the batch's record
    (what each file held and will hold, by hash) and its removal."""
    for edit in edits:
        check_writable(edit.path)  # every file, before the first is written
    record = project.plan_dir / BATCH_FILE
    files_record = {
        os.path.relpath(edit.path, project.plan_dir): {
            "avant": _sha256((codecs.BOM_UTF8 if edit.bom else b"") + edit.before.encode("utf-8")),
            "apres": _sha256(data[edit.path]),
        }
        for edit in edits
    }
    try:
        files.write_atomically(
            record,
            json.dumps(
                {"format": 1, "fichiers": files_record}, ensure_ascii=False, indent=1
            ).encode("utf-8"),
        )
    except OSError as error:
        raise ChangeRefusedError(
            _("écriture de {path} impossible : {reason} ; rien n’a été écrit").format(
                path=record, reason=os_reason(error)
            )
        ) from None
    try:
        for edit in edits:
            _sweep(edit.path)
        files.write_many_atomically([(edit.path, data[edit.path]) for edit in edits])
    except OSError as error:
        interrupted = interrupted_batch(project)
        if interrupted is not None and not interrupted.written:
            record.unlink(missing_ok=True)  # nothing was written: nothing to report
        raise ChangeRefusedError(
            _("écriture de {path} impossible : {reason}").format(
                path=error.filename, reason=os_reason(error)
            )
        ) from None
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
            if not paths:
                return _("aucun")
            shown = ", ".join(map(str, paths[:LISTED]))
            if len(paths) <= LISTED:
                return shown
            return shown + ngettext(" et {n} autre", " et {n} autres", len(paths) - LISTED).format(
                n=count(len(paths) - LISTED)
            )

        super().__init__(
            _(
                "l’import précédent a été interrompu : fichiers écrits : {written} ; non "
                "écrits : {unwritten} ; chaque fichier est entier, mais le lot ne l’est pas : "
                "supprimez {record} puis relancez le même import (les lignes déjà inscrites "
                "sont passées)"
            ).format(
                written=names(interrupted.written),
                unwritten=names(interrupted.unwritten),
                record=interrupted.record,
            )
        )


def interrupted_batch(project: Project) -> Interrupted | None:
    """The batch of :func:`tdsplan.journal.update_actions` cut short in ``project``, if
    any: which of its files hold their new bytes and which do not."""
    from tdsplan.cache import read_own_file

    record = project.plan_dir / BATCH_FILE
    if not os.path.lexists(record):
        return None
    # Data read back, as the cache is: a regular file of this user, no link followed, no
    # pipe waited on, capped; what it names is trusted only as a plan file's name.
    raw = read_own_file(record) or b""
    try:
        listed = json.loads(raw)["fichiers"]
        wanted = {name: entry["apres"] for name, entry in listed.items()}
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return Interrupted(record, (), ())  # unreadable: the batch is still unfinished
    written: list[Path] = []
    unwritten: list[Path] = []
    for name, digest in sorted(wanted.items()):
        path = _plan_file(project.plan_dir, name)
        if path is not None:
            (written if _digest_of(path) == digest else unwritten).append(path)
    return Interrupted(record, tuple(written), tuple(unwritten))


def _plan_file(plan_dir: Path, name: object) -> Path | None:
    """The plan file a batch record names, if ``name`` is a relative name of a file inside
    ``plan_dir`` (links resolved); ``None`` for anything else (``/etc/passwd``, ``../..``)."""
    if not isinstance(name, str) or not name or "\0" in name or os.path.isabs(name):
        return None
    path = plan_dir / name
    real = Path(os.path.realpath(path))
    return (
        path
        if real.is_relative_to(os.path.realpath(plan_dir))
        and real != Path(os.path.realpath(plan_dir))
        else None
    )


def _digest_of(path: Path) -> str | None:
    """The hash of a plan file's bytes, if it is a regular file a plan file may be."""
    try:
        data = files.read_regular(path, MAX_FILE_BYTES)
    except OSError:
        return None
    return None if data is None else _sha256(data)


def check_no_interrupted_batch(project: Project) -> None:
    """Refuse any edit while the previous batch is unfinished (:class:`InterruptedBatchError`)."""
    interrupted = interrupted_batch(project)
    if interrupted is not None:
        raise InterruptedBatchError(interrupted)


def branch(project: Project) -> Project:
    """The project read without its parse cache: an edit reads a few files of one branch,
    faster parsed again than found in the cache of every file of a large plan."""
    return replace(project, cache_file=None)


def ensure_plan_valid(project: Project) -> dict[str, str]:
    """Refuse an edit of an invalid plan (:class:`PlanInvalidError`), at the cost of the
    files changed since the last edit; return each action ID with the file declaring it."""
    from tdsplan.index import ensure_valid

    check_no_interrupted_batch(project)
    return ensure_valid(project)


def record_written(project: Project, edit: Edit, ids: tuple[str, ...] = ()) -> None:
    """Note in the index of valid files that ``edit``'s file now holds its validated bytes."""
    from tdsplan.index import record_write

    record_write(project, edit.path, edit.data, ids)

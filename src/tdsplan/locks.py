"""Locks that belong to the plan: one per plan file, beside it, gone when the edit is done.

The lock of ``1.2-outils.yaml`` is ``.1.2-outils.yaml.lock`` in the same folder (a
folder's lock is ``.tdsplan.lock`` inside it): hidden, so the plan's reader skips it,
and git-ignored by the plan's ``.gitignore``. Whoever may edit the plan file may
take its lock, and nobody else can get in the way of it: the lock is an advisory
``flock`` on the file, not the file's existence, so a lock file left by a killed
process, or created by another user, never blocks an edit. The holder removes the
file when it is done; a waiter that finds its file removed or replaced meanwhile
takes the lock again on the new one, so two edits never run at once.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tdsplan.errors import ChangeRefusedError, os_reason
from tdsplan.i18n import _

#: How long an edit waits for another one on the same file, in seconds.
LOCK_TIMEOUT = 30.0
#: Name of a folder's own lock, inside it.
FOLDER_LOCK = ".tdsplan.lock"
#: Longest pause between two tries (the first ones come quicker: most edits are short).
_POLL = 0.025
#: Open flags that exist here (Windows has neither links to refuse nor non-blocking opens).
_FLAGS = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NONBLOCK", 0)


def _try_lock(fd: int) -> bool:
    """Take the exclusive lock on ``fd`` if it is free; never wait."""
    try:
        import fcntl
    except ImportError:  # Windows: a byte-range lock on the first byte does the same
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def lock_path(path: Path) -> Path:
    """The lock file of a plan file (beside it) or of a folder (inside it)."""
    if path.is_dir():
        return path / FOLDER_LOCK
    return path.with_name(f".{path.name}.lock")


@contextmanager
def locked(path: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the lock of ``path`` for the duration of the ``with`` block.

    Raises :class:`ChangeRefusedError` when another edit holds it past ``timeout``
    seconds, or when the lock cannot be taken at all (a read-only folder)."""
    lock = lock_path(path)
    fd = _acquire(lock, path, timeout)
    if fd is None:  # nobody can write here, so nothing to serialize: the write will say so
        yield
        return
    try:
        yield
    finally:
        try:
            # Removed while still held: a waiter that opened it sees it gone and retries.
            if _same_file(fd, lock):
                lock.unlink()
        except OSError:
            pass
        os.close(fd)  # releases the lock


def _acquire(lock: Path, path: Path, timeout: float) -> int | None:
    deadline = time.monotonic() + timeout
    pause = 0.001
    while True:
        fd = _open(lock, path)
        if fd is None:
            return None
        try:
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise ChangeRefusedError(
                        _(
                            "{path} est en cours de modification par un autre processus "
                            "depuis plus de {seconds} s"
                        ).format(path=path, seconds=f"{timeout:.0f}")
                    )
                time.sleep(pause)
                pause = min(pause * 2, _POLL)
            if _same_file(fd, lock):
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the holder removed or replaced it meanwhile: take the new one


def _open(lock: Path, path: Path) -> int | None:
    """The lock file, open; ``None`` when the folder cannot be written at all."""
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | _FLAGS, 0o644)
    except OSError as error:
        if error.errno == errno.ELOOP:  # a link in place of the lock: not ours to follow
            raise ChangeRefusedError(
                _("{lock} est un lien symbolique : supprimez-le").format(lock=lock)
            ) from None
        if error.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise _refused(path, error) from None
        foreign = _open_foreign(lock, path)
        if foreign is None:
            return None
        fd = foreign
    else:
        try:
            info = os.fstat(fd)
            if (
                hasattr(os, "getuid")
                and info.st_uid == os.getuid()
                and stat.S_IMODE(info.st_mode) != 0o644
            ):
                os.fchmod(fd, 0o644)  # whatever the umask, others can take it too
        except OSError:
            pass
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ChangeRefusedError(
            _("{lock} n’est pas un fichier ordinaire : supprimez-le").format(lock=lock)
        )
    return fd


def _open_foreign(lock: Path, path: Path) -> int | None:
    """Another user's lock file: an exclusive flock on it works read-only too."""
    try:
        return os.open(lock, os.O_RDONLY | _FLAGS)
    except FileNotFoundError:
        return None  # no lock file and no right to create one: a read-only folder
    except PermissionError:
        # Not even readable: tdsplan makes its locks readable by all, so this one is not
        # an edit's; whoever may write the folder may remove it.
        try:
            lock.unlink()
        except OSError:
            return None
        return _open(lock, path)
    except OSError as error:
        raise _refused(path, error) from None


def _refused(path: Path, error: OSError) -> ChangeRefusedError:
    return ChangeRefusedError(
        _("écriture de {path} impossible : {reason} ; le fichier n’a pas été modifié").format(
            path=path, reason=os_reason(error)
        )
    )


def _same_file(fd: int, lock: Path) -> bool:
    try:
        held, named = os.fstat(fd), os.lstat(lock)
    except OSError:
        return False
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)

"""Writing files so that a crash never leaves half of one: the one atomic writer, for
plan files, the parse cache and the reports alike."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from tdsplan.errors import TdsplanError, os_reason
from tdsplan.i18n import _

#: The record of a batch being written, in the plan folder (hidden: the loader skips it;
#: :func:`tdsplan.edit.interrupted_batch` reads it).
BATCH_FILE = ".tdsplan-batch.json"
#: How the temporary file of a write is named: ``.1.2-outils.yaml.k3j9.tmp``.
TEMPORARY_SUFFIX = ".tmp"


class OutputError(TdsplanError):
    """A file asked for (a report, an export) could not be written; ``path`` says which."""

    def __init__(self, path: Path, error: OSError, *, folder: bool = False):
        self.path = path
        message = (
            _("création du dossier {path} impossible : {reason}")
            if folder
            else _("écriture de {path} impossible : {reason}")
        )
        super().__init__(message.format(path=path, reason=os_reason(error)))


def write_atomically(
    path: Path, data: bytes, *, mode: int | None = None, durable: bool = True
) -> None:
    """Replace ``path`` by ``data``: a temporary file in the same folder, flushed and
    fsynced, given ``mode`` (default: the old file's, or 0644), then renamed over
    ``path``. A crash leaves the old file or the new one, never a mix. Raises
    :class:`OSError`; the temporary file is removed on failure.

    ``durable=False`` skips the fsyncs, for files that are rebuilt at will (the pages
    of a site: thousands of fsyncs would cost seconds); readers still never see half
    a file."""
    if mode is None:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = 0o644
    fd, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX
    )
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if durable:
        _sync_folder(path.parent)


def write_many_atomically(writes: list[tuple[Path, bytes]], *, workers: int = 8) -> None:
    """Replace each path by its data, each one atomically as :func:`write_atomically`
    does (same folder, flushed, fsynced, the old file's mode, renamed over it), the
    files' fsyncs run side by side and each folder synced once: a batch of a thousand
    files costs a few journal commits, not two thousand. A crash leaves each file old or
    new, never a mix. Raises :class:`OSError` (its ``filename``: the file at fault); the
    temporary files not yet renamed are removed."""
    from concurrent.futures import ThreadPoolExecutor

    def prepare(item: tuple[Path, bytes]) -> tuple[Path, str, int]:
        path, data = item
        temporary = None
        try:
            try:
                mode = stat.S_IMODE(path.stat().st_mode)
            except FileNotFoundError:
                mode = 0o644
            fd, temporary = tempfile.mkstemp(
                dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX
            )
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())  # releases the GIL: the others go on meanwhile
            os.chmod(temporary, mode)
        except OSError as error:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
            error.filename = str(path)  # the file at fault, not its temporary
            raise
        return path, temporary, mode

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(prepare, item) for item in writes]
    ready, failure = [], None
    for future in futures:
        try:
            ready.append(future.result())
        except OSError as error:
            failure = failure or error
    try:
        if failure is not None:
            raise failure
        for index, (path, temporary, _mode) in enumerate(ready):
            try:
                os.replace(temporary, path)
            except OSError as error:
                for _path, left, _m in ready[index:]:
                    Path(left).unlink(missing_ok=True)
                error.filename = str(path)
                raise
    except BaseException:
        for _path, temporary, _mode in ready:
            Path(temporary).unlink(missing_ok=True)
        raise
    for folder in dict.fromkeys(path.parent for path, _data in writes):
        _sync_folder(folder)


def stable_zip(
    data: bytes,
    stamp: tuple[int, int, int, int, int, int],
    rewrite: Callable[[str, bytes], bytes] | None = None,
) -> bytes:
    """The same zip archive (a DOCX, an XLSX) with every entry dated ``stamp``, and each
    entry's content through ``rewrite(name, content)`` when given: one plan, one file,
    byte for byte, whenever it is made."""
    import io
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if rewrite is not None:
                content = rewrite(item.filename, content)
            entry = zipfile.ZipInfo(item.filename, stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


def write_output(path: Path, data: bytes) -> None:
    """Write a file the user asked for (a report, an export), creating its folder.

    A regular file is replaced atomically; a device or a pipe (``/dev/stdout``) is
    written as it is. Raises :class:`OutputError` with the reason in French."""
    try:
        if path.exists() and not path.is_file():
            with path.open("wb") as stream:
                stream.write(data)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
    except OSError as error:
        raise OutputError(path, error) from None


def read_regular(
    path: Path, limit: int, trusted: Callable[[os.stat_result], bool] = lambda info: True
) -> bytes | None:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes, reached
    without following a link at its name, that ``trusted`` accepts (its owner, its mode);
    ``None`` when it is anything else (a link, a folder, a pipe, a device) or larger.
    Never blocks on a pipe, never reads more than ``limit + 1`` bytes. Raises
    :class:`OSError` when it cannot be read (or is absent)."""
    if not stat.S_ISREG(os.lstat(path).st_mode):
        return None
    fd = os.open(
        path,
        os.O_RDONLY
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_CLOEXEC", 0)
        | getattr(os, "O_NONBLOCK", 0)
        | getattr(os, "O_BINARY", 0),
    )
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit or not trusted(info):
            return None
        data = stream.read(limit + 1)
    return data if len(data) <= limit else None


def make_folder(path: Path) -> None:
    """Create the folder ``path`` asked for (a website), with its parents, and make sure
    it can be written in; :class:`OutputError` naming the folder otherwise."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        if not os.access(path, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
    except OSError as error:
        raise OutputError(path, error, folder=True) from None


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the system allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    with contextlib.suppress(OSError):
        os.fsync(fd)
    os.close(fd)

"""The site's files on disk: the manifest of what a build wrote, the links refused where
a page goes, the pages written only when their bytes change, and the removal of the files
a build can prove it wrote (see :mod:`tdsplan.site`).

A manifest is data read back: a regular file read without following a link, capped in
size; only plain relative names in it count, and a file it lists is removed only when it
still holds the bytes the site wrote, as a plain file reached without any link, outside
the plan folders (the repository's and any other).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tdsplan.cache import MAX_CACHE_BYTES, RESOLUTION, prune, read_own_file, write_own_file
from tdsplan.errors import TdsplanError, UsageError, os_reason
from tdsplan.files import OutputError, read_regular, write_atomically
from tdsplan.i18n import _
from tdsplan.outputs import plan_folder_of
from tdsplan.version import __version__

#: The files the last build wrote and the SHA-256 of their bytes, kept in the site's folder.
MANIFEST = ".tdsplan-site.json"
#: A manifest larger than this is not read (a 10,000-action site in two languages: 2 MB).
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
#: A report larger than this is not published (a yearly report is a few megabytes).
MAX_REPORT_BYTES = 256 * 1024 * 1024


class SiteError(TdsplanError):
    """The site cannot be written where it was asked."""


class SiteLinkError(SiteError, UsageError):
    """A link stands where the site writes a page or a folder: the site does not write
    through it (nothing was written)."""

    def __init__(self, path: Path, *, regular: bool = False):
        self.path = path
        message = (
            _(
                "{path} n’est pas un fichier ordinaire : tdsplan site ne le remplace pas ; "
                "retirez-le ou choisissez un autre dossier (rien n’a été écrit)"
            )
            if regular
            else _(
                "{path} est un lien symbolique : tdsplan site n’écrit pas à travers un lien ; "
                "retirez-le ou choisissez un autre dossier (rien n’a été écrit)"
            )
        )
        super().__init__(message.format(path=path))


#: What a file's status says of its bytes: size, modification and change times (ns), inode.
Stamp = tuple[int, ...]
#: A page made or found by a build: its name, the hash of its bytes, whether it was
#: (re)written, and its stamp (:func:`check`; ``None``: not to be trusted next time).
Rendered = tuple[str, str, bool, Stamp | None]


@dataclass
class SiteResult:
    """What a build did: every file of the site, and those it had to (re)write or remove."""

    folder: Path
    files: list[str]
    written: list[str]
    removed: list[str]
    pages: int


def regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


#: The manifest :func:`previous_files` just read, for :func:`previous_keys`.
_parsed: list[tuple[Path, Any]] = []


def previous_files(out: Path) -> dict[str, str | None]:
    """What the manifest in ``out`` says the last build wrote: each name with the hash
    of its bytes (``None`` when unknown: a manifest of an older tdsplan, whose files are
    then never removed)."""
    _parsed.clear()
    if out.exists() and not out.is_dir():
        raise SiteError(_("{folder} existe et n’est pas un dossier").format(folder=out))
    if not out.is_dir() or not any(out.iterdir()):
        return {}
    try:
        # Read as data: a regular file, no link followed, no pipe waited on, capped.
        raw = read_regular(out / MANIFEST, MAX_MANIFEST_BYTES)
        if raw is None:
            raise ValueError
        manifest = json.loads(raw.decode("utf-8"))
        listed = manifest["fichiers"]
        _parsed[:] = [(out, manifest)]  # read once: previous_keys takes it from here
        if isinstance(listed, list):
            listed = dict.fromkeys(listed)
        if not isinstance(listed, dict) or not all(
            isinstance(n, str) and (h is None or isinstance(h, str)) for n, h in listed.items()
        ):
            raise ValueError
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        raise SiteError(
            _(
                "{folder} n’est pas vide et n’a pas été produit par tdsplan site "
                "(pas de {manifest} lisible) : choisissez un dossier vide ou "
                "nouveau"
            ).format(folder=out, manifest=MANIFEST)
        ) from None
    # A manifest is data read back: only plain relative names inside the folder count.
    return {name: digest for name, digest in listed.items() if _plain_name(name)}


def previous_keys(out: Path) -> tuple[dict[str, str], object, dict[str, list]]:
    """The key of each page the last build recorded (:mod:`tdsplan.sitekeys`), read as
    data (``{}`` when there is none or it cannot be used), what it recorded of the
    fiscal years (:meth:`tdsplan.siteyears.Years.record`; ``None`` when nothing) and of
    the pieces of its downloads (:mod:`tdsplan.sitepieces`, checked there)."""
    try:
        if _parsed and _parsed[0][0] == out:
            manifest = _parsed.pop()[1]
        else:
            raw = read_regular(out / MANIFEST, MAX_MANIFEST_BYTES)
            manifest = json.loads(raw.decode("utf-8")) if raw is not None else {}
        keys, years = manifest.get("cles", {}), manifest.get("exercices")
        pieces = manifest.get("morceaux", {})
    except (OSError, ValueError, AttributeError, RecursionError):
        return {}, None, {}
    if not isinstance(pieces, dict):
        pieces = {}
    pieces = {n: p for n, p in pieces.items() if isinstance(p, list) and _plain_name(n)}
    if not isinstance(keys, dict):
        return {}, years, pieces
    keys = {n: k for n, k in keys.items() if isinstance(k, str) and _plain_name(n)}
    return keys, years, pieces


def stamps_file(cache_dir: Path, out: Path) -> Path:
    """Where the stamps of the site in ``out`` are kept (:func:`check`): in the user's
    cache folder beside the plans' parse caches (:mod:`tdsplan.cache`), not in the site,
    whose files stay the same bytes on every machine."""
    name = hashlib.sha256(os.path.realpath(out).encode()).hexdigest()[:20]
    return cache_dir / f"site-{name}.json"


def load_stamps(file: Path | None, out: Path) -> dict[str, tuple[str, Stamp]]:
    """What :func:`save_stamps` kept for the site in ``out``: each file's hash and the
    stamp it had holding those bytes; ``{}`` on any doubt (the file not this user's
    alone, another site's, another version's, another shape)."""
    raw = read_own_file(file) if file is not None else None
    try:
        content = json.loads(raw) if raw is not None else None
    except (ValueError, RecursionError):
        return {}
    if not (
        isinstance(content, dict)
        and content.get("version") == __version__
        and content.get("site") == os.path.realpath(out)
        and isinstance(content.get("etats"), dict)
    ):
        return {}
    found = {}
    for name, entry in content["etats"].items():
        if not (
            type(entry) is list
            and len(entry) == 5
            and type(entry[0]) is str
            and all(type(n) is int for n in entry[1:])
        ):
            return {}
        found[name] = entry[0], (*entry[1:],)
    return found


def save_stamps(file: Path | None, out: Path, stamps: dict[str, tuple[str, Stamp]]) -> None:
    """Keep ``stamps`` (each file's hash and stamp) for the next build of the site in
    ``out``, then prune the cache folder; any failure is silent (see :mod:`tdsplan.cache`)."""
    if file is None:
        return
    body = json.dumps(
        {
            "version": __version__,
            "site": os.path.realpath(out),
            "etats": {name: [digest, *stamp] for name, (digest, stamp) in stamps.items()},
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    if len(body) > MAX_CACHE_BYTES or read_own_file(file) == body:
        return  # too large to be worth it, or the same as kept already
    write_own_file(file, body, durable=False)  # a convenience: not worth an fsync
    prune(file.parent, keep=file)


#: Whether a file's stamp may stand for its bytes: not where the change time is the
#: creation time, which a program may set back with the modification time (Windows).
TRUST_STAMPS = os.name == "posix"


def _stamp(info: os.stat_result) -> Stamp:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def check(
    path: Path, expected: str, recorded: Stamp | None, started: int
) -> tuple[bool, Stamp | None]:
    """Whether ``path`` is a plain file holding the bytes that hash to ``expected``, and
    the stamp to record for it (``None``: not to be trusted next time).

    The stamp a build recorded (``recorded``) stands for the bytes it found, so that
    a rebuild need not read and hash every page again: a file whose size, modification
    time, change time and inode are those recorded has not been written since (the
    change time is set by the system at every write, rename or ``utime``, and no
    program can set it back). A stamp is recorded only when both times are older than
    :data:`tdsplan.cache.RESOLUTION` before the build ``started`` (ns): a write just
    after a reading, on a file system with coarse times, could keep the same stamp
    (git's « racy » files). The stamp only spares a page's rewriting: a file is never
    removed on its word (:func:`write_site` hashes what it removes)."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            return False, None
        if TRUST_STAMPS and recorded is not None and _stamp(info) == recorded:
            return True, recorded
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
        with os.fdopen(fd, "rb") as stream:
            found = hashlib.file_digest(stream, "sha256").hexdigest()
            info = os.fstat(fd)
    except OSError:
        return False, None
    if found != expected or not stat.S_ISREG(info.st_mode):
        return False, None
    settled = started - RESOLUTION
    trusted = info.st_mtime_ns < settled and info.st_ctime_ns < settled
    return True, _stamp(info) if trusted else None


def _plain_name(name: str) -> bool:
    """``action/1.2.3.html``: a relative name of a file below the site's folder."""
    parts = name.split("/")
    return (
        name != MANIFEST
        and "\\" not in name
        and "\0" not in name
        and all(part not in ("", ".", "..") for part in parts)
    )


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def refuse_links(out: Path, names: Iterable[str]) -> None:
    """:class:`SiteLinkError` if a link (or, for a page, anything but a plain file)
    stands where one of ``names`` or one of its folders would be written in ``out``."""
    seen: set[str] = set()
    for name in names:
        parts = name.split("/")
        for depth in range(1, len(parts) + 1):
            sub = "/".join(parts[:depth])
            if sub in seen:
                continue
            seen.add(sub)
            try:
                mode = os.lstat(out / sub).st_mode
            except FileNotFoundError:
                break  # nothing below it exists yet
            except OSError as error:
                raise OutputError(out / sub, error) from None
            if stat.S_ISLNK(mode):
                raise SiteLinkError(out / sub)
            if depth == len(parts) and not stat.S_ISREG(mode):
                raise SiteLinkError(out / sub, regular=True)


def _ours(out: Path, name: str, digest: str | None, protected: tuple[Path, ...]) -> bool:
    """Whether the file ``name`` listed by the manifest is provably one the site wrote:
    a plain file reached through plain folders from ``out``, outside the ``protected``
    folders, whose bytes still have the ``digest`` recorded."""
    if digest is None:
        return False
    path = out
    *folders, leaf = name.split("/")
    try:
        for part in folders:
            path = path / part
            if not stat.S_ISDIR(os.lstat(path).st_mode):  # a link is not a folder here
                return False
        path = path / leaf
        # No link followed, and a pipe in its place does not block the open.
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
        with os.fdopen(fd, "rb") as stream:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return False
            found = hashlib.file_digest(stream, "sha256").hexdigest()
        real = Path(os.path.realpath(path))
    except (OSError, ValueError):
        return False
    inside = real.is_relative_to(os.path.realpath(out))
    return (
        inside
        and found == digest
        and not any(real.is_relative_to(p) for p in protected)
        and plan_folder_of(real) is None
    )


def write_site(
    out: Path,
    files: dict[str, bytes | Path],
    pages: list[str],
    rendered: list[Rendered],
    previous: dict[str, str | None],
    protected: tuple[Path, ...],
    keys: dict[str, str] | None = None,
    years: object = None,
    kept: dict[str, tuple[str, Stamp | None]] | None = None,
    stamps_to: Path | None = None,
    pieces: dict[str, Any] | None = None,
) -> SiteResult:
    """Write ``files`` beside the ``rendered`` pages, remove the files of the last build
    (``previous``) that are no longer part of the site, and record the manifest (with the
    pages' ``keys``, what the ``years`` were and the ``pieces`` of the downloads), then
    in ``stamps_to`` the stamps of
    the files found holding their bytes (:func:`save_stamps`). The files in ``kept``
    (with the hash of their bytes and their stamp) were just found in the folder: not
    compared again."""
    digests = {name: digest for name, digest, _written, _stamp in rendered}
    stamps = {name: stamp for name, _digest, _written, stamp in rendered if stamp is not None}
    written = [name for name, _digest, was_written, _stamp in rendered if was_written]
    for name in sorted(files):
        if kept and name in kept:
            digests[name], stamp = kept[name]
            if stamp is not None:
                stamps[name] = stamp
            continue
        content = files[name]
        data = _report_bytes(content) if isinstance(content, Path) else content
        digests[name] = digest(data)
        # Bytes other than those the last build wrote there: written without reading the
        # file to compare (a page of 14 MB for the plan's JSON).
        known = previous.get(name)
        if write_if_changed(out / name, data, known is not None and known != digests[name]):
            written.append(name)
    every = sorted([*files, *pages])
    removed = [
        name
        for name in sorted(previous.keys() - set(every))
        if _ours(out, name, previous[name], protected)
    ]
    for name in removed:
        try:
            (out / name).unlink(missing_ok=True)
        except OSError as error:
            raise OutputError(out / name, error) from None
    for folder in sorted({(out / n).parent for n in removed}, reverse=True):
        # Only the plain folders _ours went through; one still holding a file is kept.
        with contextlib.suppress(OSError):
            if folder != out:
                folder.rmdir()
    parts = {
        "fichiers": {name: digests[name] for name in every},
        "cles": keys or {},
        **({"exercices": years} if years is not None else {}),
        **({"morceaux": {n: pieces[n] for n in sorted(pieces)}} if pieces else {}),
    }
    # One line per part, by json's C encoder (its indenting one is written in Python).
    manifest = (
        "{\n"
        + ",\n".join(
            f"{json.dumps(part)}:{json.dumps(value, ensure_ascii=False, separators=(',', ':'))}"
            for part, value in parts.items()
        )
        + "\n}\n"
    )
    write_if_changed(out / MANIFEST, manifest.encode("utf-8"))
    save_stamps(stamps_to, out, {n: (digests[n], stamps[n]) for n in every if n in stamps})
    return SiteResult(out, every, sorted(written), removed, len(pages))


def written_before(out: Path, name: str) -> bytes | None:
    """The bytes of ``name`` as the last build left it in ``out``, if it is still a regular
    file it could have written (never through a link); ``None`` otherwise."""
    try:
        return read_regular(out / name, MAX_REPORT_BYTES)
    except OSError:
        return None


def _report_bytes(path: Path) -> bytes:
    """A report's bytes, read only as the regular file :func:`find_reports` found."""
    try:
        data = read_regular(path, MAX_REPORT_BYTES)
    except OSError as error:
        raise SiteError(
            _("lecture de {path} impossible : {reason}").format(path=path, reason=os_reason(error))
        ) from None
    if data is None:
        raise SiteError(
            _(
                "{path} n’est pas un fichier ordinaire de moins de {cap} Mio : "
                "il n’est pas publié ; rien n’a été écrit"
            ).format(path=path, cap=MAX_REPORT_BYTES >> 20)
        )
    return data


def write_if_changed(path: Path, data: bytes, differs: bool = False) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly these bytes (unless
    ``differs``: known to hold others, it is not read to compare).

    A page that changes is replaced atomically (temporary file, then a rename), so a
    reader never sees it half-written; a new page is written in place, as nobody reads
    it yet (if the build is interrupted, the next one finds its bytes differ and writes
    it again). Nothing is fsynced: a site is thousands of files that the next build can
    always write again."""
    try:
        try:
            if path.stat().st_size == len(data) and not differs and path.read_bytes() == data:
                return False
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                with open(path, "xb") as stream:
                    stream.write(data)
                return True
            except FileExistsError:
                pass  # appeared meanwhile: replace it as below
        write_atomically(path, data, mode=0o644, durable=False)
    except OSError as error:
        raise OutputError(path, error) from None
    return True

"""Where tdsplan may write an output: a report, an export, a website, a new plan.

Never inside a plan folder (a folder holding ``plan.yaml`` or ``orientation.yaml``, or
inside one), never onto a ``tdsplan.toml``, never inside a ``.git`` folder — whichever
repository they belong to. The rule looks at the path itself, every link resolved, so
that neither ``--plan`` naming another plan nor a link standing for the output (or its
folder) can lead an output into the files a plan or its repository is made of.
:meth:`tdsplan.repository.Repository.check_output` adds what the repository knows.
"""

from __future__ import annotations

import os
from pathlib import Path

from tdsplan.errors import UsageError
from tdsplan.i18n import _
from tdsplan.store import ORIENTATION_FILE, PLAN_FILE

#: The file that lists a repository's plans.
ROOT_FILE = "tdsplan.toml"
#: The files that make a folder a plan folder (or a part of one).
PLAN_MARKERS = (PLAN_FILE, ORIENTATION_FILE)
#: The folder (or, in a git worktree, the file) where git keeps a repository.
GIT = ".git"


class ProtectedPathError(UsageError):
    """An output asked at a path where it could overwrite or remove the plans' files;
    ``reason`` says which (nothing was written)."""

    def __init__(self, path: Path, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(_("{path} : {reason}").format(path=path, reason=reason))


def resolved(path: Path) -> Path:
    """``path`` absolute, with every link resolved (as far as it exists)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of links: no plan file is reached through it
        return Path(os.path.abspath(path))


def plan_folder_of(path: Path) -> Path | None:
    """The nearest of ``path`` (links resolved) and its parents that is a plan folder
    or a folder of a plan (it holds ``plan.yaml`` or ``orientation.yaml``), if any."""
    real = resolved(path)
    for folder in (real, *real.parents):
        if any(os.path.lexists(folder / marker) for marker in PLAN_MARKERS):
            return folder
    return None


def check_path(path: Path) -> None:
    """:class:`ProtectedPathError` if an output (a file, or a folder of outputs) written
    at ``path`` would go into a plan folder, onto a ``tdsplan.toml`` or into a ``.git``
    folder; links are resolved first."""
    real = resolved(path)
    if GIT in real.parts:
        raise ProtectedPathError(
            path, _("ce chemin mène dans un dossier .git, où git garde le dépôt")
        )
    if real.name == ROOT_FILE:
        raise ProtectedPathError(
            path,
            _("c’est un fichier {file}, qui liste les plans d’un dépôt").format(file=ROOT_FILE),
        )
    found = plan_folder_of(real)
    if found == real:
        raise ProtectedPathError(path, _("c’est un dossier de plan"))
    if found is not None:
        raise ProtectedPathError(
            path, _("ce chemin est dans le dossier de plan {folder}").format(folder=found)
        )

"""The exceptions of tdsplan: one base, a located plan error, and their aggregate.

The core raises these and never prints; they say what went wrong and where, not how
the caller should react. The command line turns them into messages on stderr and
exit codes (see ``tdsplan.cli.door``).
"""

from __future__ import annotations

import errno
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tdsplan.i18n import _, _mark

#: Longest piece of what a person wrote (an ID, an option's value, a cell) that a message
#: repeats: enough to recognise it, not a 131 KB paste sent back whole.
ECHOED = 80
#: Longest quote a message keeps whole, when it was not cut where it was made: room for
#: a command with its --plan folder (« tdsplan --plan ~/plans/tds log 1.2.3 »).
QUOTED = 200
#: A quote in a message: « French » or “English”.
_QUOTED = re.compile("(«|“)([^«»“”]*)(»|”)")


def clip(text: str, limit: int = ECHOED) -> str:
    """``text`` as a message repeats it: at most ``limit`` characters, « … » marking the cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clip_quoted(message: str, limit: int = QUOTED) -> str:
    """``message`` with each « quoted » text in it, and each word longer than ``limit`` (a
    path), cut by :func:`clip`: the last guard of the messages that quote what a person
    wrote, whatever its length (IDs, values, keys, cells, paths); what the message says
    around it stays."""
    if len(message) <= limit:
        return message

    def cut(found: re.Match[str]) -> str:
        opening, inner, closing = found.groups()
        if len(inner) <= limit + 2:  # the spaces inside the guillemets
            return found.group()
        space = " " if opening == "«" else ""
        return f"{opening}{space}{clip(inner.strip(), limit)}{space}{closing}"

    # Then any word longer than a quote may be (a path, a token typed without quotes), cut
    # in its middle: a path keeps its beginning and its last part, the file it names.
    long_word = re.compile(rf"[^\s«»“”]{{{limit + 1},}}")
    return long_word.sub(lambda found: _middle(found.group(), limit), _QUOTED.sub(cut, message))


def _middle(word: str, limit: int) -> str:
    """``word`` in at most ``limit`` characters: its start, « … », its end."""
    end = (limit - 1) // 2
    return word[: limit - 1 - end] + "…" + word[-end:]


class TdsplanError(Exception):
    """Base of every error tdsplan reports to its user; ``str()`` is the message."""


class UsageError(TdsplanError):
    """The caller asked for something that cannot be (a bad value, a bad combination)."""


class UnknownIdError(UsageError):
    """No element of the plan has this ID; ``close`` holds the nearest IDs."""

    def __init__(self, identifier: str, close: list[str]):
        self.identifier = identifier
        self.close = close
        from tdsplan.suggest import either  # errors stays importable without the rest

        hint = _(" ; vouliez-vous dire {ids} ?").format(ids=either(close)) if close else ""
        super().__init__(_("identifiant inconnu « {id} »").format(id=identifier) + hint)


class ChangeRefusedError(TdsplanError):
    """An edit that would break the plan, or cannot be written safely; nothing was written."""


class PlanNotFoundError(UsageError):
    """No plan where one was expected: ``folder`` holds no plan.yaml, or (``searched``)
    neither it nor any folder above it holds a plan; (``missing``) ``folder`` does not exist."""

    def __init__(self, folder: Path, *, searched: bool = False, missing: bool = False):
        self.folder = folder
        self.searched = searched
        if missing:
            message = _("dossier {folder} introuvable").format(folder=folder)
        elif searched:
            message = _(
                "aucun plan trouvé (ni plan.yaml, ni plan/plan.yaml) dans {folder} ou au-dessus"
            ).format(folder=folder)
        else:
            message = _(
                "{folder} ne contient pas de plan.yaml : ce n’est pas un dossier de plan"
            ).format(folder=folder)
        super().__init__(message)


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a plan file, at a 1-based line and column (0 when unknown)."""

    path: Path
    line: int
    column: int
    message: str

    def format(self, shown_path: str | None = None) -> str:
        where = shown_path if shown_path is not None else str(self.path)
        if self.line:
            where += f":{self.line}:{self.column}" if self.column else f":{self.line}"
        return f"{where}: {clip_quoted(self.message)}"


class PlanInvalidError(TdsplanError):
    """Every problem found in a plan, so that one run reports them all."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems), key=_problem_order)
        super().__init__(f"{len(self.problems)} problem(s)")


class RootFileError(PlanInvalidError):
    """The repository's ``tdsplan.toml`` cannot be used; carries its located problems."""


def _problem_order(problem: Problem) -> tuple[str, int, int, str]:
    return (str(problem.path), problem.line, problem.column, problem.message)


_OS_REASONS = {
    errno.ENOENT: _mark("fichier ou dossier introuvable"),
    errno.EACCES: _mark("permission refusée"),
    errno.EPERM: _mark("opération non permise"),
    errno.EROFS: _mark("système de fichiers en lecture seule"),
    errno.ENOSPC: _mark("disque plein"),
    errno.EFBIG: _mark("fichier trop gros pour la limite du système"),
    errno.EDQUOT: _mark("quota de disque dépassé"),
    errno.ELOOP: _mark("boucle de liens symboliques"),
    errno.EISDIR: _mark("c’est un dossier"),
    errno.ENOTDIR: _mark("un élément du chemin n’est pas un dossier"),
    errno.ENAMETOOLONG: _mark("nom trop long"),
}


def os_reason(error: OSError) -> str:
    """What went wrong with a file, in French, from the error number."""
    reason = _OS_REASONS.get(error.errno or 0)
    return _(reason) if reason else error.strerror or str(error)


@dataclass(frozen=True)
class SheetProblem:
    """One problem in a spreadsheet, at a place: ``Actions!C7`` (a sheet's cell), ``C7``
    (a CSV file's, as a spreadsheet shows it), ``Actions!1:1`` (a row), or ``""`` (the
    whole file)."""

    path: Path
    place: str
    message: str

    def format(self, shown_path: str | None = None) -> str:
        where = shown_path if shown_path is not None else str(self.path)
        message = clip_quoted(self.message)
        return f"{where}:{self.place}: {message}" if self.place else f"{where}: {message}"


class SheetInvalidError(TdsplanError):
    """Every problem found in a spreadsheet sent back, so that one run reports them all;
    nothing has been written."""

    def __init__(self, problems: Iterable[SheetProblem]):
        self.problems = list(problems)
        #: What the caller suggests doing about it (set by the command line).
        self.hint: str | None = None
        super().__init__("\n".join(p.format() for p in self.problems))

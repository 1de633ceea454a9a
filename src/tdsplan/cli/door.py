"""The one exit door: whatever a command raises becomes a message on stderr and an
exit code, never a traceback (unless asked for with ``--debug``).

Exit codes: 0 success; 1 the plan is invalid or the change was refused; 2 bad usage;
70 an internal error (a bug: the one line says how to see the detail); 130 interrupted.
"""

from __future__ import annotations

import errno
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any

import typer

from tdsplan.cli import console
from tdsplan.cli.help import help_hint, usage_message
from tdsplan.cli.vendored import click_errors
from tdsplan.errors import (
    PlanInvalidError,
    PlanNotFoundError,
    RootFileError,
    SheetInvalidError,
    TdsplanError,
    UsageError,
    clip,
    clip_quoted,
)
from tdsplan.figures import count
from tdsplan.i18n import _, ngettext

OK, REFUSED, USAGE, INTERNAL, INTERRUPTED = 0, 1, 2, 70, 130


def exit_code(error: TdsplanError) -> int:
    """2 for a request that cannot be, 1 for an invalid plan or a refused change."""
    return USAGE if isinstance(error, UsageError) else REFUSED


def debugging(args: list[str] | None) -> bool:
    """Whether the traceback of an internal error is wanted: ``--debug`` or TDSPLAN_DEBUG."""
    words = sys.argv[1:] if args is None else args
    return "--debug" in words or os.environ.get("TDSPLAN_DEBUG", "") not in ("", "0")


def run(command: Callable[[], Any], *, debug: bool = False) -> int:
    """Run ``command`` and turn what it raises into words on stderr and an exit code."""
    try:
        code = command()
    except PlanInvalidError as error:
        _print_invalid(error)
        return REFUSED
    except SheetInvalidError as error:
        console.print_problems(error.problems)
        console.print_error(
            ngettext(
                "feuille refusée : {n} problème ; rien n’a été inscrit",
                "feuille refusée : {n} problèmes ; rien n’a été inscrit",
                len(error.problems),
            ).format(n=count(len(error.problems))),
            error.hint,
        )
        return REFUSED
    except PlanNotFoundError as error:
        hint = (
            _("placez-vous dans le dépôt du plan ou indiquez --plan DOSSIER")
            if error.searched
            else None
        )
        message = clip_quoted(str(error))
        console.print_error(
            _("{message} : {hint}").format(message=message, hint=hint) if hint else message
        )
        return USAGE
    except TdsplanError as error:
        console.print_error(clip_quoted(str(error)))
        return exit_code(error)
    except click_errors.NoArgsIsHelpError as error:
        # No command given: the help stands in for it (on stderr, as click does), exit 2.
        if error.format_message().strip():
            sys.stderr.write(error.format_message() + "\n")
        return USAGE
    except click_errors.UsageError as error:
        console.print_error(clip_quoted(usage_message(error)), help_hint(error.ctx))
        return USAGE
    except (typer.Abort, KeyboardInterrupt):
        console.print_error(_("interrompu"))
        return INTERRUPTED
    except BrokenPipeError:
        console.silence_stdout()  # the reader (``head``, ``less``) is gone
        return OK
    except typer.Exit as done:
        return done.exit_code
    except OSError as error:
        if error.errno != errno.ENAMETOOLONG:
            return _internal(error, debug)
        name = os.fsdecode(error.filename) if error.filename is not None else ""
        console.print_error(
            clip_quoted(_("nom de fichier trop long pour le système : {name}").format(name=name))
        )
        return USAGE
    except Exception as error:  # the last resort: a bug, said in one line
        return _internal(error, debug)
    return code if isinstance(code, int) else OK


def _internal(error: Exception, debug: bool) -> int:
    """A bug, said in one line (its traceback with ``--debug``)."""
    if debug:
        traceback.print_exc()
    reason = (
        f"{type(error).__name__}: {clip(str(error), 300)}" if str(error) else type(error).__name__
    )
    console.stderr().print(
        console.escaped(
            _("tdsplan : erreur interne : {reason} ; relancez avec --debug pour le détail").format(
                reason=reason
            )
        ),
        markup=False,
    )
    return INTERNAL


def _print_invalid(error: PlanInvalidError) -> None:
    """Every problem of an invalid plan (or tdsplan.toml), then how many in how many files."""
    console.print_problems(error.problems)
    files = len({p.path for p in error.problems})
    if isinstance(error, RootFileError):  # tdsplan.toml, not a plan
        console.print_error(
            ngettext(
                "tdsplan.toml invalide : {n} problème",
                "tdsplan.toml invalide : {n} problèmes",
                len(error.problems),
            ).format(n=count(len(error.problems)))
        )
        return
    console.print_error(
        ngettext(
            "plan invalide : {n} problème", "plan invalide : {n} problèmes", len(error.problems)
        ).format(n=count(len(error.problems)))
        + ngettext(" dans {n} fichier", " dans {n} fichiers", files).format(n=count(files))
    )

"""Everything that writes to the terminal: the one module that uses rich.

Consoles are made per call, so that they follow the ``sys.stdout`` and
``sys.stderr`` of the moment (a pipe, a test runner). rich leaves colours out
when the output is not a terminal and honours ``NO_COLOR``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tdsplan.errors import Problem, SheetProblem, clip_quoted
from tdsplan.figures import count, long_date as figures_long_date, number, percent
from tdsplan.i18n import _, current_language, ngettext
from tdsplan.vocabulary import status_label

if TYPE_CHECKING:  # rich loads only when something is printed, not for --help
    from rich.console import Console
    from rich.table import Column, Table
    from rich.text import Text

    from tdsplan.models import Statut
    from tdsplan.progress import Progress

#: Keyed by status value; a ``Statut`` (a str enum) finds its style too.
STATUS_STYLES = {
    "a_venir": "dim",
    "en_cours": "yellow",
    "en_continu": "cyan",
    "realisee": "green",
    "reportee": "magenta",
    "abandonnee": "dim strike",
}
LATE_STYLE = "bold red"


class _Trimmed(io.TextIOBase, TextIO):  # as io.TextIOWrapper is, for the type checker
    """``stream`` without the spaces rich pads lines with (tables, grids): a pipe, a file
    or a test gets lines that end with their last word. Spaces at the end of a write are
    held until the next write says whether a line ends there."""

    def __init__(self, stream: TextIO):
        super().__init__()
        self._stream = stream
        self._pending = ""

    def write(self, text: str) -> int:
        text = self._pending + text
        body = text.rstrip(" ")
        self._pending = text[len(body) :]
        self._stream.write(re.sub(r" +\n", "\n", body))
        return len(text)

    # What rich asks of its file besides write, answered by the stream itself.
    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:  # type-checked as a plain attribute of TextIOBase
        return self._stream.encoding

    @encoding.setter
    def encoding(self, value: str) -> None:
        raise AttributeError("encoding")


#: The console that ``paged`` is capturing into, which ``stdout`` hands out meanwhile.
_capturing: Console | None = None


def stdout() -> Console:
    from rich.console import Console

    if _capturing is not None:
        return _capturing
    out: TextIO = sys.stdout if sys.stdout.isatty() else _Trimmed(sys.stdout)
    console = Console(file=out, highlight=False, emoji=False)
    console.on_broken_pipe = _quiet_broken_pipe  # type: ignore[method-assign]
    return console


def say(text: str | Text, to: Console | None = None) -> None:
    """One message on ``to`` (stdout by default): whole lines in a pipe or a file, one per
    message for grep and logs; between words on a terminal, which would cut mid-word."""
    out = stdout() if to is None else to
    out.print(text, markup=False, soft_wrap=not out.is_terminal)


def silence_stdout() -> None:
    """The reader (``head``, ``less``) left: send what is still to write nowhere."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _quiet_broken_pipe() -> None:
    silence_stdout()
    raise SystemExit(0)  # silently and successfully


def interactive() -> bool:
    """Whether a person is at the keyboard: standard input and output are a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def stderr() -> Console:
    from rich.console import Console

    # Messages wrapped between words on a terminal, whole lines in a pipe or a log (say).
    return Console(file=sys.stderr, highlight=False, emoji=False, soft_wrap=not sys.stderr.isatty())


@contextlib.contextmanager
def progress(description: str) -> Iterator[Progress]:
    """A progress bar on stderr while the work inside runs, gone when it ends, if stderr is
    a terminal (else nothing: a pipe, a log or a test sees no bar); the work calls what
    this yields with ``(done, total)``."""
    if not sys.stderr.isatty():
        yield _unseen
        return
    from rich.progress import (
        BarColumn,
        Progress as Bar,
        SpinnerColumn,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    # Until the work says how much there is: a spinner, a moving bar and the time.
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn())
    with Bar(
        *columns, TaskProgressColumn(), TimeElapsedColumn(), console=stderr(), transient=True
    ) as bar:
        task = bar.add_task(description, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def _unseen(done: int, total: int) -> None:
    """Progress that no one watches."""


def shown_path(path: Path) -> str:
    """``path`` relative to the current folder when it is below it, as a user typed it."""
    try:
        # Only the folder is resolved: the file itself may be a loop of links.
        return (
            os.path.relpath(path)
            if path.is_absolute()
            and (path.parent.resolve() / path.name).is_relative_to(Path.cwd().resolve())
            else str(path)
        )
    except (OSError, ValueError, RuntimeError):
        return str(path)


#: At most this many problems are printed by one run: a screenful or two, not 60,000 lines.
MAX_PROBLEMS = 100


def print_problems(problems: list[Problem] | list[SheetProblem], limit: int = MAX_PROBLEMS) -> None:
    """Compiler-style lines, ``file:line:column: message`` (or ``file:Sheet!C7: message``),
    on stderr; past ``limit``, one line that says how many more there are."""
    console = stderr()
    for problem in problems[:limit]:
        console.print(escaped(clip_quoted(problem.format(shown_path(problem.path)))), markup=False)
    rest = len(problems) - limit
    if rest > 0:
        console.print(
            ngettext("… et {n} autre problème", "… et {n} autres problèmes", rest).format(
                n=count(rest)
            ),
            markup=False,
        )


#: What a terminal would act on instead of showing: control characters (but tab and line
#: feed) and the direction controls. Command-line arguments echoed in a message may hold any.
_UNSHOWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escaped(text: str) -> str:
    """``text`` with the characters a terminal would act on written ``<U+001B>``."""
    return _UNSHOWABLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def print_error(message: str, hint: str | None = None) -> None:
    console = stderr()
    console.print(escaped(_("tdsplan : erreur : {message}").format(message=message)), markup=False)
    if hint:
        console.print(escaped(hint), markup=False)


def print_dry_run(edit: Any) -> None:
    """What an edit would change, as a unified diff on stdout; the reminder on stderr."""
    sys.stdout.write(edit.diff(shown_path(edit.path)))
    stderr().print(_("Simulation : rien n’a été écrit."), markup=False)


def print_warning(message: str) -> None:
    """A warning on stderr: the command went on."""
    stderr().print(_("tdsplan : attention : {message}").format(message=message), markup=False)


def state_summary(state: Any) -> str:
    """An action's state in one phrase: status, progress, due date, lead."""
    parts = [status_label(state.statut)]
    if state.avancement is not None:
        parts.append(percent(state.avancement))
    if state.echeance is not None:
        parts.append(_("échéance {date}").format(date=state.echeance))
    if state.porteur:
        parts.append(state.porteur)
    return ", ".join(parts)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def status_change(identifier: str, title: str, before: Statut, after: Statut, gap: str) -> Text:
    """« 1.2.1 Refonte du site internet : À venir → En cours », ``gap`` after the ID."""
    return (
        text(f"{identifier}{gap}{title}{_(' : ')}")
        .append_text(status_text(before))
        .append(" → ")
        .append_text(status_text(after))
    )


def status_text(statut: Statut, avancement: int | None = None, late: bool = False) -> Text:
    """The coloured French label, with explicit progress and the late flag."""
    from rich.text import Text

    text = Text(status_label(statut), style=STATUS_STYLES[statut])
    if avancement is not None:
        text.append(f" · {percent(avancement)}")
    if late:
        text.append(" " + _("⚠ en retard"), style=LATE_STYLE)
    return text


def change_text(statut: Statut | None, avancement: int | None) -> Text:
    """What a journal entry changed: the new status and progress."""
    from rich.text import Text

    text = status_text(statut) if statut is not None else Text()
    if avancement is not None:
        text.append(f"{' · ' if text else ''}{percent(avancement)}")
    return text


def entry_records(entry: Any) -> list[str]:
    """What a journal entry recorded besides status, progress and note: indicator
    values, a new due date, a new lead."""
    records = [f"{name} = {number(value)}" for name, value in entry.indicateurs.items()]
    if entry.echeance is not None:
        records.append(_("échéance → {date}").format(date=entry.echeance))
    if entry.porteur is not None:
        records.append(_("porteur → {name}").format(name=entry.porteur))
    return records


def entry_note(entry: Any) -> Text:
    """A journal entry's note, after what it recorded besides status and progress:
    indicator values, new due date, new lead (one per line, in italics)."""
    from rich.text import Text

    text = Text()
    for line in entry_records(entry):
        text.append(line + "\n", style="italic")
    text.append(entry.note or "")
    text.rstrip()
    return text


def due_text(due: dt.date | None, late: bool) -> Text:
    """A due date, flagged in red when the action is late."""
    from rich.text import Text

    if due is None:
        return Text("—")
    return Text(f"{due} ⚠", style=LATE_STYLE) if late else Text(due.isoformat())


def bar(value: float | None, width: int = 10) -> Text:
    from rich.text import Text

    filled = 0 if value is None else round(value / 100 * width)
    text = Text("■" * filled, style="green")
    text.append("□" * (width - filled), style="dim")
    text.append(f" {percent(value):>5}")
    return text


def text(content: str = "", style: str = "") -> Text:
    """A piece of styled text (rich's ``Text``: append to it, print it)."""
    from rich.text import Text

    return Text(content, style=style)


def column(header: str, **options: Any) -> Column:
    """A table column with rich's options (``no_wrap``, ``ratio``, ``min_width``...)."""
    from rich.table import Column

    return Column(header, **options)


def grid(**options: Any) -> Table:
    """A table without borders nor headers, to align labels and values."""
    from rich.table import Table

    return Table.grid(**options)


def table(*columns: str | Column, **options: Any) -> Table:
    """A table in tdsplan's style; columns are headers or :class:`rich.table.Column`."""
    from rich import box
    from rich.table import Table

    return Table(
        *columns,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        header_style="bold",
        **options,
    )


# ---------------------------------------------------------------- screens that fit


def long_date(date: dt.date) -> str:
    """« 31 mars 2023 », « 1er avril 2018 »; “March 31, 2023” in English: the one long date
    (:func:`tdsplan.figures.long_date`), its year free to go to the next line."""
    return figures_long_date(date, current_language(), unbreakable=False)


def height(renderables: list[Any], width: int) -> int:
    """How many lines ``renderables`` (texts, or blank strings) take at ``width`` columns."""
    from rich.text import Text

    out = stdout()
    return sum(
        len(item.wrap(out, width)) if isinstance(item, Text) and item.plain else 1
        for item in renderables
    )


def width() -> int:
    """The width of the terminal (or of ``COLUMNS``; 80 in a pipe)."""
    return stdout().width


def fit(text: str | Text, size: int, style: str = "", right: bool = False) -> Text:
    """``text`` cut with « … » or padded to exactly ``size`` columns."""
    from rich.text import Text

    cell = text.copy() if isinstance(text, Text) else Text(text, style=style)
    cell.truncate(max(size, 0), overflow="ellipsis")
    if right:
        cell = Text(" " * (size - cell.cell_len)).append_text(cell)
    else:
        cell.pad_right(size - cell.cell_len)
    return cell


def wrapped(text: Text, size: int) -> list[Text]:
    """``text`` cut into lines of at most ``size`` columns, between words."""
    return list(text.wrap(stdout(), size))


def line(*cells: Text, gap: int = 2) -> Text:
    """Cells side by side, trailing spaces dropped."""
    from rich.text import Text

    text = Text(" " * gap).join(cells)
    text.rstrip()
    return text


def emit(renderables: list[Any], pager: bool = True) -> None:
    """Print ``renderables``, through a pager as :func:`paged` says."""
    with paged(pager):
        out = stdout()
        for item in renderables:
            out.print(item)


@contextlib.contextmanager
def paged(pager: bool = True) -> Iterator[None]:
    """What is printed on stdout inside goes through a pager (``$PAGER``, or ``less -FRX``)
    when stdout is a terminal and the output is taller than it, as git does."""
    global _capturing
    if not (pager and sys.stdout.isatty()) or _capturing is not None:
        yield
        return
    out = stdout()
    _capturing = out
    try:
        with out.capture() as captured:
            yield
    finally:
        _capturing = None
    text = captured.get()
    if text.count("\n") < out.height or not _page(text):
        sys.stdout.write(text)
        sys.stdout.flush()


def _page(text: str) -> bool:
    import shlex
    import subprocess

    command = os.environ.get("PAGER") or "less -FRX"
    env = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}
    try:
        subprocess.run(shlex.split(command), input=text.encode(), env=env, check=False)
    except (OSError, ValueError):
        return False
    return True

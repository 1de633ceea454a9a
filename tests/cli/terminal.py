"""tdsplan run in a pseudo-terminal, as a person at a terminal runs it: what the pager got,
what the terminal showed, what a pipe got."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    paged: str  # what the pager got ("" when it was not called)
    terminal: str  # what the terminal showed
    piped: str  # stdout, when it was a pipe rather than the terminal


def in_terminal(
    args: list[str],
    tmp_path: Path,
    rows: int = 10,
    stdout_tty: bool = True,
    cwd: Path | None = None,
) -> Run:
    """Run ``tdsplan ARGS`` in a pseudo-terminal of 80×``rows`` (stdout a pipe unless
    ``stdout_tty``), with a pager that copies its input to a file."""
    paged = tmp_path / "paged.txt"
    main, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", rows, 80, 0, 0))
    env = {
        **os.environ,
        "PAGER": f"sh -c 'cat > {paged}'",
        "TDSPLAN_NO_CACHE": "1",
        "TERM": "xterm",
    }
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "tdsplan", *args],
        stdin=secondary,
        stdout=secondary if stdout_tty else subprocess.PIPE,
        stderr=secondary,
        env=env,
        cwd=cwd,
    )
    os.close(secondary)
    output = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    piped = process.stdout.read() if process.stdout is not None else b""
    process.wait()
    os.close(main)
    return Run(
        paged.read_text(encoding="utf-8") if paged.exists() else "",
        output.decode("utf-8", "replace"),
        piped.decode("utf-8"),
    )

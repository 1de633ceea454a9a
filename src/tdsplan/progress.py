"""What long work tells its caller as it goes: how many of how many steps are done."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

#: Called with ``(done, total)`` after each step of a long piece of work (pages of a site,
#: rows of a sheet, actions of a report...); the caller decides whether anyone sees it.
Progress: TypeAlias = Callable[[int, int], None]


def tell(progress: Progress | None, done: int, total: int) -> None:
    """Pass ``(done, total)`` on to ``progress``, when the caller gave one."""
    if progress is not None:
        progress(done, total)

"""The one place tdsplan reaches into the copy of click that Typer carries.

Since 0.26 Typer vendors click as ``typer._click`` and makes public only ``BadParameter``,
``Abort`` and ``Exit`` of it. tdsplan still needs what only that copy has: the usage errors
its parser raises (to word them in French, in the exit door and the help), the registry of
shell completion classes, and Typer's bash completion class (to escape the words it
offers). The separate ``click`` package has classes of the same names that are not these,
so it is no answer. Imported here rather than in a function so that mypy still knows their
types; when Typer makes them public, this module is the one to change (tests/test_layers.py
lets only it import them).
"""

from __future__ import annotations

from typer._click import exceptions as click_errors, shell_completion
from typer._completion_classes import BashComplete

__all__ = ["BashComplete", "click_errors", "shell_completion"]

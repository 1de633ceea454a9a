"""The ``tdsplan`` command line: Typer commands over the core.

``app`` assembles the commands (:mod:`tdsplan.cli.app`), :mod:`tdsplan.cli.help` makes
their help speak the user's language, and :mod:`tdsplan.cli.door` turns whatever goes
wrong into a message and an exit code. Each other module is one command.
"""

from __future__ import annotations

from tdsplan.cli.app import app


def main() -> None:
    """Entry point of the ``tdsplan`` script."""
    app()


__all__ = ["app", "main"]

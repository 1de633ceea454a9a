"""The application's own options, before any command (``tdsplan --version``)."""

from __future__ import annotations


def test_version(cli):
    from tdsplan import __version__

    assert cli("--version").stdout == f"tdsplan {__version__}\n"

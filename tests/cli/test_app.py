"""The application's own options, before any command (``tdsplan --version``)."""

from __future__ import annotations


def test_version(cli):
    from tdsplan import __version__

    assert cli("--version").stdout == f"tdsplan {__version__}\n"


def test_options_without_a_command_are_refused_in_french(cli, small_plan):
    result = cli("--plan", small_plan)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "tdsplan : erreur : commande manquante : indiquez-en une parmi "
        "status, show, update, amend, edit, move, remove, validate, log, report, diff, adopt, "
        "export, import, remind, init, schema, site, add\nAide : « tdsplan --help ».\n"
    )

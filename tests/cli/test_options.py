"""The global options (--plan, --lang, --debug...) are read before or after the command."""

from __future__ import annotations


def test_hoisting_keeps_values_and_the_double_dash():
    from tdsplan.cli.options import hoist

    assert hoist(["status", "--lang=en", "--late", "--plan", "p", "--debug"]) == [
        "--lang=en",
        "--plan",
        "p",
        "--debug",
        "status",
        "--late",
    ]
    assert hoist(["--au", "2020-01-01", "--plan", "p", "show", "1.2"]) == [
        "--plan",
        "p",
        "show",
        "--au",
        "2020-01-01",
        "1.2",
    ]
    assert hoist(["update", "1.1.1", "--", "--plan"]) == ["update", "1.1.1", "--", "--plan"]
    assert hoist(["add", "action", "--plan", "p"]) == ["--plan", "p", "add", "action"]

"""English: every phrase has its translation, and the command line speaks it on request."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re

import pytest

from tdsplan.i18n import _, use_language
from tdsplan.models import Statut
from tdsplan.vocabulary import status_count, status_label

from .conftest import REPO, SMALL_PLAN, write_tree


def load_catalogue_script():
    spec = importlib.util.spec_from_file_location("catalogue", REPO / "scripts" / "catalogue.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_french_phrase_has_english_and_the_mo_is_compiled():
    """Fails when a phrase is added in French (code, templates or help) without English."""
    assert load_catalogue_script().missing() == []


def test_phrases_follow_the_language():
    try:
        use_language("en")
        assert _("Faits saillants") == "Highlights"
        assert status_label(Statut.REALISEE) == "Done"
        assert status_count(Statut.REALISEE, 3) == "3 done"
        use_language("fr")
        assert _("Faits saillants") == "Faits saillants"
        assert status_count(Statut.REALISEE, 3) == "3 réalisées"
        assert status_count(Statut.EN_COURS, 3) == "3 en cours"
    finally:
        use_language("fr")


def test_status_in_english(cli, small_plan):
    result = cli("--plan", small_plan, "--lang", "en", "status")
    assert result.exit_code == 0
    assert "Plan d’essai 2019-2021 · year 1 of 2\n" in result.stdout
    # 2.1.2, dropped on 2020-02-18, counts no more in the progress
    assert "On March 1, 2020  ■■■■■■■■■■□□□□□□□□□□   48% · 5 actions · 1 late" in result.stdout
    assert "1 not started · 1 in progress · 1 ongoing · 1 done · 1 dropped" in result.stdout
    assert "To watch" in result.stdout
    after = cli("--plan", small_plan, "status", "--lang", "en")  # after the command too
    assert after.stdout == result.stdout
    french = cli("--plan", small_plan, "status")  # the next run is French again
    assert "Plan d’essai 2019-2021 · année 1 sur 2\nAu 1er\u00a0mars 2020" in french.stdout


def test_json_keys_do_not_depend_on_the_language(cli, small_plan):
    english = json.loads(cli("--plan", small_plan, "--lang", "en", "status", "--json").stdout)
    french = json.loads(cli("--plan", small_plan, "status", "--json").stdout)
    assert english == french


def test_errors_in_english_through_the_environment(cli, small_plan, monkeypatch):
    monkeypatch.setenv("TDSPLAN_LANG", "en")
    result = cli("--plan", small_plan, "show", "1.1.9")
    assert result.stderr == (
        "tdsplan: error: unknown ID “1.1.9”; did you mean 1.1.2, 1.1.1 or 1.1?\n"
    )
    bad = cli("--plan", small_plan, "status", "--colour")
    assert bad.stderr == (
        "tdsplan: error: unknown option “--colour”\nHelp: “tdsplan status --help”.\n"
    )


def test_validation_problems_in_english(cli, plan_with):
    folder = plan_with(
        {
            "1-comprendre/1.2-outils.yaml": "id: 1.2\ntitre: x\nactions:\n"
            "  - id: 1.2.1\n    titre: y\n    statu: en_cours\n"
        }
    )
    result = cli("--plan", folder, "--lang", "en", "validate")
    assert result.stderr.endswith(
        "1.2-outils.yaml:6:5: unknown key “statu” (did you mean “statut”?)\n"
        "tdsplan: error: invalid plan: 1 problem in 1 file\n"
    )


def test_help_in_english(cli):
    result = cli("--lang", "en", "--help")
    assert "Track a multi-year action plan kept as YAML files in git." in result.stdout
    assert "Read:\n  status  Show where the plan stands" in result.stdout
    assert "Show this help and exit." in result.stdout


def test_report_follows_the_language(cli, small_plan, tmp_path):
    cli("--plan", small_plan, "--lang", "en", "report", "-o", tmp_path / "r.md")
    assert (
        (tmp_path / "r.md")
        .read_text("utf-8")
        .startswith("# Plan d’essai 2019-2021 — Annual report 2019-2020\n")
    )


def test_unknown_language_is_a_usage_error(cli):
    result = cli("--lang", "de", "--help")
    assert result.exit_code == 2
    assert "« de » : fr ou en" in result.stderr


_BRACED = re.compile(r"\{(\w*)[^{}]*\}")
_PERCENT = re.compile(r"%\((\w+)\)[sdrif]")


def placeholders(text: str) -> set[str]:
    """The ``{name}`` (``{n:,}`` counts as ``n``) and ``%(name)s`` placeholders of a phrase."""
    return set(_BRACED.findall(text)) | {f"%{name}" for name in _PERCENT.findall(text)}


def test_placeholders_reads_both_styles():
    assert placeholders("{n} actions, {n:,} en tout, %(name)s") == {"n", "%name"}


def test_every_english_phrase_keeps_the_placeholders_of_its_french():
    """A lost or renamed placeholder is a KeyError (an internal error) in English only."""
    catalogue = load_catalogue_script().load()
    wrong = []
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple):  # plural: each form keeps the French plural's
            singular, plural = message.id
            allowed = placeholders(plural)
            assert placeholders(singular) <= allowed, message.id
            strings = list(message.string)
            # the singular may leave out the count (« one » for {n})
            if placeholders(strings[0]) - allowed or placeholders(strings[-1]) != allowed:
                wrong.append((message.id, message.string))
        elif placeholders(message.string) != placeholders(message.id):
            wrong.append((message.id, message.string))
    assert wrong == []


def test_a_closed_plan_is_refused_in_english_too(cli, tmp_path, monkeypatch):
    """The English of the closed-plan refusal once lost its end (KeyError: 'rest')."""
    from tdsplan.cli import common

    write_tree(tmp_path / "plan", SMALL_PLAN)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(common, "today", lambda: dt.date(2021, 6, 1))
    assert cli("init", "plan-2021-2023", "--from", "plan").exit_code == 0
    file = tmp_path / "plan" / "1-comprendre" / "1.2-outils.yaml"
    before = file.read_bytes()
    try:
        result = cli(
            "--plan", "plan", "--lang", "en", "update", "1.2.1", "-n", "x", "--date", "2021-03-30"
        )
    finally:
        use_language("fr")
    assert result.exit_code == 1
    assert result.stderr == (
        "tdsplan: error: the plan 2019-2021 (plan) is closed: its period ended on 2021-03-31 "
        "and the plan 2021-2023 (plan-2021-2023) follows it; nothing was written (for a late "
        "correction, add --force)\n"
    )
    assert file.read_bytes() == before


def test_leak_1_a_command_in_english(cli, small_plan):
    result = cli("--lang", "en", "validate", "--plan", small_plan)
    assert result.exit_code == 0 and "valid" in result.stdout


def test_leak_2_the_next_test_speaks_french_again():
    assert _("plan invalide : {n} problème") == "plan invalide : {n} problème"


@pytest.mark.slow  # runs pytest in a subprocess
def test_a_test_in_english_does_not_leave_the_next_one_in_english():
    """The two tests above, in this order on one worker: the second must see French (the
    autouse fixture of conftest.py puts it back), whatever the first left."""
    import subprocess
    import sys

    here = f"{__file__}::test_leak_"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:cacheprovider"]
        + [f"{here}1_a_command_in_english", f"{here}2_the_next_test_speaks_french_again"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "2 passed" in result.stdout


def test_the_phrases_gathered_hold_every_commands_help_and_the_sites_pieces():
    # What the catalogue does not gather, it drops: help built on demand, or a phrase in
    # an f-string (Python 3.11's tokens hide the calls in it), would lose its English.
    import inspect

    from tdsplan.cli import add, status

    found = load_catalogue_script().phrases()
    assert inspect.getdoc(status.status) in found
    assert inspect.getdoc(add.action) in found  # a command of a group
    assert "Sans nouvelles depuis le" in found  # tdsplan.sitehtml's only

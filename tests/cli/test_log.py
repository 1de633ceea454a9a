"""``tdsplan log``: an entry a line (date, action, change), its note indented below, at
80 columns; paged in a terminal like ``status``."""

from __future__ import annotations

import json

import pytest

from tests.cli.terminal import in_terminal
from tests.conftest import REPO

NBSP = "\u00a0"


def test_log_whole_plan_and_one_branch(cli, small_plan):
    result = cli("--plan", small_plan, "log", "1.1", "--exercice", "2019-2020")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        "2019-05-01  1.1.1 Définition du DS                                      En cours\n"
        "            Premier atelier.\n"
        f"2020-01-10  1.1.2 Charte des valeurs                             En cours · 40{NBSP}%\n"
        "2020-02-15  1.1.1 Définition du DS                                      Réalisée\n"
        "            Définition adoptée. — Marie\n"
        "3 entrées\n"
    )
    data = json.loads(cli("--plan", small_plan, "log", "--json", "--since", "2020-02-01").stdout)
    assert [(e["date"], e["action"]) for e in data] == [
        ("2020-02-15", "1.1.1"),
        ("2020-02-18", "2.1.2"),
    ]
    empty = cli("--plan", small_plan, "log", "--until", "2019-01-01")
    assert empty.stdout == "Aucune entrée de journal pour cette sélection.\n"


def test_one_action_numbers_its_entries_as_amend_takes_them(cli, small_plan):
    result = cli("--plan", small_plan, "log", "1.1.1")
    assert result.stdout == (
        "1  2019-05-01  En cours\n"
        "               Premier atelier.\n"
        "2  2020-02-15  Réalisée\n"
        "               Définition adoptée. — Marie\n"
        f"Pour corriger une entrée : tdsplan --plan {small_plan} amend 1.1.1 N ...\n"
        "2 entrées\n"
    )


def test_a_long_title_is_cut_and_a_long_note_wraps_under_the_date(cli, tmp_path):
    import shutil

    from tests.conftest import DEMO_TODAY

    cli.runner.env["COLUMNS"] = "60"
    folder = tmp_path / "plan"
    shutil.copytree(REPO / "examples" / "demo" / "plan", folder)
    result = cli.on(DEMO_TODAY)("--plan", folder, "log", "--since", "2022-11-08")
    assert result.stdout == (
        f"2022-11-08  3.1.4 Accompagnement des MRC et CLDS dans…  65{NBSP}%\n"
        "            MRC dotées d’une politique ou d’un plan d’action\n"
        "            en DS = 4\n"
        "            Quatrième MRC dotée d’un plan d’action en DS.\n"
        "            — Coordination\n"
        "1 entrée\n"
    )
    assert max(len(line) for line in result.stdout.splitlines()) <= 60


@pytest.mark.slow  # runs tdsplan in a pseudo-terminal
def test_log_is_paged_in_a_terminal_too_small_for_it_and_not_with_no_pager(tmp_path):
    command = ["--plan", str(REPO / "examples" / "demo" / "plan"), "log"]
    paged = in_terminal(command, tmp_path, rows=10).paged
    assert paged.startswith("2018-") and "entrées" in paged
    (tmp_path / "again").mkdir()
    assert in_terminal([*command, "--no-pager"], tmp_path / "again", rows=10).paged == ""
    (tmp_path / "fits").mkdir()
    assert in_terminal([*command, "1.1.1"], tmp_path / "fits", rows=40).paged == ""

"""``tdsplan --install-completion``: what the shell gets when Tab is pressed (bash, zsh,
fish): commands, IDs of the plan, options, statuses, leads and territories."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

DEMO = REPO / "examples" / "demo" / "plan"


def complete(words: str, shell: str = "bash", cwd=DEMO) -> list[str]:
    """What the shell gets when Tab is pressed after ``words``."""
    env = {**os.environ, "_TDSPLAN_COMPLETE": f"{shell}_complete", "TDSPLAN_NO_CACHE": "1"}
    if shell == "bash":
        import shlex

        parts = shlex.split(words) + ([""] if words.endswith(" ") else [])
        env.update(COMP_WORDS=words, COMP_CWORD=str(len(parts) - 1))
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    out = subprocess.run(
        [sys.executable, "-m", "tdsplan"], capture_output=True, text=True, env=env, cwd=cwd
    )
    assert out.returncode == 0, out.stderr
    return [word for word in out.stdout.splitlines() if word]


@pytest.mark.slow  # runs the completion in a process
def test_bash_completion_of_commands_and_ids():
    assert complete("tdsplan st") == ["status"]
    assert complete("tdsplan show 1.2.") == ["1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5", "1.2.6"]
    assert complete("tdsplan update 4.") == ["4.1.1", "4.1.2", "4.1.3", "4.2.1", "4.2.2"]


@pytest.mark.slow  # runs the completion in a process
def test_bash_completion_of_options_statuses_leads_and_territories():
    assert "--due-within" in complete("tdsplan status --")
    assert complete("tdsplan status --status en_") == ["en_cours", "en_continu", "en_retard"]
    assert complete("tdsplan status --lead Comité")[:2] == [
        "Comité\\ des\\ valeurs",
        "Comité\\ d’analyse",
    ]
    assert complete("tdsplan status --lead Comité\\ p") == ["Comité\\ promotion"]
    assert complete("tdsplan status --lead Coord", shell="fish") == ["Coordination"]
    assert complete("tdsplan status --territoire l") == ["lassomption", "les_moulins"]
    assert complete("tdsplan --plan 2018-2023 show 3.1.") == ["3.1.1", "3.1.2", "3.1.3", "3.1.4"]
    assert complete("tdsplan show 3.1.", cwd=DEMO.parent) == ["3.1.2", "3.1.3", "3.1.4"]


@pytest.mark.slow  # runs the completion in a process
def test_zsh_and_fish_completion():
    assert "status" in " ".join(complete("tdsplan st", shell="zsh"))
    assert complete("tdsplan show 1.1.", shell="fish") == ["1.1.1", "1.1.2", "1.1.3"]


@pytest.mark.slow  # runs the completion in a process
def test_completion_outside_a_plan_completes_commands_only(tmp_path):
    assert complete("tdsplan sh", cwd=tmp_path) == ["show"]
    assert complete("tdsplan show 1.", cwd=tmp_path) == []

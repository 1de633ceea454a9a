"""The exit door: every error becomes words and an exit code; a bug becomes one line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tdsplan.cli import door


@pytest.fixture
def broken_status(monkeypatch):
    """``status`` meets a bug deep in the core."""
    import tdsplan.query

    def explode(*args, **kwargs):
        raise RuntimeError("boum")

    monkeypatch.setattr(tdsplan.query, "status_view", explode)


def test_an_internal_error_is_one_line_and_exit_70(cli, small_plan, broken_status):
    result = cli("--plan", small_plan, "status")
    assert result.exit_code == door.INTERNAL == 70
    assert result.stdout == ""
    assert result.stderr == ("tdsplan : erreur interne : RuntimeError: boum ; relancez avec "
                             "--debug pour le détail\n")


@pytest.mark.parametrize("how", ["option", "environment"])
def test_debug_shows_the_traceback(cli, small_plan, broken_status, monkeypatch, how):
    if how == "option":
        result = cli("--debug", "--plan", small_plan, "status")
    else:
        monkeypatch.setenv("TDSPLAN_DEBUG", "1")
        result = cli("--plan", small_plan, "status")
    assert result.exit_code == 70
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert 'raise RuntimeError("boum")' in result.stderr
    assert result.stderr.endswith("relancez avec --debug pour le détail\n")


def test_a_yaml_1_3_directive_is_a_located_problem(cli, plan_with):
    folder = plan_with({"1-comprendre/orientation.yaml": "%YAML 1.3\n---\nid: 1\ntitre: X\n"})
    result = cli("--plan", folder, "validate")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{folder}/1-comprendre/orientation.yaml:1:1: directive « %YAML 1.3 » non prise en "
        "charge : tdsplan lit le YAML 1.2 (supprimez cette ligne)")


def test_extra_arguments_are_refused_in_french(cli, small_plan):
    result = cli("--plan", small_plan, "validate", "en", "trop")
    assert result.exit_code == 2
    assert result.stderr == ("tdsplan : erreur : argument en trop : en trop\n"
                             "Aide : « tdsplan validate --help ».\n")


def test_a_flag_given_a_value_is_refused_in_french(cli, small_plan):
    result = cli("--plan", small_plan, "status", "--json=oui")
    assert result.exit_code == 2
    assert result.stderr.startswith("tdsplan : erreur : l’option --json ne prend pas de valeur\n")


@pytest.mark.slow  # runs python -m tdsplan
def test_python_dash_m_runs_the_command_line_and_import_runs_nothing():
    run = subprocess.run([sys.executable, "-m", "tdsplan", "--version"], capture_output=True,
                         text=True)
    assert run.returncode == 0 and run.stdout.startswith("tdsplan ")
    imported = subprocess.run([sys.executable, "-c", "import tdsplan.__main__"],
                              capture_output=True, text=True)
    assert imported.returncode == 0 and imported.stdout == imported.stderr == ""

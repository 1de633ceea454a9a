"""The exit door: every error becomes words and an exit code; a bug becomes one line."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tdsplan.cli import door


@pytest.fixture
def broken_status(monkeypatch):
    """``status`` meets a bug deep in the core."""
    import tdsplan.views

    def explode(*args, **kwargs):
        raise RuntimeError("boum")

    monkeypatch.setattr(tdsplan.views, "status_view", explode)


def test_an_internal_error_is_one_line_and_exit_70(cli, small_plan, broken_status):
    result = cli("--plan", small_plan, "status")
    assert result.exit_code == door.INTERNAL == 70
    assert result.stdout == ""
    assert result.stderr == (
        "tdsplan : erreur interne : RuntimeError: boum ; relancez avec --debug pour le détail\n"
    )


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
        "charge : tdsplan lit le YAML 1.2 (supprimez cette ligne)"
    )


def test_extra_arguments_are_refused_in_french(cli, small_plan):
    result = cli("--plan", small_plan, "validate", "en", "trop")
    assert result.exit_code == 2
    assert result.stderr == (
        "tdsplan : erreur : argument en trop : en trop\nAide : « tdsplan validate --help ».\n"
    )


def test_a_flag_given_a_value_is_refused_in_french(cli, small_plan):
    result = cli("--plan", small_plan, "status", "--json=oui")
    assert result.exit_code == 2
    assert result.stderr.startswith("tdsplan : erreur : l’option --json ne prend pas de valeur\n")


@pytest.mark.slow  # runs python -m tdsplan
def test_python_dash_m_runs_the_command_line_and_import_runs_nothing():
    run = subprocess.run(
        [sys.executable, "-m", "tdsplan", "--version"], capture_output=True, text=True
    )
    assert run.returncode == 0 and run.stdout.startswith("tdsplan ")
    imported = subprocess.run(
        [sys.executable, "-c", "import tdsplan.__main__"], capture_output=True, text=True
    )
    assert imported.returncode == 0 and imported.stdout == imported.stderr == ""


def test_path_options_are_checked_in_french(cli, small_plan, tmp_path):
    """A file where a folder is wanted (or the reverse) is refused in French, exit 2,
    naming the option; a --plan folder that does not exist is said so."""
    file = tmp_path / "notes.md"
    file.write_text("")
    folder = tmp_path / "dossier"
    folder.mkdir()
    cases = [
        (["--plan", file, "status"], "--plan", f"{file} est un fichier, pas un dossier", ""),
        (
            ["--plan", small_plan, "report", "--template-dir", file],
            "--template-dir",
            f"{file} est un fichier, pas un dossier",
            " report",
        ),
        (
            ["--plan", small_plan, "export", "-o", folder],
            "--output",
            f"{folder} est un dossier, pas un fichier",
            " export",
        ),
        (
            ["--plan", small_plan, "site", "-o", file],
            "--output",
            f"{file} est un fichier, pas un dossier",
            " site",
        ),
        (
            ["schema", "-o", file],
            "--output-dir",
            f"{file} est un fichier, pas un dossier",
            " schema",
        ),
        (
            ["init", tmp_path / "neuf", "--from", file],
            "--from",
            f"{file} est un fichier, pas un dossier",
            " init",
        ),
    ]
    for args, option, reason, command in cases:
        result = cli(*args)
        assert (result.exit_code, result.stdout, result.stderr) == (
            2,
            "",
            (
                f"tdsplan : erreur : valeur invalide pour {option} : {reason}\n"
                f"Aide : « tdsplan{command} --help ».\n"
            ),
        ), args
    result = cli("--plan", tmp_path / "nulle-part", "status")
    assert (result.exit_code, result.stderr) == (
        2,
        f"tdsplan : erreur : dossier {tmp_path / 'nulle-part'} introuvable\n",
    )
    result = cli("--plan", folder, "status")
    assert result.exit_code == 2
    assert result.stderr == (
        f"tdsplan : erreur : {folder} ne contient pas de plan.yaml : ce "
        "n’est pas un dossier de plan\n"
    )


#: Words only the French messages use: none of them may reach an English stderr.
_FRENCH = re.compile(
    r"\b(erreur|invalide|problèmes?|fichiers?|dans|pour|avec|une?|est|pas|rien|aucune?|"
    r"feuille|refusée?|introuvable|placez-vous|indiquez|inconnue?|interne|relancez|"
    r"interrompu|attendu|clé|manquant|dépôt|dossier|écrit|réalisée)\b",
    re.IGNORECASE,
)


def _hostile_toml(root):
    (root / "tdsplan.toml").write_text('plan = 3\nlangue = "fr"\n', encoding="utf-8")


def _bad_sheet(root):
    (root / "s.csv").write_text("a;b\n1;2\n", encoding="utf-8")


# One refusal for each path of the exit door (cli/door.py): the plan invalid, tdsplan.toml
# invalid, a sheet refused, no plan found, a usage error and a refused change of the core,
# click's usage errors (unknown option, no command), a bug.
REFUSALS = {
    "plan invalide": (["validate"], 1, lambda root: _rewrite(root, "titre:", "titr:")),
    "tdsplan.toml invalide": (["validate"], 1, _hostile_toml),
    "feuille refusée": (["import", "s.csv"], 1, _bad_sheet),
    "aucun plan": (["--plan", "nulle-part", "status"], 2, None),
    "aucun plan ici": (["status"], 2, lambda root: (root / "plan" / "plan.yaml").unlink()),
    "erreur d’usage": (["status", "--as-of", "2022-02-30"], 2, None),
    "changement refusé": (["update", "1.1.1", "--progress", "50"], 1, None),
    "option inconnue": (["status", "--couleur"], 2, None),
    "sans commande": ([], 2, None),
}


def _rewrite(root, old, new):
    path = root / "plan" / "2-agir" / "orientation.yaml"
    path.write_text(path.read_text("utf-8").replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("name", sorted(REFUSALS))
def test_every_refusal_of_the_door_is_said_in_english_too(cli, small_plan, monkeypatch, name):
    """The same refusal, in French then in English: the same exit code, no traceback, and
    the English has none of the French words (a message missing from the catalogue, or a
    placeholder the English forgot, would show)."""
    args, code, setup = REFUSALS[name]
    root = small_plan.parent
    if setup is not None:
        setup(root)
    monkeypatch.chdir(root)
    files = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    french = cli(*args)
    english = cli("--lang", "en", *args)
    for result in (french, english):
        assert result.exit_code == code, result.stderr
        assert result.stderr.strip() and "Traceback" not in result.stderr
        assert "KeyError" not in result.stderr and "internal error" not in result.stderr
    assert _FRENCH.search(french.stderr), french.stderr
    assert not _FRENCH.search(english.stderr), english.stderr
    assert " : " not in english.stderr  # French spacing before a colon
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == files


def test_an_internal_error_is_said_in_english_too(cli, small_plan, broken_status):
    result = cli("--lang", "en", "--plan", small_plan, "status")
    assert result.exit_code == door.INTERNAL
    assert result.stderr == (
        "tdsplan: internal error: RuntimeError: boum; run again with --debug for the detail\n"
    )

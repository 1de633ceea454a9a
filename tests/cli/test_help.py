"""Help in French throughout, and in English throughout with ``--lang en``: usage lines
in the user's words, arguments named as typed, summaries that end on a word."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO

#: Every command, as a path of words under ``tdsplan``.
COMMANDS = [
    [],
    *[
        [name]
        for name in [
            "status",
            "show",
            "log",
            "update",
            "amend",
            "edit",
            "move",
            "remove",
            "adopt",
            "add",
            "validate",
            "report",
            "diff",
            "export",
            "import",
            "remind",
            "init",
            "schema",
            "site",
        ]
    ],
    ["add", "action"],
    ["add", "objective"],
    ["add", "orientation"],
    ["add", "indicator"],
]
#: Click's and Typer's own ways of showing arguments, which no one types.
NOT_TYPED = re.compile(r"\{[A-Z]|\[\[|<(str|int|float|path|text)>|\bINTEGER\b")
#: The French metavars, which English help must not show.
FRENCH = re.compile(
    r"\b(AAAA-MM-JJ|NOM|DOSSIER|FICHIER|TEXTE|TITRE|STATUT|CHEMIN|JOURS|MOIS|CHAMP|CAR|"
    r"COMMANDE|ARGUMENTS|OBJECTIF|TERRITOIRE|RÉV)\b"
)


def test_the_root_help_lists_every_command_by_purpose_on_whole_words(cli):
    result = cli("--help")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("Utilisation : tdsplan [OPTIONS] COMMANDE [ARGUMENTS]…\n\n")
    listing = text[text.index("Consulter :") :]
    assert listing == (
        "Consulter :\n"
        "  status  Afficher l’état du plan\n"
        "  show    Afficher une orientation, un objectif ou une action, journal compris\n"
        "  log     Afficher le journal, du plus ancien au plus récent\n"
        "  report  Produire le bilan d’un exercice ou de tout le plan\n"
        "  diff    Montrer ce qui a changé dans le plan : actions, statuts, journal\n"
        "  export  Exporter le plan\n"
        "  site    Produire le tableau de bord du plan\n"
        "\n"
        "Modifier :\n"
        "  update  Inscrire un progrès\n"
        "  amend   Corriger ou supprimer une entrée du journal d’une action\n"
        "  edit    Modifier les champs descriptifs d’un élément\n"
        "  move    Déplacer ou renuméroter une action\n"
        "  remove  Retirer une action du plan\n"
        "  adopt   Inscrire l’adoption d’un bilan\n"
        "  import  Inscrire au journal les nouvelles de feuilles de suivi remplies\n"
        "  remind  Relancer les porteurs sans nouvelles\n"
        "  init    Créer un nouveau plan, valide dès sa création\n"
        "  add     Ajouter un élément au plan, ou un indicateur\n"
        "\n"
        "Vérifier :\n"
        "  validate  Vérifier le plan\n"
        "  schema    Afficher le schéma JSON d’un type de fichier du plan\n"
    )


def test_english_help_speaks_english(cli):
    result = cli("--lang", "en", "--help")
    assert result.stdout.startswith("Usage: tdsplan [OPTIONS] COMMAND [ARGS]…\n\n")
    assert "  status  Show where the plan stands\n" in result.stdout
    assert "  --plan FOLDER " in result.stdout


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "tdsplan")
def test_every_help_names_arguments_as_typed_in_the_users_language(cli, lang, path):
    result = cli("--lang", lang, *path, "--help")
    assert (result.exit_code, result.stderr) == (0, "")
    text = result.stdout
    usage = "Utilisation : " if lang == "fr" else "Usage: "
    assert text.startswith(f"{usage}tdsplan {' '.join([*path, '[OPTIONS]'])}")
    assert not NOT_TYPED.search(text), NOT_TYPED.search(text)
    assert "..." not in text.split("\n\n", 1)[0]  # the usage line ends on its last word
    if lang == "fr":
        assert not re.search(r"\bTEXT\b", text)  # click's name for any text
        assert "Options :\n" in text
        # French spacing: « ; : » kept on the line of the word before, « « » with the next.
        assert not re.search(r"\n *[;:!?»]|« *\n", text), re.search(r".*\n *[;:!?»].*|.*«\n", text)
    else:
        assert not FRENCH.search(text), FRENCH.search(text)
        assert "Options:\n" in text and "Options :" not in text
    assert max(map(len, text.splitlines())) <= 80


def test_arguments_show_in_usage_as_typed_optional_ones_in_brackets(cli):
    assert cli("log", "--help").stdout.startswith("Utilisation : tdsplan log [OPTIONS] [ID]\n")
    assert cli("amend", "--help").stdout.startswith("Utilisation : tdsplan amend [OPTIONS] ID N\n")
    diff = cli("--lang", "en", "diff", "--help").stdout
    assert diff.startswith("Usage: tdsplan diff [OPTIONS] [REV1] [REV2]\n")
    assert "\nArguments:\n  REV1  " in diff


def test_a_missing_argument_is_named_in_the_users_words(cli):
    result = cli("--lang", "en", "init")
    assert result.exit_code == 2
    assert result.stderr.startswith("tdsplan: error: missing argument: FOLDER\n")


def test_summary_keeps_whole_words():
    from tdsplan.cli.help import summary

    text = "Afficher l’état du plan : avancement, retards.\n\nSuite."
    assert summary(text, 60) == "Afficher l’état du plan : avancement, retards"
    assert summary(text, 30) == "Afficher l’état du plan"
    assert summary("Une phrase bien trop longue sans deux-points.", 10) == (
        "Une phrase bien trop longue sans deux-points"
    )


def test_the_root_help_builds_no_command_and_a_command_only_itself():
    # Typer reads a command's options from its signature: --help and each command start
    # without reading the twenty others.
    import typer.main

    from tdsplan.cli.app import app

    group = typer.main.get_command(app)
    ctx = typer.Context(group, info_name="tdsplan")
    assert "  status  Afficher l’état du plan\n" in group.get_help(ctx)
    assert group.commands == {}  # type: ignore[attr-defined]
    assert group.get_command(ctx, "status").name == "status"  # type: ignore[attr-defined]
    assert list(group.commands) == ["status"]  # type: ignore[attr-defined]
    assert group.get_command(ctx, "nosuch") is None  # type: ignore[attr-defined]


def test_a_command_imports_no_other_command_module():
    # A fresh interpreter, as a user's: `status` imports its own module, not the others'.
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from tdsplan.cli.app import COMMANDS\n"
        "sys.argv = ['tdsplan', '--plan', 'plan', 'status']\n"
        "from tdsplan.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "names = {c.target.partition('.')[0] for c in COMMANDS.values()}\n"
        "print(sorted(n for n in names if 'tdsplan.cli.' + n in sys.modules))\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert ran.stdout.splitlines()[-1] == "['status']"


def test_every_command_of_the_table_is_found():
    from tdsplan.cli.app import COMMANDS

    for name, command in COMMANDS.items():
        assert command.help, name

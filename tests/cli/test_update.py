"""``tdsplan update``, ``add`` and ``log`` as the coordinator runs them."""

from __future__ import annotations

import pytest

from tdsplan.elements import find
from tdsplan.project import Project

from .test_plans import two_plans  # noqa: F401  (a fixture)

A = "1-comprendre/1.2-outils.yaml"


def test_update_prints_one_line(cli, small_plan):
    result = cli(
        "--plan",
        small_plan,
        "update",
        "1.2.1",
        "--statut",
        "En cours",
        "--note",
        "Appel d’offres lancé",
        "--date",
        "2020-03-01",
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "1.2.1 Refonte du site internet : À venir → En cours (2020-03-01)\n"
    assert (
        (small_plan / A)
        .read_text(encoding="utf-8")
        .endswith(
            "    statut: en_cours\n    journal:\n      - date: 2020-03-01\n        statut: en_cours\n"
            "        note: Appel d’offres lancé\n"
        )
    )


def test_update_defaults_to_today_and_reports_progress(cli, small_plan):
    result = cli("--plan", small_plan, "update", "1.1.2", "--avancement", "60%", "--by", "Léa")
    assert result.stdout == (
        "1.1.2 Charte des valeurs : avancement 40\u00a0% → 60\u00a0% (2020-03-01)\n"
    )
    entry = Project.at(small_plan).load().orientations[0].objectifs[0].actions[1].journal[-1]
    assert (str(entry.date), entry.avancement, entry.auteur) == ("2020-03-01", 60, "Léa")


def test_update_note_only(cli, small_plan):
    result = cli("--plan", small_plan, "update", "2.1.1", "-n", "Deux formations")
    assert result.stdout == "2.1.1 Formations : note ajoutée (2020-03-01)\n"


def test_dry_run_prints_the_diff_and_writes_nothing(cli, small_plan):
    before = (small_plan / A).read_bytes()
    result = cli("--plan", small_plan, "update", "1.2.1", "--status", "done", "--dry-run")
    assert result.exit_code == 0
    assert (small_plan / A).read_bytes() == before
    assert result.stdout.startswith(f"--- a/{small_plan / A}\n+++ b/{small_plan / A}\n")
    assert "+    statut: realisee\n" in result.stdout
    assert result.stderr == "Simulation : rien n’a été écrit.\n"


def test_bad_values_exit_2_and_touch_nothing(cli, small_plan):
    before = (small_plan / A).read_bytes()
    for args, message in [
        (["--progress", "150"], "avancement « 150 » invalide : un nombre entier de 0 à 100"),
        (["--avancement", "beaucoup"], "avancement « beaucoup » invalide"),
        (["--date", "2019-02-30", "-n", "x"], "date « 2019-02-30 » impossible"),
        (["--status", "fini-ish"], "statut inconnu « fini-ish »"),
        (
            [],
            "rien à inscrire : indiquez --status, --progress, --indicator, --due, --lead ou --note",
        ),
        (
            ["-n", "x", "--date", "2020-03-02"],
            "date 2020-03-02 dans le futur (nous sommes le 2020-03-01) : le journal n’inscrit que "
            "ce qui est arrivé",
        ),
        (
            ["-n", "x", "--date", "2019-03-31"],
            "date 2019-03-31 antérieure au début du plan (2019-04-01)",
        ),
        (["--indicator", "Visites"], "--indicator « Visites » invalide : écrivez NOM=VALEUR"),
    ]:
        result = cli("--plan", small_plan, "update", "1.2.1", *args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith(f"tdsplan : erreur : {message}"), result.stderr
    assert (small_plan / A).read_bytes() == before


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "fr",
            "tdsplan : erreur : --progress 50 : une action réalisée est à 100 % (1.1.1 est "
            "réalisée au 2020-03-01) ; rien n’a été écrit\n",
        ),
        (
            "en",
            "tdsplan: error: --progress 50: a done action is at 100% (1.1.1 is done on "
            "2020-03-01); nothing was written\n",
        ),
    ],
)
def test_a_progress_below_100_on_a_done_action_names_the_option_not_a_line(
    cli, small_plan, lang, expected
):
    before = (small_plan / "1-comprendre/1.1-definition.yaml").read_bytes()
    result = cli("--lang", lang, "--plan", small_plan, "update", "1.1.1", "--progress", "50")
    assert result.exit_code == 1
    # One line about the option: no file:line of a line the user never wrote.
    assert result.stderr == expected
    assert (small_plan / "1-comprendre/1.1-definition.yaml").read_bytes() == before


def test_a_progress_below_100_with_the_done_status_is_refused_too(cli, small_plan):
    result = cli("--plan", small_plan, "update", "1.1.2", "-s", "realisee", "-p", "60")
    assert result.exit_code == 1
    assert result.stderr.startswith("tdsplan : erreur : --progress 60 : une action réalisée")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "tdsplan : erreur : date « 2022-02-30 » impossible"),
        ("en", "tdsplan: error: impossible date “2022-02-30”"),
    ],
)
def test_an_impossible_as_of_date_is_said_impossible(cli, small_plan, lang, expected):
    result = cli("--lang", lang, "--plan", small_plan, "status", "--as-of", "2022-02-30")
    assert result.exit_code == 2
    assert result.stderr.startswith(expected), result.stderr


def test_add_action_objective_orientation(cli, small_plan):
    result = cli(
        "--plan",
        small_plan,
        "add",
        "action",
        "--parent",
        "1.2",
        "--title",
        "Infolettre : mensuelle",
        "--porteur",
        "Léa",
        "--due",
        "2021-03-31",
    )
    assert result.stdout == (f"Action 1.2.2 ajoutée : Infolettre : mensuelle ({small_plan / A})\n")
    assert (
        (small_plan / A)
        .read_text(encoding="utf-8")
        .endswith(
            '    journal: []\n  - id: 1.2.2\n    titre: "Infolettre : mensuelle"\n'
            "    statut: a_venir\n    porteur: Léa\n    echeance: 2021-03-31\n"
            "    ajoutee_le: 2020-03-01\n    journal: []\n"
        )
    )  # the day added, to count silence from
    result = cli(
        "--plan", small_plan, "add", "objective", "--parent", "2", "--titre", "Mobiliser les élus"
    )
    assert result.exit_code == 0
    new_file = small_plan / "2-agir" / "2.2-mobiliser-les-elus.yaml"
    assert new_file.read_text(encoding="utf-8").endswith(
        "id: 2.2\ntitre: Mobiliser les élus\nactions: []\n"
    )
    result = cli("--plan", small_plan, "add", "orientation", "--title", "Préparer 2028")
    assert result.stdout == (
        f"Orientation 3 ajoutée : Préparer 2028 "
        f"({small_plan / '3-preparer-2028' / 'orientation.yaml'})\n"
    )
    cli("--plan", small_plan, "add", "objective", "--parent", "3", "--title", "Bilan")
    cli("--plan", small_plan, "add", "action", "--parent", "3.1", "--title", "Sondage")
    plan = Project.at(small_plan).load()
    assert [a.id for _, _, a in plan.iter_actions()][-2:] == ["2.1.2", "3.1.1"]


def test_add_refuses_a_wrong_parent(cli, small_plan):
    result = cli("--plan", small_plan, "add", "action", "--parent", "1", "--title", "x")
    assert (result.exit_code, result.stderr) == (
        2,
        "tdsplan : erreur : 1 n’est pas un objectif : --parent attend un objectif, de la "
        "forme 1.2\n",
    )
    missing = cli("--plan", small_plan, "add", "action", "--parent", "1.2")
    assert missing.stderr == (
        "tdsplan : erreur : option obligatoire manquante : --title\n"
        "Aide : « tdsplan add action --help ».\n"
    )


def test_a_hostile_note_is_refused_in_agreeing_french(cli, small_plan):
    before = (small_plan / A).read_bytes()
    result = cli("--plan", small_plan, "update", "1.2.1", "--note", "a\x1b[31mb")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(
        "tdsplan : erreur : texte de la note refusé : caractère de contrôle U+001B"
    )
    result = cli("--plan", small_plan, "update", "1.2.1", "--note", "x", "--by", " ")
    assert result.stderr == (
        "tdsplan : erreur : nom de l’auteur vide : écrivez un texte, ou ne l’indiquez pas\n"
    )
    assert (small_plan / A).read_bytes() == before


def test_a_future_date_is_refused_before_a_closed_plan(two_plans, cli):  # noqa: F811
    """The request's own fault comes first: with or without --force, the same error."""
    file = two_plans / "plan" / "1-comprendre" / "1.2-outils.yaml"
    before = file.read_bytes()
    message = (
        "tdsplan : erreur : date 2030-01-01 dans le futur (nous sommes le 2021-06-01) : "
        "le journal n’inscrit que ce qui est arrivé\n"
    )
    for force in ([], ["--force"]):
        result = cli(
            "--plan",
            "2019-2021",
            "update",
            "1.2.1",
            "--note",
            "Bilan",
            "--date",
            "2030-01-01",
            *force,
        )
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", message), force
    assert file.read_bytes() == before


def _grouped(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def test_an_update_past_the_file_size_cap_is_refused_and_writes_nothing(cli, small_plan):
    from tdsplan.yamlio import MAX_FILE_BYTES

    path = small_plan / A
    text = path.read_text("utf-8")
    padding = MAX_FILE_BYTES - 20 - len(text.encode()) - 3
    path.write_text("# " + "x" * padding + "\n" + text, "utf-8")
    before = path.read_bytes()
    assert len(before) == MAX_FILE_BYTES - 20  # valid, just under the cap
    note = "Appel d’offres lancé pour la refonte"
    result = cli("--plan", small_plan, "update", "1.2.1", "--note", note, "--date", "2020-03-01")
    size = (
        len(before)
        - len("    journal: []\n")
        + len(f"    journal:\n      - date: 2020-03-01\n        note: {note}\n".encode())
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"tdsplan : erreur : {path} : la modification porterait le fichier à {_grouped(size)} "
        f"octets, au-delà de la limite de {_grouped(MAX_FILE_BYTES)} octets d’un fichier du "
        "plan : rien n’a été écrit\n"
    )
    assert path.read_bytes() == before
    assert cli("--plan", small_plan, "validate").exit_code == 0


def test_a_read_only_file_is_refused_not_replaced(cli, small_plan):
    path = small_plan / A
    before = path.read_bytes()
    path.chmod(0o444)
    result = cli("--plan", small_plan, "update", "1.2.1", "--note", "x", "--date", "2020-03-01")
    assert result.exit_code == 1
    assert result.stderr == (
        f"tdsplan : erreur : {path} est en lecture seule : tdsplan ne remplace pas un fichier "
        "protégé en écriture (rendez-le modifiable, par exemple avec « chmod u+w », si la "
        "modification est voulue) ; rien n’a été écrit\n"
    )
    assert path.read_bytes() == before
    assert oct(path.stat().st_mode & 0o777) == "0o444"
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_an_update_that_changes_nothing_is_refused_and_writes_nothing(cli, small_plan):
    """« Réalisée → Réalisée » is no news: exit 1, the facts named, the file untouched."""
    before = (small_plan / "1-comprendre/1.1-definition.yaml").read_bytes()
    result = cli("--plan", small_plan, "update", "1.1.1", "--status", "realisee")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        (
            "tdsplan : erreur : rien de neuf pour 1.1.1 le 2020-03-01 : statut, avancement, "
            "indicateurs, échéance et porteur sont déjà ainsi, et aucune note n’est donnée ; "
            "rien n’a été écrit\n"
        ),
    )
    english = cli(
        "--lang",
        "en",
        "--plan",
        small_plan,
        "update",
        "1.1.1",
        "--status",
        "done",
        "--lead",
        "Marie Tremblay",
    )
    assert (english.exit_code, english.stdout, english.stderr) == (
        1,
        "",
        (
            "tdsplan: error: nothing new for 1.1.1 on 2020-03-01: status, progress, indicators, "
            "due date and lead are already so, and no note is given; nothing was written\n"
        ),
    )
    assert (small_plan / "1-comprendre/1.1-definition.yaml").read_bytes() == before
    # A note is news, even with the status it already has.
    noted = cli("--plan", small_plan, "update", "1.1.1", "--status", "realisee", "-n", "Bilan")
    assert noted.exit_code == 0, noted.output


def test_the_same_update_twice_is_refused_unless_forced(cli, small_plan):
    assert cli("--plan", small_plan, "update", "2.1.1", "-n", "x").exit_code == 0
    written = (small_plan / "2-agir/2.1-partager.yaml").read_bytes()
    again = cli("--plan", small_plan, "update", "2.1.1", "-n", "x")
    assert (again.exit_code, again.stdout, again.stderr) == (
        1,
        "",
        (
            "tdsplan : erreur : l’entrée n° 2 du journal de 2.1.1 est déjà celle-ci (même date, "
            "2020-03-01, mêmes champs) : rien n’a été écrit (pour l’inscrire une seconde fois, "
            "ajoutez --force)\n"
        ),
    )
    english = cli("--lang", "en", "--plan", small_plan, "update", "2.1.1", "-n", "x")
    assert (english.exit_code, english.stderr) == (
        1,
        (
            "tdsplan: error: entry no. 2 of the journal of 2.1.1 is already this one (same date, "
            "2020-03-01, same fields): nothing was written (to record it a second time, add "
            "--force)\n"
        ),
    )
    assert (small_plan / "2-agir/2.1-partager.yaml").read_bytes() == written
    forced = cli("--plan", small_plan, "update", "2.1.1", "-n", "x", "--force")
    assert (forced.exit_code, forced.stdout) == (
        0,
        "2.1.1 Formations : note ajoutée (2020-03-01)\n",
    )
    journal = find(Project.at(small_plan).load(), "2.1.1").journal
    assert [(str(e.date), e.note) for e in journal[-2:]] == [("2020-03-01", "x")] * 2


@pytest.mark.slow
def test_at_a_terminal_messages_wrap_between_words_in_a_pipe_they_stay_whole(small_plan, tmp_path):
    from tests.cli.terminal import in_terminal

    refused = in_terminal(["--plan", str(small_plan), "update", "1.2.1"], tmp_path)
    assert refused.terminal == (
        "tdsplan : erreur : rien à inscrire : indiquez --status, --progress, --indicator,\r\n"
        "--due, --lead ou --note\r\n"
    )
    lead = "Comité de la promotion régionale et des communications"
    args = ["--plan", str(small_plan), "update", "1.2.1", "-p", "30", "--lead", lead]
    done = in_terminal([*args, "--date", "2020-02-01"], tmp_path)
    assert done.terminal == (
        "1.2.1 Refonte du site internet : avancement — → 30\u00a0%, porteur — → Comité de la \r\n"
        "promotion régionale et des communications (2020-02-01)\r\n"
    )
    again = [*args[:4], "-p", "40", "--lead", "Comité de la promotion", "--date", "2020-02-02"]
    piped = in_terminal(again, tmp_path, stdout_tty=False).piped
    assert piped.count("\n") == 1 and len(piped) > 80

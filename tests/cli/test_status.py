"""``tdsplan status``: exact screens (golden files at 80 and 120 columns, on the shipped plan
and the demo), focused lists, changes since a date or a revision, JSON, the pager, global
options anywhere, shell completion and exit codes."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from tests.conftest import DEMO_TODAY, REPO, TODAY

DEMO = REPO / "examples" / "demo" / "plan"
REAL = REPO / "plan"


def lines(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines())


def run(monkeypatch, *args, columns: int = 80, today=DEMO_TODAY):
    """``tdsplan`` in a terminal of ``columns`` columns, on a fixed today."""
    from tdsplan.cli import app, common

    monkeypatch.setattr(common, "today", lambda: today)
    monkeypatch.setenv("TDSPLAN_NO_CACHE", "1")
    runner = CliRunner(env={"COLUMNS": str(columns), "NO_COLOR": "1", "TERM": "dumb"})
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


# ---------------------------------------------------------------- golden screens

SCREENS = {
    # name: (plan, columns, args)
    "demo-2022-01-15-80": (DEMO, 80, ["--as-of", "2022-01-15"]),
    "demo-2022-01-15-120": (DEMO, 120, ["--as-of", "2022-01-15"]),
    "demo-2021-09-30-80": (DEMO, 80, ["--as-of", "2021-09-30"]),
    "demo-after-80": (DEMO, 80, ["--as-of", "2024-06-01"]),
    "plan-2020-10-01-80": (REAL, 80, ["--as-of", "2020-10-01"]),
    "plan-2020-10-01-120": (REAL, 120, ["--as-of", "2020-10-01"]),
    "plan-after-80": (REAL, 80, ["--as-of", "2026-11-26"]),
    "plan-after-120": (REAL, 120, ["--as-of", "2026-11-26"]),
    "demo-late-80": (DEMO, 80, ["--as-of", "2022-01-15", "--late"]),
    "demo-due-within-80": (DEMO, 80, ["--as-of", "2022-01-15", "--due-within", "90"]),
    "demo-silent-for-80": (DEMO, 80, ["--as-of", "2022-01-15", "--silent-for", "6"]),
    "demo-silent-for-120": (DEMO, 120, ["--as-of", "2022-01-15", "--silent-for", "6"]),
    "demo-status-80": (DEMO, 80, ["--as-of", "2022-01-15", "--status", "en_cours"]),
    "demo-lead-120": (DEMO, 120, ["--as-of", "2022-01-15", "--lead", "Coordination"]),
    "demo-orientation-80": (DEMO, 80, ["--as-of", "2022-01-15", "--orientation", "3"]),
    "demo-since-80": (DEMO, 80, ["--as-of", "2022-01-15", "--since", "2021-06-01"]),
    "demo-late-120": (DEMO, 120, ["--as-of", "2024-06-01", "--late"]),
    "demo-due-within-120": (DEMO, 120, ["--as-of", "2022-01-15", "--due-within", "365"]),
    "demo-territory-80": (DEMO, 80, ["--as-of", "2022-01-15", "--territoire", "Matawinie"]),
    "demo-after-120": (DEMO, 120, ["--as-of", "2024-06-01"]),
    "demo-since-120": (DEMO, 120, ["--as-of", "2022-01-15", "--depuis", "2021-01-01"]),
    "demo-all-80": (DEMO, 80, ["--as-of", "2022-01-15", "--all"]),
    "demo-all-120": (DEMO, 120, ["--as-of", "2022-01-15", "--all"]),
}


@pytest.mark.parametrize("name", SCREENS)
def test_golden_screens(monkeypatch, golden, name):
    plan, columns, args = SCREENS[name]
    # Run beside the plan, as a user would: the hints repeat « --plan plan ».
    monkeypatch.chdir(plan.parent)
    result = run(monkeypatch, "--plan", plan.name, "status", *args, columns=columns)
    assert result.exit_code == 0
    # A date after the period is said on stderr (the headline says it too); nothing else.
    as_of = args[args.index("--as-of") + 1]
    expected = (
        ""
        if as_of <= "2023-03-31"
        else (
            f"tdsplan : attention : le {as_of} est hors de la période du plan (2018-04-01 – "
            "2023-03-31) : état reconstitué depuis les journaux\n"
        )
    )
    assert result.stderr == expected
    golden(f"status/{name}.txt", lines(result.stdout) + "\n")
    assert max(len(line) for line in result.stdout.splitlines()) <= columns


@pytest.mark.parametrize(
    "as_of",
    [
        "2018-09-01",
        "2019-06-15",
        "2020-03-31",
        "2021-01-15",
        "2022-01-15",
        "2022-12-01",
        "2023-03-31",
    ],
)
def test_demo_screen_fits_80_by_24_at_any_date_of_the_period(monkeypatch, as_of):
    result = run(monkeypatch, "--plan", DEMO, "status", "--as-of", as_of)
    screen = result.stdout.splitlines()
    assert len(screen) <= 23  # and the prompt still shows on a 24-line terminal
    assert max(len(line) for line in screen) <= 80
    assert "À surveiller" in result.stdout


@pytest.mark.parametrize("as_of", ["2022-12-01", "2023-03-31"])
def test_demo_screen_fits_80_by_24_from_a_long_path(monkeypatch, tmp_path, as_of):
    # The hints repeat the command, --plan path included: past a line, they name the
    # option to add instead (the screen used to run past 24 lines from a long path).
    import shutil

    plan = tmp_path / ("dossier-des-plans-de-la-table-" * 3) / "plan"
    shutil.copytree(DEMO, plan)
    screen = run(monkeypatch, "--plan", plan, "status", "--as-of", as_of).stdout.splitlines()
    assert len(screen) <= 23
    assert max(len(line) for line in screen) <= 80
    assert any(line.endswith(" autres (ajoutez --late)") for line in screen)


def test_headline_says_where_the_period_stands(monkeypatch):
    during = run(monkeypatch, "--plan", DEMO, "status", "--as-of", "2020-10-01").stdout
    assert during.splitlines()[:2] == [
        "Plan d’action 2018-2023 · année 3 sur 5",
        "Au 1er\u00a0octobre 2020  ■■■■■■■■■□□□□□□□□□□□  46\u00a0% · 27 actions",
    ]
    after = run(monkeypatch, "--plan", REAL, "status", "--as-of", "2026-11-26").stdout
    assert after.splitlines()[0].endswith("période terminée le 31\u00a0mars 2023")
    before = run(monkeypatch, "--plan", DEMO, "status", "--as-of", "2018-01-01").stdout
    assert "avant la période (1er\u00a0avril 2018)" in before.splitlines()[0]


def test_watch_lists_cap_and_point_to_the_focused_list(monkeypatch):
    monkeypatch.chdir(DEMO.parent)
    out = run(monkeypatch, "--plan", "plan", "status", "--as-of", "2022-01-15").stdout
    assert "Sans nouvelles depuis 6 mois (14)" in out
    # The hint, run as it is, shows the same plan at the same date.
    assert "  … et 12 autres (tdsplan --plan plan status --as-of 2022-01-15 --silent-for 6)" in out
    focused = run(
        monkeypatch, "--plan", DEMO, "status", "--as-of", "2022-01-15", "--silent-for", "6"
    ).stdout
    assert focused.splitlines()[0] == (
        "Actions sans nouvelles depuis 6 mois — au 15\u00a0janvier 2022 : 14 actions sur 27"
    )
    assert len(focused.splitlines()) == 2 + 14


def test_thresholds_come_from_plan_yaml(monkeypatch, plan_with):
    from tests.conftest import PLAN_YAML

    folder = plan_with(
        {"plan.yaml": PLAN_YAML + "suivi:\n  echeance_jours: 45\n  silence_mois: 3\n"}
    )
    # Seen as of 2020-01-01 from the test clock: its entries of 2020 lie after that day.
    early = ("--as-of", "2020-01-01")
    out = run(monkeypatch, "--plan", folder, "status", *early, today=TODAY).stdout
    assert "Échéance d’ici 45 jours (1)" in out  # 1.1.2, due on 2020-01-31
    assert "Sans nouvelles depuis 3 mois (4)" in out  # 2.1.1, en continu: 4 months only
    continuous = plan_with(
        {"plan.yaml": PLAN_YAML + "suivi:\n  silence_mois: 3\n  silence_continu_mois: 4\n"}
    )
    out = run(monkeypatch, "--plan", continuous, "status", *early, today=TODAY).stdout
    assert "Sans nouvelles depuis 3 mois (5)" in out
    option = run(
        monkeypatch, "--plan", folder, "status", *early, "--due-within", "90", today=TODAY
    ).stdout
    assert option.splitlines()[0].startswith("Actions à échéance d’ici 90 jours")
    assert "2 actions sur 5" in option  # 1.1.1 too, due on 2020-03-31
    default = plan_with({"plan.yaml": PLAN_YAML})
    out = run(monkeypatch, "--plan", default, "status", *early, today=TODAY).stdout
    assert "Échéance d’ici 90 jours (2)" in out
    assert "Sans nouvelles depuis 6 mois (4)" in out


def test_silence_starts_at_the_last_entry_or_the_planned_start(monkeypatch, small_plan):
    from tdsplan.project import Project
    from tdsplan.views import status_view

    plan = Project.at(small_plan).load()
    view = status_view(plan, dt.date(2020, 3, 1))
    assert view.watch is not None
    # 1.2.1: no entry since the plan began (2019-04-01); 1.1.1 is done, 2.1.2 abandoned
    # (2020-02-18); 2.1.1, en continu, last entry 2019-09-01, is silent after 12 months
    # (suivi.silence_continu_mois), not 6.
    assert [line.action.id for line in view.watch.silent] == ["1.2.1"]
    later = status_view(plan, dt.date(2020, 9, 1)).watch
    assert later is not None and "2.1.1" in [line.action.id for line in later.silent]
    assert [line.action.id for line in view.watch.late] == ["1.1.2"]
    assert view.watch.due_soon == []  # 1.1.1, due on 2020-03-31, is done


def test_status_usage_errors_exit_2(cli, small_plan):
    cases = {
        ("status", "--as-of", "2020-02-30"): "tdsplan : erreur : date « 2020-02-30 » impossible\n",
        (
            "status",
            "--statut",
            "terminé",
        ): "tdsplan : erreur : statut inconnu « terminé » (vouliez-vous dire « realisee » ?) ; "
        "valeurs permises : a_venir, en_cours, en_continu, realisee, reportee, abandonnee\n",
        ("status", "--orientation", "9"): "tdsplan : erreur : identifiant inconnu « 9 »\n",
        (
            "status",
            "--territoire",
            "Laval",
        ): "tdsplan : erreur : territoire inconnu « Laval » : plan.yaml n’en déclare aucun\n",
        ("status", "--since", "2021-13-01"): "tdsplan : erreur : date « 2021-13-01 » impossible\n",
        (
            "status",
            "--colour",
        ): "tdsplan : erreur : option inconnue « --colour »\nAide : « tdsplan status --help ».\n",
        (
            "statsu",
        ): "tdsplan : erreur : commande inconnue « statsu » (vouliez-vous dire « status » ?)\n"
        "Aide : « tdsplan --help ».\n",
    }
    for args, stderr in cases.items():
        result = cli("--plan", small_plan, *args)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", stderr), args


def test_territories_are_those_of_plan_yaml(cli):
    cli.on(DEMO_TODAY)
    result = cli("--plan", DEMO, "status", "--territoire", "Joliete")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        (
            "tdsplan : erreur : territoire inconnu « Joliete » (vouliez-vous dire « joliette » ?) ; "
            "valeurs permises : autray, joliette, lassomption, matawinie, montcalm, les_moulins\n"
        ),
    )
    by_name = cli("--plan", DEMO, "status", "--territoire", "l’assomption", "--as-of", "2022-01-15")
    assert by_name.stdout.startswith(
        "Actions · territoire L’Assomption — au 15\u00a0janvier 2022 : 14 actions sur 27\n"
    )


def test_since_a_revision_outside_git_is_a_usage_error(cli, small_plan):
    result = cli("--plan", small_plan, "status", "--since", "v1")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "tdsplan : erreur : « v1 » n’est ni une date (AAAA-MM-JJ) ni une révision git du plan\n"
    )


def _git(folder, *args):
    subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def test_since_a_revision_tells_entries_statuses_new_rescheduled_and_indicators(
    monkeypatch, small_plan
):
    from tests.conftest import OBJECTIF_1_2

    _git(small_plan.parent, "init", "-q")
    _git(small_plan.parent, "add", ".")
    _git(small_plan.parent, "commit", "-qm", "v1")
    _git(small_plan.parent, "tag", "v1")
    (small_plan / "1-comprendre" / "1.2-outils.yaml").write_text(
        OBJECTIF_1_2.replace(
            "    journal: []\n",
            (
                "    statut: en_cours\n    echeance: 2021-03-31\n"
                "    indicateurs:\n      - nom: Visites\n        reel: 120\n        unite: visites\n"
                "    journal:\n      - date: 2020-02-01\n        statut: en_cours\n"
                "        echeance: 2021-03-31\n        indicateurs:\n          Visites: 120\n"
                "        note: Lancé.\n"
                "  - id: 1.2.2\n    titre: Infolettre\n    journal: []\n"
            ),
        ),
        encoding="utf-8",
    )
    result = run(
        monkeypatch, "--plan", small_plan, "status", "--depuis", "v1", today=dt.date(2020, 3, 1)
    )
    assert result.exit_code == 0, result.stderr
    since = lines(result.stdout).split("\n\n", 1)[1]
    assert since == (
        "Depuis la révision v1\n"
        "Entrées de journal (1)\n"
        "  2020-02-01  1.2.1  En cours · Visites = 120 · échéance → 2021-03-31 · Lancé.\n"
        "Changements de statut (1)\n"
        "  1.2.1  Refonte du site internet : À venir → En cours\n"
        "Nouvelles actions (1)\n"
        "  + 1.2.2  Infolettre\n"
        "Échéances modifiées (1)\n"
        "  1.2.1  Refonte du site internet : — → 2021-03-31\n"
        "Nouvelles valeurs d’indicateurs (1)\n"
        "  1.2.1  Visites : — → 120 visites"
    )
    by_date = run(
        monkeypatch,
        "--plan",
        small_plan,
        "status",
        "--depuis",
        "2020-01-15",
        today=dt.date(2020, 3, 1),
    )
    assert "Échéances modifiées (1)\n  1.2.1  Refonte du site internet : — → 2021-03-31" in lines(
        by_date.stdout
    )
    assert "Nouvelles actions" not in by_date.stdout  # committed after 2020-01-15: unknown
    data = json.loads(
        run(
            monkeypatch,
            "--plan",
            small_plan,
            "status",
            "--since",
            "v1",
            "--json",
            today=dt.date(2020, 3, 1),
        ).stdout
    )
    assert data["depuis"]["nouvelles_actions"] == [{"id": "1.2.2", "titre": "Infolettre"}]
    assert data["depuis"]["echeances"] == [{"id": "1.2.1", "avant": None, "apres": "2021-03-31"}]


def test_since_a_revision_what_the_screen_does_not_show_is_no_change(monkeypatch, small_plan):
    # An action removed, a progress written in the file without an entry: diff tells them.
    _git(small_plan.parent, "init", "-q")
    _git(small_plan.parent, "add", ".")
    _git(small_plan.parent, "commit", "-qm", "v1")
    (small_plan / "1-comprendre" / "1.2-outils.yaml").unlink()
    tools = small_plan / "2-agir" / "2.1-partager.yaml"
    tools.write_text(
        tools.read_text("utf-8").replace("    poids: 2\n", "    poids: 2\n    avancement: 30\n"),
        encoding="utf-8",
    )
    result = run(
        monkeypatch, "--plan", small_plan, "status", "--depuis", "HEAD", today=dt.date(2020, 3, 1)
    )
    assert result.exit_code == 0, result.stderr
    assert lines(result.stdout).endswith("\n\nDepuis la révision HEAD\nAucun changement.")
    data = json.loads(
        run(
            monkeypatch,
            "--plan",
            small_plan,
            "status",
            "--since",
            "HEAD",
            "--json",
            today=dt.date(2020, 3, 1),
        ).stdout
    )
    assert data["depuis"] == {
        "depuis": "HEAD",
        "entrees": [],
        "entrees_corrigees": [],
        "entrees_supprimees": [],
        "statuts": [],
        "nouvelles_actions": [],
        "actions_deplacees": [],
        "echeances": [],
        "indicateurs": [],
    }


def test_json_carries_the_same_sections(cli, small_plan):
    result = cli("--plan", small_plan, "status", "--json", "--as-of", "2020-07-01")
    data = json.loads(result.stdout)
    assert data["date"] == "2020-07-01"
    assert data["avancement"] == 48.0
    assert data["periode"] == {
        "debut": "2019-04-01",
        "fin": "2021-03-31",
        "annee": 2,
        "annees": 2,
        "etat": "en_cours",
    }
    assert data["statuts"] == {
        "a_venir": 1,
        "en_cours": 1,
        "en_continu": 1,
        "realisee": 1,
        "reportee": 0,
        "abandonnee": 1,
    }
    action = data["orientations"][0]["objectifs"][0]["actions"][1]
    assert action == {
        "id": "1.1.2",
        "titre": "Charte des valeurs",
        "statut": "en_cours",
        "avancement": 40,
        "porteur": None,
        "echeance": "2020-01-31",
        "en_retard": True,
        "derniere_entree": "2020-01-10",
    }
    watch = data["a_surveiller"]
    assert [a["id"] for a in watch["en_retard"]] == ["1.1.2"]
    assert watch["echeance_proche"]["jours"] == 90
    assert watch["sans_nouvelles"]["mois"] == 6
    assert [a["id"] for a in watch["sans_nouvelles"]["actions"]] == ["1.2.1"]  # 2.1.1 en
    # continu, silent since 2019-09-01: 12 months on 2020-09-01
    since = json.loads(
        cli(
            "--plan",
            small_plan,
            "status",
            "--json",
            "--since",
            "2020-01-01",
            "--as-of",
            "2020-07-01",
        ).stdout
    )["depuis"]
    assert [e["action"] for e in since["entrees"]] == ["1.1.2", "1.1.1", "2.1.2"]
    assert since["statuts"] == [
        {"id": "1.1.1", "avant": "en_cours", "apres": "realisee"},
        {"id": "1.1.2", "avant": "a_venir", "apres": "en_cours"},
        {"id": "2.1.2", "avant": "a_venir", "apres": "abandonnee"},
    ]


def test_global_options_before_or_after_the_command(cli, small_plan, monkeypatch):
    before = cli("--plan", small_plan, "--lang", "en", "status", "--as-of", "2020-01-01")
    after = cli("status", "--lang", "en", "--plan", small_plan, "--as-of", "2020-01-01")
    as_of_first = cli("--as-of", "2020-01-01", "--plan", small_plan, "--lang", "en", "status")
    assert before.exit_code == after.exit_code == as_of_first.exit_code == 0
    assert before.stdout == after.stdout == as_of_first.stdout
    assert "On January 1, 2020" in before.stdout
    show = cli("show", "1.1.2", "--plan", small_plan, "--lang", "en")
    assert show.exit_code == 0 and "In progress" in show.stdout
    refused = cli("--as-of", "2020-01-01", "--plan", small_plan, "validate")
    assert (refused.exit_code, refused.stderr) == (
        2,
        "tdsplan : erreur : option inconnue « --as-of »\nAide : « tdsplan validate --help ».\n",
    )


def test_status_finds_the_plan_from_below(cli, small_plan, monkeypatch):
    monkeypatch.chdir(small_plan / "2-agir")
    result = cli("status")
    assert result.exit_code == 0
    assert result.stdout.startswith("Plan d’essai 2019-2021 · année 1 sur 2\nAu 1er\u00a0mars 2020")


def test_no_plan_here_is_a_usage_error(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("status")
    assert result.exit_code == 2
    assert result.stderr.startswith("tdsplan : erreur : aucun plan trouvé")


def test_invalid_plan_lists_problems_and_exits_1(cli, plan_with, monkeypatch):
    folder = plan_with(
        {
            "2-agir/2.1-partager.yaml": "id: 2.1\ntitre: P\nactions:\n"
            "  - id: 2.1.1\n    titre: F\n"
            "    statut: encours\n"
        }
    )
    monkeypatch.chdir(folder.parent)
    result = cli("status")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "plan/2-agir/2.1-partager.yaml:6:13: statut : statut inconnu « encours » (vouliez-vous "
        "dire « en_cours » ?) ; valeurs permises : a_venir, en_cours, en_continu, realisee, "
        "reportee, abandonnee\n"
        "tdsplan : erreur : plan invalide : 1 problème dans 1 fichier\n"
    )


# ---------------------------------------------------------------- the pager


def _in_terminal(args: list[str], tmp_path, rows: int = 10) -> str:
    """What the pager got from ``status`` of the demo in a terminal of ``rows`` rows."""
    from tests.cli.terminal import in_terminal

    command = ["--plan", str(DEMO), "status", "--as-of", "2022-01-15", *args]
    return in_terminal(command, tmp_path, rows).paged


@pytest.mark.slow  # runs tdsplan in a pseudo-terminal
def test_pager_only_in_a_terminal_too_small_for_the_output(tmp_path):
    paged = _in_terminal([], tmp_path, rows=10)
    assert "À surveiller" in paged and "\x1b[" in paged  # colours kept for less -R
    (tmp_path / "again").mkdir()
    assert _in_terminal(["--no-pager"], tmp_path / "again", rows=10) == ""


@pytest.mark.slow  # runs tdsplan in a pseudo-terminal
def test_pager_not_used_when_the_output_fits(tmp_path):
    assert _in_terminal([], tmp_path, rows=40) == ""


@pytest.mark.slow  # runs tdsplan in a process
def test_no_pager_in_a_pipe(tmp_path):
    env = {
        **os.environ,
        "PAGER": f"sh -c 'cat > {tmp_path / 'paged.txt'}'",
        "TDSPLAN_NO_CACHE": "1",
        "LINES": "5",
    }
    out = subprocess.run(
        [sys.executable, "-m", "tdsplan", "--plan", str(DEMO), "status", "--all"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0 and "1.1.1" in out.stdout
    assert not (tmp_path / "paged.txt").exists()


def test_a_plan_without_actions(cli, plan_with):
    from tests.conftest import SMALL_PLAN

    folder = plan_with({name: None for name in SMALL_PLAN if name != "plan.yaml"})
    result = cli("--plan", folder, "status")
    assert (result.exit_code, result.stdout) == (
        0,
        (
            "Plan d’essai 2019-2021 · année 1 sur 2\n"
            "Au 1er\u00a0mars 2020  □□□□□□□□□□□□□□□□□□□□     — · 0 action\n"
            "\n"
            "À surveiller : rien à signaler.\n"
        ),
    )


# ---------------------------------------------------------------- fixes from the review


def test_a_fiscal_year_outside_the_plan_is_refused_by_every_view(cli):
    """status, show and log refuse a year outside the plan as report does: exit 2, the
    plan's period named, nothing on stdout (not today's state shown as if it were 2050)."""
    message = (
        "tdsplan : erreur : exercice 2050-2051 hors de la période du plan (2018-2023) : "
        "choisissez un exercice de 2018-2019 à 2023-2024 (un an de plus pour un bilan "
        "tardif)\n"
    )
    cli.on(DEMO_TODAY)
    for args in (
        ["status", "--year", "2050"],
        ["status", "--year", "2050", "--late"],
        ["show", "1.1", "--year", "2050"],
        ["log", "--year", "2050"],
        ["report", "--year", "2050", "-o", "/nonexistent/x.md"],
    ):
        result = cli("--plan", DEMO, *args)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", message), args
    # The year after the plan's end stays open (a late bilan), and one inside it too.
    assert cli("--plan", DEMO, "status", "--year", "2023").exit_code == 0
    assert cli("--plan", DEMO, "show", "1.1", "--year", "2018").exit_code == 0


def test_focused_title_names_every_filter_in_good_french(monkeypatch):
    """One title, each filter once, the territory and the funder by their names."""
    monkeypatch.chdir(DEMO.parent)
    current = ["--plan", "plan-2023-2028", "status", "--as-of", "2026-11-26"]
    cases = {
        (
            "--funder",
            "Centraide",
        ): "Actions · bailleur Centraide Lanaudière — au 26\u00a0novembre 2026 : 4 actions sur 19",
        (
            "--funder",
            "centraide",
            "--late",
        ): "Actions en retard · bailleur Centraide Lanaudière — au 26\u00a0novembre 2026 : "
        "2 actions sur 19",
        (
            "--status",
            "realisee",
            "--status",
            "en_retard",
        ): "Actions réalisées ou en retard — au 26\u00a0novembre 2026 : 10 actions sur 19",
        (
            "--territory",
            "joliette",
        ): "Actions · territoire Joliette — au 26\u00a0novembre 2026 : 13 actions sur 19",
        (
            "--status",
            "realisee",
            "--status",
            "en_retard",
            "--lead",
            "comité VEILLE",
            "--territory",
            "joliette",
            "--funder",
            "centraide",
        ): "Actions réalisées ou en retard · porteur « Comité veille » · territoire Joliette · "
        "bailleur Centraide Lanaudière — au 26\u00a0novembre 2026 : 1 action sur 19",
    }
    for args, title in cases.items():
        result = run(monkeypatch, *current, *args, columns=200, today=dt.date(2026, 11, 26))
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[0] == title, args
    english = run(
        monkeypatch,
        "--lang",
        "en",
        *current,
        "--status",
        "realisee",
        "--late",
        "--territory",
        "joliette",
        columns=200,
        today=dt.date(2026, 11, 26),
    )
    assert english.stdout.splitlines()[0].startswith(
        "Actions done or late · territory Joliette — on "
    )


def test_every_hint_repeats_the_plan_and_the_date_chosen(monkeypatch):
    """Run as it is, a hint shows the same plan at the same date."""
    monkeypatch.chdir(DEMO.parent)
    out = run(monkeypatch, "--plan", "plan", "status", "--year", "2021").stdout
    assert "(tdsplan --plan plan status --year 2021 --silent-for 6)" in out
    out = run(monkeypatch, "status", "--as-of", "2026-11-26", today=dt.date(2026, 11, 26)).stdout
    assert "(tdsplan status --as-of 2026-11-26 --silent-for 6)" in out


def test_as_of_reads_a_date_as_the_sheets_do(cli, small_plan):
    iso = cli("--plan", small_plan, "status", "--as-of", "2020-03-31")
    for typed in ("31/03/2020", "31 mars 2020"):
        result = cli("--plan", small_plan, "status", "--as-of", typed)
        assert (result.exit_code, result.stdout) == (0, iso.stdout), typed
    refused = cli("--plan", small_plan, "status", "--as-of", "31/02/2020")
    assert (refused.exit_code, refused.stdout, refused.stderr) == (
        2,
        "",
        "tdsplan : erreur : date « 31/02/2020 » impossible\n",
    )


LEADS = (
    "Agente de développement, Comité des valeurs, Comité d’analyse, Comité formation, "
    "Comité promotion, Comité régional en sécurité alimentaire, Comité veille, Conseil "
    "d’administration, Coordination"
)


def test_a_lead_no_action_names_is_refused_with_a_hint(cli, tmp_path):
    """A typo in --lead is a usage error (exit 2) with the nearest lead, as for a territory,
    in status and in export; export writes no empty workbook."""
    cli.on(DEMO_TODAY)
    result = cli("--plan", DEMO, "status", "--lead", "Coordinaton")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        (
            "tdsplan : erreur : porteur « Coordinaton » inconnu (vouliez-vous dire "
            f"« Coordination » ?) ; porteurs des actions : {LEADS}\n"
        ),
    )
    english = cli("--lang", "en", "--plan", DEMO, "status", "--lead", "Coordinaton")
    assert (english.exit_code, english.stdout, english.stderr) == (
        2,
        "",
        (
            "tdsplan: error: unknown lead “Coordinaton” (did you mean “Coordination”?); leads "
            f"of the actions: {LEADS}\n"
        ),
    )
    workbook = tmp_path / "suivi.xlsx"
    export = cli("--plan", DEMO, "export", "--lead", "Coordinaton", "-o", workbook)
    assert (export.exit_code, export.stderr) == (2, result.stderr)
    assert not workbook.exists()
    partner = cli("--plan", DEMO, "export", "--partner", "Municipal milieu", "-f", "csv")
    assert (partner.exit_code, partner.stdout) == (2, "")
    assert partner.stderr.startswith(
        "tdsplan : erreur : partenaire « Municipal milieu » inconnu ; partenaires des actions : "
    )
    # Accents and case aside, or a part of several names: « comité » lists the committees.
    exact = cli("--plan", DEMO, "status", "--lead", "COORDINATION", "--as-of", "2022-01-15")
    assert exact.stdout.startswith(
        "Actions · porteur « Coordination » — au 15\u00a0janvier 2022 : 12 actions sur 27\n"
    )
    part = cli("--plan", DEMO, "status", "--lead", "comite", "--as-of", "2022-01-15")
    assert part.stdout.startswith(
        "Actions · porteur « comite » — au 15\u00a0janvier 2022 : 13 actions sur 27\n"
    )


OFF_TRACK = """\
id: 1.2
titre: Fournir des outils
actions:
  - id: 1.2.1
    titre: Refonte du site internet
    statut: en_cours
    indicateurs:
      - nom: Visites
        nature: cumul
        cible: 100
        reel: 10
      - nom: Ateliers tenus
        nature: cumul
        cible: 10
        reel: 6
      - nom: Membres inscrits
        nature: niveau
        cible: 50
        reel: 5
    journal:
      - date: 2019-06-01
        statut: en_cours
        indicateurs:
          Visites: 10
          Ateliers tenus: 6
"""


def test_the_watch_list_names_the_indicators_off_track_with_attainment_and_date(
    monkeypatch, plan_with
):
    plan = plan_with({"1-comprendre/1.2-outils.yaml": OFF_TRACK})
    result = run(monkeypatch, "--plan", plan, "status", "--as-of", "2020-03-31")
    assert result.exit_code == 0, result.stderr
    screen = lines(result.stdout)
    assert screen.endswith(
        "Indicateurs en retard (2)\n"
        "  1.2.1  Visites                                                10\xa0%  2019-06-01\n"
        "  1.2.1  Membres inscrits                                       10\xa0%  non datée"
    )
    assert "Ateliers tenus" not in screen  # 60 % with half the plan gone: on track
    data = json.loads(
        run(monkeypatch, "--plan", plan, "status", "--as-of", "2020-03-31", "--json").stdout
    )
    found = data["a_surveiller"]["indicateurs_en_retard"]
    assert [(i["action"], i["nom"], i["atteinte"], i["date"], i["etat"]) for i in found] == [
        ("1.2.1", "Visites", 10.0, "2019-06-01", "en_retard"),
        ("1.2.1", "Membres inscrits", 10.0, None, "en_retard"),
    ]


def test_the_indicators_off_track_are_said_in_english(monkeypatch, plan_with):
    plan = plan_with({"1-comprendre/1.2-outils.yaml": OFF_TRACK})
    result = run(monkeypatch, "--lang", "en", "--plan", plan, "status", "--as-of", "2020-03-31")
    assert result.exit_code == 0, result.stderr
    assert "Indicators off track (2)\n" in lines(result.stdout)
    assert lines(result.stdout).endswith("Membres inscrits" + " " * 40 + "10%  undated")


def test_an_indicator_not_yet_measured_at_the_date_is_not_off_track(monkeypatch, plan_with):
    plan = plan_with({"1-comprendre/1.2-outils.yaml": OFF_TRACK})
    result = run(monkeypatch, "--plan", plan, "status", "--as-of", "2019-05-01")
    assert result.exit_code == 0, result.stderr
    assert "Indicateurs en retard" not in result.stdout


def test_a_hint_too_long_for_the_line_puts_its_command_whole_on_the_next(monkeypatch):
    monkeypatch.chdir(DEMO.parent.parent.parent)
    out = run(
        monkeypatch, "--plan", "examples/demo/plan", "status", "--as-of", "2021-03-31"
    ).stdout.splitlines()
    at = out.index("  … et 5 autres")
    assert out[at + 1] == (
        "    (tdsplan --plan examples/demo/plan status --as-of 2021-03-31 --silent-for 6)"
    )
    later = run(
        monkeypatch, "--plan", "examples/demo/plan", "status", "--as-of", "2022-12-01"
    ).stdout.splitlines()
    # One column short with four spaces: two, and the command still whole.
    assert "  (tdsplan --plan examples/demo/plan status --as-of 2022-12-01 --due-within 90)" in (
        later
    )
    assert max(len(line) for line in later) <= 80


def test_the_orientations_hint_alone_does_not_begin_with_and():
    from tdsplan.cli import status_screen

    rows = [status_screen.console.text(f"  {n}. Orientation {n}") for n in range(1, 33)]
    alone = [str(t) for t in status_screen._summarised(rows, 1, 80, "tdsplan status")]
    assert alone == ["  32 orientations (tdsplan status --all)"]
    some = [str(t) for t in status_screen._summarised(rows, 4, 80, "tdsplan status")]
    assert some[:3] == ["  1. Orientation 1", "  2. Orientation 2", "  3. Orientation 3"]
    assert some[3] == "  … et 29 autres orientations (tdsplan status --all)"

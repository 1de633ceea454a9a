"""Recording the past as it was: refused dates, back-dated entries, corrections, the
journal numbered, and the report's period and format checked — each refusal with its
exit code, its message, and not one byte of the plan changed."""

from __future__ import annotations

import subprocess

from tests.conftest import SMALL_PLAN

A = "1-comprendre/1.2-outils.yaml"
B = "1-comprendre/1.1-definition.yaml"


def snapshot(folder):
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_refused_entries_exit_2_with_the_reason_and_write_nothing(cli, small_plan):
    before = snapshot(small_plan)
    cases = [
        (
            ["update", "1.1.1", "-n", "x", "--date", "2030-01-01"],
            "tdsplan : erreur : date 2030-01-01 dans le futur (nous sommes le 2020-03-01) : le "
            "journal n’inscrit que ce qui est arrivé\n",
        ),
        (
            ["update", "1.1.1", "-n", "x", "--date", "2010-01-01"],
            "tdsplan : erreur : date 2010-01-01 antérieure au début du plan (2019-04-01) : une "
            "entrée du journal est datée dans la période du plan\n",
        ),
        (
            ["amend", "1.1.1", "1", "--date", "2020-03-02"],
            "tdsplan : erreur : date 2020-03-02 dans le futur (nous sommes le 2020-03-01) : le "
            "journal n’inscrit que ce qui est arrivé\n",
        ),
        (
            ["update", "1.1.1", "-i", "Visites=3"],
            "tdsplan : erreur : l’action 1.1.1 n’a pas d’indicateur : ajoutez-le d’abord à la "
            "liste « indicateurs » de l’action\n",
        ),
        (
            ["amend", "1.1.1", "3", "--note", "x"],
            "tdsplan : erreur : l’action 1.1.1 n’a pas d’entrée n° 3 : son journal compte 2 "
            "entrées\n",
        ),
        (
            ["amend", "1.1.1", "1", "--delete", "--note", "x"],
            "tdsplan : erreur : --delete supprime l’entrée entière : sans autre option\n",
        ),
        (
            ["amend", "1.1.1", "un", "--note", "x"],
            "tdsplan : erreur : numéro d’entrée « un » invalide : un nombre entier, tel que "
            f"« tdsplan --plan {small_plan} log 1.1.1 » le montre\n",
        ),
        (
            ["update", "1.1.1", "--lead", " "],
            "tdsplan : erreur : nom du porteur vide : écrivez un texte, ou ne l’indiquez pas\n",
        ),
    ]
    for args, message in cases:
        result = cli("--plan", small_plan, *args)
        assert (result.exit_code, result.stderr) == (2, message), args
        assert result.stdout == ""
    assert snapshot(small_plan) == before


def test_no_edit_when_another_file_is_invalid(cli, plan_with):
    folder = plan_with(
        {
            "2-agir/2.1-partager.yaml": SMALL_PLAN["2-agir/2.1-partager.yaml"].replace(
                "statut: abandonnee\n    journal", "statut: fini\n    journal"
            )
        }
    )
    before = snapshot(folder)
    for args in (
        ["update", "1.2.1", "-n", "x"],
        ["amend", "1.1.1", "1", "--note", "x"],
        ["add", "action", "--parent", "1.2", "--title", "Infolettre"],
    ):
        result = cli("--plan", folder, *args)
        assert result.exit_code == 1, args
        assert result.stderr.startswith(f"{folder}/2-agir/2.1-partager.yaml:13:13: statut :")
        assert result.stderr.endswith(
            "tdsplan : erreur : plan invalide : 1 problème dans 1 fichier\n"
        )
        assert (
            cli("--plan", folder, "validate").stderr.splitlines()[0]
            == result.stderr.splitlines()[0]
        )  # the same located message as validate
    assert snapshot(folder) == before


def test_a_date_after_the_plan_is_accepted_with_a_warning(cli, plan_with, monkeypatch):
    import datetime as dt

    from tdsplan.cli import common

    monkeypatch.setattr(common, "today", lambda: dt.date(2022, 6, 1))
    folder = plan_with({})
    result = cli("--plan", folder, "update", "1.2.1", "-n", "Bilan tardif")
    assert result.exit_code == 0
    assert result.stderr == (
        "tdsplan : attention : date 2022-06-01 après la fin du plan "
        "(2021-03-31) : entrée acceptée, vérifiez la date\n"
    )


def test_forgotten_entry_then_log_then_amend_then_delete(cli, small_plan):
    result = cli(
        "--plan",
        small_plan,
        "update",
        "1.1.1",
        "--date",
        "2019-09-10",
        "--note",
        "Deuxième atelier",
        "--by",
        "Marie",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "1.1.1 Définition du DS : note ajoutée (2019-09-10)\n"
        "Entrée antidatée, inscrite au rang 2 du journal ; l’état actuel est recalculé.\n"
    )
    log = cli("--plan", small_plan, "log", "1.1.1").stdout
    assert log.splitlines()[0].split()[:2] == ["1", "2019-05-01"]
    assert log.splitlines()[2].split()[:2] == ["2", "2019-09-10"]
    # The hint names the plan chosen, on one line to copy whole.
    assert f"Pour corriger une entrée : tdsplan --plan {small_plan} amend 1.1.1 N ...\n" in log
    result = cli("--plan", small_plan, "amend", "1.1.1", "3", "--status", "en_cours")
    assert result.stdout == (
        "1.1.1 : entrée n° 3 du 2020-02-15 corrigée.\n"
        "État actuel : Réalisée, échéance 2020-03-31, Marie Tremblay → "
        "En cours, échéance 2020-03-31, Marie Tremblay\n"
    )
    text = (small_plan / B).read_text(encoding="utf-8")
    assert "    statut: en_cours\n    porteur: Marie Tremblay\n" in text
    before = snapshot(small_plan)
    result = cli("--plan", small_plan, "amend", "1.1.1", "2", "--delete", "--dry-run")
    changed = [line for line in result.stdout.splitlines()[2:] if line[:1] in "+-"]
    assert changed == [
        "-      - date: 2019-09-10",
        "-        note: Deuxième atelier",
        "-        auteur: Marie",
    ]
    assert snapshot(small_plan) == before


def test_rescheduling_and_a_new_lead_from_the_command_line(cli, small_plan):
    result = cli(
        "--plan",
        small_plan,
        "update",
        "1.1.2",
        "--due",
        "2020-12-31",
        "--lead",
        "Léa",
        "--note",
        "Report",
        "--date",
        "2020-02-01",
    )
    assert result.stdout == (
        "1.1.2 Charte des valeurs : échéance 2020-01-31 → 2020-12-31, "
        "porteur — → Léa (2020-02-01)\n"
    )
    text = (small_plan / B).read_text(encoding="utf-8")
    assert "    porteur: Léa\n    echeance: 2020-12-31\n    echeance_initiale: 2020-01-31\n" in text
    # Without the new due date, 1.1.2 would be late on 2020-02-01; rescheduled that day:
    late = cli("--plan", small_plan, "status", "--status", "en_retard", "--as-of", "2020-02-01")
    assert (late.exit_code, late.stdout) == (
        0,
        "Actions en retard — au 1er\u00a0février 2020 : "
        "0 action sur 5\nAucune action ne correspond.\n",
    )
    assert (
        cli("--plan", small_plan, "show", "1.1.2", "--as-of", "2020-01-15", "--json").stdout.count(
            '"echeance": "2020-01-31"'
        )
        == 1
    )


def test_git_user_name_is_read_where_the_command_runs(monkeypatch, tmp_path):
    from tdsplan.cli.common import git_user_name  # no cli fixture: the real lookup

    repo = tmp_path / "depot"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "config", "user.name", "Josée Gagnon"], check=True)
    monkeypatch.chdir(repo)
    assert git_user_name() == "Josée Gagnon"


def test_the_author_defaults_to_git_user_name(cli, small_plan, monkeypatch):
    from tdsplan.cli import common

    monkeypatch.setattr(common, "git_user_name", lambda: "Josée Gagnon")
    cli("--plan", small_plan, "update", "1.2.1", "-n", "ok")
    cli("--plan", small_plan, "update", "1.2.1", "-n", "ok", "--by", "Léa")
    assert (
        (small_plan / A)
        .read_text(encoding="utf-8")
        .endswith(
            "        note: ok\n        auteur: Josée Gagnon\n"
            "      - date: 2020-03-01\n        note: ok\n        auteur: Léa\n"
        )
    )


def test_as_of_outside_the_period_is_shown_and_said(cli, small_plan):
    result = cli("--plan", small_plan, "status", "--as-of", "2018-01-01")
    assert result.exit_code == 0
    assert result.stderr == (
        "tdsplan : attention : le 2018-01-01 est hors de la période du "
        "plan (2019-04-01 – 2021-03-31) : état reconstitué depuis les "
        "journaux\n"
    )


def test_report_refuses_a_year_outside_the_plan_and_a_contradicting_file(cli, small_plan, tmp_path):
    before = snapshot(small_plan)
    cases = [
        (
            ["--year", "2030"],
            "tdsplan : erreur : exercice 2030-2031 hors de la période du plan (2019-2021) : "
            "choisissez un exercice de 2019-2020 à 2021-2022 (un an de plus pour un bilan "
            "tardif)\n",
        ),
        (
            ["--year", "2018"],
            "tdsplan : erreur : exercice 2018-2019 hors de la période du plan (2019-2021)",
        ),
        (
            ["-o", tmp_path / "rapport.pdf", "-f", "md"],
            f"tdsplan : erreur : {tmp_path / 'rapport.pdf'} a l’extension .pdf, qui contredit le "
            "format demandé (-f md) : rien n’a été écrit\n",
        ),
        (
            ["-o", tmp_path / "rapport.txt"],
            f"tdsplan : erreur : extension « .txt » de {tmp_path / 'rapport.txt'} inconnue : "
            "écrivez .md, .html, .pdf ou .docx, ou indiquez le format avec -f\n",
        ),
    ]
    for args, message in cases:
        result = cli("--plan", small_plan, "report", *args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith(message), result.stderr
    assert not (tmp_path / "rapport.pdf").exists() and not (tmp_path / "rapport.txt").exists()
    assert not (small_plan.parent / "reports").exists()
    assert snapshot(small_plan) == before
    result = cli("--plan", small_plan, "report", "--year", "2021", "-o", tmp_path / "r.pdf")
    assert result.exit_code == 0, result.stderr  # the year after the end; PDF from the name
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_log_refuses_a_reversed_range(cli, small_plan):
    result = cli("--plan", small_plan, "log", "--since", "2020-01-01", "--until", "2019-01-01")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        ("tdsplan : erreur : dates inversées : --since 2020-01-01 est après --until 2019-01-01\n"),
    )
    same_day = cli("--plan", small_plan, "log", "--since", "2019-05-01", "--until", "2019-05-01")
    assert same_day.exit_code == 0 and "Premier atelier." in same_day.stdout

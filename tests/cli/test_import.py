"""The twice-a-year loop: ``tdsplan export --format xlsx``, a lead fills the sheet,
``tdsplan import`` writes the journal entries. The plan is the demo's, in a git
repository, so that each test reads the change as ``git diff``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import REPO

# Whole sheet round trips (write, fill, read back, write the plan): the slow loop.
pytestmark = pytest.mark.slow

TODAY = dt.date(2023, 1, 16)


@pytest.fixture
def demo(tmp_path: Path, cli, monkeypatch) -> Path:
    """The demo plan in a fresh git repository; today is 2023-01-16."""
    from tdsplan.cli import common

    monkeypatch.setattr(common, "today", lambda: TODAY)
    root = tmp_path / "depot"
    shutil.copytree(REPO / "examples" / "demo" / "plan", root / "plan")
    monkeypatch.chdir(root)
    for command in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "plan"],
    ):
        subprocess.run(["git", *command], cwd=root, check=True)
    return root


#: The columns of the follow-up sheet saved as CSV by a spreadsheet (semicolons).
CSV_HEADER = (
    "ID;Dernière entrée;Dernière note;Nouveau statut;Avancement (%);"
    "Nouvelle échéance;Note;Date;Auteur"
)


def git_diff(root: Path) -> str:
    return subprocess.run(
        ["git", "diff", "-U0", "--no-color"], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def hunks(root: Path) -> str:
    """The diff without its git headers: each file, where, and the lines changed."""
    return "".join(
        line + "\n"
        for line in git_diff(root).splitlines()
        if line.startswith(("+", "-", "@@")) and not line.startswith("---")
    )


COLUMN = {
    "statut": 11,
    "avancement": 12,
    "echeance": 13,
    "note": 14,
    "date": 15,
    "auteur": 16,
    "indicateur": 17,
    "valeur": 18,
}


def fill(
    source: Path, target: Path, rows: dict[str, dict[str, object]], sheet: str = "Actions"
) -> Path:
    """Fill the exported workbook as a lead would, with openpyxl, and save it as ``target``."""
    book = load_workbook(source)
    actions = book[sheet]
    lines = {row[0].value: row[0].row for row in actions.iter_rows(min_row=2)}
    for identifier, values in rows.items():
        for key, value in values.items():
            actions.cell(lines[identifier], COLUMN[key], value)
    book.save(target)
    return target


def exported(cli, root: Path, *options: str) -> Path:
    target = root / "suivi.xlsx"
    result = cli("export", "--format", "xlsx", "-o", target, *options)
    assert result.exit_code == 0, result.stderr
    return target


LEAD_NEWS = {
    "2.2.5": {
        "statut": "En cours",
        "avancement": 30,
        "note": "Maquette présentée au comité.",
        "date": "10 janvier 2023",
        "auteur": "Julie Gagnon",
    },
    "2.1.4": {"avancement": 60, "note": "Deux ateliers tenus à Joliette."},
    "4.2.2": {"statut": "reportée", "date": dt.datetime(2023, 1, 12)},
    "3.1.4": {"note": "Rencontre de démarrage avec la MRC.", "date": "15 janvier 2021"},
    "4.1.3": {"echeance": dt.datetime(2023, 12, 31), "note": "Adoption reportée à l’automne."},
}

EXPECTED = """\
+++ b/plan/2-expertises-et-ressources/2.1-connaissances-et-intervention.yaml
@@ -124 +124 @@ actions:
-    avancement: 20
+    avancement: 60
@@ -138,0 +139,4 @@ actions:
+      - date: 2023-01-16
+        avancement: 60
+        note: Deux ateliers tenus à Joliette.
+        auteur: Coordination
+++ b/plan/2-expertises-et-ressources/2.2-vision-et-expertise.yaml
@@ -64 +64,2 @@ actions:
-    statut: a_venir
+    statut: en_cours
+    avancement: 30
@@ -67 +68,6 @@ actions:
-    journal: []
+    journal:
+      - date: 2023-01-10
+        statut: en_cours
+        avancement: 30
+        note: Maquette présentée au comité.
+        auteur: Julie Gagnon
+++ b/plan/3-plans-d-action-locaux/3.1-veille-programmes-et-financements.yaml
@@ -130,0 +131,3 @@ actions:
+      - date: 2021-01-15
+        note: Rencontre de démarrage avec la MRC.
+        auteur: Coordination
+++ b/plan/4-plan-regional-2023-2028/4.1-occasions-d-echanges.yaml
@@ -53 +53,2 @@ actions:
-    echeance: 2023-03-31
+    echeance: 2023-12-31
+    echeance_initiale: 2023-03-31
@@ -63,0 +65,4 @@ actions:
+      - date: 2023-01-16
+        echeance: 2023-12-31
+        note: Adoption reportée à l’automne.
+        auteur: Coordination
+++ b/plan/4-plan-regional-2023-2028/4.2-veille-intersectorielle.yaml
@@ -38 +38 @@ actions:
-    statut: en_cours
+    statut: reportee
@@ -63,0 +64,3 @@ actions:
+      - date: 2023-01-12
+        statut: reportee
+        auteur: Coordination
"""


def test_round_trip_writes_exactly_the_leads_news(cli, demo):
    sheet = fill(exported(cli, demo), demo / "rempli.xlsx", LEAD_NEWS)
    result = cli("import", sheet, "--by", "Coordination")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "2.1.4 Projet de jumelage sur la participation citoyenne : avancement 20\u00a0% → "
        "60\u00a0% (2023-01-16)\n"
        "2.2.5 Autres opportunités : À venir → En cours, avancement — → 30\u00a0% (2023-01-10)\n"
        "3.1.4 Accompagnement des MRC et CLDS dans l’élaboration de politiques ou de plans "
        "d’action : note ajoutée (2021-01-15)\n"
        "Entrée antidatée, inscrite au rang 2 du journal ; l’état actuel est recalculé.\n"
        "4.1.3 Politique régionale en développement social et son plan d’action : échéance "
        "2023-03-31 → 2023-12-31 (2023-01-16)\n"
        "4.2.2 Mise à jour du tableau de bord sur la solidarité et l’inclusion sociale : "
        "En cours → Reportée (2023-01-12)\n"
    )
    assert result.stderr == "rempli.xlsx : 5 entrées inscrites.\n"
    assert hunks(demo) == EXPECTED


def test_the_rows_read_by_openpyxl_alone_write_the_same_bytes(cli, demo, monkeypatch):
    """The sheet's fast scan (tdsplan.sheets.fastrows) changes nothing written."""
    from tdsplan.sheets import fastrows

    def handed_over(self):
        raise fastrows._Unread
        yield  # pragma: no cover

    sheet = fill(exported(cli, demo), demo / "rempli.xlsx", LEAD_NEWS)
    monkeypatch.setattr(fastrows._Scan, "rows", handed_over)
    result = cli("import", sheet, "--by", "Coordination")
    assert result.exit_code == 0, result.stderr
    assert hunks(demo) == EXPECTED
    diff = git_diff(demo)
    assert cli("validate").exit_code == 0

    again = cli("import", sheet)  # without --by this time
    assert (again.exit_code, again.stdout) == (0, "")
    assert again.stderr == "rempli.xlsx : rien de nouveau (5 lignes remplies, déjà au journal).\n"
    assert git_diff(demo) == diff


def test_a_bad_row_changes_nothing(cli, demo):
    news = {**LEAD_NEWS, "3.1.2": {"statut": "finie bof"}, "3.1.3": {"avancement": 140}}
    sheet = fill(exported(cli, demo), demo / "rempli.xlsx", news)
    result = cli("import", sheet)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "rempli.xlsx:Actions!K21: statut inconnu « finie bof » (valeurs : À venir, En cours, "
        "En continu, Réalisée, Reportée, Abandonnée)\n"
        "rempli.xlsx:Actions!L22: avancement « 140 » invalide : un nombre entier de 0 à 100\n"
        "tdsplan : erreur : feuille refusée : 2 problèmes ; rien n’a été inscrit\n"
    )
    assert git_diff(demo) == ""


def test_skip_invalid_writes_the_good_rows_and_lists_the_others(cli, demo):
    news = {
        "2.1.4": {"avancement": 60},
        "3.1.3": {"note": "Bilan", "date": "mars"},
        "3.1.2": {"statut": "finie bof", "avancement": 150},
    }
    sheet = fill(exported(cli, demo), demo / "rempli.xlsx", news)
    assert cli("import", sheet).exit_code == 1 and git_diff(demo) == ""
    result = cli("import", sheet, "--skip-invalid")
    assert result.exit_code == 0
    assert result.stdout == (
        "2.1.4 Projet de jumelage sur la participation citoyenne : "
        "avancement 20\xa0% → 60\xa0% (2023-01-16)\n"
    )
    assert result.stderr == (
        "ignorée : rempli.xlsx:Actions!K21: statut inconnu « finie bof » (valeurs : À venir, "
        "En cours, En continu, Réalisée, Reportée, Abandonnée)\n"
        "ignorée : rempli.xlsx:Actions!L21: avancement « 150 » invalide : un nombre entier de "
        "0 à 100\n"
        "ignorée : rempli.xlsx:Actions!O22: date « mars » illisible : écrivez-la 2020-03-15 ou "
        "« 15 mars 2020 »\n"
        "rempli.xlsx : 1 entrée inscrite, 2 lignes ignorées.\n"
    )
    assert hunks(demo) == (
        "+++ b/plan/2-expertises-et-ressources/2.1-connaissances-et-intervention.yaml\n"
        "@@ -124 +124 @@ actions:\n-    avancement: 20\n+    avancement: 60\n"
        "@@ -138,0 +139,2 @@ actions:\n+      - date: 2023-01-16\n+        avancement: 60\n"
    )


def test_skip_invalid_passes_over_an_impossible_date_in_a_csv(cli, demo):
    (demo / "s.csv").write_text(
        f"{CSV_HEADER}\n3.1.3;;;;;;Bilan;31/02/2023;\n2.1.4;27/09/2022;x;;60;;;;\n",
        encoding="utf-8",
    )
    refused = cli("import", demo / "s.csv")
    assert refused.exit_code == 1 and git_diff(demo) == ""
    # The row the plan refuses is counted beside the cell that cannot be read.
    assert refused.stderr == (
        "s.csv:H2: date « 31/02/2023 » impossible\n"
        "s.csv:B3: conflit : l’action 2.1.4 a changé depuis l’export (dernière entrée du "
        "2021-10-05 dans le plan, du 2022-09-27 dans la feuille) : vérifiez la ligne\n"
        "tdsplan : erreur : feuille refusée : 2 problèmes ; rien n’a été inscrit\n"
        "Après vérification, --force inscrit les lignes en conflit ; --skip-invalid inscrit "
        "les lignes correctes seulement.\n"
    )
    result = cli("import", demo / "s.csv", "--skip-invalid", "--force")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "ignorée : s.csv:H2: date « 31/02/2023 » impossible\n"
        "s.csv : 1 entrée inscrite, 1 ligne ignorée.\n"
    )
    assert "+        avancement: 60\n" in git_diff(demo)


def test_a_sheet_that_knew_no_entry_of_an_action_that_has_one_says_none(cli, demo):
    (demo / "s.csv").write_text(f"{CSV_HEADER}\n2.1.4;;;;60;;;;\n", encoding="utf-8")
    refused = cli("import", demo / "s.csv")
    assert refused.exit_code == 1 and git_diff(demo) == ""
    assert refused.stderr.startswith(
        "s.csv:B2: conflit : l’action 2.1.4 a changé depuis l’export (dernière entrée du "
        "2021-10-05 dans le plan, aucune dans la feuille) : vérifiez la ligne\n"
    )


def test_skip_invalid_leaves_out_the_rows_the_plan_refuses(cli, demo):
    news = {"2.1.4": {"avancement": 60}, "1.1.1": {"note": "Relance", "date": "2030-01-01"}}
    sheet = fill(exported(cli, demo), demo / "rempli.xlsx", news)
    refused = cli("import", sheet)
    assert refused.exit_code == 1 and git_diff(demo) == ""
    assert refused.stderr.startswith(
        "rempli.xlsx:Actions!O2: date 2030-01-01 dans le futur (nous sommes le 2023-01-16)"
    )
    result = cli("import", sheet, "--skip-invalid")
    assert result.exit_code == 0
    assert result.stdout.startswith("2.1.4 ")
    assert result.stderr.startswith(
        "ignorée : rempli.xlsx:Actions!O2: date 2030-01-01 dans le futur"
    )
    assert result.stderr.endswith("rempli.xlsx : 1 entrée inscrite, 1 ligne ignorée.\n")
    assert "+    avancement: 60\n" in git_diff(demo)


def test_a_row_whose_action_changed_since_the_export_is_a_conflict(cli, demo):
    sheet = fill(
        exported(cli, demo), demo / "rempli.xlsx", {"2.1.4": {"avancement": 60, "note": "Ateliers"}}
    )
    assert cli("update", "2.1.4", "--note", "Rencontre du comité").exit_code == 0
    before = git_diff(demo)
    result = cli("import", sheet)
    assert result.exit_code == 1
    assert result.stderr == (
        "rempli.xlsx:Actions!I14: conflit : l’action 2.1.4 a changé depuis l’export (dernière "
        "entrée du 2023-01-16 dans le plan, du 2021-10-05 dans la feuille) : vérifiez la ligne\n"
        "tdsplan : erreur : feuille refusée : 1 problème ; rien n’a été inscrit\n"
        "Après vérification, --force inscrit les lignes en conflit ; --skip-invalid inscrit "
        "les lignes correctes seulement.\n"
    )
    assert git_diff(demo) == before
    forced = cli("import", sheet, "--force")
    assert forced.exit_code == 0
    assert "+        note: Ateliers\n" in git_diff(demo)


def test_dry_run_says_what_it_would_write_in_the_words_of_update(cli, demo):
    sheet = fill(exported(cli, demo), demo / "rempli.xlsx", {"2.1.4": {"avancement": 60}})
    result = cli("import", sheet, "--dry-run")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "2.1.4 Projet de jumelage sur la participation citoyenne : avancement 20\u00a0% → "
        "60\u00a0% (2023-01-16)\n",
        "rempli.xlsx : 1 entrée à inscrire.\nSimulation : rien n’a été écrit.\n",
    )
    assert git_diff(demo) == ""
    result = cli("import", sheet, "--dry-run", "--verbose")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "--- a/plan/2-expertises-et-ressources/2.1-connaissances-et-intervention.yaml\n"
    )
    assert "-    avancement: 20\n+    avancement: 60\n" in result.stdout
    assert result.stderr == (
        "rempli.xlsx : 1 entrée à inscrire.\nSimulation : rien n’a été écrit.\n"
    )
    assert git_diff(demo) == ""


def test_columns_moved_are_found_by_their_header(cli, demo):
    book = load_workbook(exported(cli, demo))
    sheet = book["Actions"]
    for line in sheet.iter_rows():  # « Note » and « Auteur » swap places
        line[13].value, line[15].value = line[15].value, line[13].value
    row = next(r[0].row for r in sheet.iter_rows(min_row=2) if r[0].value == "2.1.4")
    assert sheet.cell(1, 16).value == "Note" and sheet.cell(1, 14).value == "Auteur"
    sheet.cell(row, 16, "Déplacée")
    book.save(demo / "rempli.xlsx")
    result = cli("import", demo / "rempli.xlsx")
    assert result.exit_code == 0, result.stderr
    assert "+        note: Déplacée\n" in git_diff(demo)


def test_a_deleted_column_is_named(cli, demo):
    book = load_workbook(exported(cli, demo))
    book["Actions"].delete_cols(11)
    book.save(demo / "rempli.xlsx")
    result = cli("import", demo / "rempli.xlsx")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "rempli.xlsx:Actions!1:1: colonne « Nouveau statut » absente de la ligne d’en-têtes : "
        "rétablissez-la telle qu’exportée\n"
    )


def test_a_renamed_sheet_is_named(cli, demo):
    book = load_workbook(exported(cli, demo))
    book["Actions"].title = "Actionz"
    book.save(demo / "rempli.xlsx")
    result = cli("import", demo / "rempli.xlsx")
    assert result.exit_code == 1
    assert result.stderr == (
        "rempli.xlsx: feuille « Actions » introuvable (vouliez-vous dire « Actionz » ?) ; "
        "feuilles du classeur : Actionz, Aide\n"
        "tdsplan : erreur : feuille refusée : 1 problème ; rien n’a été inscrit\n"
    )


def test_dates_typed_as_text(cli, demo):
    sheet = fill(
        exported(cli, demo),
        demo / "rempli.xlsx",
        {
            "2.1.4": {"note": "Bilan", "date": "1er janvier 2023"},
            "3.1.3": {"note": "Bilan", "date": "mars"},
        },
    )
    result = cli("import", sheet)
    assert result.stderr.startswith(
        "rempli.xlsx:Actions!O22: date « mars » illisible : écrivez-la 2020-03-15 ou "
        "« 15 mars 2020 »\n"
    )
    sheet = fill(
        exported(cli, demo),
        demo / "rempli.xlsx",
        {"2.1.4": {"note": "Bilan", "date": "1er janvier 2023"}},
    )
    assert cli("import", sheet).exit_code == 0
    assert "+      - date: 2023-01-01\n+        note: Bilan\n" in git_diff(demo)


def csv_text(rows: list[list[str]], delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def test_csv_saved_by_a_spreadsheet(cli, demo):
    book = load_workbook(exported(cli, demo))
    sheet = book["Actions"]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        cells = [
            "" if v is None else v.strftime("%d/%m/%Y") if isinstance(v, dt.datetime) else str(v)
            for v in row
        ]
        if cells[0] == "2.1.4":
            cells[11], cells[13], cells[14] = "60 %", "Atelier à Saint-Côme", "12 janvier 2023"
        rows.append(cells)
    (demo / "windows.csv").write_bytes(csv_text(rows, ";").encode("cp1252"))
    result = cli("import", demo / "windows.csv")
    assert result.exit_code == 0, result.stderr
    assert (
        "+      - date: 2023-01-12\n+        avancement: 60\n+        note: Atelier à Saint-Côme\n"
    ) in git_diff(demo)
    (demo / "utf8.csv").write_text(csv_text(rows, ","), encoding="utf-8")
    again = cli("import", demo / "utf8.csv")
    assert again.stderr == "utf8.csv : rien de nouveau (1 ligne remplie, déjà au journal).\n"


def test_a_bad_csv_cell_is_named_as_a_spreadsheet_shows_it(cli, demo):
    (demo / "s.csv").write_text(
        f"{CSV_HEADER}\n2.1.4;27/09/2022;x;finie bof;;;;;\n", encoding="utf-8"
    )
    result = cli("import", demo / "s.csv")
    assert result.exit_code == 1
    assert result.stderr.startswith("s.csv:D2: statut inconnu « finie bof » (valeurs : ")


def test_missing_path_is_a_usage_error(cli, demo):
    result = cli("import", demo / "absent.xlsx")
    assert result.exit_code == 2
    assert result.stderr == f"tdsplan : erreur : fichier introuvable : {demo / 'absent.xlsx'}\n"
    assert cli("import", demo).exit_code == 2


def test_a_back_dated_row_lands_in_date_order(cli, demo):
    sheet = fill(
        exported(cli, demo),
        demo / "rempli.xlsx",
        {"2.1.4": {"note": "Atelier oublié", "date": "20 septembre 2021"}},
    )
    result = cli("import", sheet)
    assert result.exit_code == 0, result.stderr
    text = (
        demo / "plan/2-expertises-et-ressources/2.1-connaissances-et-intervention.yaml"
    ).read_text("utf-8")
    assert text.index("2021-09-20") < text.index("2021-10-05")


def test_a_new_due_date_is_a_dated_entry(cli, demo):
    sheet = fill(
        exported(cli, demo),
        demo / "rempli.xlsx",
        {"2.1.4": {"echeance": dt.datetime(2023, 12, 31), "note": "Prolongé"}},
    )
    result = cli("import", sheet)
    assert result.exit_code == 0, result.stderr
    assert "+        echeance: 2023-12-31\n" in git_diff(demo)


def test_export_says_where_the_workbook_went(cli, demo):
    result = cli("export", "-f", "xlsx", "--lead", "comité formation", "-o", "formation.xlsx")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "Classeur écrit : formation.xlsx (3 actions)\n"


def test_export_usage_errors(cli, demo):
    for args, message in [
        (["-f", "xlsx"], "un classeur ne s’affiche pas à l’écran : indiquez --output FICHIER.xlsx"),
        (
            ["-f", "xlsx", "-o", "s.xlsx", "--mandate", "9"],
            "mandat 9 inconnu (mandats du plan : 1, 2, 3, 4, 5)",
        ),
        (["-f", "xlsx", "-o", "s.xlsx", "--funder", "Ville"], "bailleur « Ville » inconnu"),
    ]:
        result = cli("export", *args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith(f"tdsplan : erreur : {message}"), result.stderr
    assert not (demo / "s.xlsx").exists()


def test_every_row_the_edit_engine_refuses_is_named(cli, plan_with, tmp_path, monkeypatch):
    from tests.conftest import OBJECTIF_1_2

    monkeypatch.chdir(tmp_path)
    flow = OBJECTIF_1_2.replace(
        "  - id: 1.2.1\n    titre: Refonte du site internet\n    journal: []\n",
        "  - {id: 1.2.1, titre: Refonte du site}\n  - {id: 1.2.2, titre: Infolettre}\n",
    )
    folder = plan_with({"1-comprendre/1.2-outils.yaml": flow})
    sheet = tmp_path / "suivi.xlsx"
    assert cli("--plan", folder, "export", "-f", "xlsx", "-o", sheet).exit_code == 0
    filled = fill(
        sheet,
        tmp_path / "rempli.xlsx",
        {"1.1.2": {"note": "Bien"}, "1.2.1": {"note": "Lancé"}, "1.2.2": {"note": "Envoyée"}},
    )
    before = {p: p.read_bytes() for p in folder.rglob("*.yaml")}
    result = cli("--plan", folder, "import", filled)
    assert result.exit_code == 1
    message = (
        "action écrite sur une ligne ({...}) : écrivez-la en lignes « clé: valeur » "
        "pour la modifier"
    )
    assert result.stderr == (
        f"rempli.xlsx:Actions!A4: {message}\n"
        f"rempli.xlsx:Actions!A5: {message}\n"
        "tdsplan : erreur : feuille refusée : 2 problèmes ; rien n’a été "
        "inscrit\n"
    )
    assert {p: p.read_bytes() for p in folder.rglob("*.yaml")} == before
    kept = cli("--plan", folder, "import", filled, "--skip-invalid")
    assert kept.exit_code == 0
    assert kept.stdout == "1.1.2 Charte des valeurs : note ajoutée (2020-03-01)\n"


@pytest.fixture
def two_plans(tmp_path: Path, monkeypatch) -> Path:
    """The demo repository: plan/ (2018-2023, closed) and plan-2023-2028 (current), in
    git; today is 2025-03-01, after the last entry of plan-2023-2028 (2025-02-19)."""
    from tdsplan.cli import common

    monkeypatch.setattr(common, "today", lambda: dt.date(2025, 3, 1))
    root = tmp_path / "depot"
    for name in ("plan", "plan-2023-2028"):
        shutil.copytree(REPO / "examples" / "demo" / name, root / name)
    shutil.copy(REPO / "examples" / "demo" / "tdsplan.toml", root / "tdsplan.toml")
    monkeypatch.chdir(root)
    for command in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "plans"],
    ):
        subprocess.run(["git", *command], cwd=root, check=True)
    return root


def test_a_closed_plan_asks_for_force_as_update_does(cli, two_plans):
    sheet = fill(
        exported(cli, two_plans, "--plan", "plan"),
        two_plans / "rempli.xlsx",
        {"2.1.4": {"avancement": 60, "date": "2023-03-01"}},
    )
    update = cli("--plan", "plan", "update", "2.1.4", "--progress", "60", "--by", "C")
    result = cli("--plan", "plan", "import", sheet, "--by", "Coordination")
    assert (result.exit_code, result.stdout) == (1, "")
    assert (
        result.stderr
        == update.stderr
        == (
            "tdsplan : erreur : le plan 2018-2023 (plan) est clos : sa période s’est terminée le "
            "2023-03-31 et le plan 2023-2028 (plan-2023-2028) lui succède ; rien n’a été écrit "
            "(pour une correction tardive, ajoutez --force)\n"
        )
    )
    assert git_diff(two_plans) == ""
    forced = cli("--plan", "plan", "import", sheet, "--by", "Coordination", "--force")
    assert forced.exit_code == 0, forced.stderr
    # the demo's final bilan is adopted: the late correction is said, to be disclosed
    assert forced.stderr == (
        "tdsplan : attention : correction datée dans le bilan 2018-2023, déjà adopté : elle "
        "sera signalée dans le bilan suivant\nrempli.xlsx : 1 entrée inscrite.\n"
    )
    assert "+      - date: 2023-03-01\n+        avancement: 60\n" in hunks(two_plans)


def test_a_workbook_from_another_plan_is_refused(cli, two_plans):
    sheet = fill(
        exported(cli, two_plans, "--plan", "plan"),
        two_plans / "rempli.xlsx",
        {"2.1.1": {"note": "Bilan"}},
    )
    for force in ([], ["--force"]):
        result = cli("import", sheet, *force)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == (
            "rempli.xlsx: classeur exporté du plan 2018-2023, pas du plan 2023-2028 où "
            "l’inscrire : ses lignes parlent des actions du plan 2018-2023\n"
            "tdsplan : erreur : feuille refusée : 1 problème ; rien n’a été inscrit\n"
            "Importez-le dans son plan : --plan 2018-2023.\n"
        )
    assert git_diff(two_plans) == ""


def test_a_lead_reports_an_indicator_value(cli, demo):
    source = exported(cli, demo)
    book = load_workbook(source)
    names = {row[0].value: row[16].value for row in book["Actions"].iter_rows(min_row=2)}
    assert names["1.2.5"] == "Ambassadeurs formés" and names["2.1.4"] is None
    sheet = fill(
        source,
        demo / "rempli.xlsx",
        {
            "1.2.5": {"valeur": 23, "date": "2023-01-10"},
            "2.1.1": {"indicateur": "participant formation", "valeur": "450,5"},
            "2.1.4": {"valeur": 3},
            "1.2.3": {"indicateur": "", "valeur": 5},
        },
    )
    refused = cli("import", sheet)
    assert (refused.exit_code, refused.stdout) == (1, "")
    problems = [
        "rempli.xlsx:Actions!R7: valeur sans indicateur : écrivez le nom de l’indicateur dans "
        "la colonne « Indicateur » ; indicateurs de l’action : « Capsules diffusées »",
        "rempli.xlsx:Actions!Q11: indicateur « participant formation » inconnu pour l’action "
        "2.1.1 (vouliez-vous dire « Participants aux formations » ?) ; indicateurs de l’action "
        ": « Participants aux formations », « Participants satisfaits »",
        "rempli.xlsx:Actions!R14: l’action 2.1.4 n’a pas d’indicateur : ajoutez-le d’abord à "
        "la liste « indicateurs » de l’action",
    ]
    assert refused.stderr == "".join(f"{p}\n" for p in problems) + (
        "tdsplan : erreur : feuille refusée : 3 problèmes ; rien n’a été inscrit\n"
    )
    assert git_diff(demo) == ""
    result = cli("import", sheet, "--skip-invalid")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "1.2.5 Formation d’ambassadeurs : Ambassadeurs formés = 23 (2023-01-10)\n"
    )
    assert result.stderr == "".join(f"ignorée : {p}\n" for p in problems) + (
        "rempli.xlsx : 1 entrée inscrite, 3 lignes ignorées.\n"
    )
    assert hunks(demo) == (
        "+++ b/plan/1-comprehension-commune/1.2-outils-de-promotion.yaml\n"
        "@@ -154 +154 @@ actions:\n-        reel: 15\n+        reel: 23\n"
        "@@ -166,0 +167,3 @@ actions:\n+      - date: 2023-01-10\n+        indicateurs:\n"
        "+          Ambassadeurs formés: 23\n"
    )
    again = cli("import", sheet, "--skip-invalid")
    assert again.stderr.endswith(
        "rempli.xlsx : 0 entrée inscrite, 1 déjà au journal, 3 lignes ignorées.\n"
    )


# ---------------------------------------------------------------- formulas (OWASP)

#: What a spreadsheet would run; a plan's text cannot hold a carriage return (models
#: refuse control characters), so the last one is only ever typed by a lead.
PAYLOADS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=cmd|' /C calc'!A0",
]
CR_PAYLOAD = "\r=cmd|' /C calc'!A0"


def payload_plan(plan_with, text: str) -> Path:
    """The small plan with ``text`` as action 1.2.1's title, lead, first partner and
    last note (YAML double quotes, as JSON writes them)."""
    quoted = json.dumps(text)
    return plan_with(
        {
            "1-comprendre/1.2-outils.yaml": f"""\
id: 1.2
titre: Fournir des outils
actions:
  - id: 1.2.1
    titre: {quoted}
    porteur: {quoted}
    partenaires: [{quoted}, Ville]
    journal:
      - date: 2020-01-15
        note: {quoted}
"""
        }
    )


def sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


def journal_notes(plan: Path, identifier: str) -> list[str | None]:
    from tdsplan.project import Project

    action = next(a for _o, _ob, a in Project.at(plan).load().iter_actions() if a.id == identifier)
    return [entry.note for entry in action.journal]


@pytest.mark.parametrize("text", PAYLOADS)
def test_a_formula_in_the_plan_is_exported_as_text_and_comes_back_exactly(cli, plan_with, text):
    plan = payload_plan(plan_with, text)
    target = plan.parent / "suivi.xlsx"
    assert cli("--plan", plan, "export", "-f", "xlsx", "-o", target).exit_code == 0
    assert "<f>" not in sheet_xml(target)
    book = load_workbook(target)
    actions = book["Actions"]
    row = next(r for r in actions.iter_rows(min_row=2) if r[0].value == "1.2.1")
    for column in (3, 4, 9):  # title, lead, last note
        assert (row[column].value, row[column].data_type, row[column].quotePrefix) == (
            text,
            "s",
            True,
        )
    # The lead's news begins the same way (typed as text, as Excel keeps « '=… »).
    row[13].value = news = f"{text} (suite)"
    row[13].data_type = "s"
    book.save(plan.parent / "rempli.xlsx")
    result = cli("--plan", plan, "import", plan.parent / "rempli.xlsx", "--by", "Marie")
    assert result.exit_code == 0, result.stderr
    assert journal_notes(plan, "1.2.1") == [text, news]

    exported_csv = plan.parent / "actions.csv"
    assert cli("--plan", plan, "export", "-f", "csv", "-o", exported_csv).exit_code == 0
    fields = next(
        r
        for r in csv.DictReader(exported_csv.read_text("utf-8-sig").splitlines())
        if r["id"] == "1.2.1"
    )
    assert (fields["titre"], fields["porteur"]) == ("'" + text, "'" + text)
    assert fields["partenaires"] == f"'{text}; Ville"


@pytest.mark.parametrize("text", [*PAYLOADS, "'Tis: an apostrophe of its own"])
def test_a_csv_of_the_sheet_brings_back_a_formula_like_note_exactly(cli, plan_with, text):
    from tdsplan.formulas import csv_field

    plan = payload_plan(plan_with, text)
    target = plan.parent / "suivi.xlsx"
    assert cli("--plan", plan, "export", "-f", "xlsx", "-o", target).exit_code == 0
    rows = [
        [
            ""
            if v is None
            else v.date().isoformat()
            if isinstance(v, dt.datetime)
            else csv_field(str(v))
            for v in row
        ]
        for row in load_workbook(target)["Actions"].iter_rows(values_only=True)
    ]
    news = f"{text} (suite)"
    next(r for r in rows if r[0] == "1.2.1")[13] = csv_field(news)
    (plan.parent / "rempli.csv").write_text(csv_text(rows, ";"), encoding="utf-8")
    result = cli("--plan", plan, "import", plan.parent / "rempli.csv", "--by", "Marie")
    assert result.exit_code == 0, result.stderr
    assert journal_notes(plan, "1.2.1") == [text, news]


FORMULA = (
    "formule « {shown} » : tapez la valeur elle-même ; un texte qui commence par "
    "« {sign} » se tape précédé d’une apostrophe"
)


@pytest.mark.parametrize("formula", ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")'])
def test_a_formula_typed_by_a_lead_is_refused_alike_in_the_workbook_and_the_csv(cli, demo, formula):
    workbook = fill(exported(cli, demo), demo / "rempli.xlsx", {"2.1.4": {"note": formula}})
    rows = [
        ["" if v is None else str(v) for v in row]
        for row in load_workbook(workbook)["Actions"].iter_rows(values_only=True)
    ]
    (demo / "rempli.csv").write_text(csv_text(rows, ";"), encoding="utf-8")
    before = git_diff(demo)
    message = FORMULA.format(shown=formula, sign="=")
    for name, place in (("rempli.xlsx", "Actions!N14"), ("rempli.csv", "N14")):
        result = cli("import", demo / name)
        assert result.exit_code == 1
        assert result.stderr == (
            f"{name}:{place}: {message}\n"
            "tdsplan : erreur : feuille refusée : 1 problème ; rien n’a été inscrit\n"
        )
    assert git_diff(demo) == before == ""


@pytest.mark.parametrize(
    ("typed", "shown", "sign"),
    [
        ("+1+1", "+1+1", "+"),
        ("-2+3", "-2+3", "-"),
        ("@SUM(A1)", "@SUM(A1)", "@"),
        ("\t=cmd|' /C calc'!A0", "=cmd|' /C calc'!A0", "="),
        (CR_PAYLOAD, "=cmd|' /C calc'!A0", "="),
    ],
)
def test_a_csv_field_a_spreadsheet_would_run_is_refused_at_its_cell(cli, demo, typed, shown, sign):
    (demo / "s.csv").write_text(
        f"{CSV_HEADER}\n"
        + csv_text([["2.1.4", "27/09/2022", "x", "", "", "", typed, "", ""]], ";"),
        encoding="utf-8",
    )
    result = cli("import", demo / "s.csv")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"s.csv:G2: {FORMULA.format(shown=shown, sign=sign)}\n")
    assert git_diff(demo) == ""


def test_formulas_are_refused_at_their_cell(cli, demo):
    sheet = fill(exported(cli, demo), demo / "rempli.xlsx", {"2.1.4": {"avancement": "=50+10"}})
    result = cli("import", sheet)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "rempli.xlsx:Actions!L14: formule « =50+10 » : tapez la valeur elle-même\n"
    )


NNBSP = "\u202f"  # between groups of digits
BOUND = f"1{NNBSP}000{NNBSP}000{NNBSP}000{NNBSP}000"
UNREADABLE = (
    "illisible : des chiffres (0 à 9), avec une virgule ou un point pour les "
    "décimales, par exemple 24 ou 3,5"
)
#: What a lead may type in a number cell that is no number tdsplan takes, and what it says.
BAD_CELLS = [
    ("1e13", f"nombre « 1e13 » {UNREADABLE}"),
    (
        "10000000000000",
        f"« 10000000000000 » hors limites : un nombre de -{BOUND} à {BOUND} est attendu",
    ),
    ("١٢", f"nombre « ١٢ » {UNREADABLE}"),
    ("1_000", f"nombre « 1_000 » {UNREADABLE}"),
    ("inf", f"nombre « inf » {UNREADABLE}"),
    ("nan", f"nombre « nan » {UNREADABLE}"),
]


@pytest.mark.parametrize(
    "typed, message",
    [
        *BAD_CELLS,
        (
            1e13,
            f"« 10{NNBSP}000{NNBSP}000{NNBSP}000{NNBSP}000 » hors limites : un nombre "
            f"de -{BOUND} à {BOUND} est attendu",
        ),
    ],
)
def test_a_number_cell_beyond_the_bound_or_unreadable_is_named_never_an_internal_error(
    cli, demo, typed, message
):
    sheet = fill(exported(cli, demo), demo / "rempli.xlsx", {"1.2.5": {"valeur": typed}})
    before = sheet.read_bytes()
    refused = cli("import", sheet)
    assert (refused.exit_code, refused.stdout, refused.stderr) == (
        1,
        "",
        (
            f"rempli.xlsx:Actions!R9: {message}\n"
            "tdsplan : erreur : feuille refusée : 1 problème ; rien n’a été inscrit\n"
        ),
    )
    skipped = cli("import", sheet, "--skip-invalid")
    assert (skipped.exit_code, skipped.stdout, skipped.stderr) == (
        0,
        "",
        (
            f"ignorée : rempli.xlsx:Actions!R9: {message}\n"
            "rempli.xlsx : 0 entrée inscrite, 1 ligne ignorée.\n"
        ),
    )
    assert git_diff(demo) == "" and sheet.read_bytes() == before


def test_bad_numbers_in_a_csv_are_skipped_row_by_row(cli, demo):
    header = CSV_HEADER + ";Indicateur;Valeur"
    lines = [f"1.2.5;;;;;;;2023-01-10;;Ambassadeurs formés;{typed}" for typed, _m in BAD_CELLS]
    (demo / "s.csv").write_text(
        "\n".join([header, *lines, "2.1.4;;;;١٢;;;;;;", "2.1.4;;;;60;;;;;;"]) + "\n",
        encoding="utf-8",
    )
    problems = [f"s.csv:K{row}: {message}" for row, (_t, message) in enumerate(BAD_CELLS, 2)]
    problems.append("s.csv:E8: avancement « ١٢ » invalide : un nombre entier de 0 à 100")
    refused = cli("import", demo / "s.csv", "--force")
    assert (refused.exit_code, refused.stderr) == (
        1,
        "".join(f"{p}\n" for p in problems)
        + ("tdsplan : erreur : feuille refusée : 7 problèmes ; rien n’a été inscrit\n"),
    )
    assert git_diff(demo) == ""
    result = cli("import", demo / "s.csv", "--skip-invalid", "--force")
    assert (result.exit_code, result.stderr) == (
        0,
        "".join(f"ignorée : {p}\n" for p in problems) + "s.csv : 1 entrée inscrite, 7 lignes "
        "ignorées.\n",
    )
    assert "+        avancement: 60\n" in git_diff(demo)


def test_a_row_past_the_file_size_cap_is_refused_and_nothing_is_written(cli, demo):
    from tdsplan.yamlio import MAX_FILE_BYTES

    path = demo / "plan" / "2-expertises-et-ressources" / "2.1-connaissances-et-intervention.yaml"
    text = path.read_text("utf-8")
    path.write_text("#" * (MAX_FILE_BYTES - len(text.encode()) - 40) + "\n" + text, "utf-8")
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "gros"],
        cwd=demo,
        check=True,
    )
    sheet = fill(exported(cli, demo), demo / "rempli.xlsx", LEAD_NEWS)
    result = cli("import", sheet, "--by", "Coordination")
    assert result.exit_code == 1
    size = (
        MAX_FILE_BYTES
        - 39
        + len("    avancement: 60\n")
        - len("    avancement: 20\n")
        + len(
            "      - date: 2023-01-16\n        avancement: 60\n        note: Deux ateliers tenus à "
            "Joliette.\n        auteur: Coordination\n".encode()
        )
    )
    shown = f"{size:,}".replace(",", "\u202f")
    assert result.stderr == (
        f"rempli.xlsx:Actions!A14: {path} : la modification porterait le fichier à {shown} "
        "octets, au-delà de la limite de 1\u202f048\u202f576 octets d’un fichier du plan : "
        "rien n’a été écrit\n"
        "tdsplan : erreur : feuille refusée : 1 problème ; rien n’a été inscrit\n"
    )
    assert git_diff(demo) == ""


KILLED_IMPORT = """
import datetime as dt, os, signal, sys
from tdsplan.cli import common, main

real_replace = os.replace

def replace_then_die(source, target):
    real_replace(source, target)
    if str(target).endswith(".yaml"):  # the batch's first plan file renamed: killed there
        os.kill(os.getpid(), signal.SIGKILL)

os.replace = replace_then_die
common.today = lambda: dt.date(2023, 1, 16)
sys.argv = ["tdsplan", "import", sys.argv[1], "--by", "Coordination"]
main()
"""


@pytest.mark.slow  # runs tdsplan in a process
def test_an_import_killed_while_writing_is_reported_by_the_next_run(cli, demo):
    import os
    import signal
    import sys

    sheet = fill(exported(cli, demo), demo / "rempli.xlsx", LEAD_NEWS)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_IMPORT, str(sheet)],
        cwd=demo,
        env={**os.environ, "TDSPLAN_NO_CACHE": "1"},
    )
    assert killed.returncode == -signal.SIGKILL
    validated = cli("validate")  # each file whole (valid), the batch said unfinished
    changed = subprocess.run(
        ["git", "diff", "--name-only"], cwd=demo, capture_output=True, text=True, check=True
    ).stdout.split()
    assert changed == ["plan/2-expertises-et-ressources/2.1-connaissances-et-intervention.yaml"]
    plan = demo / "plan"
    record = plan / ".tdsplan-batch.json"
    unwritten = [
        "2-expertises-et-ressources/2.2-vision-et-expertise.yaml",
        "3-plans-d-action-locaux/3.1-veille-programmes-et-financements.yaml",
        "4-plan-regional-2023-2028/4.1-occasions-d-echanges.yaml",
        "4-plan-regional-2023-2028/4.2-veille-intersectorielle.yaml",
    ]
    report = (
        "tdsplan : erreur : l’import précédent a été interrompu : fichiers écrits : "
        f"{plan / '2-expertises-et-ressources/2.1-connaissances-et-intervention.yaml'} ; "
        f"non écrits : {', '.join(str(plan / name) for name in unwritten)} ; chaque fichier "
        f"est entier, mais le lot ne l’est pas : supprimez {record} puis relancez le même "
        "import (les lignes déjà inscrites sont passées)\n"
    )
    assert (validated.exit_code, validated.stdout, validated.stderr) == (1, "", report)
    again = cli("import", sheet, "--by", "Coordination")
    assert (again.exit_code, again.stdout, again.stderr) == (1, "", report)
    update = cli("update", "2.2.5", "--note", "x")
    assert (update.exit_code, update.stderr) == (1, report)
    record.unlink()
    done = cli("import", sheet, "--by", "Coordination")
    assert done.exit_code == 0
    assert done.stderr == "rempli.xlsx : 4 entrées inscrites, 1 déjà au journal.\n"
    assert hunks(demo) == EXPECTED


def _as_a_spreadsheet_saves_csv(workbook: Path, target: Path) -> Path:
    """The sheet « Actions » as a spreadsheet saves it in CSV: each cell as it shows it
    (« 60 % », a date as text), a text kept as text by its mark written without it."""
    import csv

    from openpyxl import load_workbook

    sheet = load_workbook(workbook)["Actions"]
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        for row in sheet.iter_rows():
            shown = []
            for cell in row:
                value = cell.value
                if isinstance(value, dt.datetime | dt.date):
                    value = value.strftime("%Y-%m-%d")
                elif isinstance(value, int | float) and "%" in (cell.number_format or ""):
                    value = f"{value:g} %"
                shown.append("" if value is None else str(value))
            writer.writerow(shown)
    return target


def test_an_untouched_sheet_saved_as_csv_by_a_spreadsheet_has_nothing_to_say(cli, two_plans):
    # 3.1.2 has no entry of its own in plan-2023-2028: its grey cells show what it inherits.
    tools = two_plans / "plan-2023-2028" / "3-plans-d-action-locaux"
    path = tools / "3.1-veille-programmes-et-financements.yaml"
    path.write_text(
        path.read_text("utf-8")
        .replace(
            "    reprise_de: 2018-2023/3.1.2\n",
            "    reprise_de: 2018-2023/3.1.2\n    journal:\n      - date: 2024-05-01\n"
            '        note: "- réunion tenue"\n',
            1,
        )
        .replace(
            "    reprise_de: 2018-2023/3.1.3\n",
            "    reprise_de: 2018-2023/3.1.3\n    journal:\n      - date: 2024-05-02\n"
            '        note: "\'=déjà vu"\n',
            1,
        ),
        "utf-8",
    )
    csv_file = _as_a_spreadsheet_saves_csv(exported(cli, two_plans), two_plans / "s.csv")
    result = cli("import", csv_file, "--dry-run")
    assert (result.exit_code, result.stderr) == (
        0,
        "s.csv : aucune ligne remplie, rien à inscrire.\nSimulation : rien n’a été écrit.\n",
    )

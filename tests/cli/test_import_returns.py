# ruff: noqa: F811  (the demo fixture is imported from test_import)
"""``tdsplan import`` of returns as real programs leave them: news typed in the wrong
place, merged cells, dates whose day and month may be swapped, invisible characters,
notes mangled by a Windows CSV, several returns at once, many rows."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from tests.cli.test_import import csv_text, demo, exported, fill, git_diff  # noqa: F401

pytestmark = pytest.mark.slow

REFUSED_1 = "tdsplan : erreur : feuille refusée : 1 problème ; rien n’a été inscrit\n"


def rows_of(workbook, change=None) -> list[list[str]]:
    """The sheet « Actions » as a CSV saved by a French-locale spreadsheet would hold it."""
    rows = []
    for row in load_workbook(workbook)["Actions"].iter_rows(values_only=True):
        cells = [
            "" if v is None else v.strftime("%d/%m/%Y") if isinstance(v, dt.datetime) else str(v)
            for v in row
        ]
        if change is not None:
            change(cells)
        rows.append(cells)
    return rows


def test_news_typed_in_a_grey_column_is_named_never_ignored(cli, demo):
    sheet = load_workbook(exported(cli, demo))
    actions = sheet["Actions"]
    actions["F14"] = "Réalisée"  # « Statut actuel » of 2.1.4, instead of « Nouveau statut »
    actions["J16"] = "Deux ateliers de plus."  # « Dernière note » of 2.1.6
    sheet.save(demo / "gris.xlsx")
    result = cli("import", demo / "gris.xlsx")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "gris.xlsx:Actions!F14: « Réalisée » tapé dans la colonne grise « Statut actuel », qui "
        "n’est pas lue : tapez-le dans la colonne jaune « Nouveau statut »\n"
        "gris.xlsx:Actions!J16: « Deux ateliers de plus. » tapé dans la colonne grise « Dernière "
        "note », qui n’est pas lue : tapez-le dans la colonne jaune « Note »\n"
        "tdsplan : erreur : feuille refusée : 2 problèmes ; rien n’a été inscrit\n",
    )
    assert git_diff(demo) == ""


def test_merged_cells_over_the_columns_to_fill_are_refused(cli, demo):
    sheet = fill(exported(cli, demo), demo / "f.xlsx", {"2.1.4": {"note": "Pour les deux"}})
    book = load_workbook(sheet)
    book["Actions"].merge_cells("N14:N15")
    book.save(sheet)
    result = cli("import", sheet)
    assert (result.exit_code, result.stderr) == (
        1,
        "f.xlsx:Actions!N14:N15: cellules fusionnées : ce qu’elles disent ne vaudrait que pour "
        "la ligne 14 ; défusionnez-les et recopiez la valeur sur chaque ligne\n" + REFUSED_1,
    )
    assert git_diff(demo) == ""


@pytest.mark.parametrize(
    ("delimiter", "typed", "outcome"),
    [
        (";", "05/03/2022", "2022-03-05"),  # a French-locale CSV: the day first
        (",", "3/25/2022", "2022-03-25"),  # an English one: the month first, no doubt
        (
            ",",
            "05/03/2022",
            "H{row}: date ambiguë (tableur réglé en anglais) : le 2022-05-03 ou le 2022-03-05 ? "
            "Tapez-la 2020-03-15 ou « 15 mars 2020 »",
        ),
    ],
)
def test_a_day_and_month_that_a_locale_may_swap(cli, demo, delimiter, typed, outcome):
    header = "ID;Dernière entrée;Dernière note;Nouveau statut;Avancement (%);Nouvelle échéance;"
    header += "Note;Date;Auteur"
    line = ["3.1.3", "", "", "", "", "", "Bilan", typed, ""]
    text = csv_text([header.split(";"), line], delimiter)
    (demo / "s.csv").write_text(text, encoding="utf-8")
    result = cli("import", demo / "s.csv", "--force")
    if outcome.startswith("H"):
        assert (result.exit_code, result.stderr) == (
            1,
            "s.csv:" + outcome.format(row=2) + "\n" + REFUSED_1,
        )
    else:
        assert result.exit_code == 0, result.stderr
        assert f"+      - date: {outcome}\n" in git_diff(demo)


def test_invisible_characters_are_cleaned(cli, demo):
    note = "Deux\u200b ate\u00adliers\u2060 tenus."
    sheet = fill(exported(cli, demo), demo / "f.xlsx", {"2.1.4": {"note": note}})
    assert cli("import", sheet).exit_code == 0
    assert "+        note: Deux ateliers tenus.\n" in git_diff(demo)


def test_a_windows_csv_that_turned_arrows_into_question_marks_is_no_conflict(cli, demo):
    assert cli("update", "2.1.4", "--note", "Étape 1 → étape 2 ≥ 3").exit_code == 0
    workbook = exported(cli, demo)
    before = git_diff(demo)

    def news(cells):
        if cells[0] == "2.1.4":
            cells[11] = "70"

    (demo / "w.csv").write_bytes(csv_text(rows_of(workbook, news), ";").encode("cp1252", "replace"))
    result = cli("import", demo / "w.csv")
    assert result.exit_code == 0, result.stderr
    assert "+        avancement: 70\n" in git_diff(demo).replace(before, "")


def test_a_conflict_says_where_the_notes_part(cli, demo):
    workbook = exported(cli, demo)

    def news(cells):
        if cells[0] == "2.1.4":
            cells[9] = cells[9].replace("Montcalm", "Matawinie")
            cells[11] = "70"

    (demo / "c.csv").write_text(csv_text(rows_of(workbook, news), ";"), encoding="utf-8")
    result = cli("import", demo / "c.csv")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "c.csv:J14: conflit : la dernière note de l’action 2.1.4 n’est plus celle du plan "
        "(« …Joliette–Montcalm lancé. » dans le plan, « …Joliette–Matawinie lancé. » dans la "
        "feuille) : vérifiez la ligne\n"
    )


def test_several_returns_in_one_run_and_their_conflicts(cli, demo):
    workbook = exported(cli, demo)
    one = fill(workbook, demo / "un.xlsx", {"2.1.4": {"avancement": 60}})
    two = fill(workbook, demo / "deux.xlsx", {"2.2.5": {"note": "Maquette"}})
    other = fill(workbook, demo / "autre.xlsx", {"2.1.4": {"avancement": 70}})
    clash = cli("import", one, other)
    assert (clash.exit_code, clash.stderr) == (
        1,
        "autre.xlsx:Actions!L14: conflit entre deux retours : un.xlsx:Actions!L14 dit « 60 » "
        "pour l’action 2.1.4, cette ligne « 70 » : gardez-en un\n"
        + REFUSED_1
        + "Après vérification, --force inscrit les lignes en conflit ; --skip-invalid inscrit "
        "les lignes correctes seulement.\n",
    )
    assert git_diff(demo) == ""
    both = cli("import", one, two)
    assert (both.exit_code, both.stderr) == (
        0,
        "un.xlsx : 1 entrée inscrite.\ndeux.xlsx : 1 entrée inscrite.\n",
    )
    assert "+    avancement: 60\n" in git_diff(demo) and "Maquette" in git_diff(demo)


def test_many_entries_are_summed_up_in_one_line(cli, demo):
    workbook = exported(cli, demo)
    ids = [r[0].value for r in load_workbook(workbook)["Actions"].iter_rows(min_row=2)][:12]
    sheet = fill(workbook, demo / "f.xlsx", {i: {"note": f"Nouvelles de {i}"} for i in ids})
    dry = cli("import", sheet, "--dry-run")
    assert len(dry.stdout.splitlines()) >= 12  # a dry run says each one
    done = cli("import", sheet)
    assert (done.exit_code, done.stdout, done.stderr) == (0, "", "f.xlsx : 12 entrées inscrites.\n")

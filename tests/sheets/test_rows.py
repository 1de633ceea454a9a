"""sheets.rows: the rows of a sheet sent back — each cell named where it is wrong, rows
holding only IDs passed over, the row limit; dates, progress and values as people type them."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from tdsplan import sheets
from tdsplan.sheets import rows
from tests.sheets.books import ids_only, refusal


@pytest.mark.slow  # a long run: ten thousand rows
def test_ten_thousand_rows_are_read_and_a_screenful_of_problems_given(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Actions"
    sheet.append([label for _key, label in sheets.COLUMNS])
    for n in range(10_000):
        sheet.append(
            [
                f"1.{n // 8 + 1}.{n % 8 + 1}",
                *[None] * 9,
                "En cours" if n % 2 else "pas commencé",
                10,
                None,
                "Note",
                None,
                "Léa",
            ]
        )
    book.save(tmp_path / "grand.xlsx")
    problems = refusal(tmp_path / "grand.xlsx")
    assert len(problems) == 5_000
    assert problems[0].startswith("grand.xlsx:Actions!K2: statut inconnu « pas commencé »")
    sheet.delete_rows(2, 10_000)
    for n in range(10_000):
        sheet.append(
            [
                f"1.{n // 8 + 1}.{n % 8 + 1}",
                *[None] * 9,
                "En cours",
                10,
                None,
                "N",
                "2020-03-01",
                "Léa",
            ]
        )
    book.save(tmp_path / "grand.xlsx")
    read = sheets.read_sheet(tmp_path / "grand.xlsx")
    assert len(read.rows) == 10_000 and read.rows[-1].id == "1.1250.8"
    assert (read.rows[-1].statut.value, read.rows[-1].avancement, read.rows[-1].date) == (
        "en_cours",
        10,
        dt.date(2020, 3, 1),
    )


def test_rows_holding_only_ids_are_passed_over(tmp_path):
    sheet = sheets.read_sheet(ids_only(tmp_path / "ids.xlsx", 3_000, filled={2_500: "Bilan"}))
    assert [(r.id, r.line, r.note) for r in sheet.rows] == [("1.1.1", 2_500, "Bilan")]
    assert sheet.empty == 2_999


def test_a_sheet_longer_than_the_limit_is_refused_where_it_passes_it(tmp_path, monkeypatch):
    monkeypatch.setattr(rows, "MAX_ROWS", 1_000)
    assert sheets.read_sheet(ids_only(tmp_path / "juste.xlsx", 1_000)).empty == 1_000
    message = (
        "feuille trop longue : 1000 lignes au plus sous les en-têtes (une par action) ; "
        "supprimez les lignes en trop"
    )
    assert refusal(ids_only(tmp_path / "long.xlsx", 1_001)) == [
        f"long.xlsx:Actions!A1002: {message}"
    ]
    header = ";".join(label for _key, label in sheets.COLUMNS)
    (tmp_path / "long.csv").write_text(header + "\n" + "1.1.1;\n" * 1_001, encoding="utf-8")
    assert refusal(tmp_path / "long.csv") == [f"long.csv:A1002: {message}"]


@pytest.mark.slow  # a million rows written, then read up to the limit
def test_a_sheet_of_a_million_rows_of_ids_is_refused_at_the_limit(tmp_path):
    path = ids_only(tmp_path / "million.xlsx", 1_048_575)
    assert refusal(path) == [
        "million.xlsx:Actions!A50002: feuille trop longue : 50000 lignes au plus sous les "
        "en-têtes (une par action) ; supprimez les lignes en trop"
    ]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("2020-03-15", dt.date(2020, 3, 15)),
        ("15/03/2020", dt.date(2020, 3, 15)),
        ("15 mars 2020", dt.date(2020, 3, 15)),
        ("1er avril 2021", dt.date(2021, 4, 1)),
        ("3 Février 2022", dt.date(2022, 2, 3)),
        ("12 août 2019", dt.date(2019, 8, 12)),
        ("15 déc. 2020", dt.date(2020, 12, 15)),
    ],
)
def test_dates_typed_as_text_are_read(typed, expected):
    assert sheets.cell_date(typed) == expected


@pytest.mark.parametrize(
    "typed, message",
    [
        ("mars", "date « mars » illisible : écrivez-la 2020-03-15 ou « 15 mars 2020 »"),
        ("31 février 2021", "date « 31 février 2021 » impossible"),
        ("15 brumaire 2020", "date « 15 brumaire 2020 » illisible"),
    ],
)
def test_dates_that_say_too_little_are_refused(typed, message):
    with pytest.raises(ValueError, match=message):
        sheets.cell_date(typed)


@pytest.mark.parametrize(
    "cell, percent, expected",
    [
        (45, False, 45),
        (45.0, False, 45),
        ("45 %", False, 45),
        ("45%", False, 45),
        (0.45, True, 45),
        (1, True, 100),
        ("100", False, 100),
    ],
)
def test_progress_as_people_type_it(cell, percent, expected):
    assert sheets.cell_progress(cell, percent) == expected


@pytest.mark.parametrize("cell", [101, -1, 45.5, "beaucoup", True, "45,5 %"])
def test_progress_that_is_not_a_whole_percentage(cell):
    with pytest.raises(ValueError, match="invalide : un nombre entier de 0 à 100"):
        sheets.cell_progress(cell, False)


def test_partial_reading_sets_apart_the_rows_it_cannot_read(tmp_path):
    header = (
        "ID;Dernière entrée;Dernière note;Nouveau statut;Avancement (%);"
        "Nouvelle échéance;Note;Date;Auteur"
    )
    (tmp_path / "s.csv").write_text(
        f"{header}\n1.1.1;;;finie bof;150;;;;\n2.1.4;;;;60;;;;\n3.1.1;;;;;;Bilan;31/02/2023;\n",
        encoding="utf-8",
    )
    assert refusal(tmp_path / "s.csv") == [
        "s.csv:D2: statut inconnu « finie bof » (valeurs : À venir, En cours, En continu, "
        "Réalisée, Reportée, Abandonnée)",
        "s.csv:E2: avancement « 150 » invalide : un nombre entier de 0 à 100",
        "s.csv:H4: date « 31/02/2023 » impossible",
    ]
    sheet = sheets.read_sheet(tmp_path / "s.csv", partial=True)
    assert [(r.id, r.avancement) for r in sheet.rows] == [("2.1.4", 60)]
    assert [(r.id, [p.place for p in r.problems]) for r in sheet.invalid] == [
        ("1.1.1", ["D2", "E2"]),
        ("3.1.1", ["H4"]),
    ]


@pytest.mark.parametrize(
    "cell, expected",
    [(24, 24.0), (3.5, 3.5), ("450,5", 450.5), ("1 240", 1240.0), ("1\u202f240", 1240.0)],
)
def test_indicator_values_as_people_type_them(cell, expected):
    assert sheets.cell_number(cell) == expected


@pytest.mark.parametrize(
    "cell, message",
    [
        (
            "beaucoup",
            "nombre « beaucoup » illisible : des chiffres (0 à 9), avec une virgule ou un "
            "point pour les décimales, par exemple 24 ou 3,5",
        ),
        ("nan", "nombre « nan » illisible"),
        ("inf", "nombre « inf » illisible"),
        ("1e999", "nombre « 1e999 » illisible"),
        ("1e13", "nombre « 1e13 » illisible"),
        ("١٢", "nombre « ١٢ » illisible"),
        ("1_000", "nombre « 1_000 » illisible"),
        (
            "10000000000000",
            "« 10000000000000 » hors limites : un nombre de -1\u202f000\u202f000"
            "\u202f000\u202f000 à 1\u202f000\u202f000\u202f000\u202f000 est attendu",
        ),
        (1e13, "« 10\u202f000\u202f000\u202f000\u202f000 » hors limites"),
        (float("nan"), "« nan » n’est pas un nombre fini"),
        (True, "« True » n’est pas un nombre"),
    ],
)
def test_indicator_values_that_are_not_numbers(cell, message):
    with pytest.raises(ValueError) as refused:
        sheets.cell_number(cell)
    assert str(refused.value).startswith(message)

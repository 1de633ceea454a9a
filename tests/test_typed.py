"""What a person types: statuses, territories, numbers and percentages, one rule each."""

from __future__ import annotations

import datetime as dt

import pytest

from tdsplan.errors import UsageError
from tdsplan.models import Statut
from tdsplan.project import Project
from tdsplan.typed import looks_like_date, parse_date, parse_status


@pytest.mark.parametrize(
    "text, statut",
    [
        ("en_cours", Statut.EN_COURS),
        ("En cours", Statut.EN_COURS),
        ("in-progress", Statut.EN_COURS),
        ("Réalisée", Statut.REALISEE),
        ("realisee", Statut.REALISEE),
        ("done", Statut.REALISEE),
        ("ongoing", Statut.EN_CONTINU),
        ("postponed", Statut.REPORTEE),
        ("dropped", Statut.ABANDONNEE),
        ("todo", Statut.A_VENIR),
        ("À VENIR", Statut.A_VENIR),
    ],
)
def test_status_aliases(text, statut):
    assert parse_status(text) is statut


def test_unknown_status_suggests():
    with pytest.raises(
        UsageError, match="statut inconnu « en cour » \\(vouliez-vous dire « en_cours » \\?\\)"
    ):
        parse_status("en cour")


def test_territory_filter_accepts_keys_and_names():
    from tdsplan.typed import parse_territory
    from tests.conftest import REPO

    plan = Project.at(REPO / "plan").load()
    assert (
        parse_territory("L’Assomption", plan)
        == parse_territory("lassomption", plan)
        == "lassomption"
    )
    assert parse_territory("Les Moulins", plan) == "les_moulins"
    with pytest.raises(UsageError, match="territoire inconnu « Laval »"):
        parse_territory("Laval", plan)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("24", 24.0),
        ("3,5", 3.5),
        ("3.5", 3.5),
        ("-2,25", -2.25),
        ("+4", 4.0),
        ("1 240", 1240.0),
        ("1\u202f240,5", 1240.5),
        ("1\u00a0000\u00a0000", 1e6),
        (" 12 ", 12.0),
        ("1000000000000", 1e12),
        ("-1000000000000", -1e12),
        (7, 7.0),
        (0.5, 0.5),
    ],
)
def test_numbers_as_people_type_them(typed, expected):
    from tdsplan.typed import parse_number

    assert parse_number(typed) == expected


@pytest.mark.parametrize(
    "typed, message",
    [
        ("1e13", "nombre « 1e13 » illisible"),
        ("١٢", "nombre « ١٢ » illisible"),
        ("1_000", "nombre « 1_000 » illisible"),
        ("inf", "nombre « inf » illisible"),
        ("nan", "nombre « nan » illisible"),
        ("0x10", "nombre « 0x10 » illisible"),
        ("1,5,2", "nombre « 1,5,2 » illisible"),
        ("12 34", "nombre « 12 34 » illisible"),
        ("", "nombre «  » illisible"),
        ("1000000000000,5", "« 1000000000000,5 » hors limites"),
        ("1" * 5000, "« " + "1" * 79 + "… » hors limites"),
        (float("inf"), "« inf » n’est pas un nombre fini"),
        (True, "« True » n’est pas un nombre"),
        (1e13, "« 10\u202f000\u202f000\u202f000\u202f000 » hors limites"),
    ],
)
def test_numbers_that_are_refused_say_why(typed, message):
    from tdsplan.typed import parse_number

    with pytest.raises(UsageError) as refused:
        parse_number(typed)
    assert str(refused.value).startswith(message)


def test_a_sign_only_where_it_makes_sense():
    from tdsplan.typed import parse_number

    with pytest.raises(UsageError, match="« -3 » est négatif : un nombre de 0 à 1"):
        parse_number("-3", signed=False)
    assert parse_number("+3", signed=False) == 3.0


@pytest.mark.parametrize(
    "typed, expected", [("40", 40), ("40 %", 40), ("40,0", 40), (100.0, 100), ("0", 0)]
)
def test_percentages(typed, expected):
    from tdsplan.typed import parse_percent

    assert parse_percent(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "101",
        "-1",
        "40,5",
        "١٢",
        "1e2",
        "1_0",
        40.5,
        # A percentage has no sign: neither + nor - (even for 0).
        "-0",
        "+0",
        "+50",
        "+ 50 %",
    ],
)
def test_percentages_refused(typed):
    from tdsplan.typed import parse_percent

    with pytest.raises(UsageError, match="invalide : un nombre entier de 0 à 100"):
        parse_percent(typed)


def test_a_date_is_told_from_a_revision():
    assert looks_like_date("2021-06-01") and looks_like_date(" 2021-13-45 ")  # then refused
    assert looks_like_date("31/03/2021") and looks_like_date("1er avril 2021")
    assert not looks_like_date("v1.0") and not looks_like_date("HEAD~3")
    assert not looks_like_date("a1b2c3d") and not looks_like_date("main")


@pytest.mark.parametrize(
    "typed",
    [
        "2021-03-31",
        " 2021-03-31 ",
        "2021/03/31",  # as gnumeric writes a date into a CSV
        "31/03/2021",
        "31.03.2021",
        "31 mars 2021",
        "2021-03-31 00:00",
    ],
)
def test_one_date_rule_for_the_command_line_and_the_sheets(typed):
    from tdsplan.sheets import cell_date

    assert parse_date(typed) == cell_date(typed) == dt.date(2021, 3, 31)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("2021-02-31", "date « 2021-02-31 » impossible"),
        ("31/02/2021", "date « 31/02/2021 » impossible"),
        ("mars", "date « mars » illisible : écrivez-la 2020-03-15 ou « 15 mars 2020 »"),
        ("2021/31/03", "date « 2021/31/03 » impossible"),
        ("31/03/0999", "date « 31/03/0999 » hors des années qu’un plan peut couvrir (1800 à 3999)"),
    ],
)
def test_a_date_refused_is_refused_alike_everywhere(typed, message):
    from tdsplan.sheets import cell_date

    with pytest.raises(UsageError) as typed_error:
        parse_date(typed)
    with pytest.raises(ValueError) as sheet_error:
        cell_date(typed)
    assert str(typed_error.value) == str(sheet_error.value) == message

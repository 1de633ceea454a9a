"""The plan on a date: journal replay, lateness, roll-up arithmetic, years and filters."""

from __future__ import annotations

import datetime as dt

import pytest

from tdsplan.errors import UsageError
from tdsplan.models import Action, Formule, Statut
from tdsplan.project import Project
from tdsplan.query import (
    Filters,
    find,
    fiscal_year,
    parse_filters,
    parse_fiscal_year,
    parse_status,
    plan_period,
    reference_date,
    rollup,
    state_at,
    status_view,
)

D = dt.date


def action(**fields) -> Action:
    return Action.model_validate({"id": "1.1.1", "titre": "x", **fields})


def test_state_replays_the_journal():
    a = action(statut="realisee", echeance=D(2020, 3, 31), journal=[
        {"date": D(2019, 5, 1), "statut": "en_cours", "avancement": 30},
        {"date": D(2019, 9, 1), "note": "rien de neuf"},
        {"date": D(2020, 2, 15), "statut": "realisee", "avancement": 100}])
    assert state_at(a, D(2019, 4, 30))[:3] == (Statut.A_VENIR, None, False)
    assert state_at(a, D(2019, 5, 1))[:3] == (Statut.EN_COURS, 30, False)
    assert state_at(a, D(2020, 2, 14))[:3] == (Statut.EN_COURS, 30, False)
    assert state_at(a, D(2020, 2, 15))[:3] == (Statut.REALISEE, 100, False)


def test_without_journal_the_current_fields_hold_at_every_date():
    a = action(statut="en_cours", avancement=20)
    assert state_at(a, D(2000, 1, 1))[:3] == (Statut.EN_COURS, 20, False)


@pytest.mark.parametrize("statut, late", [
    ("a_venir", True), ("en_cours", True), ("reportee", True),
    ("realisee", False), ("abandonnee", False), ("en_continu", False)])
def test_late_means_past_due_and_not_done(statut, late):
    a = action(statut=statut, echeance=D(2020, 1, 31))
    assert state_at(a, D(2020, 1, 31)).en_retard is False
    assert state_at(a, D(2020, 2, 1)).en_retard is late


def test_rollup_weights_overrides_and_leaves_abandoned_out():
    formule = Formule()
    states = [(a, state_at(a, D(2020, 1, 1))) for a in [
        action(statut="realisee"),                      # 100
        action(statut="en_cours", avancement=20),       # explicit 20, not 50
        action(statut="en_continu", poids=2),           # 50, counted twice
        action(statut="abandonnee", avancement=90),     # left out
        action(statut="a_venir")]]                      # 0
    result = rollup(states, formule)
    assert result.avancement == pytest.approx((100 + 20 + 2 * 50 + 0) / 5)
    assert result.total == 5 and result.statuts[Statut.ABANDONNEE] == 1


def test_rollup_follows_the_formula_in_plan_yaml():
    formule = Formule.model_validate({"par_statut": {"en_cours": 25},
                                      "avancement_explicite": False})
    a = action(statut="en_cours", avancement=80)
    assert rollup([(a, state_at(a, D(2020, 1, 1)))], formule).avancement == 25
    assert rollup([], formule).avancement is None


@pytest.mark.parametrize("as_of, plan_pct, o1, o21", [
    (D(2019, 6, 1), 50 / 6, 50 / 3, 0),
    (D(2020, 3, 1), 240 / 6, 140 / 3, 100 / 3),
    (D(2020, 7, 1), 240 / 5, 140 / 3, 50),
])
def test_status_view_reconstructs_past_dates(small_plan, as_of, plan_pct, o1, o21):
    view = status_view(Project.at(small_plan).load(), as_of)
    assert view.rollup.avancement == pytest.approx(plan_pct)
    assert view.orientations[0].rollup.avancement == pytest.approx(o1)
    assert view.orientations[1].objectifs[0].rollup.avancement == pytest.approx(o21)


def test_filters_list_some_actions_but_count_them_all(small_plan):
    plan = Project.at(small_plan).load()
    view = status_view(plan, D(2020, 3, 1), parse_filters(["en_retard"], None, None, plan))
    assert view.shown == 1 and view.rollup.total == 5
    assert [o.orientation.id for o in view.orientations] == ["1"]
    assert view.orientations[0].objectifs[0].actions[0].action.id == "1.1.2"
    lead = status_view(plan, D(2020, 3, 1), Filters(porteur="marie TREMBLAY"))
    assert [line.action.id for o in lead.orientations for ob in o.objectifs
            for line in ob.actions] == ["1.1.1"]
    by_orientation = status_view(plan, D(2020, 3, 1), Filters(orientation="2"))
    assert by_orientation.shown == 2


def test_unknown_orientation_filter_is_a_usage_error(small_plan):
    plan = Project.at(small_plan).load()
    with pytest.raises(UsageError, match="« 1.1 » n’est pas une orientation"):
        parse_filters([], None, "1.1", plan)


@pytest.mark.parametrize("text, statut", [
    ("en_cours", Statut.EN_COURS), ("En cours", Statut.EN_COURS), ("in-progress", Statut.EN_COURS),
    ("Réalisée", Statut.REALISEE), ("realisee", Statut.REALISEE), ("done", Statut.REALISEE),
    ("ongoing", Statut.EN_CONTINU), ("postponed", Statut.REPORTEE), ("dropped", Statut.ABANDONNEE),
    ("todo", Statut.A_VENIR), ("À VENIR", Statut.A_VENIR)])
def test_status_aliases(text, statut):
    assert parse_status(text) is statut


def test_unknown_status_suggests():
    with pytest.raises(UsageError, match="statut inconnu « en cour » \\(vouliez-vous dire "
                                         "« en_cours » \\?\\)"):
        parse_status("en cour")


def test_fiscal_years(small_plan):
    plan = Project.at(small_plan).load()
    assert fiscal_year(plan, 2019) == (D(2019, 4, 1), D(2020, 3, 31))
    assert plan_period(plan) == (D(2019, 4, 1), D(2021, 3, 31))
    assert [parse_fiscal_year(t) for t in ("2019", "2019-2020", "2019-20", " 2019 / 2020 ")] == \
        [2019] * 4
    for bad in ("2019-2021", "19", "an 2019"):
        with pytest.raises(UsageError):
            parse_fiscal_year(bad)
    today = D(2020, 3, 1)
    # A fiscal year outside the plan's period is refused, but for the one after its end.
    for outside in ("2018", "2022"):
        with pytest.raises(UsageError, match=r"^exercice 20\d\d-20\d\d hors de la période du "
                                             r"plan \(2019-2021\) : choisissez un exercice de "
                                             r"2019-2020 à 2021-2022"):
            reference_date(plan, today, year=outside)
    assert reference_date(plan, D(2030, 1, 1), year="2021") == D(2022, 3, 31)
    assert reference_date(plan, today, year="2019") == today  # year not over yet
    assert reference_date(plan, today, as_of="2019-12-31") == D(2019, 12, 31)


def test_find_suggests_close_ids(small_plan):
    plan = Project.at(small_plan).load()
    assert find(plan, "1.1.2").titre == "Charte des valeurs"
    assert find(plan, "2").titre == "Agir localement"
    with pytest.raises(UsageError, match="identifiant inconnu « 1.1.9 » ; vouliez-vous dire "
                                         "1.1.2, 1.1.1 ou 1.1 \\?"):
        find(plan, "1.1.9")


def test_months_before_keeps_the_day_or_the_month_end():
    from tdsplan.query import months_before

    assert months_before(D(2022, 1, 15), 6) == D(2021, 7, 15)
    assert months_before(D(2021, 8, 31), 6) == D(2021, 2, 28)
    assert months_before(D(2020, 3, 1), 14) == D(2019, 1, 1)


def test_period_position(small_plan):
    from tdsplan.query import period_position

    plan = Project.at(small_plan).load()  # 2019-2021: 1 April 2019 to 31 March 2021
    assert period_position(plan, D(2019, 4, 1))[2:] == (1, 2)
    assert period_position(plan, D(2021, 3, 31))[2:] == (2, 2)
    after = period_position(plan, D(2021, 4, 1))
    assert after.ended and not after.before and after.end == D(2021, 3, 31)
    assert period_position(plan, D(2019, 3, 31)).before


def test_territory_filter_accepts_keys_and_names():
    from tdsplan.query import parse_territory
    from tests.conftest import REPO

    plan = Project.at(REPO / "plan").load()
    assert parse_territory("L’Assomption", plan) == parse_territory("lassomption", plan) == \
        "lassomption"
    assert parse_territory("Les Moulins", plan) == "les_moulins"
    with pytest.raises(UsageError, match="territoire inconnu « Laval »"):
        parse_territory("Laval", plan)


@pytest.mark.parametrize("typed, expected", [
    ("24", 24.0), ("3,5", 3.5), ("3.5", 3.5), ("-2,25", -2.25), ("+4", 4.0),
    ("1 240", 1240.0), ("1\u202f240,5", 1240.5), ("1\u00a0000\u00a0000", 1e6),
    (" 12 ", 12.0), ("1000000000000", 1e12), ("-1000000000000", -1e12), (7, 7.0), (0.5, 0.5),
])
def test_numbers_as_people_type_them(typed, expected):
    from tdsplan.query import parse_number

    assert parse_number(typed) == expected


@pytest.mark.parametrize("typed, message", [
    ("1e13", "nombre « 1e13 » illisible"), ("١٢", "nombre « ١٢ » illisible"),
    ("1_000", "nombre « 1_000 » illisible"), ("inf", "nombre « inf » illisible"),
    ("nan", "nombre « nan » illisible"), ("0x10", "nombre « 0x10 » illisible"),
    ("1,5,2", "nombre « 1,5,2 » illisible"), ("12 34", "nombre « 12 34 » illisible"),
    ("", "nombre «  » illisible"), ("1000000000000,5", "« 1000000000000,5 » hors limites"),
    ("1" * 5000, "« " + "1" * 79 + "… » hors limites"),
    (float("inf"), "« inf » n’est pas un nombre fini"), (True, "« True » n’est pas un nombre"),
    (1e13, "« 10\u00a0000\u00a0000\u00a0000\u00a0000 » hors limites"),
])
def test_numbers_that_are_refused_say_why(typed, message):
    from tdsplan.query import parse_number

    with pytest.raises(UsageError) as refused:
        parse_number(typed)
    assert str(refused.value).startswith(message)


def test_a_sign_only_where_it_makes_sense():
    from tdsplan.query import parse_number

    with pytest.raises(UsageError, match="« -3 » est négatif : un nombre de 0 à 1"):
        parse_number("-3", signed=False)
    assert parse_number("+3", signed=False) == 3.0


@pytest.mark.parametrize("typed, expected", [("40", 40), ("40 %", 40), ("40,0", 40),
                                             ("+40", 40), (100.0, 100), ("0", 0)])
def test_percentages(typed, expected):
    from tdsplan.query import parse_percent

    assert parse_percent(typed) == expected


@pytest.mark.parametrize("typed", ["101", "-1", "-0", "40,5", "١٢", "1e2", "1_0", 40.5])
def test_percentages_refused(typed):
    from tdsplan.query import parse_percent

    with pytest.raises(UsageError, match="invalide : un nombre entier de 0 à 100"):
        parse_percent(typed)

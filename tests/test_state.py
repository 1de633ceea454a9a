"""The plan on a date: journal replay, lateness and the roll-up arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from tdsplan.models import Action, Formule, Statut
from tdsplan.state import rollup, state_at

D = dt.date


def action(**fields) -> Action:
    return Action.model_validate({"id": "1.1.1", "titre": "x", **fields})


def test_state_replays_the_journal():
    a = action(
        statut="realisee",
        echeance=D(2020, 3, 31),
        journal=[
            {"date": D(2019, 5, 1), "statut": "en_cours", "avancement": 30},
            {"date": D(2019, 9, 1), "note": "rien de neuf"},
            {"date": D(2020, 2, 15), "statut": "realisee", "avancement": 100},
        ],
    )
    assert state_at(a, D(2019, 4, 30))[:3] == (Statut.A_VENIR, None, False)
    assert state_at(a, D(2019, 5, 1))[:3] == (Statut.EN_COURS, 30, False)
    assert state_at(a, D(2020, 2, 14))[:3] == (Statut.EN_COURS, 30, False)
    assert state_at(a, D(2020, 2, 15))[:3] == (Statut.REALISEE, 100, False)


def test_without_journal_the_current_fields_hold_at_every_date():
    a = action(statut="en_cours", avancement=20)
    assert state_at(a, D(2000, 1, 1))[:3] == (Statut.EN_COURS, 20, False)


@pytest.mark.parametrize(
    "statut, late",
    [
        ("a_venir", True),
        ("en_cours", True),
        ("reportee", True),
        ("realisee", False),
        ("abandonnee", False),
        ("en_continu", False),
    ],
)
def test_late_means_past_due_and_not_done(statut, late):
    a = action(statut=statut, echeance=D(2020, 1, 31))
    assert state_at(a, D(2020, 1, 31)).en_retard is False
    assert state_at(a, D(2020, 2, 1)).en_retard is late


def test_rollup_weights_overrides_and_leaves_abandoned_out():
    formule = Formule()
    states = [
        (a, state_at(a, D(2020, 1, 1)))
        for a in [
            action(statut="realisee"),  # 100
            action(statut="en_cours", avancement=20),  # explicit 20, not 50
            action(statut="en_continu", poids=2),  # 50, counted twice
            action(statut="abandonnee", avancement=90),  # left out
            action(statut="a_venir"),
        ]
    ]  # 0
    result = rollup(states, formule)
    assert result.avancement == pytest.approx((100 + 20 + 2 * 50 + 0) / 5)
    assert result.total == 5 and result.statuts[Statut.ABANDONNEE] == 1


def test_rollup_follows_the_formula_in_plan_yaml():
    formule = Formule.model_validate(
        {"par_statut": {"en_cours": 25}, "avancement_explicite": False}
    )
    a = action(statut="en_cours", avancement=80)
    assert rollup([(a, state_at(a, D(2020, 1, 1)))], formule).avancement == 25
    assert rollup([], formule).avancement is None

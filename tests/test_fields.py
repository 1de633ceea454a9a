"""Descriptive fields: typed text parsed through the one parser of each kind, and written
as people write them."""

from __future__ import annotations

import datetime as dt

import pytest

from tdsplan.errors import UsageError
from tdsplan.fields import (
    ACTION_FIELDS,
    NotDescriptiveError,
    after_keys,
    check_key,
    field_lines,
    parse_fields,
)
from tdsplan.models import Action, Plan, PlanInfo
from tdsplan.project import Project


@pytest.fixture
def plan(small_plan) -> Plan:
    return Project.at(small_plan).load()


def test_lists_take_commas_or_repeats_and_partners_keep_their_commas(plan):
    parsed = parse_fields(
        plan,
        ACTION_FIELDS,
        {
            "mandats": ["2, 1", "2"],
            "partenaires": ["CISSS, Lanaudière", "Ville"],
            "debut": ["31/03/2021"],
            "poids": ["1 000"],
        },
    )
    assert parsed == {
        "poids": 1000.0,
        "partenaires": ["CISSS, Lanaudière", "Ville"],
        "mandats": [2, 1],
        "debut": dt.date(2021, 3, 31),
    }


def test_a_plan_without_territories_says_so(plan):
    with pytest.raises(UsageError) as refused:
        parse_fields(plan, ACTION_FIELDS, {"territoires": ["joliette"]})
    assert str(refused.value) == (
        "territoires : territoire inconnu « joliette » : plan.yaml n’en déclare aucun"
    )


def test_one_value_for_a_single_field(plan):
    with pytest.raises(UsageError, match="une seule valeur attendue, 2 données"):
        parse_fields(plan, ACTION_FIELDS, {"debut": ["2021-01-01", "2021-02-01"]})


def test_a_field_of_the_journal_says_where_it_changes():
    with pytest.raises(NotDescriptiveError) as refused:
        check_key("avancement", ACTION_FIELDS)
    assert (refused.value.key, refused.value.where) == ("avancement", "journal")
    assert "--" not in str(refused.value)


def test_lines_read_back_as_written():
    assert field_lines("partenaires", ["Table : comité", "no"]) == [
        "partenaires:",
        '  - "Table : comité"',
        '  - "no"',
    ]
    assert field_lines("mandats", [1, 2]) == ["mandats: [1, 2]"]
    assert field_lines("poids", 2.5) == ["poids: 2.5"]
    assert field_lines("titre", "Oui: non") == ['titre: "Oui: non"']


def test_a_missing_key_goes_after_the_nearest_key_before_it():
    assert after_keys(Action, "poids")[:3] == ("avancement", "statut", "description")
    assert after_keys(PlanInfo, "organisation") == ("titre",)

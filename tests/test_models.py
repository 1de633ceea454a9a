"""models: what an element of the plan may hold, and where it was read from."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from tdsplan.models import MAX_TEXT, Action, Mandat, Source, text_problem
from tdsplan.project import Project

from .conftest import PLAN_YAML


def test_a_text_of_the_plan_refuses_what_would_act_on_a_terminal():
    assert text_problem("Réunir les acteurs\tdu territoire\n") is None
    assert text_problem("a\x1b[31mb") == (
        "caractère de contrôle U+001B interdit dans un texte : supprimez-le"
    )
    assert text_problem("abc\u202edef") == (
        "caractère de contrôle de direction U+202E interdit dans un texte : supprimez-le"
    )
    # Not characters at all, and refused by XML: the site's feeds would not be readable.
    assert text_problem("Fin\uffff") == (
        "U+FFFF n’est pas un caractère et est interdit dans un texte : supprimez-le"
    )
    assert text_problem("\ufffe") is not None
    assert text_problem("Emoji 🎉 et \U0010fffd") is None
    assert text_problem("x" * (MAX_TEXT + 1)) == (
        f"texte trop long ({MAX_TEXT + 1} caractères, {MAX_TEXT} au plus)"
    )


def test_a_quoted_date_is_that_day_and_an_impossible_one_is_refused():
    action = Action.model_validate({"id": "1.2.3", "titre": "X", "echeance": "2020-03-31"})
    assert action.echeance == dt.date(2020, 3, 31)
    with pytest.raises(ValidationError):
        Action.model_validate({"id": "1.2.3", "titre": "X", "echeance": "2023-02-30"})


def test_strict_fields_do_not_guess():
    with pytest.raises(ValidationError):  # a progress is a whole number, not text
        Action.model_validate({"id": "1.2.3", "titre": "X", "avancement": "50"})
    with pytest.raises(ValidationError):  # an action ID has three parts
        Action.model_validate({"id": "1.2", "titre": "X"})
    assert Mandat.model_validate({"id": "2", "texte": "Réunir"}).id == 2


def test_an_element_knows_its_file_and_place(small_plan):
    plan = Project.at(small_plan).load()
    _, objectif, action = next((o, b, a) for o, b, a in plan.iter_actions() if a.id == "1.1.2")
    assert objectif.source.file == small_plan / "1-comprendre" / "1.1-definition.yaml"
    assert action.source == Source(objectif.source.file, ("actions", 1))
    assert action.source.index == 1
    with pytest.raises(LookupError, match="1.2.3 n’a pas été lu depuis un fichier"):
        _ = Action.model_validate({"id": "1.2.3", "titre": "X"}).source


def test_declared_names_and_plan_order(plan_with):
    plan = Project.at(
        plan_with(
            {"plan.yaml": PLAN_YAML + "territoires:\n  - id: lassomption\n    nom: L’Assomption\n"}
        )
    ).load()
    assert [a.id for _, _, a in plan.iter_actions()] == [
        "1.1.1",
        "1.1.2",
        "1.2.1",
        "2.1.1",
        "2.1.2",
    ]
    assert plan.territory_name("lassomption") == "L’Assomption"
    assert plan.territory_name("nord") == "nord"  # undeclared: shown as written

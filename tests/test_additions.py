"""Adding elements: the next free ID, and a refusal that says what kind of parent is needed."""

from __future__ import annotations

import pytest

from tdsplan.additions import NotAParentError, add_action, add_objective
from tdsplan.project import Project


def test_a_wrong_parent_is_refused_with_its_facts_and_no_option_name(small_plan):
    before = {p: p.read_bytes() for p in small_plan.rglob("*") if p.is_file()}
    with pytest.raises(NotAParentError) as action:
        add_action(Project.at(small_plan), "1", "Infolettre")
    assert (action.value.identifier, action.value.expected) == ("1", "objectif")
    assert str(action.value) == (
        "1 n’est pas un objectif : une action s’ajoute à un objectif, de la forme 1.2"
    )
    with pytest.raises(NotAParentError) as objective:
        add_objective(Project.at(small_plan), "1.2", "Mobiliser")
    assert (objective.value.identifier, objective.value.expected) == ("1.2", "orientation")
    assert "--" not in str(objective.value)
    assert {p: p.read_bytes() for p in small_plan.rglob("*") if p.is_file()} == before


def test_an_action_is_added_with_the_next_id_and_its_texts_written_exactly(small_plan):
    added = add_action(Project.at(small_plan), "1.2", "Infolettre : no 1", porteur="no")
    assert added.identifier == "1.2.2"
    assert added.edit.after.endswith(
        '  - id: 1.2.2\n    titre: "Infolettre : no 1"\n    statut: a_venir\n'
        '    porteur: "no"\n    journal: []\n'
    )

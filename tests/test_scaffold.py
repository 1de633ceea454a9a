"""Starting a plan: any organisation's vocabulary, readable YAML."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tdsplan.errors import UsageError
from tdsplan.project import Project
from tdsplan.scaffold import new_plan, territory
from tdsplan.yamlio import format_entry, parse_document


def test_another_organisation_makes_its_own_plan(tmp_path):
    created = new_plan(
        tmp_path / "plan", dt.date(2026, 5, 1), organisation="Table de la Mauricie",
        territoires=[territory("Trois-Rivières"), territory("shawi=Shawinigan")],
        mandats=["Réunir les acteurs du développement social de la région autour d’une vision "
                 "commune, partagée et durable du développement."])
    plan = Project.at(tmp_path / "plan").load()
    assert [(t.id, t.nom) for t in plan.territoires] == [
        ("trois_rivieres", "Trois-Rivières"), ("shawi", "Shawinigan")]
    assert plan.periode.debut == 2026 and plan.mandats[0].id == 1
    text = (tmp_path / "plan" / "plan.yaml").read_text("utf-8")
    assert max(len(line) for line in text.splitlines()) <= 95
    assert "  texte: >-\n      Réunir les acteurs" in text
    assert created.plan.organisation == "Table de la Mauricie"


def test_the_next_plan_keeps_the_territories_and_folds_long_titles(tmp_path):
    from tests.conftest import REPO

    new_plan(tmp_path / "suivant", dt.date(2023, 5, 1), source=Project.at(REPO / "plan"))
    plan = Project.at(tmp_path / "suivant").load()
    assert [t.id for t in plan.territoires][:2] == ["autray", "joliette"]
    for path in (tmp_path / "suivant").rglob("*.yaml"):
        assert max(len(line) for line in path.read_text("utf-8").splitlines()) <= 95, path


@pytest.mark.parametrize("text", ["", "=Nord", "Sud Est=Sud-Est", "nord="])
def test_a_badly_typed_territory_is_refused(text):
    with pytest.raises(UsageError, match="territoire .* invalide"):
        territory(text)


@given(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x2FF), min_size=1, max_size=400))
def test_a_folded_text_reads_back_unchanged(value):
    text = format_entry("note", value, 2) + "\n"
    assert parse_document(None, "n:\n" + text).data == {"n": {"note": value}}


def test_the_next_plan_keeps_the_funders_and_the_actions_that_name_them(tmp_path):
    from tests.conftest import REPO

    new_plan(tmp_path / "suivant", dt.date(2023, 5, 1),
             source=Project.at(REPO / "examples" / "demo" / "plan"))
    plan = Project.at(tmp_path / "suivant").load()
    assert [(b.id, b.nom) for b in plan.bailleurs] == [
        ("centraide", "Centraide Lanaudière"), ("cisss", "CISSS de Lanaudière"),
        ("prefets", "Table des préfets de Lanaudière")]
    funded = {a.titre: a.bailleurs for _o, _ob, a in plan.iter_actions() if a.bailleurs}
    assert funded["Projet de jumelage sur la participation citoyenne"] == ["centraide"]

"""Starting a plan: any organisation's vocabulary, readable YAML."""

from __future__ import annotations

import datetime as dt

import pytest

from tdsplan.errors import UsageError
from tdsplan.models import Statut
from tdsplan.project import Project
from tdsplan.scaffold import dated_titles, new_plan, territory
from tdsplan.state import state_at
from tdsplan.typed import parse_period

from .conftest import REPO

D = dt.date


def test_another_organisation_makes_its_own_plan(tmp_path):
    created = new_plan(
        tmp_path / "plan",
        dt.date(2026, 5, 1),
        organisation="Table de la Mauricie",
        territoires=[territory("Trois-Rivières"), territory("shawi=Shawinigan")],
        mandats=[
            "Réunir les acteurs du développement social de la région autour d’une vision "
            "commune, partagée et durable du développement."
        ],
    )
    plan = Project.at(tmp_path / "plan").load()
    assert [(t.id, t.nom) for t in plan.territoires] == [
        ("trois_rivieres", "Trois-Rivières"),
        ("shawi", "Shawinigan"),
    ]
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


def test_the_next_plan_keeps_the_funders_and_the_actions_that_name_them(tmp_path):
    from tests.conftest import REPO

    new_plan(
        tmp_path / "suivant",
        dt.date(2023, 5, 1),
        source=Project.at(REPO / "examples" / "demo" / "plan"),
    )
    plan = Project.at(tmp_path / "suivant").load()
    assert [(b.id, b.nom) for b in plan.bailleurs] == [
        ("centraide", "Centraide Lanaudière"),
        ("cisss", "CISSS de Lanaudière"),
        ("prefets", "Table des préfets de Lanaudière"),
    ]
    funded = {a.titre: a.bailleurs for _o, _ob, a in plan.iter_actions() if a.bailleurs}
    assert funded["Projet de jumelage sur la participation citoyenne"] == ["centraide"]


def test_init_empty_plan_is_valid_at_once(tmp_path):
    created = new_plan(tmp_path / "nouveau", D(2023, 5, 1), period=(2023, 2028))
    plan = Project.at(tmp_path / "nouveau").load()
    assert (plan.titre, plan.periode.debut, plan.periode.fin) == (
        "Plan d’action 2023-2028",
        2023,
        2028,
    )
    assert (tmp_path / "nouveau" / "_schemas" / "objectif.schema.json").is_file()
    assert created.carried == []


def test_init_from_the_shipped_plan_carries_everything_not_done(tmp_path):
    before = {p: p.read_bytes() for p in (REPO / "plan").rglob("*") if p.is_file()}
    created = new_plan(tmp_path / "suivant", D(2023, 5, 1), source=Project.at(REPO / "plan"))
    assert {p: p.read_bytes() for p in (REPO / "plan").rglob("*") if p.is_file()} == before
    plan = Project.at(tmp_path / "suivant").load()
    old = Project.at(REPO / "plan").load()
    assert (plan.periode.debut, plan.periode.fin) == (2023, 2028)
    assert plan.mission == old.mission and plan.mandats == old.mandats
    assert plan.organisation == old.organisation
    assert len(created.carried) == 27  # nothing is done in the shipped plan
    action = plan.orientations[0].objectifs[1].actions[0]
    assert (action.id, action.reprise_de, action.journal) == ("1.2.1", "2018-2023/1.2.1", [])


def test_init_from_leaves_done_and_dropped_actions_behind(tmp_path):
    demo = Project.at(REPO / "examples/demo/plan")
    created = new_plan(tmp_path / "suivant", D(2023, 5, 1), source=demo)
    ids = {a.id for _, _, a in created.plan.iter_actions()}
    assert "1.1.1" not in ids  # réalisée
    assert "1.2.6" not in ids  # abandonnée
    assert {"1.1.3", "1.2.3", "2.1.1"} <= ids  # reportée, reportée, en continu
    linked = Project(tmp_path / "suivant", tmp_path, None, (("2018-2023", demo),)).load()
    carried = next(a for _, _, a in linked.iter_actions() if a.id == "1.2.3")
    state = state_at(carried, D(2023, 4, 1))
    assert (state.statut, state.avancement, state.porteur) == (
        Statut.REPORTEE,
        60,
        "Comité promotion",
    )
    assert carried.journal == []  # inherited through the link, not written
    # The leads' addresses go on: tdsplan remind writes to them in the new plan too.
    assert created.plan.porteurs == demo.load().porteurs != []


def test_init_refuses_a_folder_in_use(tmp_path):
    (tmp_path / "plein").mkdir()
    (tmp_path / "plein" / "x.txt").write_text("x")
    with pytest.raises(UsageError, match="existe déjà et n’est pas vide"):
        new_plan(tmp_path / "plein", D(2023, 5, 1))
    with pytest.raises(UsageError, match="période « 2028-2023 » invalide"):
        parse_period("2028-2023")


def test_carry_over_writes_no_journal_entry_and_no_copied_state(tmp_path):
    new_plan(tmp_path / "suivant", D(2023, 5, 1), source=Project.at(REPO / "examples/demo/plan"))
    for path in (tmp_path / "suivant").rglob("*.yaml"):
        text = path.read_text("utf-8")
        for machine in ("tdsplan init", "journal:", "\n    statut:", "echeance:", "reel:"):
            assert machine not in text, (path, machine)


def test_titles_that_name_the_old_target_year_are_proposed_with_the_new_one():
    old = Project.at(REPO / "examples/demo/plan").load()
    proposed = dated_titles(old, 2028)
    assert [r.id for r in proposed] == ["1", "2", "3", "4"]
    assert proposed[0].proposed.startswith("En 2028, les acteurs du DS ont adhéré")
    # a year inside a period is no target year
    assert (
        proposed[3].proposed.startswith("En 2028, la cohésion")
        and "plan d’action régional 2023-2028" in proposed[3].proposed
    )


def test_init_from_rewrites_the_titles_it_is_given(tmp_path):
    source = Project.at(REPO / "examples/demo/plan")
    created = new_plan(
        tmp_path / "suivant",
        D(2023, 5, 1),
        source=source,
        titles={"1": "En 2028, une compréhension commune."},
    )
    assert [o.titre for o in created.plan.orientations][:2] == [
        "En 2028, une compréhension commune.",
        "En 2023, les initiatives, projets ou pratiques intègrent des expertises et des "
        "ressources en DS déjà présentes dans nos milieux.",
    ]

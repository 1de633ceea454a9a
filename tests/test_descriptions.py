"""Descriptive fields changed in the core: any text a person may type reads back exactly."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from tdsplan.descriptions import describe
from tdsplan.elements import find
from tdsplan.models import text_problem
from tdsplan.project import Project
from tests.conftest import SMALL_PLAN, write_tree

#: Texts a person may type: no control, private or unassigned character (the
#: plan refuses them; drawn, they made hypothesis discard too many examples at random).
texts = (
    st.text(
        st.characters(exclude_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=texts, partner=texts)
def test_any_text_reads_back_exactly_and_the_rest_of_the_file_stays(
    tmp_path_factory, title, partner
):
    assume(text_problem(title) is None and text_problem(partner) is None)
    plan_dir = write_tree(tmp_path_factory.mktemp("p") / "plan", SMALL_PLAN)
    path = plan_dir / "1-comprendre" / "1.1-definition.yaml"
    described = describe(
        Project.at(plan_dir), "1.1.2", {"titre": [title], "partenaires": [partner]}
    )
    assert described.changed == ("titre", "partenaires")
    action = find(Project.at(plan_dir).load(), "1.1.2")
    assert (action.titre, action.partenaires) == (title, [partner])
    before = SMALL_PLAN["1-comprendre/1.1-definition.yaml"]
    after = path.read_text("utf-8")
    head = before[: before.index("    titre: Charte des valeurs")]
    tail = before[before.index("    echeance: 2020-01-31\n    journal:") :]
    assert after.startswith(head) and after.endswith(tail)

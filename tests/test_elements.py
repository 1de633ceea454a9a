"""Finding elements: an ID's element, or a hint at the close ones."""

from __future__ import annotations

import pytest

from tdsplan.elements import find
from tdsplan.errors import UsageError
from tdsplan.project import Project


def test_find_suggests_close_ids(small_plan):
    plan = Project.at(small_plan).load()
    assert find(plan, "1.1.2").titre == "Charte des valeurs"
    assert find(plan, "2").titre == "Agir localement"
    with pytest.raises(
        UsageError,
        match="identifiant inconnu « 1.1.9 » ; vouliez-vous dire 1.1.2, 1.1.1 ou 1.1 \\?",
    ):
        find(plan, "1.1.9")

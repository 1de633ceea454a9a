"""The demo plan's follow-up workbook, exported once for the tests of tdsplan.sheets."""

from __future__ import annotations

import datetime as dt

import pytest

from tdsplan.followup import follow_up_workbook
from tdsplan.project import Project
from tests.conftest import REPO

AS_OF = dt.date(2023, 1, 16)


@pytest.fixture(scope="module")
def demo_book() -> bytes:
    plan = Project.at(REPO / "examples" / "demo" / "plan").load()
    return follow_up_workbook(plan, AS_OF)

"""The small plan's report of 2019-2020 as a DOCX, reopened with python-docx (once for the
session: the tests only read it)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from tdsplan.project import Project
from tdsplan.report import build_report, report_period
from tdsplan.word import render_docx
from tests.conftest import SMALL_PLAN, write_tree

TODAY = dt.date(2021, 5, 1)


@pytest.fixture(scope="session")
def document(tmp_path_factory):
    small_plan = write_tree(tmp_path_factory.mktemp("docx") / "plan", SMALL_PLAN)
    plan = Project.at(small_plan).load()
    report = build_report(plan, report_period(plan, TODAY, year="2019"))
    return Document(io.BytesIO(render_docx(report, "fr", [])))

"""followup: the follow-up workbook as a lead opens it, the same every time, and the
extracts per lead, partner, funder, territory or mandate."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from tdsplan.followup import Selection, export_rows, follow_up_workbook
from tdsplan.project import Project
from tdsplan.views import Filters
from tests.conftest import REPO

AS_OF = dt.date(2023, 1, 16)


@pytest.fixture(scope="module")
def demo_book() -> bytes:
    plan = Project.at(REPO / "examples" / "demo" / "plan").load()
    return follow_up_workbook(plan, AS_OF)


def test_the_workbook_explains_itself_and_protects_what_is_not_to_fill(demo_book):
    book = load_workbook(io.BytesIO(demo_book))
    assert book.sheetnames == ["Actions", "Aide"]
    sheet = book["Actions"]
    assert [c.value for c in sheet[1]] == [
        "ID",
        "Orientation",
        "Objectif",
        "Action",
        "Porteur",
        "Statut actuel",
        "Avancement actuel",
        "Échéance",
        "Dernière entrée",
        "Dernière note",
        "Nouveau statut",
        "Avancement (%)",
        "Nouvelle échéance",
        "Note",
        "Date",
        "Auteur",
        "Indicateur",
        "Valeur",
    ]
    assert sheet.max_row == 28 and sheet["A14"].value == "2.1.4"
    assert sheet["I14"].value == dt.datetime(2021, 10, 5) and sheet["I14"].is_date
    assert sheet["J14"].value == "Jumelage Joliette–Montcalm lancé."
    # read-only, greyed; the columns to fill unlocked
    assert sheet.protection.sheet
    assert sheet["D14"].protection.locked and sheet["D14"].fill.fgColor.rgb.endswith("EDEDED")
    assert all(not sheet.cell(14, column).protection.locked for column in range(11, 19))
    assert sheet.freeze_panes == "B2"
    assert sheet["D14"].alignment.wrap_text and sheet["N14"].alignment.wrap_text
    assert sheet.column_dimensions["N"].width == 50
    checks = {str(c.sqref): c for c in sheet.data_validations.dataValidation}
    assert checks["K2:K28"].formula1 == '"À venir,En cours,En continu,Réalisée,Reportée,Abandonnée"'
    assert (checks["L2:L28"].type, checks["L2:L28"].formula1, checks["L2:L28"].formula2) == (
        "decimal",  # « 50 % » typed is 0.5
        "0",
        "100",
    )
    assert checks["M2:M28 O2:O28"].type == "date"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    help_text = "\n".join(str(c.value) for c in book["Aide"]["A"])
    assert "Les colonnes grises montrent chaque action : ne les modifiez pas." in help_text
    assert "• Date : le jour où c’est arrivé, par exemple 2020-03-15 ou 15 mars 2020." in help_text


def test_one_plan_gives_the_same_workbook_every_time(demo_book):
    plan = Project.at(REPO / "examples" / "demo" / "plan").load()
    assert follow_up_workbook(plan, AS_OF) == demo_book


def test_extracts_per_lead_and_per_funder():
    plan = Project.at(REPO / "examples" / "demo" / "plan").load()
    ids = lambda selection: [r.id for r in export_rows(plan, AS_OF, selection)]  # noqa: E731
    assert ids(Selection(Filters(bailleur="prefets"))) == ["3.1.1", "3.1.2"]
    assert ids(Selection(Filters(porteur="agente"))) == ["3.1.4"]
    assert ids(Selection(partenaire="deux CLDS")) == ["2.1.4"]
    assert ids(Selection(Filters(late=True, territoire="montcalm"))) == [
        "1.2.3",
        "1.2.5",
        "3.1.2",
        "3.1.3",
        "4.2.2",
    ]
    assert ids(Selection(Filters(orientation="4"), mandat=2)) == ["4.1.1", "4.1.2", "4.1.3"]

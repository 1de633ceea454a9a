"""The site's feeds, calendar and data: read back by the parsers a subscriber's program
uses (feedparser for Atom, icalendar for iCalendar) and checked element by element."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar
import pytest

from tdsplan.export import actions_csv, indicators_csv, indicators_data, indicators_json, plan_data
from tdsplan.project import Project
from tdsplan.site import build_site
from tdsplan.sitecalendar import fold

from .conftest import REPO, SMALL_PLAN, write_tree

DEMO = REPO / "examples" / "demo" / "plan"
ATOM = "{http://www.w3.org/2005/Atom}"
DEMO_DATE = dt.date(2021, 3, 31)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "site"
    build_site(Project.at(DEMO).load(), out, DEMO_DATE, ("fr", "en"))
    return out


def test_the_plan_feed_is_atom_that_a_parser_reads_entry_by_entry(demo_site):
    plan = Project.at(DEMO).load()
    feed = feedparser.parse((demo_site / "flux.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Nouvelles du plan — Plan d’action 2018-2023"
    assert feed.feed.link == "https://plan.exemple.org/index.html"
    entries = [
        (action.id, entry)
        for _o, _ob, action in plan.iter_actions()
        for entry in action.journal
        if entry.date <= DEMO_DATE
    ]
    assert len(feed.entries) == min(50, len(entries))
    newest = max(entry.date for _id, entry in entries)
    assert feed.entries[0].updated.startswith(newest.isoformat())
    dates = [e.updated for e in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert len({e.id for e in feed.entries}) == len(feed.entries)  # ids stay apart
    first = feed.entries[0]
    assert first.title == "2.1.1 Formations pour les acteurs régionaux et locaux"
    assert first.link == "https://plan.exemple.org/action/2.1.1.html"
    assert (
        first.summary
        == "Participants aux formations\u00a0: 167\u00a0personnes · Participants satisfaits\u00a0: 88\u00a0%"
    )
    assert first.content[0].value == "Bilan 2020-2021, webinaires compris."
    assert first.author == "Coordination"


def test_every_required_atom_element_is_there(demo_site):
    """RFC 4287: a feed has an id, a title, an updated date and an author (or each of its
    entries has one); an entry has an id, a title, an updated date, a link or content."""
    for path in [demo_site / "flux.xml", *sorted((demo_site / "orientation").glob("*.xml"))]:
        root = ET.parse(path).getroot()
        assert root.tag == f"{ATOM}feed"
        for name in ("id", "title", "updated", "author"):
            assert len(root.findall(f"{ATOM}{name}")) == 1, (path, name)
        assert root.find(f"{ATOM}author/{ATOM}name").text
        assert dt.datetime.fromisoformat(root.find(f"{ATOM}updated").text)
        for entry in root.findall(f"{ATOM}entry"):
            for name in ("id", "title", "updated"):
                assert len(entry.findall(f"{ATOM}{name}")) == 1, (path, name)
            assert entry.find(f"{ATOM}id").text.startswith("urn:uuid:")
            assert entry.find(f"{ATOM}link").get("rel") == "alternate"
            assert dt.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)


def test_an_orientation_feed_has_only_its_own_news_and_english_links_to_english_pages(
    demo_site,
):
    two = feedparser.parse((demo_site / "orientation" / "2.xml").read_bytes())
    assert not two.bozo and two.entries
    assert {e.title.split(".")[0] for e in two.entries} == {"2"}
    english = feedparser.parse((demo_site / "en" / "flux.xml").read_bytes())
    assert english.feed.title == "Plan news — Plan d’action 2018-2023"
    assert english.entries[0].link == "https://plan.exemple.org/en/action/2.1.1.html"
    assert english.entries[0].summary.startswith("Participants aux formations: 167")
    # The plan's words stay French, and say so.
    root = ET.parse(demo_site / "en" / "flux.xml").getroot()
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    title = root.find(f"{ATOM}entry/{ATOM}title")
    assert title.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"


def test_the_calendar_is_icalendar_that_a_parser_reads_event_by_event(demo_site):
    raw = (demo_site / "calendrier.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(raw)
    events = list(calendar.walk("VEVENT"))
    plan = Project.at(DEMO).load()
    from tdsplan.state import state_at

    due = {
        action.id: state_at(action, DEMO_DATE)
        for _o, _ob, action in plan.iter_actions()
        if state_at(action, DEMO_DATE).echeance is not None
        and state_at(action, DEMO_DATE).statut.value not in ("realisee", "abandonnee")
    }
    assert len(events) == len(due) > 0
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    for event in events:
        assert event["UID"] and event["DTSTAMP"].dt == dt.datetime(2021, 3, 31, tzinfo=dt.UTC)
        start = event["DTSTART"]
        assert start.params["VALUE"] == "DATE" and type(start.dt) is dt.date
        assert event["DTEND"].dt == start.dt + dt.timedelta(days=1)
        identifier = str(event["SUMMARY"]).removeprefix("Échéance\u00a0: ").split(" ")[0]
        assert start.dt == due[identifier].echeance
        assert str(event["URL"]) == f"https://plan.exemple.org/action/{identifier}.html"
    assert len({str(e["UID"]) for e in events}) == len(events)
    # RFC 5545: CRLF line ends, no line over 75 octets.
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75


def test_long_lines_are_folded_between_characters_never_inside_one():
    line = "SUMMARY:" + "é" * 80
    folded = fold(line)
    assert folded.endswith("\r\n")
    parts = folded.removesuffix("\r\n").split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert parts[0] + "".join(p.removeprefix(" ") for p in parts[1:]) == line
    assert fold("DTSTART;VALUE=DATE:20210630") == "DTSTART;VALUE=DATE:20210630\r\n"


def test_the_calendar_text_is_escaped(tmp_path):
    folder = write_tree(
        tmp_path / "plan",
        {
            **SMALL_PLAN,
            "1-comprendre/1.2-outils.yaml": (
                "id: 1.2\ntitre: Fournir des outils\nactions:\n  - id: 1.2.1\n"
                "    titre: Site, outils; et \\ guides\n    echeance: 2020-06-30\n"
                "    porteur: Luc\n    journal: []\n"
            ),
        },
    )
    build_site(Project.at(folder).load(), tmp_path / "site", dt.date(2020, 3, 1))
    raw = (tmp_path / "site" / "calendrier.ics").read_bytes().decode("utf-8")
    assert "SUMMARY:Échéance\u00a0: 1.2.1 Site\\, outils\\; et \\\\ guides\r\n" in raw
    assert "DESCRIPTION:Statut\u00a0: À venir\\nPorteur\u00a0: Luc\r\n" in raw
    assert "URL:" not in raw  # no site address declared: no link that leads nowhere
    summaries = [str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(raw).walk("VEVENT")]
    assert "Échéance\u00a0: 1.2.1 Site, outils; et \\ guides" in summaries


def test_the_data_to_download_is_what_tdsplan_export_writes(demo_site):
    plan = Project.at(DEMO).load()
    folder = demo_site / "donnees"
    assert json.loads((folder / "plan.json").read_text("utf-8")) == plan_data(plan)
    assert (folder / "actions.csv").read_bytes() == actions_csv(plan).encode("utf-8")
    assert (folder / "indicateurs.json").read_text("utf-8") == indicators_json(
        indicators_data(plan, DEMO_DATE)
    )
    assert (folder / "indicateurs.csv").read_bytes() == indicators_csv(
        indicators_data(plan, DEMO_DATE)
    ).encode()
    assert not (demo_site / "en" / "donnees").exists()  # one copy for both languages
    page = (demo_site / "donnees.html").read_text("utf-8")
    assert "Licence\u00a0: <span>Licence ouverte CC BY 4.0 (attribution)</span>." in page


def test_without_a_licence_the_data_page_says_to_ask(tmp_path):
    folder = write_tree(tmp_path / "plan", SMALL_PLAN)
    build_site(Project.at(folder).load(), tmp_path / "site", dt.date(2020, 3, 1))
    page = (tmp_path / "site" / "donnees.html").read_text("utf-8")
    assert (
        "Aucune licence n’est déclarée pour ces données : demandez à Table d’essai avant de "
        "les réutiliser."
    ) in page
    feed = feedparser.parse((tmp_path / "site" / "flux.xml").read_bytes())
    # No site address: links relative to the feed, ids from the plan's title.
    assert feed.entries[0].link == "action/2.1.2.html"

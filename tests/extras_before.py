"""The site's feeds, calendar and downloads as tdsplan wrote them before they were written
the faster way (d122a45): the reference that the fast way's bytes are compared with."""

from __future__ import annotations

import datetime as dt
import heapq
import json
import uuid
from collections.abc import Callable
from xml.etree import ElementTree as ET

from tdsplan.formulas import QUOTE, TRIGGERS
from tdsplan.models import Plan
from tdsplan.sitecalendar import Event, escape, fold
from tdsplan.sitefeeds import ATOM, FEED_ENTRIES, PLAN_LANG, News, change_text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def csv_field(text: str) -> str:
    return QUOTE + text if text.startswith((*TRIGGERS, QUOTE)) else text


def indented_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def url_uuid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def feed_id(plan: Plan, *parts: str) -> str:
    base = plan.publication.adresse or f"{plan.organisation}|{plan.titre}"
    return uuid.uuid5(uuid.NAMESPACE_URL, "|".join((base, *parts))).urn


def _stamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def atom_feed(
    plan: Plan,
    news: list[News],
    *,
    lang: str,
    title: str,
    here: str,
    page: str,
    as_of: dt.date,
    date_text: Callable[[dt.date], str],
) -> bytes:
    """The Atom feed of ``news`` (newest first, at most :data:`FEED_ENTRIES`), written at
    ``here`` in the site, whose page on the site is ``page`` (both relative to the site's
    root; links are absolute when the plan declares the site's address)."""
    base = plan.publication.adresse
    up = "../" * here.count("/")

    def href(target: str) -> str:
        return (base.rstrip("/") + "/" + target) if base else up + target

    # The newest (as sorted(..., reverse=True)[:FEED_ENTRIES]: no two have the same key).
    shown = heapq.nlargest(FEED_ENTRIES, news, key=lambda n: (n.entry.date, n.action_id, n.index))
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})
    _text(feed, "id", feed_id(plan, here))
    _text(feed, "title", title)
    _text(feed, "updated", _stamp(shown[0].entry.date if shown else as_of))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", plan.organisation)
    if plan.publication.site_web:
        _text(author, "uri", plan.publication.site_web)
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": href(here)})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": href(page)})
    _text(feed, "generator", "tdsplan")
    for item in shown:
        prefix = "" if lang == PLAN_LANG else f"{lang}/"
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", feed_id(plan, item.action_id, str(item.index)))
        _text(entry, "title", f"{item.action_id} {item.action_titre}", PLAN_LANG)
        _text(entry, "updated", _stamp(item.entry.date))
        ET.SubElement(
            entry,
            f"{{{ATOM}}}link",
            {"rel": "alternate", "href": href(f"{prefix}action/{item.action_id}.html")},
        )
        if item.entry.auteur:
            who = ET.SubElement(entry, f"{{{ATOM}}}author")
            _text(who, "name", item.entry.auteur)
        _text(entry, "summary", change_text(item.entry, lang, date_text, item.unites) or title)
        if item.entry.note:
            _text(entry, "content", item.entry.note, PLAN_LANG)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent: ET.Element, name: str, text: str, lang: str | None = None) -> None:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}", {XML_LANG: lang} if lang else {})
    element.text = text


def calendar(name: str, namespace: str, events: list[Event], stamp: dt.date) -> bytes:
    """The VCALENDAR of ``events`` (by day, then key), named ``name``; UIDs come from
    ``namespace`` and each key, DTSTAMP is ``stamp`` (the site's date, not the clock)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//tdsplan//site//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in sorted(events, key=lambda e: (e.day, e.key)):
        uid = uuid.uuid5(uuid.NAMESPACE_URL, f"{namespace}|{event.key}")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@tdsplan",
            f"DTSTAMP:{stamp:%Y%m%d}T000000Z",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape(event.summary)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{escape(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines).encode("utf-8")

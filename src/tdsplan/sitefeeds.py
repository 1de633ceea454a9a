"""The journal's news as Atom feeds (RFC 4287) for the public site: one for the plan, one
per orientation, the newest entries first, the same bytes for the same plan and date."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape as _text  # character data, as ElementTree escapes it

from tdsplan.figures import number, percent
from tdsplan.i18n import translator
from tdsplan.models import Action, EntreeJournal, Orientation, Plan
from tdsplan.sitecalendar import url_uuid
from tdsplan.vocabulary import status_label

ATOM = "http://www.w3.org/2005/Atom"
#: Entries a feed carries: the newest, as feed readers expect (older news is on the site).
FEED_ENTRIES = 50
#: What ElementTree writes before a document in UTF-8.
DECLARATION = b"<?xml version='1.0' encoding='utf-8'?>\n"
#: The plan's own words (titles, notes) are French, whatever the feed's language.
PLAN_LANG = "fr"


@dataclass(frozen=True)
class News:
    """A journal entry of an action, as a feed tells it."""

    action_id: str
    action_titre: str
    orientation_id: str
    entry: EntreeJournal
    #: Its place in its action's journal (two entries of one day stay apart).
    index: int
    #: The unit of each indicator of the action that has one, by name.
    unites: Mapping[str, str] = field(default_factory=dict)


def feed_id(plan: Plan, *parts: str) -> str:
    """A stable ``urn:uuid:`` for the feed or entry named by ``parts``: the site's address
    when it has one, else the plan's title and organisation, keep it the same between
    builds."""
    base = plan.publication.adresse or f"{plan.organisation}|{plan.titre}"
    return "urn:uuid:" + url_uuid("|".join((base, *parts)))


def _stamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def change_text(
    entry: EntreeJournal,
    lang: str,
    date_text: Callable[[dt.date], str],
    unites: Mapping[str, str] | None = None,
) -> str:
    """What an entry changed, in one line (« Statut : Réalisée · Avancement : 100 % »)."""
    t = translator(lang)
    colon = "\u00a0:" if lang == "fr" else ":"
    parts = []
    if entry.statut is not None:
        parts.append(f"{t('Statut')}{colon} {status_label(entry.statut, lang)}")
    if entry.avancement is not None:
        parts.append(f"{t('Avancement')}{colon} {percent(entry.avancement, lang)}")
    if entry.echeance is not None:
        parts.append(f"{t('Nouvelle échéance')}{colon} {date_text(entry.echeance)}")
    if entry.porteur:
        parts.append(f"{t('Nouveau porteur')}{colon} {entry.porteur}")
    for name, value in entry.indicateurs.items():
        parts.append(measured(name, value, (unites or {}).get(name), lang, colon))
    return " · ".join(parts)


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
    root; links are absolute when the plan declares the site's address). Its bytes are
    those ElementTree writes of these elements indented (``ET.indent``, then
    ``ET.tostring(feed, encoding="utf-8", xml_declaration=True)``), written here as
    lines: a hundred and fifty feeds of fifty entries cost four times as much through it."""
    base = plan.publication.adresse
    up = "../" * here.count("/")

    def href(target: str) -> str:
        return (base.rstrip("/") + "/" + target) if base else up + target

    # The newest (as sorted(..., reverse=True)[:FEED_ENTRIES]: no two have the same key).
    shown = heapq.nlargest(FEED_ENTRIES, news, key=lambda n: (n.entry.date, n.action_id, n.index))
    lines = [
        f'<feed xmlns="{ATOM}" xml:lang="{_attribute(lang)}">',
        _leaf("  ", "id", feed_id(plan, here)),
        _leaf("  ", "title", title),
        _leaf("  ", "updated", _stamp(shown[0].entry.date if shown else as_of)),
        "  <author>",
        _leaf("    ", "name", plan.organisation),
    ]
    if plan.publication.site_web:
        lines.append(_leaf("    ", "uri", plan.publication.site_web))
    lines += [
        "  </author>",
        f'  <link rel="self" href="{_attribute(href(here))}" />',
        f'  <link rel="alternate" href="{_attribute(href(page))}" />',
        _leaf("  ", "generator", "tdsplan"),
    ]
    prefix = "" if lang == PLAN_LANG else f"{lang}/"
    for item in shown:
        lines += [
            "  <entry>",
            _leaf("    ", "id", feed_id(plan, item.action_id, str(item.index))),
            _leaf("    ", "title", f"{item.action_id} {item.action_titre}", PLAN_LANG),
            _leaf("    ", "updated", _stamp(item.entry.date)),
            f'    <link rel="alternate" href="'
            f'{_attribute(href(f"{prefix}action/{item.action_id}.html"))}" />',
        ]
        if item.entry.auteur:
            lines += ["    <author>", _leaf("      ", "name", item.entry.auteur), "    </author>"]
        summary = change_text(item.entry, lang, date_text, item.unites) or title
        lines.append(_leaf("    ", "summary", summary))
        if item.entry.note:
            lines.append(_leaf("    ", "content", item.entry.note, PLAN_LANG))
        lines.append("  </entry>")
    lines.append("</feed>")
    # As ElementTree encodes: a character UTF-8 cannot carry (a lone surrogate) as « &#N; ».
    return DECLARATION + "\n".join(lines).encode("utf-8", "xmlcharrefreplace") + b"\n"


def _leaf(indent: str, name: str, text: str, lang: str | None = None) -> str:
    """An element of text on its line, as ElementTree writes it (« <name /> » if empty)."""
    start = f'{indent}<{name} xml:lang="{_attribute(lang)}"' if lang else f"{indent}<{name}"
    return f"{start}>{_text(text)}</{name}>" if text else f"{start} />"


def _attribute(text: str) -> str:
    """An attribute's value as ElementTree escapes it."""
    return _text(text, {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"})


def plan_news(plan: Plan, as_of: dt.date, orientation: Orientation | None = None) -> list[News]:
    """The newest :data:`FEED_ENTRIES` journal entries up to ``as_of`` of the plan (or of
    its ``orientation``), with their action, newest first."""
    orientations = plan.orientations if orientation is None else [orientation]
    # Plain tuples, made into News only for the few shown: (day, action, place) is unique.
    found = heapq.nlargest(
        FEED_ENTRIES,
        (
            (entry.date, action.id, index, o.id, action, entry)
            for o in orientations
            for ob in o.objectifs
            for action in ob.actions
            for index, entry in enumerate(action.journal)
            if entry.date <= as_of
        ),
        key=lambda told: told[:3],
    )
    return [
        News(action.id, action.titre, o, entry, index, units(action))
        for _d, _id, index, o, action, entry in found
    ]


def units(action: Action | Any) -> dict[str, str]:
    """The unit of each of ``action``'s indicators that has one, by name."""
    return {i.nom: i.unite for i in action.indicateurs if i.unite}


def measured(name: str, value: float, unit: str | None, lang: str, colon: str) -> str:
    """« Participants satisfaits : 82 % »: a value an entry recorded, with its unit."""
    return f"{name}{colon} {number(value, lang)}" + (f"\u00a0{unit}" if unit else "")

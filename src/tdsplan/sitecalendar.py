"""The plan's dates as an iCalendar file (RFC 5545) to subscribe to or import in Outlook
or Google Calendar: the due dates of the actions not done, and the meetings on record,
each an all-day event; the same bytes for the same plan and date."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

#: RFC 5545 §3.1: a content line is at most 75 octets, longer ones are folded.
LINE_OCTETS = 75


@dataclass(frozen=True)
class Event:
    """An all-day event: its stable key (the UID is made from it), day, title, details
    and the address of its page (``None``: the site has no declared address)."""

    key: str
    day: dt.date
    summary: str
    description: str
    url: str | None = None


def escape(text: str) -> str:
    """A TEXT value (§3.3.11): backslash, semicolon, comma and line breaks escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """One content line folded at 75 octets (CRLF and a space), never inside a character."""
    data = line.encode("utf-8")
    if len(data) <= LINE_OCTETS:
        return line + "\r\n"
    pieces, start, limit = [], 0, LINE_OCTETS
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: not cut before it
            end -= 1
        pieces.append(data[start:end])
        start, limit = end, LINE_OCTETS - 1  # the leading space counts
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode("utf-8") + "\r\n"


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

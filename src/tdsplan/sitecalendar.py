"""The plan's dates as an iCalendar file (RFC 5545) to subscribe to or import in Outlook
or Google Calendar: the due dates of the actions not done, and the meetings on record,
each an all-day event; the same bytes for the same plan and date."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
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
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//tdsplan//site//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    out = [fold(line) for line in head]
    dtstamp = f"DTSTAMP:{stamp:%Y%m%d}T000000Z\r\n"
    for event in sorted(events, key=lambda e: (e.day, e.key)):
        # The lines of fixed length (at most 48 octets) need no folding.
        out.append(
            f"BEGIN:VEVENT\r\nUID:{url_uuid(f'{namespace}|{event.key}')}@tdsplan\r\n{dtstamp}"
            f"DTSTART;VALUE=DATE:{_day(event.day)}\r\n"
            f"DTEND;VALUE=DATE:{_day(event.day + ONE_DAY)}\r\n"
        )
        out.append(fold(f"SUMMARY:{escape(event.summary)}"))
        if event.description:
            out.append(fold(f"DESCRIPTION:{escape(event.description)}"))
        if event.url:
            out.append(fold(f"URL:{event.url}"))
        out.append("TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n")
    out.append("END:VCALENDAR\r\n")
    return "".join(out).encode("utf-8")


ONE_DAY = dt.timedelta(days=1)


@functools.lru_cache(maxsize=4096)
def _day(day: dt.date) -> str:
    """« 20210331 » (many events share a day)."""
    return f"{day:%Y%m%d}"


def url_uuid(name: str) -> str:
    """``str(uuid.uuid5(uuid.NAMESPACE_URL, name))``, three times as fast (without the
    :class:`uuid.UUID` made and read back): SHA-1 of the namespace and the name, its
    version (5) and variant (RFC 4122) set."""
    made = bytearray(hashlib.sha1(_URL_NAMESPACE + bytes(name, "utf-8")).digest()[:16])
    made[6] = (made[6] & 0x0F) | 0x50
    made[8] = (made[8] & 0x3F) | 0x80
    text = made.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


_URL_NAMESPACE = uuid.NAMESPACE_URL.bytes

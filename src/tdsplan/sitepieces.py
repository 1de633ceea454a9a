"""The site's downloads made of one piece per orientation (``donnees/plan.json``,
``donnees/actions.csv``), each piece taken back from the file the last build wrote when
its orientation's digest (:mod:`tdsplan.sitekeys`) is the same: one action changed makes
one orientation's piece again, not the 10,000 actions' text.

The manifest records, for such a file, the key, length and SHA-256 of each piece; a
piece is taken back from the plain file only when its bytes there still hash to what
the manifest says (a manifest read back is data: its lengths may be anything). The
bytes are the same as those of a file made whole."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tdsplan.export import CSV_COLUMNS, action_rows
from tdsplan.sitefiles import digest, written_before

if TYPE_CHECKING:
    from tdsplan.models import Orientation, Plan

#: Each piece of a file: its key, its length in bytes and the SHA-256 of its bytes.
Pieces = list[tuple[str, int, str]]


class OldPieces:
    """The pieces of the files the last build wrote in ``out``, by file and key."""

    def __init__(self, out: Path, recorded: dict[str, list]) -> None:
        self.out, self.recorded = out, recorded
        #: The pieces of each file made by this build, to record in the manifest.
        self.made: dict[str, Pieces] = {}

    def of(self, name: str) -> dict[str, tuple[bytes, str]]:
        """The pieces of ``name`` still in its file, by key, each with its hash."""
        pieces = self.recorded.get(name)
        if not pieces:
            return {}
        data = written_before(self.out, name)
        if data is None:
            return {}
        found, start = {}, 0
        for piece in pieces:
            if not (type(piece) is list and len(piece) == 3):
                return {}
            key, length, expected = piece
            if type(key) is not str or type(length) is not int or not 0 <= length <= len(data):
                return {}
            taken = data[start : start + length]
            start += length
            if key and digest(taken) == expected:
                found[key] = taken, expected
        return found

    def join(
        self,
        name: str,
        head: bytes,
        orientations: list[Orientation],
        keys: dict[str, str],
        make: Callable[[Orientation], bytes],
        between: bytes = b"",
        tail: bytes = b"",
    ) -> bytes:
        """``head``, each orientation's piece (taken back, else ``make``), ``between``
        them, then ``tail``; the pieces recorded for the manifest."""
        old = self.of(name)
        parts: list[bytes] = [head]
        pieces: Pieces = [("", len(head), digest(head))]
        for index, o in enumerate(orientations):
            if index:
                parts.append(between)
                pieces.append(("", len(between), digest(between)))
            key = keys[o.id]
            piece, known = old.get(key) or (None, None)
            if piece is None or known is None:
                piece = make(o)
                known = digest(piece)
            parts.append(piece)
            pieces.append((key, len(piece), known))
        parts.append(tail)
        pieces.append(("", len(tail), digest(tail)))
        self.made[name] = pieces
        return b"".join(parts)


def plan_pieces(plan: Plan, keys: dict[str, str], old: OldPieces, name: str) -> bytes | None:
    """``plan.model_dump_json(exclude={"porteurs"})`` made of one piece per orientation;
    ``None`` when the plan's fields do not end with its orientations."""
    if list(type(plan).model_fields)[-1] != "orientations":
        return None
    head = plan.model_dump_json(exclude={"porteurs", "orientations"})
    start = head[:-1] + ("," if head != "{}" else "") + '"orientations":['
    return old.join(
        name,
        start.encode("utf-8"),
        plan.orientations,
        keys,
        lambda o: o.model_dump_json().encode("utf-8"),
        b",",
        b"]}",
    )


def csv_pieces(plan: Plan, keys: dict[str, str], old: OldPieces, name: str) -> bytes:
    """:func:`tdsplan.export.actions_csv` made of one piece per orientation."""

    def rows(orientation: Orientation | None) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=",", lineterminator="\r\n")
        if orientation is None:
            writer.writerow(CSV_COLUMNS)
        else:
            writer.writerows(action_rows(plan, [orientation]))
        return buffer.getvalue().encode("utf-8")

    return old.join(name, rows(None), plan.orientations, keys, rows)

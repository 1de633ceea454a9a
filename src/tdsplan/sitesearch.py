"""The search page's list of every action and its index (one row per action), and a
funder's or territory's list of actions and of indicators, made of one piece per
orientation and taken back from the page the last build wrote when the orientation's
digest (:mod:`tdsplan.sitekeys`) and, on the search page, the place of its first action
are the same: one action changed makes one orientation's items and rows again, not
10,000.

The manifest records where each piece sits in the page, its length and its SHA-256; a
piece is taken back only when the plain file still holds those bytes there (a manifest
read back is data). The bytes are those of a page made whole."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from tdsplan.render import json_script
from tdsplan.sitefiles import digest, written_before
from tdsplan.sitekeys import file_key
from tdsplan.vocabulary import fold

if TYPE_CHECKING:
    from pathlib import Path

    from tdsplan.siteactions import ActionShown
    from tdsplan.sitehtml import Pieces
    from tdsplan.sitekeys import Digests
    from tdsplan.sitepages import GroupPage, SiteData


class PagePieces:
    """The pieces of the pages the last build wrote in ``out`` (``recorded``, by page),
    and those of the pages this build makes (:attr:`made`)."""

    def __init__(self, out: Path, recorded: dict[str, Any], shared: str, keys: Digests):
        self.out, self.recorded, self.shared, self.keys = out, recorded, shared, keys
        #: Each page made: its pieces (key, place, length, SHA-256), for the manifest.
        self.made: dict[str, list[tuple[str, int, int, str]]] = {}
        #: The pieces just made for a page, in order, until the page is written.
        self._pending: dict[str, list[tuple[str, str]]] = {}

    def old(self, name: str) -> dict[str, str]:
        """The pieces of page ``name`` still where its file holds them, by key."""
        pieces = self.recorded.get(name)
        if not isinstance(pieces, list) or not pieces:
            return {}
        data = written_before(self.out, name)
        if data is None:
            return {}
        found = {}
        for piece in pieces:
            if not (type(piece) is list and len(piece) == 4):
                return {}
            key, start, length, expected = piece
            if not (type(key) is str and type(start) is int and type(length) is int):
                return {}
            if start >= 0 and length >= 0 and start + length <= len(data):
                taken = data[start : start + length]
                if digest(taken) == expected:
                    found[key] = taken.decode("utf-8")
        return found

    def making(self, name: str, pieces: list[tuple[str, str]]) -> None:
        """Remember the pieces of page ``name`` being made, in the page's order, each
        with its key."""
        self._pending[name] = pieces

    def written(self, name: str, data: bytes) -> None:
        """Record where the pieces of page ``name``, just rendered as ``data``, sit."""
        pending = self._pending.pop(name, None)
        if pending is None:
            return
        made = []
        at = 0
        for key, text in pending:
            piece = text.encode("utf-8")
            at = data.find(piece, at)
            if at < 0:
                return  # not found as made: nothing recorded, all made next time
            made.append((key, at, len(piece), digest(piece)))
            at += len(piece)
        self.made[name] = made


def search(data: SiteData, h: Pieces, name: str, kept: PagePieces | None) -> dict[str, Any]:
    """The search page's list and index (pieces taken back from ``kept`` when it has
    them) and the choices of its filters."""
    plan = data.plan
    # The first of an ID, as Plan.territory_name and Plan.funder_name find it.
    territories = {t.id: t.nom for t in reversed(plan.territoires)}
    funders = {b.id: b.nom for b in reversed(plan.bailleurs)}
    items, rows = _pieces(data, h, name, kept)
    index = ",".join(text for _key, text in rows)
    return {
        "listed": Markup("".join(text for _key, text in items)),
        "index": Markup(f"[{index}]"),
        # Names that fold alike (« Comité X », « comité X ») in a fixed order, not the
        # set's, which changes with the interpreter's hash seed.
        "porteurs": sorted(
            {a.porteur for a in data.actions if a.porteur}, key=lambda p: (fold(p), p)
        ),
        "territoires": sorted(
            {(t, territories.get(t, t)) for a in data.actions for t in a.action.territoires},
            key=lambda t: (fold(t[1]), t[1], t[0]),
        ),
        "bailleurs": sorted(
            {(b, funders.get(b, b)) for a in data.actions for b in a.action.bailleurs},
            key=lambda b: (fold(b[1]), b[1], b[0]),
        ),
    }


def _pieces(
    data: SiteData, h: Pieces, name: str, kept: PagePieces | None
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Each orientation's items (``<li>`` of its actions) and index rows (joined by
    commas), with their keys."""
    old = kept.old(name) if kept is not None else {}
    groups: list[tuple[str, list[ActionShown]]] = []
    for a in data.actions:
        if not groups or groups[-1][0] != a.orientation.id:
            groups.append((a.orientation.id, []))
        groups[-1][1].append(a)
    items, rows, start = [], [], 0
    for orientation, actions in groups:
        if kept is not None:
            digest_of = kept.keys.orientations[orientation]
            item_key = file_key(kept.shared, name, "items", digest_of, str(start))
            row_key = file_key(kept.shared, name, "rows", digest_of, str(start))
        else:
            item_key = row_key = ""
        text = old.get(item_key) if item_key else None
        if text is None:
            text = h.action_items(actions, "", indexed=True, first=start)
        items.append((item_key, str(text)))
        text = old.get(row_key) if row_key else None
        if text is None:
            text = ",".join(json_script(_row(a)) for a in actions)
        rows.append((row_key, text))
        start += len(actions)
    if kept is not None:
        kept.making(name, [*items, *rows])
    return items, rows


def group_lists(
    g: GroupPage, h: Pieces, name: str, home: str, kept: PagePieces | None
) -> dict[str, Any]:
    """A funder's or territory's lists on page ``name`` (``home``: the way to its
    language's pages): its actions and its indicators, one piece per orientation each
    (taken back from ``kept`` when it has them)."""
    old = kept.old(name) if kept is not None else {}
    made: dict[str, list[tuple[str, str]]] = {"listed": [], "rows": []}
    for part, found, make in (
        ("listed", [(a, a) for a in g.actions], lambda chunk: h.action_items(chunk, home)),
        (
            "rows",
            [(row.action, row) for row in g.indicators],
            lambda chunk: h.indicator_rows(chunk, home),
        ),
    ):
        chunks: list[tuple[str, list[Any]]] = []
        for shown, item in found:
            orientation: str = shown.orientation.id
            if not chunks or chunks[-1][0] != orientation:
                chunks.append((orientation, []))
            chunks[-1][1].append(item)
        for orientation, chunk in chunks:
            key = ""
            if kept is not None:
                key = file_key(kept.shared, name, part, kept.keys.orientations[orientation])
            text = old.get(key) if key else None
            made[part].append((key, text if text is not None else str(make(chunk))))
    if kept is not None:
        kept.making(name, [*made["listed"], *made["rows"]])
    return {part: Markup("".join(t for _k, t in pieces)) for part, pieces in made.items()}


def _row(a: ActionShown) -> list[Any]:
    """An action's row in the index: the folded text searched, status, late flag, lead,
    territories, mandates and funders."""
    words = [
        a.id,
        a.action.titre,
        a.action.description or "",
        a.porteur or "",
        *a.action.partenaires,
        *a.territoires,
    ]
    return [
        fold(" ".join(words)).replace("_", " "),
        a.state.statut.value,
        int(a.state.said_late),
        a.porteur or "",
        list(a.action.territoires),
        [m.id for m in a.mandats],
        list(a.action.bailleurs),
    ]

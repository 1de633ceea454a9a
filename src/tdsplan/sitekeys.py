"""What the bytes of each page and file of the site depend on, as one key, so that a
rebuild skips making those whose key and file are unchanged (:mod:`tdsplan.site`).

Every key hashes what every page shares (tdsplan's version and code, the templates and the
catalogue, the plan's own settings and words, the date, the languages, the logo), the
file's name and template, and the digests of the elements it shows. An action's digest
(:class:`Digests`) covers the action as its file holds it, its state and watch-list
dates on the site's date and its parents' IDs and titles; an objective's, the objective
as its file holds it, its roll-up, its orientation's ID and title and its actions'
digests; an orientation's, the orientation as its file holds it, its roll-up and its
objectives' digests. A page that lists actions (an orientation, a funder, a territory,
the indicators, the watch list, the search) is keyed by the digests of those it lists,
so that one action changed renders again only the pages that list it. The pages telling
the fiscal years and the home page share the whole plan's key (every orientation's
digest, each action's inheritance, the adopted bilans and the reports found).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tdsplan.i18n import LOCALE_DIR
from tdsplan.version import __version__

if TYPE_CHECKING:
    from tdsplan.siteactions import ActionShown
    from tdsplan.sitepages import SiteData


def _hash(*parts: str | Iterable[str]) -> str:
    texts: list[str] = []
    for part in parts:
        if isinstance(part, str):
            texts.append(part)
        else:
            texts += part
    texts.append("")
    return hashlib.sha256("\0".join(texts).encode("utf-8")).hexdigest()


def shared_key(data: SiteData, langs: tuple[str, ...], templates: Path) -> str:
    """What every page depends on beyond its own elements."""
    h = hashlib.sha256()
    for part in (
        __version__,
        data.plan.model_dump_json(exclude={"orientations"}),
        data.as_of.isoformat(),
        ",".join(langs),
        data.logo or "",
    ):
        h.update(part.encode("utf-8") + b"\0")
    for path in sorted([*templates.iterdir(), *LOCALE_DIR.rglob("*.mo")]):
        if path.is_file():
            h.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    h.update(_code().encode("ascii"))
    return h.hexdigest()


@functools.cache
def _code() -> str:
    """The digest of tdsplan's own code (pages are partly written in Python): a page
    written by other code is written again, between two releases too (a working copy)."""
    h = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


def _shown(a: ActionShown) -> str:
    line = a.line
    return repr((a.state, line.echeance, line.porteur, line.derniere_entree, line.nouvelles))


@dataclass
class Digests:
    """The digest of each action, objective and orientation (by ID), of the whole plan,
    and of the indicators (every action that has one)."""

    actions: dict[str, str]
    objectives: dict[str, str]
    orientations: dict[str, str]
    whole: str
    indicators: str
    #: What the fiscal years' stories depend on (:class:`tdsplan.siteyears.Years`).
    years: str

    def of(self, actions: Iterable[ActionShown]) -> list[str]:
        return [self.actions[a.id] for a in actions]


def digests(shared: str, data: SiteData) -> Digests:
    """The :class:`Digests` of ``data``, each made once for every page and language."""
    # What the fiscal years' stories depend on: each action but its title and description
    # (the words a page shows of it, not what became of it).
    years = hashlib.sha256(shared.encode("ascii"))
    years.update(repr([(y.start_year, y.start, y.end) for y in data.years]).encode("utf-8"))
    actions = {}
    for a in data.actions:
        told = a.action.model_dump_json(exclude={"titre", "description"})
        years.update(b"\0" + told.encode("utf-8"))
        actions[a.id] = _hash(
            told,
            a.action.titre,
            repr(a.action.description),
            _shown(a),
            a.objectif.id,
            a.objectif.titre,
            a.orientation.id,
        )
    objectives: dict[str, str] = {}
    orientations: dict[str, str] = {}
    for o in data.state.orientations:
        oo = o.orientation
        for ob in o.objectifs:
            objectives[ob.objectif.id] = _hash(
                ob.objectif.model_dump_json(exclude={"actions"}),
                repr(ob.rollup),
                oo.id,
                oo.titre,
                [actions[action.id] for action, _state in ob.actions],
            )
        orientations[oo.id] = _hash(
            oo.model_dump_json(exclude={"objectifs"}),
            repr(o.rollup),
            [objectives[ob.objectif.id] for ob in o.objectifs],
        )
    inherited = [(a.id, a.action.heritage) for a in data.actions if a.action.heritage]
    whole = _hash(
        shared,
        [orientations[o.id] for o in data.plan.orientations],
        repr(inherited),
        repr(data.stories),
        repr(sorted(data.reports.items())),
    )
    indicators = _hash(
        shared,
        [f"{row.action.id}\0{row.indicator.nom}" for row in data.indicators],
        [actions[a] for a in dict.fromkeys(row.action.id for row in data.indicators)],
    )
    return Digests(actions, objectives, orientations, whole, indicators, years.hexdigest())


def page_key(shared: str, keys: Digests, name: str, template: str, context: dict[str, Any]) -> str:
    """The key of page ``name`` (``context``: what its template is given beyond the
    site's data)."""
    d: SiteData = context["d"]
    parts: list[str]
    if template == "action.html.j2":
        parts = [keys.actions[context["a"].id]]
    elif template == "objectif.html.j2":
        parts = [keys.objectives[context["ob"].objectif.id]]
    elif template == "orientation.html.j2":
        parts = [keys.orientations[context["o"].orientation.id]]
    elif template == "group.html.j2":
        g = context["g"]
        parts = [g.kind, g.id, g.nom, repr(g.rollup), *keys.of(g.actions)]
        parts += [f"{row.action.id}\0{row.indicator.nom}" for row in g.indicators]
    elif template == "indicators.html.j2":
        parts = [keys.indicators]
    elif template == "search.html.j2":
        parts = keys.of(d.actions)
    elif template == "watch.html.j2":
        w = d.watch
        parts = [repr(w.thresholds)]
        for found in (w.late, w.due_soon, w.silent):
            parts += ["\0", *keys.of(found)]
    elif template == "year.html.j2":
        y = context["y"]
        parts = [repr((y.start_year, y.start, y.end, y.complete, y.reports)), repr(y.rollup)]
        for found in (y.completed, y.started, y.postponed):
            parts += ["\0", *keys.of(found)]
        parts += ["\0", *(f"{keys.actions[a.id]}\0{n}" for a, n in y.numbered)]
    elif template == "years.html.j2":
        parts = [
            repr((y.start_year, y.start, y.end, y.complete))
            + repr([len(y.completed), len(y.started), len(y.postponed), len(y.numbered)])
            for y in d.years
        ]
    elif template == "data.html.j2":
        parts = [o.model_dump_json(exclude={"objectifs"}) for o in d.plan.orientations]
    else:
        parts = [keys.whole]
    return _hash(shared, name, template, parts)


def file_key(shared: str, name: str, *parts: str | Iterable[str]) -> str:
    """The key of a feed, calendar or download ``name``, made of ``parts``."""
    return _hash(shared, name, "file", *parts)

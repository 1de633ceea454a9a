"""What the bytes of an action or objective page depend on, as one key, so that a rebuild
skips rendering the pages whose key and file are unchanged (:mod:`tdsplan.site`).

A key hashes everything such a page shows: the action (or objective) as its file holds
it, its state and watch-list dates on the site's date, its parents' IDs and titles, and
what every page shares (tdsplan's version, the templates and the catalogue, the plan's
own settings and words, the date, the languages, the logo, the page's name and
language). The pages that gather the whole plan (home, search, years, orientations,
funders, territories, indicators) share one key: every objective's key (the objective
with its actions, as its file holds them, and their states), every orientation as its
file holds it, each action's inheritance, the adopted bilans and the reports found;
so do the feeds, the calendar and the data to download.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tdsplan.i18n import LOCALE_DIR
from tdsplan.version import __version__

if TYPE_CHECKING:
    from tdsplan.sitepages import ActionShown, SiteData

#: The pages a key of their own can vouch for (any other: the whole plan's key).
KEYED = ("action.html.j2", "objectif.html.j2")


def shared_key(data: SiteData, langs: tuple[str, ...], templates: Path) -> str:
    """What every keyed page depends on beyond its own element."""
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
    return h.hexdigest()


def _shown(a: ActionShown) -> str:
    line = a.line
    return repr((a.state, line.echeance, line.porteur, line.derniere_entree, line.nouvelles))


def whole_key(shared: str, data: SiteData, objectives: list[str]) -> str:
    """What the pages gathering the whole plan depend on, ``objectives`` being the keys
    of every objective's page (:func:`page_key`)."""
    h = hashlib.sha256(shared.encode("utf-8"))
    for o in data.plan.orientations:
        h.update(b"\0" + o.model_dump_json(exclude={"objectifs"}).encode("utf-8"))
    for key in objectives:
        h.update(b"\0" + key.encode("ascii"))
    inherited = [(a.id, a.action.heritage) for a in data.actions if a.action.heritage]
    for part in (inherited, data.stories, sorted(data.reports.items())):
        h.update(b"\0" + repr(part).encode("utf-8"))
    return h.hexdigest()


def files_key(whole: str) -> str:
    """The key of the feeds, calendar and data files, made from the whole plan's."""
    return hashlib.sha256(f"{whole}\0files".encode()).hexdigest()


def page_key(
    shared: str, name: str, template: str, context: dict[str, Any], whole: str | None = None
) -> str | None:
    """The key of page ``name``: its own for an action or objective page, else the
    whole plan's (``whole``, from :func:`whole_key`; ``None``: the page is always
    rendered)."""
    if template == "action.html.j2":
        a = context["a"]
        parts = [
            a.action.model_dump_json(),
            _shown(a),
            a.objectif.id,
            a.objectif.titre,
            a.orientation.id,
        ]
    elif template == "objectif.html.j2":
        ob, o, shown = context["ob"], context["o"], context["shown"]
        parts = [
            ob.objectif.model_dump_json(),
            repr(ob.rollup),
            o.orientation.id,
            o.orientation.titre,
            *(_shown(shown[action.id]) for action, _state in ob.actions),
        ]
    elif whole is None:
        return None
    else:
        return hashlib.sha256(f"{whole}\0{name}\0{template}".encode()).hexdigest()
    h = hashlib.sha256(f"{shared}\0{name}\0{template}".encode())
    for part in parts:
        h.update(b"\0" + part.encode("utf-8"))
    return h.hexdigest()

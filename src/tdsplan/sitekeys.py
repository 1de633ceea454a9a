"""What the bytes of an action or objective page depend on, as one key, so that a rebuild
skips rendering the pages whose key and file are unchanged (:mod:`tdsplan.site`).

A key hashes everything such a page shows: the action (or objective) as its file holds
it, its state and watch-list dates on the site's date, its parents' IDs and titles, and
what every page shares (tdsplan's version, the templates and the catalogue, the plan's
own settings and words, the date, the languages, the logo, the page's name and
language). Any other page is always rendered.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tdsplan.i18n import LOCALE_DIR
from tdsplan.version import __version__

if TYPE_CHECKING:
    from tdsplan.sitepages import ActionShown, SiteData

#: The pages a key can vouch for.
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


def page_key(shared: str, name: str, template: str, context: dict[str, Any]) -> str | None:
    """The key of page ``name`` (``None``: a page that is always rendered)."""
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
    else:
        return None
    h = hashlib.sha256(f"{shared}\0{name}\0{template}".encode())
    for part in parts:
        h.update(b"\0" + part.encode("utf-8"))
    return h.hexdigest()

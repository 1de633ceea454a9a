"""The body of an action's page on the website (the ``main`` block of
``templates/site/action.html.j2``), written here rather than by the template: a plan
has one such page per action, 10,000 of them for a large plan, and a Jinja template
spent most of their time calling filters and escaping strings one by one.

The bytes are those the template wrote: every value escaped as Jinja escapes it
(:func:`markupsafe.escape`), the plan's words marked French in a page of another
language, the status and progress bar those of :class:`tdsplan.sitehtml.Pieces`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from markupsafe import Markup, escape

from tdsplan.figures import number
from tdsplan.i18n import translator

if TYPE_CHECKING:
    from tdsplan.models import Plan
    from tdsplan.siteactions import ActionShown, DueChange, IndicatorShown
    from tdsplan.state import ActionState

_DASH = "—"


class Pieces(Protocol):
    """What the body takes of :class:`tdsplan.sitehtml.Pieces` (which makes it)."""

    lang: str
    lang_fr: str
    colon: str
    late: str

    def date(self, day: dt.date) -> str: ...
    def time(self, day: dt.date) -> str: ...
    def french(self, text: str) -> str: ...
    def status(self, state: ActionState) -> str: ...
    def bar(self, value: float | None, label: str | None = None) -> Markup: ...
    def timeline(self, a: ActionShown, home: str) -> Markup: ...


class ActionBody:
    """The body of the action pages of one language."""

    def __init__(self, pieces: Pieces) -> None:
        self._pieces = pieces
        t = translator(pieces.lang)
        self._lang = pieces.lang
        self._colon = pieces.colon
        self._fr = pieces.lang_fr
        # Each phrase outside an f-string, where the catalogue's extractor finds it.
        self._crumbs = escape(t("Fil d’Ariane"))
        self._home, self._orientation = escape(t("Accueil")), escape(t("Orientation"))
        self._objective, self._action = escape(t("Objectif")), escape(t("Action"))
        self._progress, self._facts = escape(t("Avancement")), escape(t("Fiche"))
        self._terms = tuple(
            f"<dt>{escape(word)}</dt><dd>"
            for word in (
                t("Porteur"),
                t("Partenaires"),
                t("Territoires"),
                t("Bailleurs"),
                t("Mandats"),
                t("Début"),
                t("Échéance"),
            )
        )
        self._moved, self._first = escape(t("échéance portée au")), escape(t("Échéance d’origine"))
        self._indicators = escape(t("Indicateurs"))
        self._heads = tuple(
            escape(word)
            for word in (t("Indicateur"), t("Cible"), t("Réel"), t("Unité"), t("Mesuré le"))
        )
        self._journal = escape(t("Journal"))
        self._no_journal = escape(t("Aucune entrée de journal à cette date."))
        # The link to each territory's and funder's page, by kind, ID and page depth.
        self._links: dict[tuple[str, str, str], str] = {}
        # By page depth and objective ID (the ID names the objective's page).
        self._objectives: dict[tuple[str, str], tuple[str, str]] = {}

    def main(self, a: ActionShown, home: str, plan: Plan) -> Markup:
        """The page's body: crumbs, heading, summary, description, facts, indicators
        and journal."""
        p = self._pieces
        act, home, state = a.action, escape(home), a.state
        ident = escape(act.id)
        known = self._objectives.get((home, a.objectif.id))
        if known is None:
            known = self._objectives[home, a.objectif.id] = self._objective_of(a, home)
        crumbs, parent = known
        parts = [
            f'{crumbs}<li><a href="{home}action/{ident}.html">{self._action} {ident}</a></li>\n'
            "</ol>\n</nav>\n"
            f'<h1><span class="kind">{self._action} {ident}</span> {p.french(act.titre)}</h1>\n'
            f'{parent}<div class="summary">\n<p class="state">{p.status(state)}</p>\n'
        ]
        if state.avancement is not None:
            parts.append(f"{p.bar(state.avancement, self._progress)}\n")
        parts.append("</div>\n")
        if act.description:
            parts.append(f"<p{self._fr}>{escape(act.description)}</p>\n")
        parts.append(
            f'<section aria-labelledby="fiche">\n<h2 id="fiche">{self._facts}</h2>\n'
            '<dl class="facts">\n'
        )
        self._facts_of(parts, a, home, plan)
        parts.append("</dl>\n</section>\n")
        if a.indicateurs:
            self._table(parts, a.indicateurs)
        parts.append(
            f'<section aria-labelledby="journal">\n<h2 id="journal">{self._journal}</h2>\n'
        )
        if a.journal:
            parts.append(f'<ol class="timeline">\n{p.timeline(a, home)}</ol>\n')
        else:
            parts.append(f"<p>{self._no_journal}</p>\n")
        parts.append("</section>\n")
        return Markup("".join(parts))

    def _objective_of(self, a: ActionShown, home: str) -> tuple[str, str]:
        """The crumbs down to an action's objective, and the paragraph naming it."""
        o, ob = escape(a.orientation.id), escape(a.objectif.id)
        return (
            f'<nav class="crumbs" aria-label="{self._crumbs}">\n<ol>\n'
            f'<li><a href="{home}index.html">{self._home}</a></li>\n'
            f'<li><a href="{home}orientation/{o}.html">{self._orientation} {o}</a></li>\n'
            f'<li><a href="{home}objectif/{ob}.html">{self._objective} {ob}</a></li>\n',
            f'<p class="parent">{self._objective} <a href="{home}objectif/{ob}.html">{ob} — '
            f"{self._pieces.french(a.objectif.titre)}</a></p>\n",
        )

    def _facts_of(self, parts: list[str], a: ActionShown, home: str, plan: Plan) -> None:
        lead, partners, territories, funders, mandates, start, due = self._terms
        act, fr = a.action, self._fr
        parts.append(f"{lead}{escape(a.porteur or _DASH)}</dd>\n{partners}")
        if act.partenaires:
            items = "".join(f"<li{fr}>{escape(x)}</li>" for x in act.partenaires)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(_DASH)
        parts.append(f"</dd>\n{territories}")
        parts.append(self._names(act.territoires, home, "territoire", plan.territory_name))
        parts.append(f"</dd>\n{funders}")
        parts.append(self._names(act.bailleurs, home, "bailleur", plan.funder_name))
        parts.append(f"</dd>\n{mandates}")
        if a.mandats:
            items = "".join(
                f'<li value="{escape(m.id)}"><span{fr}>{escape(m.texte)}</span></li>'
                for m in a.mandats
            )
            parts.append(f'<ol class="mandates">{items}</ol>')
        else:
            parts.append(_DASH)
        parts.append(f"</dd>\n{start}{self._time(act.debut)}</dd>\n{due}")
        if a.echeance:
            parts.append(self._time(a.echeance))
            if a.state.said_late:
                parts.append(self._pieces.late)
        else:
            parts.append(_DASH)
        if a.echeances:
            parts.append(f'<ul class="history">{self._history(a.echeances)}</ul>\n')
        parts.append("</dd>\n")

    def _names(self, ids: list[str], home: str, kind: str, name: Callable[[str], str]) -> str:
        """Links to the pages of ``ids`` (territories or funders), ``name`` naming each."""
        if not ids:
            return _DASH
        links = []
        for i in ids:
            link = self._links.get((kind, i, home))
            if link is None:
                label = escape(name(i))
                link = self._links[kind, i, home] = (
                    f'<a href="{home}{kind}/{escape(i)}.html">{label}</a>'
                )
            links.append(link)
        return ", ".join(links)

    def _time(self, day: dt.date | None) -> str:
        return self._pieces.time(day) if day else _DASH

    def _history(self, changes: list[DueChange]) -> str:
        date, colon = self._pieces.date, self._colon
        return "".join(
            f"<li>{date(c.date)}{colon} {self._moved} {date(c.echeance)}</li>"
            if c.date
            else f"<li>{self._first}{colon} {date(c.echeance)}</li>"
            for c in changes
        )

    def _table(self, parts: list[str], rows: list[IndicatorShown]) -> None:
        name, target, value, unit, measured = self._heads
        dated = any(i.date for i in rows)
        lang, fr = self._lang, self._fr
        parts.append(
            f'<section aria-labelledby="indicateurs">\n<h2 id="indicateurs">{self._indicators}'
            '</h2>\n<table class="indicators">\n'
            f'<thead><tr><th scope="col">{name}</th><th scope="col" class="n">{target}</th>'
            f'<th scope="col" class="n">{value}</th><th scope="col">{unit}</th>'
            + (f'<th scope="col">{measured}</th>' if dated else "")
            + "</tr></thead>\n<tbody>\n"
        )
        for i in rows:
            when = (
                f'<td data-label="{measured}">{self._pieces.date(i.date) if i.date else _DASH}</td>'
                if dated
                else ""
            )
            parts.append(
                f'<tr><th scope="row"{fr}>{escape(i.nom)}</th>'
                f'<td class="n" data-label="{target}">{escape(number(i.cible, lang))}</td>'
                f'<td class="n" data-label="{value}">{escape(number(i.reel, lang))}</td>'
                f'<td data-label="{unit}">{escape(i.unite or _DASH)}</td>{when}</tr>\n'
            )
        parts.append("</tbody>\n</table>\n</section>\n")

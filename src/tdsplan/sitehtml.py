"""The pieces of HTML the site's pages repeat once per action or journal entry (an
action's item in a list, its link, an entry of a timeline), written here rather than by
a Jinja macro: a page of 10,000 actions calls them 10,000 times, and an action's item
is made once per build for every page that lists it (:class:`Pieces`).

The bytes are those the templates wrote with the macros they replace (``templates/site``,
every value escaped, the plan's words marked French in a page of another language).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from tdsplan.figures import NBSP, long_date, number, percent
from tdsplan.i18n import translator
from tdsplan.indicators import attained_text
from tdsplan.siteaction import ActionBody
from tdsplan.sitefeeds import measured, units
from tdsplan.vocabulary import Statut, status_label

if TYPE_CHECKING:
    from tdsplan.models import Action, EntreeJournal
    from tdsplan.siteactions import ActionShown
    from tdsplan.sitepages import IndicatorRow
    from tdsplan.state import ActionState


class Pieces:
    """The repeated pieces of the pages of one language, each action's made once."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        t = translator(lang)
        colon = f"{NBSP}:" if lang == "fr" else ":"
        self._fr = lang == "fr"
        #: The attribute marking the plan's words French in a page of another language.
        self.lang_fr = "" if self._fr else ' lang="fr"'
        # Each phrase outside an f-string, where the catalogue's extractor finds it.
        late, lead, due = escape(t("En retard")), escape(t("Porteur")), escape(t("Échéance"))
        silent, progress = escape(t("Sans nouvelles depuis le")), escape(t("Avancement"))
        new_due, new_lead = escape(t("Nouvelle échéance")), escape(t("Nouveau porteur"))
        #: The word saying a status is late, after it.
        self.late = f' <span class="late"><span aria-hidden="true">⚠ </span>{late}</span>'
        self._lead = f'<span class="k">{lead}{colon}</span> '
        self._due = f'<span class="k">{due}{colon}</span> '
        self._silent = f'<span class="k">{silent}</span> '
        self._progress = f"{progress}{colon} "
        self._new_due = f"{new_due}{colon} "
        self._new_lead = f"{new_lead}{colon} "
        #: The colon of the language (« : » after a no-break space in French).
        self.colon = colon
        self._cells = tuple(
            escape(word) for word in (t("Action"), t("Cible"), t("Valeur"), t("Atteinte"))
        )
        self._note = f'<p class="note"{self.lang_fr}>'
        self._items: dict[tuple[str, str, bool], str] = {}
        self._links: dict[tuple[str, str], Markup] = {}
        self._times: dict[dt.date, str] = {}
        self._statuses: dict[Statut, str] = {}
        self._bars: dict[tuple[float | None, str | None], Markup] = {}
        self._rests: dict[int, tuple[EntreeJournal, str]] = {}
        self._dates: dict[dt.date, str] = {}
        self._percents: dict[float | None, str] = {}
        self._once: dict[tuple[object, ...], Markup] = {}
        #: The body of the language's action pages.
        self.action = ActionBody(self)

    def date(self, day: dt.date) -> str:
        """A day in words, escaped (« 31 mars 2020 »)."""
        known = self._dates.get(day)
        if known is None:
            known = self._dates[day] = escape(long_date(day, self.lang))
        return known

    def time(self, day: dt.date) -> str:
        """A day in a ``<time>`` element."""
        known = self._times.get(day)
        if known is None:
            known = self._times[day] = (
                f'<time datetime="{escape(day.isoformat())}">{self.date(day)}</time>'
            )
        return known

    def _percent(self, value: float | None) -> str:
        known = self._percents.get(value)
        if known is None:
            known = self._percents[value] = escape(percent(value, self.lang))
        return known

    def once(self, *key: object, caller: Callable[[], str]) -> Markup:
        """What the layout's ``{% call h.once(key) %}`` block writes, written only the
        first time: the block must depend on nothing else than ``key``, the build's data
        and the language (the menu, the footer)."""
        known = self._once.get(key)
        if known is None:
            known = self._once[key] = Markup(caller())
        return known

    def bar(self, value: float | None, label: str | None = None) -> Markup:
        """A progress bar and its percentage (``label`` before it, escaped)."""
        known = self._bars.get((value, label))
        if known is None:
            known = self._bars[value, label] = self._bar(value, label)
        return known

    def _bar(self, value: float | None, label: str | None) -> Markup:
        said = f"{escape(label)}{self.colon} " if label else ""
        return Markup(
            '<span class="progress"><span class="track" aria-hidden="true"><span class="fill"'
            f' style="width: {escape("%.1f" % (value or 0))}%"></span></span> <span class="pct">'
            f"{said}{self._percent(value)}</span></span>"
        )

    def french(self, text: str) -> str:
        """The plan's own words, marked French in a page of another language."""
        return escape(text) if self._fr else f'<span lang="fr">{escape(text)}</span>'

    def status(self, state: ActionState) -> str:
        """A status and, when late, the word that says so."""
        found = self._status(state.statut)
        return found + self.late if state.said_late else found

    def _status(self, statut: Statut) -> str:
        known = self._statuses.get(statut)
        if known is None:
            known = self._statuses[statut] = self._status_of(statut)
        return known

    def _status_of(self, statut: Statut) -> str:
        return (
            f'<span class="status s-{escape(statut.value)}"><span class="dot" aria-hidden="true">'
            f"</span>{escape(status_label(statut, self.lang))}</span>"
        )

    def link(self, a: ActionShown, home: str) -> Markup:
        """The link to an action's page: its ID and title."""
        known = self._links.get((a.id, home))
        if known is None:
            known = self._links[a.id, home] = Markup(self._anchor(a, home, ""))
        return known

    def _anchor(self, a: ActionShown, home: str, attributes: str) -> str:
        return (
            f'<a{attributes} href="{escape(home)}action/{escape(a.id)}.html"><span class="id">'
            f"{escape(a.id)}</span> {self.french(a.action.titre)}</a>"
        )

    def action_items(
        self,
        actions: Iterable[ActionShown],
        home: str,
        indexed: bool = False,
        last: bool = False,
        first: int = 0,
    ) -> Markup:
        """``actions`` in a list, each item followed by a new line: its link, status, lead
        and due date (``last``: the day of its latest news instead); ``indexed``: each
        item names its row in the search index (the first: ``first``)."""
        items = self._items
        parts = []
        for index, a in enumerate(actions, first):
            body = items.get((a.id, home, last))
            if body is None:
                body = items[a.id, home, last] = self._item(a, home, last)
            parts.append(f'<li data-i="{index:d}">\n' if indexed else "<li>\n")
            parts.append(body)
            parts.append("\n")
        return Markup("".join(parts))

    def objective_items(
        self, actions: Iterable[tuple[Action, object]], shown: dict[str, ActionShown], home: str
    ) -> Markup:
        """The items of an objective's actions (``ob.actions``), as :meth:`action_items`."""
        return self.action_items([shown[action.id] for action, _state in actions], home)

    def indicator_rows(self, rows: Iterable[IndicatorRow], home: str) -> Markup:
        """The rows of a funder's or territory's table of indicators, each followed by a
        new line: the indicator, its action, target, value and attainment."""
        action, target, value, attained = self._cells
        lang = self.lang
        parts = []
        for row in rows:
            x = row.reading
            unit = escape(f" {x.indicator.unite}") if x.indicator.unite else ""
            parts.append(
                f'<tr><th scope="row">{self.french(x.indicator.nom)}</th>'
                f'<td data-label="{action}">{self.link(row.action, home)}</td>'
                f'<td class="n" data-label="{target}">{escape(number(x.target, lang))}'
                f"{unit if x.target is not None else ''}</td>"
                f'<td data-label="{value}">{escape(number(x.value, lang))}'
                f"{unit if x.value is not None else ''}</td>"
                f'<td data-label="{attained}">{escape(attained_text(x, lang))}</td></tr>\n'
            )
        return Markup("".join(parts))

    def _item(self, a: ActionShown, home: str, last: bool) -> str:
        state = a.state
        done = (
            f' <span class="note-pct">{self._percent(state.avancement)}</span>'
            if state.avancement is not None
            else ""
        )
        lead = f"{self._lead}{escape(a.porteur)}" if a.porteur else ""
        day = a.line.nouvelles if last else a.echeance
        due = f"{self._silent if last else self._due}{self.time(day)}" if day else ""
        title = self._anchor(a, home, ' class="item-title"')
        return (
            f"{title}\n"
            f'<span class="meta">\n<span class="c-status">{self.status(state)}{done}</span>\n'
            f'<span class="c-lead">{lead}</span>\n<span class="c-due">{due}</span>\n'
            "</span>\n</li>"
        )

    def timeline(self, a: ActionShown, home: str) -> Markup:
        """An action's journal up to the site's date on its page, newest first: each
        entry (:meth:`entry`, without the action) followed by a new line."""
        return Markup("".join(f"{self.entry(a, e, home, False)}\n" for e in reversed(a.journal)))

    def entries(self, pairs: Iterable[tuple[ActionShown, EntreeJournal]], home: str) -> Markup:
        """Journal entries of several actions in a timeline (a fiscal year's), each
        (:meth:`entry`) followed by a new line."""
        return Markup("".join(f"{self.entry(a, e, home)}\n" for a, e in pairs))

    def entry(
        self, a: ActionShown, e: EntreeJournal, home: str, with_action: bool = True
    ) -> Markup:
        """A journal entry in a timeline: its day (and action), what it changed, its note
        and author. What follows the day is made once per entry (the action's page and its
        fiscal year's show it)."""
        when = f'<li>\n<p class="when">{self.time(e.date)}'
        # Keyed by the entry's identity: the entry, kept with its text, lives as long.
        known = self._rests.get(id(e))
        if known is None:
            known = self._rests[id(e)] = (e, self._rest(a, e))
        if with_action:
            return Markup(f"{when} · {self.link(a, home)}</p>\n{known[1]}")
        return Markup(f"{when}</p>\n{known[1]}")

    def _rest(self, a: ActionShown, e: EntreeJournal) -> str:
        parts = []
        if (
            e.statut is not None
            or e.avancement is not None
            or e.echeance
            or e.porteur
            or e.indicateurs
        ):
            parts.append('<p class="change">')
            if e.statut is not None:
                parts.append(self._status(e.statut))
            if e.avancement is not None:
                parts.append(f" <span>{self._progress}{self._percent(e.avancement)}</span>")
            if e.echeance:
                parts.append(f" <span>{self._new_due}{self.date(e.echeance)}</span>")
            if e.porteur:
                parts.append(f" <span>{self._new_lead}{escape(e.porteur)}</span>")
            unites = units(a)
            for name, value in e.indicateurs.items():
                shown = measured(name, value, unites.get(name), self.lang, self.colon)
                parts.append(f" <span>{escape(shown)}</span>")
            parts.append("</p>\n")
        if e.note:
            parts.append(f"{self._note}{escape(e.note)}</p>\n")
        if e.auteur:
            parts.append(f'<p class="author">— {escape(e.auteur)}</p>\n')
        parts.append("</li>")
        return "".join(parts)

"""The site's fiscal years: what became of the plan in each (:class:`YearTold`), computed
for all of them when first asked, or taken back from the last build when nothing it
depends on changed (:meth:`Years.record`, kept in the site's manifest)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from tdsplan.changes import ONE_DAY, movements
from tdsplan.fiscal import fiscal_year, fiscal_year_of, plan_period, year_label
from tdsplan.models import EntreeJournal, Plan
from tdsplan.state import Rollup, rollup, states_at
from tdsplan.vocabulary import Statut

if TYPE_CHECKING:
    from tdsplan.siteactions import ActionShown


@dataclass(frozen=True)
class ReportFile:
    """A report of the repository copied into the site."""

    name: str
    fmt: str
    lang: str


@dataclass
class YearTold:
    """What became of the plan in one fiscal year: its roll-up at the year's end, the
    actions completed, started and postponed in it, and its journal."""

    rollup: Rollup
    completed: list[ActionShown]
    started: list[ActionShown]
    postponed: list[ActionShown]
    #: Each entry of its journal: its action and number in its action's journal (1 = oldest).
    numbered: list[tuple[ActionShown, int]]
    #: The entries themselves (``None``: not looked up yet, see :meth:`Years.entries`).
    entries: list[tuple[ActionShown, EntreeJournal]] | None = None

    def lists(self) -> tuple[list[ActionShown], list[ActionShown], list[ActionShown]]:
        return self.completed, self.started, self.postponed


class Years:
    """The story of every fiscal year, computed for all of them when first asked (a
    rebuild that renders no page never needs it)."""

    def __init__(
        self,
        plan: Plan,
        shown: dict[str, ActionShown],
        spans: list[tuple[int, dt.date, dt.date]],
    ) -> None:
        self.plan, self.shown, self.spans = plan, shown, spans
        self._told: dict[int, YearTold] | None = None
        self._key: str | None = None
        self._stored: Any = None

    def told(self, start_year: int) -> YearTold:
        if self._told is None:
            self._told = self._taken_back() or self._tell()
        return self._told[start_year]

    def entries(self, start_year: int) -> list[tuple[ActionShown, EntreeJournal]]:
        """The journal of a year, its entries looked up when first read (the years taken
        back from the last build give their number: a page that is not rendered again
        does not need them)."""
        told = self.told(start_year)
        if told.entries is None:
            try:
                told.entries = [(a, a.action.journal[n - 1]) for a, n in told.numbered]
            except IndexError:  # a manifest edited by hand since: the years told again
                self._told = self._tell()
                return self.entries(start_year)
        return told.entries

    def remember(self, key: str, stored: Any) -> None:
        """``key``: what the years depend on (:attr:`tdsplan.sitekeys.Digests.years`);
        ``stored``: what the last build recorded (:meth:`record`), taken back if its key
        is the same."""
        self._key, self._stored = key, stored

    def record(self) -> dict[str, Any] | None:
        """The years as data to keep for the next build, with their key."""
        if self._key is None:
            return None
        if self._told is None:
            fresh = isinstance(self._stored, dict) and self._stored.get("cle") == self._key
            return self._stored if fresh else None
        return {
            "cle": self._key,
            "exercices": [
                {
                    "annee": year,
                    "avancement": told.rollup.avancement,
                    "statuts": [[s.value, n] for s, n in told.rollup.statuts.items()],
                    "en_retard": told.rollup.en_retard,
                    "dits_en_retard": told.rollup.said_late,
                    "total": told.rollup.total,
                    "listes": [[a.id for a in found] for found in told.lists()],
                    "journal": [[a.id, number] for a, number in told.numbered],
                }
                for year, told in self._told.items()
            ],
        }

    def _taken_back(self) -> dict[int, YearTold] | None:
        stored = self._stored
        if self._key is None or not isinstance(stored, dict) or stored.get("cle") != self._key:
            return None
        shown, told = self.shown, {}
        try:
            for (start_year, _start, _until), year in zip(
                self.spans, stored["exercices"], strict=True
            ):
                if year["annee"] != start_year:
                    return None
                statuts: Counter[Statut] = Counter()
                for value, n in year["statuts"]:
                    statuts[Statut(value)] = int(n)
                total = Rollup(
                    year["avancement"],
                    statuts,
                    int(year["en_retard"]),
                    int(year["total"]),
                    int(year["dits_en_retard"]),
                )
                completed, started, postponed = ([shown[i] for i in ids] for ids in year["listes"])
                numbered = [(shown[i], int(n)) for i, n in year["journal"]]
                if any(n < 1 for _a, n in numbered) or not (
                    total.avancement is None or isinstance(total.avancement, float | int)
                ):
                    return None
                told[start_year] = YearTold(total, completed, started, postponed, numbered)
        except (KeyError, IndexError, TypeError, ValueError):
            return None
        return told

    def _tell(self) -> dict[int, YearTold]:
        # A year's page needs each action's status at its end and the plan's roll-up
        # (the same states and rollup as plan_state, without the levels in between), what
        # became of each action, by the annual report's rules, and the year's journal. Each
        # action's journal is read once for every year: its states on the eve and at the
        # end of each (states_at), and its entries sorted into their years (_journals).
        plan, shown, spans = self.plan, self.shown, self.spans
        actions = [a for _o, _ob, a in plan.iter_actions()]
        days = sorted({day for _y, start, until in spans for day in (start - ONE_DAY, until)})
        on = {day: index for index, day in enumerate(days)}
        every = [states_at(a, days) for a in actions]
        logs, moving = _journals([shown[a.id] for a in actions], spans)
        told = {}
        for (start_year, start, until), log, moved_here in zip(spans, logs, moving, strict=True):
            eve, end = on[start - ONE_DAY], on[until]
            states = [(a, states[end]) for a, states in zip(actions, every, strict=True)]
            completed: list[ActionShown] = []
            started: list[ActionShown] = []
            postponed: list[ActionShown] = []
            # An action with no entry in the year stands at its end as on its eve: nothing
            # became of it (movements would say so, reading its journal again).
            for index in moved_here:
                action, then = actions[index], every[index]
                moved = movements(action, then[end].statut, start, until, then[eve])
                item = shown[action.id]
                for happened, found in (
                    (moved.completed, completed),
                    (moved.started, started),
                    (moved.postponed, postponed),
                ):
                    if happened:
                        found.append(item)
            log.sort(key=itemgetter(0))  # by date, entries of one day in the plan's order
            told[start_year] = YearTold(
                rollup(states, plan.avancement),
                completed,
                started,
                postponed,
                [(item, number) for _day, item, _entry, number in log],
                [(item, entry) for _day, item, entry, _number in log],
            )
        return told


def _journals(
    shown: list[ActionShown], spans: list[tuple[int, dt.date, dt.date]]
) -> tuple[list[list[tuple[dt.date, ActionShown, EntreeJournal, int]]], list[list[int]]]:
    """Each year's journal (each entry's date, action, the entry and its number in its
    action's journal, in the plan's order, as :func:`tdsplan.views.journal` before its
    sort by date), and the index of each action with an entry in it."""
    starts = [start for _y, start, _until in spans]
    logs: list[list[tuple[dt.date, ActionShown, EntreeJournal, int]]] = [[] for _ in spans]
    moving: list[list[int]] = [[] for _ in spans]
    for index, item in enumerate(shown):
        for number, entry in enumerate(item.action.journal, 1):
            day = entry.date
            year = bisect_right(starts, day) - 1
            if year >= 0 and day <= spans[year][2]:
                logs[year].append((day, item, entry, number))
                if not moving[year] or moving[year][-1] != index:
                    moving[year].append(index)
    return logs, moving


@dataclass
class YearPage:
    """One fiscal year: the state at its end (or on the reference date) and its journal
    (:class:`YearTold`, computed when first read)."""

    start_year: int
    start: dt.date
    end: dt.date
    complete: bool
    reports: list[ReportFile]
    years: Years = field(repr=False, compare=False)

    @property
    def slug(self) -> str:
        return year_label(self.start_year)

    @property
    def rollup(self) -> Rollup:
        return self.years.told(self.start_year).rollup

    @property
    def completed(self) -> list[ActionShown]:
        return self.years.told(self.start_year).completed

    @property
    def started(self) -> list[ActionShown]:
        return self.years.told(self.start_year).started

    @property
    def postponed(self) -> list[ActionShown]:
        return self.years.told(self.start_year).postponed

    @property
    def entries(self) -> list[tuple[ActionShown, EntreeJournal]]:
        return self.years.entries(self.start_year)

    @property
    def numbered(self) -> list[tuple[ActionShown, int]]:
        """Each entry's action and number in its action's journal."""
        return self.years.told(self.start_year).numbered


def year_pages(
    plan: Plan, as_of: dt.date, shown: dict[str, ActionShown], reports: dict[int, list[ReportFile]]
) -> list[YearPage]:
    first, _last = plan_period(plan)
    if as_of < first:
        return []
    spans = []
    for start_year in range(
        plan.periode.debut, min(plan.periode.fin, fiscal_year_of(plan, as_of) + 1)
    ):
        start, end = fiscal_year(plan, start_year)
        spans.append((start_year, start, end, min(end, as_of)))
    years = Years(plan, shown, [(y, start, until) for y, start, _end, until in spans])
    return [
        YearPage(y, start, end, until == end, reports.get(y, []), years)
        for y, start, end, until in spans
    ]

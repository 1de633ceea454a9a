"""What a bilan tells in words and honest figures: the year's facts from the journal,
its highlights, the headline counts, the reasons of each postponement, the outcome of
each orientation in the final bilan, the corrections made after an adoption."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from tdsplan.models import Action, EntreeJournal, Statut

if TYPE_CHECKING:
    from tdsplan.changes import Changes, Reschedule
    from tdsplan.indicators import Reading
    from tdsplan.state import ActionState, Rollup


@dataclass(frozen=True)
class Fact:
    """A note of the journal dated in the period: what was done, with its numbers."""

    date: dt.date
    action: Action
    note: str
    #: Marked as a highlight of the year (``saillant: true``).
    saillant: bool = False
    #: The indicator values measured on that entry, by name.
    mesures: tuple[tuple[str, float], ...] = ()
    #: The status the entry gave the action, if it changed it.
    statut: Statut | None = None


def facts(actions: list[tuple[Action, list[EntreeJournal]]]) -> list[Fact]:
    """Each entry with a note among ``actions``' entries of the period, by date (the
    plan's order within a day)."""
    found = [
        Fact(
            e.date,
            action,
            e.note,
            e.saillant,
            tuple(sorted(e.indicateurs.items())),
            e.statut,
        )
        for action, entries in actions
        for e in entries
        if e.note
    ]
    return sorted(found, key=lambda f: f.date)


def highlights(found: list[Fact], *, limit: int = 8) -> list[Fact]:
    """The year's highlights: the notes marked as such; when none is, the notes that
    completed an action or carry a measured number, at most ``limit`` of them."""
    marked = [f for f in found if f.saillant]
    if marked:
        return marked
    return telling(found)[:limit]


def telling(found: list[Fact]) -> list[Fact]:
    """The notes that tell an outcome: a highlight, a completion, an abandonment, or a
    measured number (what a five-year story keeps of each orientation's journal)."""
    return [
        f
        for f in found
        if f.saillant or f.mesures or f.statut in (Statut.REALISEE, Statut.ABANDONNEE)
    ]


@dataclass(frozen=True)
class Headline:
    """The cover's figures: where the plan stands at the end of the period (cumulative),
    apart from what happened during it."""

    total: int
    realisees: int
    en_cours: int
    en_continu: int
    a_venir: int
    reportees: int
    abandonnees: int
    #: Past due and not done, postponed actions apart (they have their own line).
    en_retard: int
    #: Weighted progress (see the plan's formula), ``None`` when nothing counts.
    avancement: float | None
    #: During the period.
    completed: int = 0
    started: int = 0
    postponed: int = 0
    notes: int = 0


def headline(
    rollup: Rollup,
    states: Mapping[str, ActionState],
    *,
    completed: int,
    started: int,
    postponed: int,
    notes: int,
) -> Headline:
    """The figures of the cover from the plan's rollup and each action's state."""
    count = rollup.statuts
    return Headline(
        total=rollup.total,
        realisees=count.get(Statut.REALISEE, 0),
        en_cours=count.get(Statut.EN_COURS, 0),
        en_continu=count.get(Statut.EN_CONTINU, 0),
        a_venir=count.get(Statut.A_VENIR, 0),
        reportees=count.get(Statut.REPORTEE, 0),
        abandonnees=count.get(Statut.ABANDONNEE, 0),
        en_retard=sum(1 for s in states.values() if s.said_late),
        avancement=rollup.avancement,
        completed=completed,
        started=started,
        postponed=postponed,
        notes=notes,
    )


@dataclass
class Outcome:
    """Final bilan: what became of one orientation."""

    total: int
    realisees: int
    en_continu: int
    unfinished: int
    abandonnees: int
    #: Each indicator's reading at the plan's end, with its action.
    indicators: list[tuple[Action, Reading]] = field(default_factory=list)
    #: The board's verdict from the editorial file, if written.
    verdict: str | None = None

    @property
    def reached(self) -> int:
        """How many indicators reached their target."""
        return sum(1 for _a, r in self.indicators if r.share is not None and r.share >= 1)

    @property
    def measured(self) -> int:
        """How many indicators could be set against a target."""
        return sum(1 for _a, r in self.indicators if r.share is not None)


def outcome(
    states: list[ActionState], indicators: list[tuple[Action, Reading]], verdict: str | None
) -> Outcome:
    """The outcome of an orientation from its actions' states at the plan's end."""
    by = [s.statut for s in states]
    return Outcome(
        total=len(by),
        realisees=by.count(Statut.REALISEE),
        en_continu=by.count(Statut.EN_CONTINU),
        unfinished=sum(by.count(s) for s in (Statut.A_VENIR, Statut.EN_COURS, Statut.REPORTEE)),
        abandonnees=by.count(Statut.ABANDONNEE),
        indicators=indicators,
        verdict=verdict,
    )


@dataclass(frozen=True)
class Reason:
    """The last entry that postponed, abandoned or rescheduled an action: its day and
    its note (``None``: the journal gives no reason)."""

    date: dt.date
    note: str | None


def reasons(actions: list[tuple[Action, dt.date]]) -> dict[str, Reason]:
    """For each action postponed, abandoned or rescheduled on or before its date, the
    last entry that did it, by ID."""
    found: dict[str, Reason] = {}
    for action, end in actions:
        for entry in action.journal:
            if entry.date > end:
                continue
            if entry.statut in (Statut.REPORTEE, Statut.ABANDONNEE) or entry.echeance:
                found[action.id] = Reason(entry.date, entry.note)
    return found


@dataclass(frozen=True)
class Move:
    """One action postponed, abandoned or rescheduled, told once: its status at the end,
    the day of the last decision, the due date it moved from and to, and why."""

    action: Action
    statut: Statut
    date: dt.date
    before: dt.date | None = None
    after: dt.date | None = None
    reason: str | None = None


def moves(
    postponed: list[Action],
    reschedules: list[Reschedule[dt.date]],
    states: Mapping[str, ActionState],
    reasons: Mapping[str, Reason],
) -> list[Move]:
    """Each action postponed at the end (``postponed``) or rescheduled in the period
    once, by the day of its last decision, with the journal's reason: a postponed action
    that was also rescheduled shows its last new due date beside it."""
    found: dict[str, Move] = {}
    for action in postponed:
        why = reasons.get(action.id)
        found[action.id] = Move(
            action,
            states[action.id].statut,
            why.date if why is not None else dt.date.min,
            reason=why.note if why is not None else None,
        )
    for x in reschedules:
        earlier = found.get(x.action.id)
        why = reasons.get(x.action.id)
        found[x.action.id] = Move(
            x.action,
            states[x.action.id].statut,
            max(x.date, earlier.date) if earlier is not None else x.date,
            x.before,
            x.after,
            x.note
            or (earlier.reason if earlier is not None else None)
            or (why.note if why else None),
        )
    return sorted(found.values(), key=lambda m: (m.date, m.action.id))


def latest_notes(
    actions: list[tuple[Action, dt.date]],
) -> dict[str, tuple[dt.date, str]]:
    """The last note of each action's journal on or before its date, by ID."""
    found: dict[str, tuple[dt.date, str]] = {}
    for action, end in actions:
        for entry in action.journal:
            if entry.date <= end and entry.note:
                found[action.id] = (entry.date, entry.note)
    return found


class Line(Protocol):
    """An action as a report lists it (:class:`tdsplan.report.ActionReport`)."""

    @property
    def action(self) -> Action: ...
    @property
    def state(self) -> ActionState: ...
    @property
    def echeance(self) -> dt.date | None: ...


@dataclass(frozen=True)
class Decision:
    """An action the committee has to decide about, and why (``why``: ``late``, past due
    and not done; ``undated``, postponed without a new due date)."""

    line: Line
    why: str


@dataclass
class Brief:
    """What the brief adds to the report of its period."""

    #: What the brief starts from, as given (a date or a git revision).
    since: str
    changes: Changes
    #: The day up to which it looks for due dates (the next meeting).
    until: dt.date
    due: list[Line] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)

    @property
    def since_date(self) -> dt.date | None:
        """The day it starts from, when ``since`` is a date."""
        return self.changes.date

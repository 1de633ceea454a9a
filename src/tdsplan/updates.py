"""What an update asks the journal to record (:class:`Update`), and the checks it passes
before any file is touched: something to record, texts and dates the journal accepts
(:func:`tdsplan.checks.entry_date_rule`), news on its date rather than a repeat."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tdsplan.checks import entry_date_rule
from tdsplan.edit import check_texts
from tdsplan.errors import ChangeRefusedError, UsageError
from tdsplan.fiscal import plan_period
from tdsplan.i18n import _
from tdsplan.models import Action, Plan, Statut
from tdsplan.splice import Entry
from tdsplan.state import state_at


@dataclass(frozen=True)
class Update:
    """What ``tdsplan update`` records: one journal entry, and the action's new state."""

    date: dt.date
    statut: Statut | None = None
    avancement: int | None = None
    note: str | None = None
    auteur: str | None = None
    #: Indicator values measured on ``date``, by indicator name.
    indicateurs: dict[str, float] = field(default_factory=dict)
    echeance: dt.date | None = None
    porteur: str | None = None
    #: The note is one of the year's highlights (« Faits saillants »).
    saillant: bool = False


def check_not_future(date: dt.date, today: dt.date) -> None:
    """Refuse a journal date after ``today``: the journal records what happened."""
    refusal = entry_date_rule(date, today).refusal
    if refusal is not None:
        raise UsageError(refusal)


def check_update(update: Update, today: dt.date) -> None:
    """Refuse an entry that cannot be whatever the plan (nothing to record, a progress out
    of range, an empty or hostile text, a date in the future), before the plan is read."""
    if (
        update.statut is None
        and update.avancement is None
        and not update.note
        and not update.indicateurs
        and update.echeance is None
        and update.porteur is None
    ):
        raise UsageError(
            _(
                "rien à inscrire : indiquez un statut, un avancement, une valeur "
                "d’indicateur, une échéance, un porteur ou une note"
            )
        )
    if update.avancement is not None and not 0 <= update.avancement <= 100:
        raise UsageError(
            _("avancement {value} invalide : entre 0 et 100").format(value=update.avancement)
        )
    check_texts(note=update.note, auteur=update.auteur, porteur=update.porteur)
    check_not_future(update.date, today)


def check_entry_date(plan: Plan, date: dt.date, today: dt.date) -> list[str]:
    """Refuse a journal date after ``today`` or before the plan's start; return the
    warnings for a date after the plan's end (the rule is :func:`entry_date_rule`)."""
    verdict = entry_date_rule(date, today, plan_period(plan))
    if verdict.refusal is not None:
        raise UsageError(verdict.refusal)
    return [verdict.warning] if verdict.warning is not None else []


class NothingNewError(ChangeRefusedError):
    """An entry that changes nothing on its date (every field it sets is already so, and
    it has no note): ``identifier`` and ``date`` say which."""

    def __init__(self, identifier: str, date: dt.date):
        self.identifier, self.date = identifier, date
        super().__init__(
            _(
                "rien de neuf pour {id} le {date} : statut, avancement, "
                "indicateurs, échéance et porteur sont déjà ainsi, et aucune note "
                "n’est donnée ; rien n’a été écrit"
            ).format(id=identifier, date=date)
        )


def done_below_full(
    action: Action, statut: Statut | None, progress: int | None, date: dt.date
) -> bool:
    """Whether an entry of ``date`` gives a progress below 100 % to an action that is done
    on that day (the entry's own status, else the action's state then)."""
    if progress is None or progress >= 100:
        return False
    return (statut or state_at(action, date).statut) is Statut.REALISEE


class DoneBelowFullError(ChangeRefusedError):
    """An entry giving a progress below 100 % to an action done on its date."""

    def __init__(self, identifier: str, date: dt.date, progress: int):
        self.identifier, self.date, self.progress = identifier, date, progress
        super().__init__(
            _(
                "{id} : avancement de {progress} % le {date} pour une action réalisée : une "
                "action réalisée est à 100 % ; rien n’a été écrit"
            ).format(id=identifier, progress=progress, date=date)
        )


class RepeatedEntryError(ChangeRefusedError):
    """An entry identical to entry ``number`` (1 = oldest) of the action's journal: the
    same date and the same fields."""

    def __init__(self, identifier: str, date: dt.date, number: int):
        self.identifier, self.date, self.number = identifier, date, number
        super().__init__(
            _(
                "l’entrée n° {number} du journal de {id} est déjà celle-ci (même "
                "date, {date}, mêmes champs) : rien n’a été écrit"
            ).format(number=number, id=identifier, date=date)
        )


def check_news(action: Action, update: Update, *, repeat: bool = False) -> None:
    """Refuse ``update`` (as :func:`tdsplan.journal.update_action` records it on
    ``action``) when it is an entry the journal already holds on its date (:class:`RepeatedEntryError`, unless
    ``repeat``), or when it has no note and changes nothing on its date
    (:class:`NothingNewError`): « Réalisée → Réalisée, 100 % → 100 % »."""
    entry = entry_of(update)
    for number, old in enumerate(action.journal, 1):
        if (
            not repeat
            and old.date == update.date
            and old.model_dump(exclude_defaults=True) == entry
        ):
            raise RepeatedEntryError(action.id, update.date, number)
    if update.note:
        return
    then = state_at(action, update.date)
    same = {
        "statut": then.statut,
        "avancement": then.avancement,
        "echeance": then.echeance,
        "porteur": then.porteur,
    }
    if all(getattr(update, name) in (None, value) for name, value in same.items()) and all(
        then.indicateurs.get(name) == (value, update.date)
        for name, value in update.indicateurs.items()
    ):
        raise NothingNewError(action.id, update.date)


#: The fields of a journal entry, in the order they are written.
ENTRY_ORDER = (
    "date",
    "statut",
    "avancement",
    "indicateurs",
    "echeance",
    "porteur",
    "note",
    "saillant",
    "auteur",
)


def ordered(entry: Entry) -> Entry:
    """``entry``'s fields in the order a journal writes them, the empty ones left out."""
    return {k: entry[k] for k in ENTRY_ORDER if entry.get(k) not in (None, {}, "")}


def entry_of(update: Update) -> Entry:
    """The journal entry ``update`` records."""
    return ordered(
        {
            "date": update.date,
            "statut": update.statut,
            "avancement": update.avancement,
            "indicateurs": update.indicateurs,
            "echeance": update.echeance,
            "porteur": update.porteur,
            "note": update.note,
            "saillant": update.saillant or None,
            "auteur": update.auteur,
        }
    )

"""What was sent to which lead and when, and what came back: the record kept in the plan
folder (``_suivi-envois.json``, versioned with the plan), and who has not answered."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tdsplan.errors import ChangeRefusedError
from tdsplan.files import read_regular, write_atomically
from tdsplan.i18n import _
from tdsplan.models import Action, Plan

#: The record's name in the plan folder (« _ »: the loader passes over it).
RECORD_FILE = "_suivi-envois.json"
#: Largest record read back: a plan's lifetime of sends fits many times over.
MAX_RECORD = 4 * 1024 * 1024
FORMAT = 1


@dataclass(frozen=True)
class Sending:
    """One workbook prepared for a lead (``kind`` « classeur ») or one reminder sent
    (« relance »), on ``date``, with the actions it held."""

    porteur: str
    date: dt.date
    kind: str = "classeur"
    fichier: str = ""
    courriel: str = ""
    actions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Return:
    """News imported from a lead's return, on ``date``."""

    porteur: str
    date: dt.date
    fichier: str = ""


@dataclass
class Record:
    """Everything sent and returned, in the order it happened."""

    sendings: list[Sending] = field(default_factory=list)
    returns: list[Return] = field(default_factory=list)

    def last_workbook(self, lead: str) -> Sending | None:
        """The last workbook prepared for ``lead``."""
        found = [s for s in self.sendings if s.porteur == lead and s.kind == "classeur"]
        return found[-1] if found else None

    def reminders(self, lead: str, since: dt.date) -> list[Sending]:
        """The reminders sent to ``lead`` on or after ``since``."""
        return [
            s
            for s in self.sendings
            if s.porteur == lead and s.kind == "relance" and s.date >= since
        ]


def record_path(plan_dir: Path) -> Path:
    """Where the record of ``plan_dir`` lives."""
    return plan_dir / RECORD_FILE


def read_record(plan_dir: Path) -> Record:
    """The record of ``plan_dir`` (empty when there is none yet); a record that is not
    one is refused, naming the file, never trusted."""
    path = record_path(plan_dir)
    try:
        data = read_regular(path, MAX_RECORD)
    except FileNotFoundError:
        return Record()
    except OSError as error:
        raise _bad(path, str(error.strerror or error)) from None
    if data is None:
        raise _bad(
            path,
            _("ce n’est pas un fichier ordinaire de {limit} Mo au plus").format(
                limit=MAX_RECORD // 2**20
            ),
        )
    try:
        raw = json.loads(data.decode("utf-8"))
        if raw.get("format") != FORMAT:
            raise ValueError("format")
        return Record(
            [_sending(item) for item in raw.get("envois", [])],
            [_return(item) for item in raw.get("retours", [])],
        )
    except (ValueError, TypeError, KeyError, AttributeError, UnicodeDecodeError):
        raise _bad(path, _("contenu illisible ; rétablissez-le depuis git")) from None


def _bad(path: Path, reason: str) -> ChangeRefusedError:
    return ChangeRefusedError(
        _("registre des envois {path} refusé : {reason}").format(path=path, reason=reason)
    )


def _sending(item: dict[str, Any]) -> Sending:
    return Sending(
        porteur=str(item["porteur"]),
        date=dt.date.fromisoformat(item["date"]),
        kind=str(item.get("type", "classeur")),
        fichier=str(item.get("fichier", "")),
        courriel=str(item.get("courriel", "")),
        actions=tuple(str(a) for a in item.get("actions", [])),
    )


def _return(item: dict[str, Any]) -> Return:
    return Return(
        porteur=str(item["porteur"]),
        date=dt.date.fromisoformat(item["date"]),
        fichier=str(item.get("fichier", "")),
    )


def write_record(plan_dir: Path, record: Record) -> None:
    """The record written atomically, as stable JSON (one line per key: it diffs well)."""

    def sending(s: Sending) -> dict[str, Any]:
        data = asdict(s)
        data["type"] = data.pop("kind")
        data["date"] = s.date.isoformat()
        data["actions"] = list(s.actions)
        return data

    text = json.dumps(
        {
            "format": FORMAT,
            "envois": [sending(s) for s in record.sendings],
            "retours": [{**asdict(r), "date": r.date.isoformat()} for r in record.returns],
        },
        ensure_ascii=False,
        indent=1,
    )
    path = record_path(plan_dir)
    try:
        write_atomically(path, (text + "\n").encode("utf-8"))
    except OSError as error:
        raise _bad(path, str(error.strerror or error)) from None


def add(plan_dir: Path, sendings: Sequence[Sending] = (), returns: Sequence[Return] = ()) -> None:
    """Add what was just sent or returned to the record of ``plan_dir``."""
    record = read_record(plan_dir)
    record.sendings += sendings
    record.returns += returns
    write_record(plan_dir, record)


@dataclass(frozen=True)
class Waiting:
    """A lead and where their answer stands: the workbook they were sent, whether news
    came back since (``answered``: the day), the reminders sent since."""

    porteur: str
    courriel: str | None
    sent: Sending
    answered: dt.date | None
    reminders: tuple[Sending, ...] = ()


def answers(plan: Plan, record: Record) -> list[Waiting]:
    """Each lead who was sent a workbook, in the order of their names: answered when a
    return of theirs was imported since, or when an action of their workbook has a
    journal entry dated on or after the day it was sent."""
    addresses = {p.nom: p.courriel for p in plan.porteurs}
    actions: dict[str, Action] = {a.id: a for _o, _ob, a in plan.iter_actions()}
    found = []
    for lead in sorted({s.porteur for s in record.sendings if s.kind == "classeur"}):
        sent = record.last_workbook(lead)
        assert sent is not None
        dates = [r.date for r in record.returns if r.porteur == lead and r.date >= sent.date]
        for identifier in sent.actions:
            action = actions.get(identifier)
            if action is not None:
                dates += [e.date for e in action.journal if e.date >= sent.date]
        found.append(
            Waiting(
                lead,
                addresses.get(lead),
                sent,
                min(dates) if dates else None,
                tuple(record.reminders(lead, sent.date)),
            )
        )
    return found

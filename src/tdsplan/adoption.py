"""Adoption records: which body adopted which bilan, when, by which resolution.

They live in ``<plan folder>/bilans/adoptions.yaml``, a list written by
``tdsplan adopt`` (and readable by hand)::

    - bilan: 2019-2020
      date: 2020-06-15
      par: conseil d’administration
      resolution: CA-2020-06

:func:`records` reads them, :func:`problems` checks them, :func:`recorded` gives the
file as an adoption leaves it, :func:`adopted_on` says whether a date falls in an
adopted report's period.
"""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tdsplan.edit import Edit
from tdsplan.errors import PlanInvalidError, Problem, UsageError, os_reason
from tdsplan.fiscal import fiscal_year, plan_period, year_label
from tdsplan.i18n import _
from tdsplan.store import BILANS_DIR
from tdsplan.typed import parse_date, parse_fiscal_year
from tdsplan.yamlio import FileProblems, decode_source, parse_document, read_raw
from tdsplan.yamlwrite import format_entry

if TYPE_CHECKING:
    from tdsplan.models import Action, EntreeJournal, Plan
    from tdsplan.project import Project

FILE = "adoptions.yaml"
KEYS = ("bilan", "date", "par", "resolution")
_HEADER = "# Adoptions des bilans (tdsplan adopt) : bilan, date, instance, résolution.\n"


@dataclass(frozen=True)
class Adoption:
    """One report adopted: its label (``2019-2020``, ``2018-2023``), the day, the body
    that adopted it and the resolution's reference, if any."""

    label: str
    date: dt.date
    #: ``None`` when no body was named: :func:`default_body`, in the reader's language.
    par: str | None = None
    resolution: str | None = None

    @property
    def body(self) -> str:
        """Who adopted it, named or by default (in the current language)."""
        return self.par or default_body()

    @property
    def tag(self) -> str:
        """The annotated git tag that marks the plan as adopted (``bilan-2019-2020``)."""
        return f"bilan-{self.label}"


def default_body() -> str:
    """Who adopts a bilan when no body is named, in the current language."""
    return _("le conseil d’administration")


def path(project: Project) -> Path:
    """The adoption records of a plan."""
    return project.plan_dir / BILANS_DIR / FILE


def labels(plan: Plan) -> dict[str, tuple[dt.date, dt.date]]:
    """The reports a plan can adopt, by label, with the days each covers: each fiscal
    year of the plan's period (and the one after, a late bilan), and the final bilan."""
    first, last = plan_period(plan)
    found = {
        year_label(year): fiscal_year(plan, year)
        for year in range(plan.periode.debut, plan.periode.fin + 1)
    }
    found[f"{first.year}-{last.year}"] = (first, last)
    return found


def label_of(plan: Plan, text: str) -> str:
    """The label of the report ``text`` names: a label (``2019-2020``, ``2018-2023``) or
    a fiscal year as ``report --year`` takes it (``2019``, ``2019-20``). A usage error
    for a report the plan has not."""
    known = labels(plan)
    label = text.strip()
    if label not in known:
        with suppress(UsageError):
            label = year_label(parse_fiscal_year(label))
    if label not in known:
        raise UsageError(
            _("bilan « {label} » inconnu ; bilans du plan : {labels}").format(
                label=text, labels=", ".join(known)
            )
        )
    return label


def records(project: Project, plan: Plan | None = None) -> list[Adoption]:
    """The plan's adoption records, by date; ``[]`` without a file.
    :class:`PlanInvalidError` with every located problem when the file cannot be used."""
    found, wrong = _read(path(project), plan)
    if wrong:
        raise PlanInvalidError(wrong)
    return found


def problems(project: Project, plan: Plan | None) -> list[Problem]:
    """Every problem of the plan's adoption records."""
    return _read(path(project), plan)[1]


def adopted_on(adoptions: list[Adoption], plan: Plan, date: dt.date) -> Adoption | None:
    """The adopted yearly report whose fiscal year holds ``date`` (or, failing one, the
    adopted final bilan), if any: an entry dated then changes what was adopted."""
    covered = labels(plan)
    # A year's own report before the final bilan that also covers it.
    ordered = sorted(
        adoptions, key=lambda a: _length(covered[a.label]) if a.label in covered else 0
    )
    for adoption in ordered:
        span = covered.get(adoption.label)
        if span is not None and span[0] <= date <= span[1]:
            return adoption
    return None


def _length(span: tuple[dt.date, dt.date]) -> int:
    return (span[1] - span[0]).days


def recorded(project: Project, plan: Plan, adoption: Adoption) -> Edit:
    """The records' file with ``adoption`` added, or put in the place of the earlier
    record of the same report: an :class:`Edit` to write. The text around is kept byte
    for byte."""
    file = path(project)
    current = records(project, plan)
    try:
        raw, _stat = read_raw(file)
        text, bom = decode_source(file, raw)
    except FileProblems:
        text, bom = _HEADER, False
    before = text if file.exists() else ""
    newline = "\r\n" if "\r\n" in text else "\n"
    if text and not text.endswith(("\n", "\r")):
        text += newline
    if any(a.label == adoption.label for a in current):
        return Edit(file, before, _replaced(file, text, adoption, newline), bom)
    return Edit(file, before, text + _item(adoption, newline), bom)


def _replaced(file: Path, text: str, adoption: Adoption, newline: str) -> str:
    """``text`` with the lines of the record of ``adoption``'s report replaced."""
    document = parse_document(file, text)
    items = document.data
    index = next(i for i, item in enumerate(items) if str(item.get("bilan")) == adoption.label)
    lines = text.splitlines(keepends=True)
    start = document.locate((index,))[0] - 1
    end = document.locate((index + 1,))[0] - 1 if index + 1 < len(items) else len(lines)
    # Comments and blank lines before the next record belong to it.
    while end > start + 1 and lines[end - 1].lstrip().startswith(("#", "\r", "\n")):
        end -= 1
    return "".join(lines[:start]) + _item(adoption, newline) + "".join(lines[end:])


def _item(adoption: Adoption, newline: str) -> str:
    values: list[tuple[str, Any]] = [
        ("bilan", adoption.label),
        ("date", adoption.date),
        ("par", adoption.par),
        ("resolution", adoption.resolution),
    ]
    lines = [
        format_entry(key, value, width=None).rstrip("\n")
        for key, value in values
        if value is not None
    ]
    return newline.join(("- " if i == 0 else "  ") + line for i, line in enumerate(lines)) + newline


def _read(file: Path, plan: Plan | None) -> tuple[list[Adoption], list[Problem]]:
    try:
        raw, _stat = read_raw(file)
        document = parse_document(file, decode_source(file, raw)[0])
    except FileNotFoundError:
        return [], []
    except FileProblems as error:
        if not file.exists():
            return [], []
        return [], list(error.problems)
    except OSError as error:
        reason = _("lecture impossible : {reason}").format(reason=os_reason(error))
        return [], [Problem(file, 0, 0, reason)]
    data = document.data
    if data is None:
        return [], []
    if not isinstance(data, list):
        return [], [
            Problem(file, 1, 1, _("le fichier doit être une liste d’adoptions (« - bilan: … »)"))
        ]
    found: list[Adoption] = []
    wrong: list[Problem] = []
    covered = labels(plan) if plan is not None else None
    for index, item in enumerate(data):
        line, column = document.locate((index,))
        if not isinstance(item, dict):
            wrong.append(
                Problem(
                    file,
                    line,
                    column,
                    _("une adoption est une suite de clés : bilan, date, par, resolution"),
                )
            )
            continue
        item_problems = _item_problems(file, document, index, item, covered, found)
        wrong += item_problems
        if not item_problems:
            found.append(
                Adoption(
                    str(item["bilan"]),
                    _as_date(item["date"]),
                    str(item["par"]) if item.get("par") is not None else None,
                    str(item["resolution"]) if item.get("resolution") is not None else None,
                )
            )
    return sorted(found, key=lambda a: (a.date, a.label)), sorted(wrong)


def _item_problems(
    file: Path,
    document: Any,
    index: int,
    item: dict[str, Any],
    covered: dict[str, tuple[dt.date, dt.date]] | None,
    earlier: list[Adoption],
) -> list[Problem]:
    wrong: list[Problem] = []

    def at(key: str | None, message: str, *, name: bool = False) -> None:
        loc = (index,) if key is None else (index, key)
        line, column = document.locate(loc, key=name)
        wrong.append(Problem(file, line, column, message))

    for key in item:
        if key not in KEYS:
            at(
                key,
                _("clé « {key} » inconnue ; clés permises : {keys}").format(
                    key=key, keys=", ".join(KEYS)
                ),
                name=True,
            )
    label = item.get("bilan")
    if label is None:
        at(None, _("il manque « bilan: » (2019-2020 pour un exercice)"))
    elif covered is not None and str(label) not in covered:
        at(
            "bilan",
            _("bilan « {label} » inconnu ; bilans du plan : {labels}").format(
                label=label, labels=", ".join(covered)
            ),
        )
    elif any(a.label == str(label) for a in earlier):
        at("bilan", _("le bilan {label} est déjà adopté plus haut").format(label=label))
    try:
        date = _as_date(item.get("date"))
    except ValueError:
        at(
            "date" if "date" in item else None,
            _("date d’adoption manquante ou invalide : AAAA-MM-JJ"),
        )
    else:
        span = covered.get(str(label)) if covered is not None else None
        if span is not None and date < span[1]:
            at(
                "date",
                _("le bilan {label} ne peut être adopté avant la fin de sa période ({end})").format(
                    label=label, end=span[1].isoformat()
                ),
            )
    for key in ("par", "resolution"):
        if item.get(key) is not None and not isinstance(item[key], str):
            at(key, _("« {key} » doit être un texte").format(key=key))
    return wrong


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return parse_date(value)
        except Exception as error:  # a UsageError: the reason is said by the caller
            raise ValueError(value) from error
    raise ValueError(value)


@dataclass(frozen=True)
class Correction:
    """A journal entry dated in an adopted bilan's period, added (``added``) or taken
    out since the adoption's git tag: what the next report discloses."""

    adoption: Adoption
    action: Action
    entry: EntreeJournal
    added: bool


def corrections(project: Project, plan: Plan, adoptions: list[Adoption]) -> list[Correction]:
    """Every change to the journal, dated in an adopted bilan's period, made since the
    plan was tagged as adopted (:attr:`Adoption.tag`); nothing for an adoption whose tag
    cannot be read (no git, or no such tag)."""
    from tdsplan.changes import journal_difference
    from tdsplan.errors import TdsplanError
    from tdsplan.history import plan_at

    covered = labels(plan)
    found: list[Correction] = []
    for adopted in adoptions:
        span = covered.get(adopted.label)
        if span is None:
            continue
        try:
            then = plan_at(project.plan_dir, adopted.tag)
        except TdsplanError:
            continue
        before = {a.id: a for _o, _ob, a in then.iter_actions()}
        now = {a.id: a for _o, _ob, a in plan.iter_actions()}
        for identifier, action in now.items():
            old = before.get(identifier)
            added, gone = journal_difference(old, action)
            for entries, was_added in ((added, True), (gone, False)):
                for entry in entries:
                    if span[0] <= entry.date <= span[1]:
                        found.append(Correction(adopted, action, entry, was_added))
    return sorted(found, key=lambda c: (c.adoption.label, c.entry.date, c.action.id))

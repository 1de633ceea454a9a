"""A repository that knows its plans: ``tdsplan.toml`` lists the plan folders; the
current one is the plan whose period holds today, unless ``courant`` names another.

A repository that has moved on to its next plan looks like this::

    tdsplan.toml       plans = ["plan", "plan-2023-2028"]
    plan/              the 2018-2023 plan, closed
    plan-2023-2028/    the current plan (today is in its period)
    templates/, reports/  shared by the plans

Preparing the next plan early (``init --from`` before the old plan ends) moves no work:
until the old plan's last day, it stays the current plan.

Without ``tdsplan.toml``, the ``plan/`` folder found from the starting folder is the
repository's one plan, as it always was. A plan is *closed* when its period is over
and a later plan of the repository follows it: changing it is then a late correction.
Carry-over links (``reprise_de: 2018-2023/1.2.3`` in an action of the next plan) join two
plans: see :mod:`tdsplan.carryover`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tdsplan.errors import (
    ChangeRefusedError,
    PlanNotFoundError,
    Problem,
    RootFileError,
    UsageError,
)
from tdsplan.fiscal import fiscal_year
from tdsplan.i18n import _
from tdsplan.models import PlanInfo
from tdsplan.outputs import ROOT_FILE, ProtectedPathError, check_path, resolved as _real
from tdsplan.project import Project
from tdsplan.store import PLAN_FILE
from tdsplan.suggest import either
from tdsplan.yamlio import FileProblems, read_document, read_source

_KEYS = ("plans", "courant", "smtp")
_PERIOD = re.compile(r"^\s*(\d{4})\s*[-–/]\s*(\d{4})\s*$")

ROOT_HEADER = """\
# Les plans de ce dépôt, du plus ancien au plus récent (dossiers relatifs à ce fichier).
# Les commandes de tdsplan travaillent sur le plan courant, celui dont la période contient
# la date du jour (courant = "dossier" en impose un autre) ; --plan en désigne un autre
# (son dossier ou sa période, par exemple --plan 2018-2023).
"""


@dataclass(frozen=True)
class PlanRef:
    """One plan of a repository: its folder, the name written in ``tdsplan.toml``, and
    what its ``plan.yaml`` says of it (``None`` when that file cannot be read)."""

    folder: Path
    name: str
    info: PlanInfo | None = field(default=None, compare=False)

    @property
    def period(self) -> str | None:
        """``2018-2023``, or ``None`` when unknown."""
        if self.info is None:
            return None
        return f"{self.info.periode.debut}-{self.info.periode.fin}"

    def first_day(self) -> dt.date | None:
        """The first day of the plan's period (its first fiscal year's start)."""
        if self.info is None:
            return None
        return fiscal_year(self.info, self.info.periode.debut)[0]

    @property
    def label(self) -> str:
        """How a person recognises it: ``2018-2023 (plan)``."""
        return f"{self.period} ({self.name})" if self.period else self.name

    def last_day(self) -> dt.date | None:
        """The last day of the plan's period (the eve of its fiscal year's start)."""
        if self.info is None:
            return None
        return fiscal_year(self.info, self.info.periode.fin - 1)[1]


@dataclass(frozen=True)
class Repository:
    """The plans of one repository. ``file`` is ``None`` without ``tdsplan.toml``:
    the one plan found is then the repository's only plan."""

    root: Path
    file: Path | None
    plans: tuple[PlanRef, ...]
    current: PlanRef
    #: The ``[smtp]`` table of ``tdsplan.toml``, as written (read by :mod:`tdsplan.mail`).
    smtp: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def find(cls, start: Path, *, today: dt.date | None = None) -> Repository:
        """The repository of ``start``: the nearest ``tdsplan.toml`` at or above it, or
        else the plan folder found as :meth:`Project.find` finds it. ``today`` chooses
        the current plan (see :meth:`read`)."""
        found = cls.around(start, today=today)
        return found if found is not None else cls.single(Project.find(start.resolve()).plan_dir)

    @classmethod
    def around(cls, path: Path, *, today: dt.date | None = None) -> Repository | None:
        """The repository whose ``tdsplan.toml`` is at or above ``path``, if there is one."""
        for folder in (path.resolve(), *path.resolve().parents):
            if _root_file_at(folder / ROOT_FILE):
                return cls.read(folder / ROOT_FILE, today=today)
        return None

    @classmethod
    def single(cls, plan_dir: Path) -> Repository:
        """A repository whose only plan is ``plan_dir`` (no ``tdsplan.toml``)."""
        ref = PlanRef(plan_dir.resolve(), plan_dir.name)
        return cls(plan_dir.resolve().parent, None, (ref,), ref)

    @classmethod
    def read(cls, file: Path, *, today: dt.date | None = None) -> Repository:
        """The repository described by ``file``; :class:`RootFileError` with the
        located problem if the file is not valid TOML or lists folders that are not plans.

        The current plan is the one ``courant`` names, else the one whose period holds
        ``today`` (before every plan: the first; after: the last started), else (no
        ``today``) the last of the list."""
        root = file.parent.resolve()
        try:
            text = read_source(file)[0]  # the plan files' guards: size, encoding, FIFO
            data = tomllib.loads(text)
        except FileProblems as error:
            raise RootFileError(error.problems) from None
        except tomllib.TOMLDecodeError as error:
            found = re.search(r"line (\d+), column (\d+)", str(error))
            if found:
                line, column = int(found[1]), int(found[2])
            else:  # "at end of document": the file stops too soon
                line, column = text.count("\n") + 1, len(text.rsplit("\n", 1)[-1]) + 1
            raise RootFileError(
                [
                    Problem(
                        file,
                        line,
                        column,
                        _(
                            'syntaxe TOML invalide : écrivez par exemple plans = ["plan", '
                            '"plan-2023-2028"] et courant = "plan-2023-2028"'
                        ),
                    )
                ]
            ) from None
        problems = []
        for key in data:
            if key not in _KEYS:
                problems.append(
                    Problem(
                        file,
                        _line_of(text, key, key=True),
                        0,
                        _(
                            "clé inconnue « {key} » : tdsplan.toml n’a que les clés plans, "
                            "courant et smtp"
                        ).format(key=key),
                    )
                )
        names = data.get("plans")
        if (
            not isinstance(names, list)
            or not names
            or not all(isinstance(n, str) and n.strip() for n in names)
        ):
            problems.append(
                Problem(
                    file,
                    _line_of(text, "plans", key=True),
                    0,
                    _(
                        '« plans » doit être une liste de dossiers, par exemple plans = ["plan", '
                        '"plan-2023-2028"]'
                    ),
                )
            )
            raise RootFileError(problems)
        refs = _plan_refs(file, text, names, root, problems)
        problems += _overlaps(file, text, refs)
        current = data.get("courant", _on(refs, today) or names[-1])
        chosen = _current(file, text, current, names, refs, problems)
        if problems:
            raise RootFileError(problems)
        assert chosen is not None  # else a problem was said
        smtp = data.get("smtp", {})
        return cls(root, file, tuple(refs), chosen, smtp if isinstance(smtp, dict) else {})

    def check_output(self, path: Path, *, folder: bool = False) -> None:
        """:class:`ProtectedPathError` if writing an output at ``path`` (a report, an
        export; with ``folder``, a folder of outputs such as the website) could overwrite
        or remove what the plans are made of: a file or folder inside a plan folder,
        ``tdsplan.toml``, or (``folder``) a folder that holds a plan folder. Links are
        resolved before comparing, so that no other name for a plan file gets through."""
        real = _real(path)
        if real == _real(self.root / ROOT_FILE):
            raise ProtectedPathError(
                path, _("c’est {file}, la liste des plans du dépôt").format(file=ROOT_FILE)
            )
        for ref in self.plans:
            if real == ref.folder:
                raise ProtectedPathError(
                    path, _("c’est le dossier du plan « {name} »").format(name=ref.name)
                )
            if real.is_relative_to(ref.folder):
                raise ProtectedPathError(
                    path,
                    _("ce chemin est dans le dossier du plan « {name} »").format(name=ref.name),
                )
            if folder and ref.folder.is_relative_to(real):
                raise ProtectedPathError(
                    path,
                    _("ce dossier contient le dossier du plan « {name} »").format(name=ref.name),
                )
        check_path(path)  # any plan's folder, any tdsplan.toml, any .git (see tdsplan.outputs)

    def holding(self, path: Path) -> PlanRef | None:
        """The plan whose folder holds ``path``, if any."""
        path = path.resolve()
        for ref in self.plans:
            if path.is_relative_to(ref.folder):
                return ref
        return None

    def select(self, wanted: str | None, here: Path) -> PlanRef:
        """The plan a command works on: ``wanted`` (a folder, or a period such as
        ``2018-2023``), else the plan holding ``here``, else the current plan."""
        if wanted is None:
            return self.holding(here) or self.current
        folder = (here / wanted).resolve()
        for ref in self.plans:
            if ref.folder == folder:
                return ref
        if os.path.isfile(folder / PLAN_FILE):
            return PlanRef(folder, wanted, _plan_info(folder))
        period = _PERIOD.match(wanted)
        if period:
            key = f"{period[1]}-{period[2]}"
            for ref in self.plans:
                if ref.period == key:
                    return ref
            raise UsageError(
                _("aucun plan de la période {period} dans ce dépôt ; plans : {plans}").format(
                    period=key, plans=either([r.label for r in self.plans])
                )
            )
        raise PlanNotFoundError(Path(wanted))

    def others(self, ref: PlanRef) -> list[PlanRef]:
        """The repository's plans but ``ref``, in order."""
        return [r for r in self.plans if r.folder != ref.folder]

    def successor(self, ref: PlanRef) -> PlanRef | None:
        """The first plan of the repository that starts when ``ref`` ends, or later."""
        if ref.info is None:
            return None
        later = [
            r
            for r in self.plans
            if r.info is not None
            and r.folder != ref.folder
            and r.info.periode.debut >= ref.info.periode.fin
        ]
        return min(later, key=_start) if later else None

    def closed(self, ref: PlanRef, today: dt.date) -> PlanRef | None:
        """The successor of ``ref`` if ``ref`` is closed on ``today`` (its period over and
        a later plan following it), else ``None``."""
        last = ref.last_day()
        if last is None or today <= last:
            return None
        return self.successor(ref)

    def check_open(self, ref: PlanRef, today: dt.date) -> None:
        """:class:`PlanClosedError` if ``ref`` is closed on ``today``."""
        successor = self.closed(ref, today)
        if successor is not None:
            raise PlanClosedError(ref, successor)

    def holding_date(self, date: dt.date) -> PlanRef | None:
        """The plan of the repository whose period holds ``date``."""
        return next(
            (
                r
                for r in self.plans
                if (first := r.first_day()) is not None
                and (last := r.last_day()) is not None
                and first <= date <= last
            ),
            None,
        )

    def project(
        self, ref: PlanRef, *, cache_dir: Path | None = None, today: dt.date | None = None
    ) -> Project:
        """The project of the plan ``ref``, with this repository's root (its templates and
        reports) and the earlier plans its carry-over links may name, so that its carried
        actions read what they inherit; ``today``: see :attr:`Project.today`."""
        # Only a plan with a period of its own (not empty, not inverted) that ends before
        # this one begins: each step goes back in time, so a plan of 2023-2023 never
        # names itself, nor two such plans each other, without end.
        earlier = tuple(
            (r.period, self.project(r, cache_dir=cache_dir, today=today))
            for r in self.plans
            if r.period is not None
            and r.info is not None
            and ref.info is not None
            and r.info.periode.debut < r.info.periode.fin <= ref.info.periode.debut
        )
        project = Project.at(ref.folder, cache_dir=cache_dir)
        return Project(project.plan_dir, self.root, project.cache_file, earlier, today)

    def by_period(self, period: str) -> PlanRef | None:
        """The plan of the repository whose period is ``period`` (``2018-2023``)."""
        return next((r for r in self.plans if r.period == period), None)


@dataclass(frozen=True)
class Mention:
    """A plan of the repository as views mention it beside the plan they show."""

    name: str
    period: str | None
    current: bool
    closed: bool
    shown: bool


def mentions(repository: Repository, ref: PlanRef, today: dt.date) -> list[Mention]:
    """Every plan of the repository, marked as the one shown, the current one, closed;
    empty when the repository has one plan (nothing to mention)."""
    if len(repository.plans) < 2:
        return []
    return [
        Mention(
            r.name,
            r.period,
            r.folder == repository.current.folder,
            repository.closed(r, today) is not None,
            r.folder == ref.folder,
        )
        for r in repository.plans
    ]


class PlanClosedError(ChangeRefusedError):
    """A change asked of a closed plan; nothing was written."""

    def __init__(self, plan: PlanRef, successor: PlanRef):
        self.plan = plan
        self.successor = successor
        super().__init__(
            _(
                "le plan {plan} est clos : sa période s’est terminée le {end} et le "
                "plan {next} lui succède ; rien n’a été écrit"
            ).format(plan=plan.label, end=plan.last_day(), next=successor.label)
        )


def _plan_refs(
    file: Path, text: str, names: list[str], root: Path, problems: list[Problem]
) -> list[PlanRef]:
    """The plans ``tdsplan.toml`` lists, each a folder of the repository holding a
    ``plan.yaml``, once; a problem added to ``problems`` for each other name."""
    refs: list[PlanRef] = []
    for name in names:
        folder = (root / name).resolve()
        if not folder.is_relative_to(root):
            problems.append(Problem(file, _line_of(text, name, quoted=True), 0, _outside(name)))
        elif not os.path.isfile(folder / PLAN_FILE):
            problems.append(
                Problem(
                    file,
                    _line_of(text, name, quoted=True),
                    0,
                    _("le dossier « {name} » ne contient pas de plan.yaml").format(name=name),
                )
            )
        elif any(r.folder == folder for r in refs):
            problems.append(
                Problem(
                    file,
                    _line_of(text, name, quoted=True),
                    0,
                    _("plan « {name} » en double").format(name=name),
                )
            )
        else:
            refs.append(PlanRef(folder, name, _plan_info(folder)))
    return refs


def _current(
    file: Path,
    text: str,
    current: object,
    names: list[str],
    refs: list[PlanRef],
    problems: list[Problem],
) -> PlanRef | None:
    """The plan named ``current`` among ``refs``; a problem added to ``problems`` when
    that is no name of the list."""
    chosen = [r for r in refs if isinstance(current, str) and r.name == current]
    if isinstance(current, str) and not chosen and current not in names:
        problems.append(
            Problem(
                file,
                _line_of(text, "courant", key=True),
                0,
                _("plan courant « {name} » absent de la liste plans ({listed})").format(
                    name=current, listed=", ".join(names)
                ),
            )
        )
    elif not isinstance(current, str):
        problems.append(
            Problem(
                file,
                _line_of(text, "courant", key=True),
                0,
                _("« courant » doit être le nom d’un dossier de la liste plans"),
            )
        )
    return chosen[0] if chosen else None


def _root_file_at(path: Path) -> bool:
    """Whether ``path`` is a repository file to read; :class:`RootFileError` when
    something else stands in its place (a folder, a pipe that would block the read)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:  # absent, or in a folder that cannot be read: not this repository's
        return False
    if not stat.S_ISREG(mode):
        raise RootFileError(
            [
                Problem(
                    path,
                    0,
                    0,
                    _(
                        "{file} n’est pas un fichier ordinaire (dossier, tube ou périphérique) : "
                        "remplacez-le par le fichier qui liste les plans, ou retirez-le"
                    ).format(file=ROOT_FILE),
                )
            ]
        )
    return True


def _overlaps(file: Path, text: str, refs: list[PlanRef]) -> list[Problem]:
    """A problem for each plan whose period shares a fiscal year with an earlier plan of
    the list (or is the same period): two plans of one repository follow each other."""
    problems = []
    for index, ref in enumerate(refs):
        if ref.info is None:
            continue
        mine = ref.info.periode
        for other in refs[:index]:
            if _overlap((mine.debut, mine.fin), other):
                message = _overlap_message(ref.period or "", ref.name, other)
                problems.append(Problem(file, _line_of(text, ref.name, quoted=True), 0, message))
                break
    return problems


def _on(refs: list[PlanRef], today: dt.date | None) -> str | None:
    """The name of the plan whose period holds ``today``; before every period the first
    plan, after them the last one started; ``None`` without ``today``."""
    if today is None:
        return None
    dated = sorted((r for r in refs if r.first_day() is not None), key=_start)
    started = [r for r in dated if (first := r.first_day()) is not None and first <= today]
    if started:
        return started[-1].name
    return dated[0].name if dated else None


def _start(ref: PlanRef) -> int:
    return ref.info.periode.debut if ref.info is not None else 0


def is_period(text: str) -> bool:
    """Whether ``text`` names a period, as ``2018-2023``."""
    return _PERIOD.match(text) is not None


def _line_of(text: str, needle: str, *, key: bool = False, quoted: bool = False) -> int:
    """The first line of ``text`` where the key ``needle`` is set (``key``), or where
    ``needle`` appears (in quotes: ``quoted``); 1 if none."""
    word = re.escape(needle)
    pattern = re.compile(rf"^\s*{word}\s*=" if key else rf"[\"']{word}[\"']" if quoted else word)
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.search(line):
            return number
    return 1


def _plan_info(folder: Path) -> PlanInfo | None:
    """What ``plan.yaml`` says of the plan, or ``None`` when it does not say it validly
    (``tdsplan validate`` reports why)."""
    from pydantic import ValidationError

    try:
        data = read_document(folder / PLAN_FILE, positions=False).data
        return PlanInfo.model_validate(data)
    except (FileProblems, ValidationError, OSError):
        return None


def root_file_text(names: list[str], current: str | None = None) -> str:
    """The text of ``tdsplan.toml`` listing ``names``; with ``current``, that plan is the
    current one whatever the date."""
    listed = "".join(f'  "{name}",\n' for name in names)
    chosen = f'courant = "{current}"\n' if current is not None else ""
    return f"{ROOT_HEADER}plans = [\n{listed}]\n{chosen}"


def _overlap(period: tuple[int, int], other: PlanRef) -> bool:
    """Whether ``period`` shares a fiscal year with ``other``'s (or is the same)."""
    if other.info is None:
        return False
    theirs = other.info.periode
    return period == (theirs.debut, theirs.fin) or (
        period[0] < theirs.fin and theirs.debut < period[1]
    )


def _overlap_message(period: str, name: str, other: PlanRef) -> str:
    return _(
        "la période {period} du plan « {name} » chevauche celle du plan "
        "« {other} » ({other_period}) : les plans d’un dépôt se suivent"
    ).format(period=period, name=name, other=other.name, other_period=other.period)


def _outside(name: str) -> str:
    return _(
        "le dossier « {name} » est hors du dépôt : un plan se range sous le dossier de tdsplan.toml"
    ).format(name=name)


def refuse_new_plan(before: Repository, folder: Path, period: tuple[int, int]) -> None:
    """Refuse, before anything is written, a next plan that ``tdsplan.toml`` could not list
    (:func:`add_plan`): a folder outside the repository, or a period that overlaps a plan's."""
    root = before.root.resolve()
    name = Path(os.path.relpath(folder.resolve(), root)).as_posix()
    if not folder.resolve().is_relative_to(root):
        raise UsageError(_outside(name))
    for other in before.plans:
        if other.folder.resolve() == folder.resolve():
            continue  # that folder is taken: creating the plan says so
        if _overlap(period, other):
            raise UsageError(_overlap_message(f"{period[0]}-{period[1]}", name, other))


def add_plan(folder: Path, before: Repository, today: dt.date) -> tuple[Path, Repository]:
    """Add the plan in ``folder`` to the repository ``before`` (found before the plan was
    made, so that a broken ``tdsplan.toml`` stops ``init`` first): ``tdsplan.toml`` gains
    it (and is created, listing both plans, if absent), without ``courant``, so that the
    current plan is the one whose period holds the day. Returns the file written and the
    repository as it is on ``today``."""
    from tdsplan import files

    file = before.file or before.root / ROOT_FILE
    names = [r.name for r in before.plans]
    name = Path(os.path.relpath(folder.resolve(), before.root)).as_posix()
    if name not in names:
        names.append(name)
    try:
        files.write_atomically(file, root_file_text(names).encode("utf-8"))
    except OSError as error:
        raise files.OutputError(file, error) from None
    return file, Repository.read(file, today=today)

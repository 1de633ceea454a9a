"""A located plan: the plan folder and the folders that go with it, found once.

A repository that carries a plan looks like this::

    plan/          the plan (see tdsplan.store)
    templates/     templates that replace the shipped ones, and the logo (optional)
    reports/       the reports written by ``tdsplan report``

A :class:`Project` is found once from a starting folder (or given its plan folder)
and then travels with the command: every convention about where things live is
here, and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tdsplan.cache import cache_file
from tdsplan.errors import PlanInvalidError, PlanNotFoundError, Problem, UsageError, os_reason
from tdsplan.i18n import _
from tdsplan.models import Action, Plan
from tdsplan.store import PLAN_FILE, Loaded, read_plan
from tdsplan.yamlio import decode_source, parse_document, read_document

#: The plan folder's usual name, looked for from the starting folder upward.
PLAN_DIR = "plan"
TEMPLATES_DIR = "templates"
REPORTS_DIR = "reports"
SITE_DIR = "public"


@dataclass(frozen=True)
class Project:
    """A plan folder and its repository's folders (templates, reports), plus the file
    where parsed plan files are cached between runs (``None``: no cache), and the day
    its journals are checked against (``today``: an entry dated after it is refused;
    ``None``, as a library caller gets by default: no such check)."""

    plan_dir: Path
    root: Path
    cache_file: Path | None = None
    #: The repository's earlier plans, by period (``2018-2023``): where the carry-over
    #: links of this plan's actions (``reprise_de``) lead, read for what they inherit.
    earlier: tuple[tuple[str, Project], ...] = ()
    #: Today, for the journal-date rule (:func:`tdsplan.checks.entry_date_rule`).
    today: dt.date | None = None

    @classmethod
    def find(cls, start: Path, *, cache_dir: Path | None = None) -> Project:
        """The project whose plan holds ``start``, or whose ``plan/`` folder is beside
        ``start`` or above it. :class:`PlanNotFoundError` if there is none."""
        start = start.resolve()
        for folder in (start, *start.parents):
            if _is_file(folder / PLAN_FILE):
                return cls.at(folder, cache_dir=cache_dir)
            if _is_file(folder / PLAN_DIR / PLAN_FILE):
                return cls.at(folder / PLAN_DIR, cache_dir=cache_dir)
        raise PlanNotFoundError(start, searched=True)

    @classmethod
    def at(cls, plan_dir: Path, *, cache_dir: Path | None = None) -> Project:
        """The project of the plan in ``plan_dir``; :class:`PlanNotFoundError` if that
        folder holds no ``plan.yaml``."""
        try:
            os.stat(plan_dir / PLAN_FILE)  # a FIFO in its place is the reader's to report
        except (FileNotFoundError, NotADirectoryError):
            raise PlanNotFoundError(plan_dir, missing=not os.path.lexists(plan_dir)) from None
        except OSError as error:  # an unreadable folder
            raise UsageError(
                _("lecture de {folder} impossible : {reason}").format(
                    folder=plan_dir, reason=os_reason(error)
                )
            ) from None
        cache = cache_file(cache_dir, plan_dir) if cache_dir is not None else None
        return cls(plan_dir, plan_dir.absolute().parent, cache)

    @property
    def templates_dir(self) -> Path:
        """Templates of this repository that replace the shipped ones (may not exist)."""
        return self.root / TEMPLATES_DIR

    @property
    def reports_dir(self) -> Path:
        """Where reports are written by default."""
        return self.root / REPORTS_DIR

    @property
    def site_dir(self) -> Path:
        """Where ``tdsplan site`` writes the website by default (git-ignored)."""
        return self.root / SITE_DIR

    def read(
        self, overrides: dict[Path, str | bytes] | None = None, *, only: str | None = None
    ) -> Loaded:
        """Every file of the plan read and checked, problems collected (see
        :func:`tdsplan.store.read_plan`). Each carried action of the plan read is given
        what it inherits from the earlier plan its link names (:attr:`earlier`). A journal
        entry dated after :attr:`today` is a problem; without ``today``, not checked."""
        loaded = read_plan(
            self.plan_dir, overrides, only=only, cache=self.cache_file, today=self.today
        )
        if loaded.plan is not None and self.earlier:
            missing = self._inherit(loaded.plan)
            loaded.problems += [missing_link(a, overrides or {}) for a in missing]
        return loaded

    def _inherit(self, plan: Plan) -> list[Action]:
        """Give each action whose link names an earlier plan of :attr:`earlier` that
        action's state on that plan's last day; an earlier plan that is not valid gives
        nothing (``validate`` says why). Return the actions whose link names an action
        that valid earlier plan does not have (an edit must not write past them)."""
        from tdsplan.state import heritage

        earlier = dict(self.earlier)
        plans: dict[str, dict[str, tuple[Action, Plan]] | None] = {}
        missing = []
        for _o, _ob, action in plan.iter_actions():
            if not action.reprise_de:
                continue
            period, _slash, identifier = action.reprise_de.partition("/")
            if period not in plans:
                plans[period] = None
                origin = earlier.get(period)
                loaded = origin.read() if origin is not None else None
                if loaded is not None and loaded.plan is not None and not loaded.problems:
                    plans[period] = {
                        a.id: (a, loaded.plan) for _p, _q, a in loaded.plan.iter_actions()
                    }
            actions = plans[period]
            found = None if actions is None else actions.get(identifier)
            if found is not None:
                action.inherit(heritage(*found, action.reprise_de))
            elif actions is not None:
                missing.append(action)
        return missing

    def load(self, *, only: str | None = None) -> Plan:
        """The plan, read and valid; :class:`PlanInvalidError` with every problem otherwise.

        ``only`` (an ID) reads just that element's branch when the file names lead to it,
        so that working on one action costs the same in a plan of any size."""
        loaded = self.read(only=only)
        if loaded.problems or loaded.plan is None:
            raise PlanInvalidError(loaded.problems)
        return loaded.plan


def missing_link(action: Action, overrides: Mapping[Path, str | bytes] | None = None) -> Problem:
    """The problem of ``action``'s carry-over link naming an action that the plan of its
    period does not have, placed at the link in its file (as ``overrides`` would leave it)."""
    period, _slash, identifier = (action.reprise_de or "").partition("/")
    where = action.source
    new = (overrides or {}).get(where.file)
    document = (
        read_document(where.file)
        if new is None
        else parse_document(
            where.file, new if isinstance(new, str) else decode_source(where.file, new)[0]
        )
    )
    line, column = document.locate((*where.loc, "reprise_de"))
    message = _("reprise de {period} / {id} : le plan {period} n’a pas d’action {id}").format(
        period=period, id=identifier
    )
    return Problem(where.file, line, column, message)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # an unreadable folder on the way up: not the plan's
        return False

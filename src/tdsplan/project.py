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

import hashlib
from dataclasses import dataclass
from pathlib import Path

from tdsplan.errors import PlanInvalidError, PlanNotFoundError
from tdsplan.models import Plan
from tdsplan.store import PLAN_FILE, Loaded, read_plan

#: The plan folder's usual name, looked for from the starting folder upward.
PLAN_DIR = "plan"
TEMPLATES_DIR = "templates"
REPORTS_DIR = "reports"


@dataclass(frozen=True)
class Project:
    """A plan folder and its repository's folders (templates, reports), plus the file
    where parsed plan files are cached between runs (``None``: no cache)."""

    plan_dir: Path
    root: Path
    cache_file: Path | None = None

    @classmethod
    def find(cls, start: Path, *, cache_dir: Path | None = None) -> Project:
        """The project whose plan holds ``start``, or whose ``plan/`` folder is beside
        ``start`` or above it. :class:`PlanNotFoundError` if there is none."""
        start = start.resolve()
        for folder in (start, *start.parents):
            if (folder / PLAN_FILE).is_file():
                return cls.at(folder, cache_dir=cache_dir)
            if (folder / PLAN_DIR / PLAN_FILE).is_file():
                return cls.at(folder / PLAN_DIR, cache_dir=cache_dir)
        raise PlanNotFoundError(start, searched=True)

    @classmethod
    def at(cls, plan_dir: Path, *, cache_dir: Path | None = None) -> Project:
        """The project of the plan in ``plan_dir``; :class:`PlanNotFoundError` if that
        folder holds no ``plan.yaml``."""
        if not (plan_dir / PLAN_FILE).is_file():
            raise PlanNotFoundError(plan_dir)
        cache = None
        if cache_dir is not None:
            digest = hashlib.sha256(str(plan_dir.resolve()).encode()).hexdigest()[:20]
            cache = cache_dir / f"plan-{digest}.pickle"
        return cls(plan_dir, plan_dir.absolute().parent, cache)

    @property
    def templates_dir(self) -> Path:
        """Templates of this repository that replace the shipped ones (may not exist)."""
        return self.root / TEMPLATES_DIR

    @property
    def reports_dir(self) -> Path:
        """Where reports are written by default."""
        return self.root / REPORTS_DIR

    def read(self, overrides: dict[Path, str] | None = None, *,
             only: str | None = None) -> Loaded:
        """Every file of the plan read and checked, problems collected (see
        :func:`tdsplan.store.read_plan`)."""
        return read_plan(self.plan_dir, overrides, only=only, cache=self.cache_file)

    def load(self, *, only: str | None = None) -> Plan:
        """The plan, read and valid; :class:`PlanInvalidError` with every problem otherwise.

        ``only`` (an ID) reads just that element's branch when the file names lead to it,
        so that working on one action costs the same in a plan of any size."""
        loaded = self.read(only=only)
        if loaded.problems or loaded.plan is None:
            raise PlanInvalidError(loaded.problems)
        return loaded.plan

"""The fiscal calendar: the one place that knows when a plan's fiscal year starts and ends."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from typing import NamedTuple, Protocol

from tdsplan.errors import UsageError
from tdsplan.i18n import _
from tdsplan.models import Plan, PlanInfo
from tdsplan.typed import parse_date, parse_fiscal_year


class Calendar(Protocol):
    """What knows its fiscal year's start: a :class:`~tdsplan.models.Plan`, or the
    few fields of ``plan.yaml`` a repository reads of each plan."""

    @property
    def debut_exercice(self) -> str: ...


#: The fiscal year's first day (``MM-JJ``) of a plan that does not say: 1 April.
DEFAULT_START: str = Plan.model_fields["debut_exercice"].default


@functools.lru_cache(maxsize=256)  # asked for every indicator read, of a handful of years
def first_day(debut_exercice: str, start_year: int) -> dt.date:
    """The first day of the fiscal year starting in ``start_year``, ``debut_exercice``
    being its day of the year as ``plan.yaml`` writes it (``MM-JJ``, ``04-01``)."""
    month, day = (int(part) for part in debut_exercice.split("-"))
    return dt.date(start_year, month, day)


def year_start(debut_exercice: str, date: dt.date) -> int:
    """The start year of the fiscal year holding ``date``."""
    return date.year if date >= first_day(debut_exercice, date.year) else date.year - 1


def fiscal_year(plan: Calendar, start_year: int) -> tuple[dt.date, dt.date]:
    """First and last day of the fiscal year that starts in ``start_year``."""
    start = first_day(plan.debut_exercice, start_year)
    return start, first_day(plan.debut_exercice, start_year + 1) - dt.timedelta(days=1)


def fiscal_year_of(plan: Calendar, date: dt.date) -> int:
    """The start year of the fiscal year holding ``date``."""
    return year_start(plan.debut_exercice, date)


def year_label(start_year: int) -> str:
    """How a fiscal year is written: ``2019-2020`` for the one starting in 2019."""
    return f"{start_year}-{start_year + 1}"


def plan_period(plan: PlanInfo) -> tuple[dt.date, dt.date]:
    """First and last day of the plan: 2018-2023 runs from 1 April 2018 to 31 March 2023."""
    return fiscal_year(plan, plan.periode.debut)[0], fiscal_year(plan, plan.periode.fin - 1)[1]


def plan_fiscal_year(plan: Plan, start_year: int | str) -> int:
    """The start year of a fiscal year of ``plan`` (``2019``, or ``"2019-2020"`` as typed);
    a usage error naming the plan's period when the year is outside it. The fiscal year
    after the plan's end is accepted (a late bilan, the plan's last entries)."""
    if isinstance(start_year, str):
        start_year = parse_fiscal_year(start_year)
    first, last = plan.periode.debut, plan.periode.fin
    if not first <= start_year <= last:
        raise UsageError(
            _(
                "exercice {start}-{end} hors de la période du plan ({first}-{last}) : choisissez "
                "un exercice de {first}-{second} à {late}-{late_end} (un an de plus pour un bilan "
                "tardif)"
            ).format(
                start=start_year,
                end=start_year + 1,
                first=first,
                last=last,
                second=first + 1,
                late=last,
                late_end=last + 1,
            )
        )
    return start_year


def reference_date(
    plan: Plan, today: dt.date, as_of: str | None = None, year: str | None = None
) -> dt.date:
    """The date a command looks at: ``as_of``, the end of fiscal ``year``
    (or ``today`` if that year is not over), or ``today``. A year outside the plan's
    period is refused (see :func:`plan_fiscal_year`)."""
    if as_of is not None:
        return parse_date(as_of)
    if year is not None:
        return min(fiscal_year(plan, plan_fiscal_year(plan, year))[1], today)
    return today


def months_before(date: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day when it is shorter)."""
    year, month = divmod(date.year * 12 + date.month - 1 - months, 12)
    return dt.date(year, month + 1, min(date.day, calendar.monthrange(year, month + 1)[1]))


class PlanPosition(NamedTuple):
    """Where a date stands in the plan's period: ``year`` of ``years`` while it runs."""

    start: dt.date
    end: dt.date
    year: int | None
    years: int

    @property
    def ended(self) -> bool:
        return self.year is not None and self.year > self.years

    @property
    def before(self) -> bool:
        return self.year is None


def period_position(plan: Plan, as_of: dt.date) -> PlanPosition:
    """The plan's period and the fiscal year ``as_of`` falls in (1 for the first one,
    ``years + 1`` once the period is over, ``None`` before it begins)."""
    start, end = plan_period(plan)
    years = plan.periode.fin - plan.periode.debut
    if as_of < start:
        return PlanPosition(start, end, None, years)
    if as_of > end:
        return PlanPosition(start, end, years + 1, years)
    return PlanPosition(start, end, fiscal_year_of(plan, as_of) - plan.periode.debut + 1, years)

"""What an indicator measures at a date: its value, its target and its attainment.

One computation, stated once (the reports' method note says it in words):

* the **value** at a date uses only the journal's measures dated on or before it: a
  *cumul* is its starting value (0 without one) plus the sum of its measures, a
  *niveau*, *pourcentage* or *jalon* is its latest measure; an indicator that the
  journal never measures keeps its ``reel``, without a date;
* the **share of the way** is ``(value − start) / (target − start)``, the start being
  the baseline (``depart``; 0 for a cumul or an up-is-better level without one). Against
  a fiscal year's target (``cibles``), a cumul counts what was added in that year. A
  down-is-better level without a baseline has no way to measure: its share is known only
  once the target is reached. A milestone is reached (1) or not (0);
* the **attainment** is that share clamped to 0–100 %, labelled « atteinte » from the
  plan's ``indicateurs.atteinte`` threshold, « en bonne voie » when it keeps up with the
  time elapsed (``en_bonne_voie`` % of it), « en retard » otherwise.

Every function takes the date as an argument; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from tdsplan.figures import number, percent
from tdsplan.fiscal import fiscal_year, fiscal_year_of, plan_period, year_label
from tdsplan.i18n import _, _mark, current_language, translator
from tdsplan.models import Action, Indicateur, Plan, PlanInfo, SeuilsIndicateurs

#: The attainment labels, by key.
LABELS = {
    "atteinte": _mark("atteinte"),
    "en_bonne_voie": _mark("en bonne voie"),
    "en_retard": _mark("en retard"),
    "a_venir": _mark("à venir"),
}
#: A milestone's values.
JALON = (0.0, 1.0)


@dataclass(frozen=True)
class Period:
    """What a target covers: the plan (``label`` ``None``) or one fiscal year."""

    start: dt.date
    end: dt.date
    label: str | None = None

    def elapsed(self, as_of: dt.date) -> float:
        """The share of the period gone by on ``as_of`` (0 to 1)."""
        if as_of >= self.end:
            return 1.0
        if as_of < self.start:
            return 0.0
        return ((as_of - self.start).days + 1) / ((self.end - self.start).days + 1)


@dataclass(frozen=True)
class Trend:
    """The value against the previous fiscal year's (for a cumul: what each year added)."""

    before: float
    after: float
    better: bool | None  # ``None``: unchanged


@dataclass(frozen=True)
class Reading:
    """An indicator at a date: its value (and the day it was measured), its target,
    the share of the way reached and its label."""

    indicator: Indicateur
    as_of: dt.date
    value: float | None
    measured: dt.date | None
    start: float | None
    target: float | None
    period: Period
    share: float | None = None
    label: str | None = None
    trend: Trend | None = None
    territories: dict[str, float] = field(default_factory=dict)
    #: What is set against the target: the value, or what a cumul added in the year.
    progress: float | None = None

    @property
    def attainment(self) -> float | None:
        """The share of the way in percent, clamped to 0–100."""
        return None if self.share is None else 100 * min(1.0, max(0.0, self.share))

    @property
    def yearly(self) -> bool:
        """Whether the target is a fiscal year's rather than the plan's."""
        return self.period.label is not None

    def data(self) -> dict[str, object]:
        """JSON-ready: the value and its date, the target, the attainment and its label."""
        return {
            "valeur": self.value,
            "date": self.measured.isoformat() if self.measured else None,
            "depart": self.start,
            "cible": self.target,
            "exercice": self.period.label,
            "valeur_exercice": self.progress if self.yearly else None,
            "atteinte": None if self.attainment is None else round(self.attainment, 1),
            "etat": self.label,
            "territoires": dict(self.territories),
        }


def label_text(key: str | None, lang: str | None = None) -> str:
    """The attainment label as a person reads it (« en bonne voie »), « — » when none."""
    return translator(lang or current_language())(LABELS[key]) if key in LABELS else "—"


def attained_text(reading: Reading, lang: str | None = None) -> str:
    """« 92 % · en bonne voie », or « — » when it cannot be told."""
    if reading.attainment is None:
        return "—"
    return f"{percent(reading.attainment, lang)} · {label_text(reading.label, lang)}"


def method_note(plan: Plan, lang: str | None = None) -> str:
    """The method of the attainment, in words, with the plan's thresholds: the one note
    every report prints under its indicators."""
    limits = plan.indicateurs
    say = translator(lang or current_language())
    return say(
        _mark(
            "Valeur : la dernière mesure datée au plus tard à la date du rapport (un cumul : la "
            "somme des mesures depuis le début du plan, ou de l’exercice pour une cible "
            "annuelle). Atteinte : la part du chemin parcouru entre le départ (0 sans départ "
            "connu) et la cible, dans le sens voulu (hausse ou baisse), ramenée entre 0 et "
            "100 % ; « atteinte » à partir de {reached}, « en bonne voie » si elle suit au moins "
            "{pace} du temps écoulé, « en retard » sinon. Tendance : la valeur contre celle de "
            "la fin de l’exercice précédent (un cumul : ce que chaque exercice a ajouté). "
            "« — » : pas de mesure ou pas de cible à cette date."
        )
    ).format(reached=percent(limits.atteinte, lang), pace=percent(limits.en_bonne_voie, lang))


def territories_text(plan: Plan, reading: Reading, lang: str | None = None) -> str:
    """« Joliette 1 · Matawinie 2 » (declared names, in their order), « » without any."""
    return " · ".join(
        f"{plan.territory_name(t)} {number(reading.territories[t], lang)}"
        for t in (t.id for t in plan.territoires)
        if t in reading.territories
    )


def trend_text(reading: Reading, lang: str | None = None) -> str:
    """« ↑ mieux (245 → 412) », « ↓ moins bien (…) », « = stable (…) »; « — » without."""
    found = reading.trend
    if found is None:
        return "—"
    say = translator(lang or current_language())
    word = (
        say(_mark("stable"))
        if found.better is None
        else say(_mark("mieux"))
        if found.better
        else say(_mark("moins bien"))
    )
    arrow = "=" if found.after == found.before else "↑" if found.after > found.before else "↓"
    return f"{arrow} {word} ({number(found.before, lang)} → {number(found.after, lang)})"


def measures(
    action: Action, name: str, as_of: dt.date, since: dt.date | None = None
) -> list[tuple[dt.date, float]]:
    """The journal's measures of indicator ``name`` dated on or before ``as_of`` (and on
    or after ``since``), oldest first."""
    return [
        (e.date, e.indicateurs[name])
        for e in action.journal
        if name in e.indicateurs and e.date <= as_of and (since is None or e.date >= since)
    ]


def running(indicator: Indicateur, values: list[float]) -> float | None:
    """The value that measures ``values`` (oldest first) make: their sum from the
    baseline for a cumul, the latest for any other kind; ``None`` without any."""
    if not values:
        return None
    if indicator.nature == "cumul":
        return (indicator.depart.valeur if indicator.depart else 0.0) + sum(values)
    return values[-1]


def value_at(
    action: Action, indicator: Indicateur, as_of: dt.date
) -> tuple[float | None, dt.date | None]:
    """The indicator's value on ``as_of`` and the day of the latest measure it uses
    (``None`` for a value without a dated measure, or no value at all). A carried action
    starts from the value it inherits (:attr:`Action.heritage`): a cumul adds its own
    measures to it, any other kind keeps it until its own first measure."""
    heritage = action.heritage
    inherited = heritage.indicateurs.get(indicator.nom) if heritage is not None else None
    if not any(indicator.nom in e.indicateurs for e in action.journal):
        if inherited is not None:
            return inherited.valeur, inherited.date
        return indicator.reel, None
    found = measures(action, indicator.nom, as_of)
    if inherited is None:
        return running(indicator, [v for _, v in found]), found[-1][0] if found else None
    if indicator.nature == "cumul":
        return inherited.valeur + sum(v for _, v in found), found[-1][
            0
        ] if found else inherited.date
    return (found[-1][1], found[-1][0]) if found else (inherited.valeur, inherited.date)


def _start(indicator: Indicateur) -> float | None:
    if indicator.depart is not None:
        return indicator.depart.valeur
    if indicator.nature == "cumul" or indicator.sens == "hausse":
        return 0.0
    return None


def share_of_way(
    indicator: Indicateur, value: float, start: float | None, target: float
) -> float | None:
    """How far ``value`` has gone from ``start`` to ``target`` (1: there), direction-aware,
    unclamped; ``None`` when it cannot be told (a down-is-better level without a
    baseline that has not reached its target)."""
    if indicator.nature == "jalon":
        return 1.0 if value >= 1 else 0.0
    reached = value <= target if indicator.sens == "baisse" else value >= target
    if start is None or start == target:
        return 1.0 if reached else None if start is None else 0.0
    return (value - start) / (target - start)


def _period(plan: Plan, indicator: Indicateur, as_of: dt.date, yearly: bool) -> Period:
    first, last = plan_period(plan)
    if yearly:
        year = fiscal_year_of(plan, min(max(as_of, first), last))
        label = year_label(year)
        if label in indicator.cibles:
            return Period(*fiscal_year(plan, year), label)
    return Period(first, last)


def _labelled(
    share: float | None, elapsed: float, indicator: Indicateur, limits: SeuilsIndicateurs
) -> str | None:
    if share is None:
        return None
    if share >= limits.atteinte / 100:
        return "atteinte"
    if elapsed >= 1:  # the period is over: a target not reached is no longer on its way
        return "en_retard"
    if indicator.nature == "jalon":
        return "a_venir"
    return "en_bonne_voie" if share >= limits.en_bonne_voie / 100 * elapsed else "en_retard"


def read(
    plan: Plan, action: Action, indicator: Indicateur, as_of: dt.date, *, yearly: bool = False
) -> Reading:
    """The indicator of ``action`` on ``as_of``: only measures dated on or before it count.

    ``yearly`` measures against the target of the fiscal year of ``as_of`` when the
    indicator has one (a cumul then counts what that year added), else against the
    plan's."""
    period = _period(plan, indicator, as_of, yearly)
    value, measured = value_at(action, indicator, as_of)
    start = _start(indicator)
    target = indicator.cibles[period.label] if period.label else indicator.cible
    if indicator.nature == "jalon":
        target, start = 1.0, 0.0
    progress = value
    if period.label and indicator.nature == "cumul":
        start = 0.0
        added = measures(action, indicator.nom, as_of, since=period.start)
        progress = sum(v for _, v in added) if value is not None else None
    share = (
        None
        if progress is None or target is None
        else share_of_way(indicator, progress, start, target)
    )
    return Reading(
        indicator,
        as_of,
        value,
        measured,
        start,
        target,
        period,
        share,
        _labelled(share, period.elapsed(as_of), indicator, plan.indicateurs),
        trend(plan, action, indicator, as_of),
        territories_at(action, indicator, as_of),
        progress,
    )


def _year_added(action: Action, indicator: Indicateur, start: dt.date, end: dt.date) -> float:
    return sum(v for _, v in measures(action, indicator.nom, end, since=start))


def trend(plan: Plan, action: Action, indicator: Indicateur, as_of: dt.date) -> Trend | None:
    """The value on ``as_of`` against the one a fiscal year earlier (for a cumul, what
    the fiscal year of ``as_of`` added against what the one before added); ``None``
    without a dated measure on both sides."""
    year = fiscal_year_of(plan, as_of)
    start, _end = fiscal_year(plan, year)
    before_start, before_end = fiscal_year(plan, year - 1)
    if not measures(action, indicator.nom, before_end):
        return None
    if indicator.nature == "cumul":
        before = _year_added(action, indicator, before_start, before_end)
        after = _year_added(action, indicator, start, as_of)
        if not measures(action, indicator.nom, as_of, since=before_start):
            return None  # nothing counted in either year: no trend to tell
    else:
        before_value = value_at(action, indicator, before_end)[0]
        after_value = value_at(action, indicator, as_of)[0]
        if before_value is None or after_value is None:
            return None
        before, after = before_value, after_value
    if after == before:
        return Trend(before, after, None)
    return Trend(before, after, (after < before) == (indicator.sens == "baisse"))


def territories_at(action: Action, indicator: Indicateur, as_of: dt.date) -> dict[str, float]:
    """The value by territory on ``as_of``: for a cumul, the sum of each territory's
    measures; for a level, the latest measure's breakdown. Empty unless every measure it
    stands for has its breakdown, so that the parts shown always make up the value shown
    (a cumul whose earlier measures were not split has no breakdown of its total)."""
    result: dict[str, float] = {}
    for entry in action.journal:
        if entry.date > as_of or indicator.nom not in entry.indicateurs:
            continue
        split = entry.par_territoire.get(indicator.nom)
        if split is None:
            result = {}
            if indicator.nature == "cumul":
                return {}
            continue
        if indicator.nature == "cumul":
            for territory, value in split.items():
                result[territory] = result.get(territory, 0.0) + value
        else:
            result = dict(split)
    return dict(sorted(result.items()))


@dataclass(frozen=True)
class YearValue:
    """One fiscal year of an indicator: its target (``cibles``) and what was measured in
    it by the date asked (a cumul: what the year added; any other kind: the value at the
    year's end, or on the date within it); ``actual`` ``None`` without a measure."""

    label: str
    start: dt.date
    end: dt.date
    target: float | None
    actual: float | None


def by_year(plan: Plan, action: Action, indicator: Indicateur, as_of: dt.date) -> list[YearValue]:
    """Every fiscal year of the plan for ``indicator``, oldest first, measured by ``as_of``
    (a year that starts after it has no actual)."""
    every = measures(action, indicator.nom, as_of)  # the journal read once, oldest first
    result = []
    for year in range(plan.periode.debut, plan.periode.fin):
        start, end = fiscal_year(plan, year)
        label = year_label(year)
        actual: float | None = None
        until = min(end, as_of)
        if start <= as_of:
            found = [(day, v) for day, v in every if start <= day <= until]
            if indicator.nature == "cumul":
                actual = sum(v for _, v in found) if found else None
            elif found or (every and every[0][0] <= until):  # measured by then
                actual = value_at(action, indicator, until)[0]
        result.append(YearValue(label, start, end, indicator.cibles.get(label), actual))
    return result


def readings(plan: Plan, action: Action, as_of: dt.date, *, yearly: bool = False) -> list[Reading]:
    """Every indicator of ``action`` read on ``as_of`` (see :func:`read`)."""
    return [read(plan, action, i, as_of, yearly=yearly) for i in action.indicateurs]


# -- Validation: the rules a single file cannot tell ------------------------------------

Loc = tuple[str | int, ...]


def _bounded(indicator: Indicateur, value: float) -> str | None:
    if indicator.nature == "pourcentage" and not 0 <= value <= 100:
        return _("{value} hors de 0 à 100 pour l’indicateur « {name} », un pourcentage").format(
            value=number(value), name=indicator.nom
        )
    if indicator.nature == "jalon" and value not in JALON:
        return _(
            "{value} pour l’indicateur « {name} », un jalon : écrivez 1 (atteint) ou 0 (pas encore)"
        ).format(value=number(value), name=indicator.nom)
    return None


def _indicator_values(indicator: Indicateur) -> Iterator[tuple[Loc, float]]:
    if indicator.depart is not None:
        yield ("depart", "valeur"), indicator.depart.valeur
    for key in ("cible", "reel"):
        value = getattr(indicator, key)
        if value is not None:
            yield (key,), value
    for year, value in indicator.cibles.items():
        yield ("cibles", year), value


def problems(info: PlanInfo, action: Action) -> Iterator[tuple[Loc, str]]:
    """Indicator problems of ``action`` that need the plan: targets of fiscal years
    outside its period, values out of their kind's range, territory values that do not
    agree with their total or name an undeclared territory. Each comes with the YAML
    path of the node to point at, from the action."""
    years = {year_label(y) for y in range(info.periode.debut, info.periode.fin)}
    by_name = {i.nom: i for i in action.indicateurs}
    for index, indicator in enumerate(action.indicateurs):
        for where, value in _indicator_values(indicator):
            message = _bounded(indicator, value)
            if message:
                yield ("indicateurs", index, *where), message
        for year in indicator.cibles:
            if years and year not in years:  # an empty period is said once, on plan.yaml
                yield (
                    ("indicateurs", index, "cibles", year),
                    _("exercice {year} hors de la période du plan ({years})").format(
                        year=year, years=", ".join(sorted(years))
                    ),
                )
    for index, entry in enumerate(action.journal):
        loc: Loc = ("journal", index)
        for name, value in entry.indicateurs.items():
            message = _bounded(by_name[name], value) if name in by_name else None
            if message:
                yield (*loc, "indicateurs", name), message
        for name, split in entry.par_territoire.items():
            yield from _split_problems(
                info,
                by_name.get(name),
                name,
                split,
                entry.indicateurs.get(name),
                (*loc, "par_territoire"),
            )


def _split_problems(
    info: PlanInfo,
    indicator: Indicateur | None,
    name: str,
    split: dict[str, float],
    total: float | None,
    loc: Loc,
) -> Iterator[tuple[Loc, str]]:
    declared = [t.id for t in info.territoires]
    for territory in split:
        if territory not in declared:
            yield (
                (*loc, name, territory),
                _(
                    "territoire « {id} » inconnu ; territoires déclarés dans plan.yaml : {ids}"
                ).format(id=territory, ids=", ".join(declared) or _("aucun")),
            )
    if indicator is None:
        return  # the journal's own check names the unknown indicator
    if total is None:
        yield (
            (*loc, name),
            _(
                "valeurs par territoire de « {name} » sans total : inscrivez aussi le total sous "
                "« indicateurs » ({name}: …)"
            ).format(name=name),
        )
    elif indicator.nature == "cumul" and abs(sum(split.values()) - total) > 1e-9 * max(
        1.0, abs(total)
    ):
        yield (
            (*loc, name),
            _(
                "la somme des territoires de « {name} » ({sum}) diffère du total inscrit "
                "({total}) : pour un cumul, le total est leur somme"
            ).format(name=name, sum=number(sum(split.values())), total=number(total)),
        )
    elif (
        indicator.nature != "cumul"
        and split
        and not (min(split.values()) <= total <= max(split.values()))
    ):
        yield (
            (*loc, name),
            _(
                "le total inscrit de « {name} » ({total}) n’est pas entre la plus petite et la "
                "plus grande valeur des territoires ({low} et {high})"
            ).format(
                name=name,
                total=number(total),
                low=number(min(split.values())),
                high=number(max(split.values())),
            ),
        )

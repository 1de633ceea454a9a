"""The report's phrases, macros and filters for the DOCX, typed, in the report's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from tdsplan.render import environment
from tdsplan.report import ActionReport, OrientationReport, Report
from tdsplan.vocabulary import Statut

if TYPE_CHECKING:
    from tdsplan.adoption import Correction
    from tdsplan.bilan import Decision, Fact, Move
    from tdsplan.indicators import Reading
    from tdsplan.models import Formule, Plan


class Words:
    """The templates' phrases, macros and filters in the report's language, typed."""

    def __init__(self, lang: str, template_dirs: list[Path], report: Report) -> None:
        """The words of the reports' environment in ``lang``, the macros bound to ``report``."""
        env = environment(lang, template_dirs)
        self.lang = lang
        self.colon, self.semicolon = str(env.globals["colon"]), str(env.globals["semicolon"])
        self._say = _function(env.globals, "_")
        self._plural = _function(env.globals, "ngettext")
        self._filters = env.filters
        self._macros = env.get_template("_macros.j2").make_module({"r": report})
        self._brief = env.get_template("_etat.j2").make_module({"r": report})

    def say(self, phrase: str) -> str:
        """``phrase`` translated, with the language's spacing (the templates' ``_``)."""
        return str(self._say(phrase))

    def plural(self, singular: str, plural: str, n: int) -> str:
        """The form that agrees with ``n``, ``{n}`` filled in (the templates' ``ngettext``)."""
        return str(self._plural(singular, plural, n))

    def _filter(self, name: str, *args: object) -> str:
        """The render filter ``name`` applied to ``args``."""
        return str(self._filters[name](*args))

    def _macro(self, name: str, *args: object) -> str:
        """The text of the ``_macros.j2`` macro ``name``."""
        return str(getattr(self._macros, name)(*args))

    def _brief_macro(self, name: str, *args: object) -> str:
        """The text of the ``_etat.j2`` macro ``name`` (the meeting brief's)."""
        return str(getattr(self._brief, name)(*args))

    def fr(self, text: str) -> str:
        """``text`` with the language's spacing (non-breaking before « : » in French)."""
        return self._filter("fr", text)

    def date(self, day: dt.date) -> str:
        """A long date: « 31 mars 2020 »."""
        return self._filter("date", day)

    def pct(self, value: float | None) -> str:
        """A percentage: « 40 % »."""
        return self._filter("pct", value)

    def num(self, value: float | None) -> str:
        """A number, with a decimal comma in French."""
        return self._filter("num", value)

    def status(self, statut: Statut) -> str:
        """A status's label: « En cours »."""
        return self._filter("status", statut)

    def status_help(self, statut: Statut) -> str:
        """What a status means, for the legend."""
        return self._filter("status_help", statut)

    def status_count(self, statut: Statut, n: int) -> str:
        """« 3 en cours »: a status and how many actions have it."""
        return self._filter("status_count", statut, n)

    def title(self, report: Report) -> str:
        """The report's title: « Bilan annuel 2019-2020 »."""
        return self._macro("title", report)

    def covered(self, report: Report) -> str:
        """The covered period: « du 1er avril 2019 au 31 mars 2020 »."""
        return self._macro("covered", report)

    def during(self, report: Report) -> str:
        """« Pendant l’exercice », or the whole plan, or since the year began."""
        return self._macro("during", report)

    def summary(self, report: Report) -> str:
        """The period's story in two sentences: actions completed, started, late."""
        return self._macro("summary", report)

    def plans(self, report: Report) -> str:
        """Which plan this is, among the repository's other plans."""
        return self._macro("plans", report)

    def carried(self, report: Report) -> str:
        """How many actions pass on to the next plan, and how many of them are late."""
        return self._macro("carried", report)

    def carried_into(self, report: Report, line: ActionReport) -> str:
        """Where an unfinished action went in the next plan."""
        return self._macro("carried_into", report, line)

    def indicator_value(self, reading: Reading, plan: Plan) -> str:
        """An indicator's value at the report's date, with its date and its values by
        territory (the templates')."""
        return self._macro("indicator_value", reading, plan)

    def attained(self, reading: Reading) -> str:
        """« 92 % · en bonne voie »."""
        return self._filter("attained", reading)

    def trend(self, reading: Reading) -> str:
        """« ↑ mieux (110 → 135) »."""
        return self._filter("trend", reading)

    def formula(self, formula: Formule) -> str:
        """How the progress is computed, in words."""
        return self._macro("formula", formula)

    def done_of(self, report: Report) -> str:
        """« 4 actions réalisées sur 27 » (« sur les 5 actions que finance Centraide »)."""
        return self._macro("done_of", report)

    def done_rest(self, report: Report) -> str:
        """What follows the number of done actions: « actions réalisées sur 27 »."""
        return self._macro("done_rest", report)

    def state_counts(self, report: Report) -> str:
        """The cumulative state after the done actions: « 7 en cours, 8 activités … »."""
        return self._macro("state_counts", report)

    def formula_line(self, formula: Formule) -> str:
        """What the weighted percentage is, in one line."""
        return self._macro("formula_line", formula)

    def adopted(self, report: Report) -> str:
        """« Adopté par … le 15 juin 2020 (résolution …). », or that it is a draft."""
        return self._macro("adopted", report)

    def note(self, fact: Fact) -> str:
        """A journal note without its final period."""
        return self._macro("note", fact)

    def measures(self, fact: Fact) -> str:
        """The numbers an entry measured: « Participants : 120 »."""
        return self._macro("measures", fact)

    def during_counts(self, o: OrientationReport) -> str:
        """What an orientation did during the period, in counts."""
        return self._macro("during_counts", o)

    def outcome(self, o: OrientationReport) -> str:
        """A final bilan's outcome of an orientation, in a sentence."""
        return self._macro("outcome", o)

    def move(self, move: Move) -> str:
        """« reportée le 3 mars 2020 ; échéance … → … »."""
        return self._macro("move", move)

    def quote(self, text: str) -> str:
        """A text someone wrote, between the language's quotes."""
        return self._macro("quote", text)

    def correction(self, correction: Correction) -> str:
        """An entry added or removed after the adoption of its year."""
        return self._macro("correction", correction)

    def thanks(self, report: Report) -> str:
        """The thanks to the funders the editorial does not name (empty if none)."""
        return self._macro("thanks", report)

    def since(self, report: Report) -> str:
        """« depuis le 1er février 2020 », or since a revision (the brief's)."""
        return self._brief_macro("since", report)

    def moved(self, report: Report) -> set[str]:
        """The brief's entries that changed a status or a due date (« 1.1.2@2020-02-03 »)."""
        return set(self._brief_macro("moved", report).split())

    def decision(self, decision: Decision) -> str:
        """The question a late or postponed action asks of the committee."""
        return self._brief_macro("decision", decision)


def _function(names: Mapping[str, object], name: str) -> Callable[..., object]:
    """The function ``name`` of the environment's globals (Jinja types them ``object``)."""
    function = names[name]
    if not callable(function):  # pragma: no cover - render.environment() always sets them
        raise TypeError(f"the report environment's {name!r} is not a function")
    return function

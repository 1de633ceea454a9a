"""The public site's files beside its pages: the Atom feeds of the journal's news, the
calendar of due dates and meetings, and the plan's data to download (made by
:mod:`tdsplan.export`, the same as ``tdsplan export``)."""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import json
import re
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from tdsplan.export import (
    actions_csv,
    indicators_csv,
    indicators_data,
    indicators_json,
    plan_data,
)
from tdsplan.i18n import translator
from tdsplan.sitecalendar import Event, calendar
from tdsplan.sitefeeds import FEED_ENTRIES, News, atom_feed, feed_id, plan_news
from tdsplan.sitekeys import Digests, file_key
from tdsplan.sitepieces import OldPieces, csv_pieces, plan_pieces
from tdsplan.vocabulary import Statut, status_label

if TYPE_CHECKING:
    from tdsplan.models import Plan
    from tdsplan.sitepages import SiteData

#: The data to download, at the site's root (the same files in every language).
DOWNLOADS = (
    "donnees/plan.json",
    "donnees/actions.csv",
    "donnees/indicateurs.json",
    "donnees/indicateurs.csv",
)
FEED = "flux.xml"
CALENDAR = "calendrier.ics"
#: A due date is in the calendar until the action is over.
OVER = (Statut.REALISEE, Statut.ABANDONNEE)


def extra_names(data: SiteData, langs: tuple[str, ...]) -> list[str]:
    """The names of the files :func:`extra_files` makes, without making them."""
    names = list(DOWNLOADS)
    for prefix in _prefixes(langs):
        names += [prefix + FEED, *(_orientation_feed(prefix, o.id) for o in data.plan.orientations)]
        names.append(prefix + CALENDAR)
    return names


def _prefixes(langs: tuple[str, ...]) -> list[str]:
    """Where each language's files go: the first at the root, the others in ``en/``..."""
    return ["" if index == 0 else f"{lang}/" for index, lang in enumerate(langs)]


def _orientation_feed(prefix: str, orientation: str) -> str:
    return f"{prefix}orientation/{orientation}.xml"


#: A number of a JSON text that Python's json writes otherwise than pydantic (below 1e-4:
#: « 5e-05 » and « 0.00005 »), or text that looks like one.
_SMALL_NUMBER = re.compile(r"[:,\[]-?(?:0\.0000|\d(?:\.\d+)?e-)")


_SMALL_NUMBER_BYTES = re.compile(_SMALL_NUMBER.pattern.encode("ascii"))


def small_number(text: bytes) -> bool:
    """Whether :data:`_SMALL_NUMBER` is found in ``text``, looked for only around each
    « 0.0000 » and « e- » (one of them is in every match; ``bytes.find`` is four times as
    fast as the search): from the digits and points before it."""
    for needle in (b"0.0000", b"e-"):
        at = text.find(needle)
        while at != -1:
            start = at
            while needle == b"e-" and start and text[start - 1] in b"0123456789.":
                start -= 1
            # A match begins with one of « :,[ » and perhaps a minus sign, then these.
            if any(_SMALL_NUMBER_BYTES.match(text, s) for s in range(max(0, start - 2), start)):
                return True
            at = text.find(needle, at + 1)
    return False


def plan_json(plan: Plan, pieces: Callable[[], bytes | None] | None = None) -> bytes:
    """:func:`tdsplan.export.plan_data` as compact JSON (a program reads it; 10,000
    actions: 14 MB instead of 31), written by pydantic (six times as fast) when its
    text is the one Python's json writes: the plan's numbers are finite and at most
    1e12 (:data:`tdsplan.modelbase.MAX_NUMBER`), so only those below 1e-4 differ.
    ``pieces`` makes pydantic's text from pieces (:func:`tdsplan.sitepieces.plan_pieces`)."""
    fast = pieces() if pieces is not None else None
    if fast is None:
        fast = plan.model_dump_json(exclude={"porteurs"}).encode("utf-8")
    if not small_number(fast):
        return fast
    return json.dumps(plan_data(plan), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def extra_keys(
    data: SiteData, langs: tuple[str, ...], shared: str, keys: Digests
) -> dict[str, str]:
    """The key of each file :func:`extra_files` makes (:mod:`tdsplan.sitekeys`): the
    downloads of the plan and the plan's feed the whole plan's, those of the indicators
    the indicators', an orientation's feed its orientation's, the calendar the digests of
    the actions it tells (a due date in force, not over) and the bilans adopted."""
    found = {name: file_key(shared, name, keys.whole) for name in DOWNLOADS[:2]}
    found.update({name: file_key(shared, name, keys.indicators) for name in DOWNLOADS[2:]})
    due = [keys.actions[a.id] for a in data.actions if a.echeance and a.state.statut not in OVER]
    for prefix in _prefixes(langs):
        found[prefix + FEED] = file_key(shared, prefix + FEED, keys.whole)
        for o in data.plan.orientations:
            name = _orientation_feed(prefix, o.id)
            found[name] = file_key(shared, name, keys.orientations[o.id])
        found[prefix + CALENDAR] = file_key(shared, prefix + CALENDAR, repr(data.stories), due)
    return found


def piece_keys(data: SiteData, shared: str, keys: Digests) -> dict[str, str]:
    """The key of each orientation's piece of the plan's downloads: its digest and what
    every file shares (the territories' and funders' names among it)."""
    return {
        o.id: file_key(shared, "piece", keys.orientations[o.id]) for o in data.plan.orientations
    }


def extra_files(
    data: SiteData,
    langs: tuple[str, ...],
    long_date: Callable[[dt.date, str], str],
    only: Collection[str] | None = None,
    old: OldPieces | None = None,
    keys: dict[str, str] | None = None,
) -> dict[str, bytes]:
    """Every feed, calendar and download of the site, by name (``long_date`` writes a
    date in a language); only those named in ``only`` if given. The downloads of the
    plan are made of pieces (:mod:`tdsplan.sitepieces`) when ``old`` is given, each
    orientation's keyed by ``keys`` (:func:`piece_keys`)."""
    plan = data.plan
    wanted = set(extra_names(data, langs) if only is None else only)
    files = _downloads(data, wanted, old, keys)
    prefixes = _prefixes(langs)
    # Each orientation's news only when one of its feeds is to be made.
    by_orientation: dict[str, list[News] | None] = {
        o.id: plan_news(plan, data.as_of, o)
        if any(_orientation_feed(p, o.id) in wanted for p in prefixes)
        else None
        for o in plan.orientations
    }
    news: list[News] = []
    if any(p + FEED in wanted for p in prefixes):
        news = newest(plan, data.as_of, list(by_orientation.values()))
    for lang, prefix in zip(langs, _prefixes(langs), strict=True):
        t = translator(lang)

        def date_text(day: dt.date, lang: str = lang) -> str:
            return long_date(day, lang)

        feeds = [(prefix + FEED, news, t("Nouvelles du plan — {plan}"), "index.html", "")]
        feeds += [
            (
                _orientation_feed(prefix, o.id),
                by_orientation[o.id] or [],
                t("Nouvelles de l’orientation {id} — {plan}"),
                f"orientation/{o.id}.html",
                o.id,
            )
            for o in plan.orientations
        ]
        for name, items, title, page, orientation in feeds:
            if name in wanted:
                files[name] = atom_feed(
                    plan,
                    items,
                    lang=lang,
                    title=title.format(id=orientation, plan=plan.titre),
                    here=name,
                    page=prefix + page,
                    as_of=data.as_of,
                    date_text=date_text,
                )
        if prefix + CALENDAR in wanted:
            files[prefix + CALENDAR] = calendar(
                t("Échéances — {plan}").format(plan=plan.titre),
                feed_id(plan, "calendrier"),
                events(data, lang, prefix),
                data.as_of,
            )
    return files


def newest(plan: Plan, as_of: dt.date, told: list[list[News] | None]) -> list[News]:
    """The plan's news (:func:`tdsplan.sitefeeds.plan_news`), from those of each
    orientation when all are ``told`` (the newest of the plan are among the newest of
    their orientation), else read again."""
    if any(news is None for news in told):
        return plan_news(plan, as_of)
    every = [item for news in told for item in news or []]
    return heapq.nlargest(FEED_ENTRIES, every, key=lambda n: (n.entry.date, n.action_id, n.index))


def _downloads(
    data: SiteData, wanted: set[str], old: OldPieces | None, keys: dict[str, str] | None
) -> dict[str, bytes]:
    """The downloads of :func:`extra_files` named in ``wanted``."""
    plan = data.plan
    json_name, csv_name = DOWNLOADS[:2]
    # The indicators read once for their JSON and their CSV.
    indicators = functools.cache(lambda: indicators_data(plan, data.as_of))

    def whole_json() -> bytes:
        if old is None or keys is None:
            return plan_json(plan)
        fast = plan_pieces(plan, keys, old, json_name)
        made = plan_json(plan, lambda: fast)
        if made is not fast:
            old.made.pop(json_name, None)  # written by json, not of these pieces
        return made

    makers: dict[str, Callable[[], str | bytes]] = {
        json_name: whole_json,
        csv_name: lambda: (
            actions_csv(plan)
            if old is None or keys is None
            else csv_pieces(plan, keys, old, csv_name)
        ),
        DOWNLOADS[2]: lambda: indicators_json(indicators()),
        DOWNLOADS[3]: lambda: indicators_csv(indicators()),
    }
    files = {}
    for name, make in makers.items():
        if name in wanted:
            made = make()
            files[name] = made.encode("utf-8") if isinstance(made, str) else made
    return files


def events(data: SiteData, lang: str, prefix: str) -> list[Event]:
    """The calendar's events in ``lang``: each due date in force of an action not over,
    and the meetings that adopted a bilan."""
    t = translator(lang)
    colon = "\u00a0:" if lang == "fr" else ":"
    address = data.plan.publication.adresse
    base = (address.rstrip("/") + "/" + prefix) if address else None
    found = []
    for a in data.actions:
        if a.echeance is None or a.state.statut in OVER:
            continue
        details = [f"{t('Statut')}{colon} {status_label(a.state.statut, lang)}"]
        if a.porteur:
            details.append(f"{t('Porteur')}{colon} {a.porteur}")
        found.append(
            Event(
                f"echeance|{a.id}",
                a.echeance,
                f"{t('Échéance')}{colon} {a.id} {a.action.titre}",
                "\n".join(details),
                f"{base}action/{a.id}.html" if base else None,
            )
        )
    resolution = t("Résolution")  # outside the f-string, where the catalogue finds it
    for story in data.stories:
        found.append(
            Event(
                f"adoption|{story.label}",
                story.adopted or data.as_of,
                t("Adoption du bilan {year}").format(year=story.label)
                + (f" ({story.body})" if story.body else ""),
                f"{resolution}{colon} {story.resolution}" if story.resolution else "",
            )
        )
    return found

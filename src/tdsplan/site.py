"""The plan as a static website: a public dashboard opened from a folder or any host.

:func:`build_site` turns the state tree of :func:`tdsplan.query.plan_state` into
pages (home, one page per orientation, objective and action, « À surveiller », one
page per fiscal year, search) and writes them under one folder. Pages are laid out
by the templates of ``templates/site/`` through :mod:`tdsplan.render`; this module
only decides what each page shows.

The same plan on the same date gives the same bytes, and a rebuild rewrites only
the files whose bytes changed. A manifest (:data:`MANIFEST`) records each file the
last build wrote with the hash of its bytes, so that a rebuild removes the pages of
deleted actions and nothing else (:mod:`tdsplan.sitefiles` says how). The site is never
written into a plan folder, a ``tdsplan.toml`` or a ``.git`` folder (:mod:`tdsplan.outputs`),
and only the reports that are regular files (no link) are published.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tdsplan.errors import UsageError
from tdsplan.figures import long_date
from tdsplan.i18n import LANGUAGES, _
from tdsplan.models import Plan
from tdsplan.outputs import check_path
from tdsplan.progress import Progress, tell
from tdsplan.sitefiles import (  # noqa: F401  (raised by build_site)
    MANIFEST,
    Rendered,
    SiteError,
    SiteLinkError,
    SiteResult,
    Stamp,
    check,
    digest,
    load_stamps,
    previous_files,
    previous_keys,
    refuse_links,
    regular,
    stamps_file,
    write_if_changed,
    write_site,
)
from tdsplan.sitehtml import Pieces
from tdsplan.sitekeys import Digests, digests, page_key, shared_key
from tdsplan.sitepages import (
    SiteData,
    Story,
    site_data,
)

if TYPE_CHECKING:
    from tdsplan.sitepieces import OldPieces
    from tdsplan.sitesearch import PagePieces

#: Files shipped with the templates and copied as they are.
ASSETS = ("site.css", "site.js", "favicon.svg")


def parse_languages(text: str) -> tuple[str, ...]:
    """``fr``, ``en``, ``fr,en``: the site's languages, the first one at the site's root."""
    langs = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [lang for lang in langs if lang not in LANGUAGES]
    if not langs or unknown:
        raise UsageError(
            _("langue du site « {text} » invalide : fr, en ou fr,en").format(text=text)
        )
    return langs


def build_site(
    plan: Plan,
    out: Path,
    as_of: dt.date,
    langs: tuple[str, ...] = ("fr",),
    reports_dir: Path | None = None,
    workers: int | None = None,
    protected: Iterable[Path] = (),
    stories: list[Story] | None = None,
    logo: Path | None = None,
    progress: Progress | None = None,
    cache_dir: Path | None = None,
) -> SiteResult:
    """Write the site of ``plan`` on ``as_of`` into ``out`` and say what was written.

    ``out`` must be missing, empty, or a site an earlier build wrote (it holds
    :data:`MANIFEST`). A rebuild removes only the files it can prove it wrote (see the
    module's docstring), never one inside the ``protected`` folders (the plan folders);
    a link where a page or one of its folders goes is refused (:class:`SiteLinkError`)
    before anything is written. Pages are rendered by ``workers`` processes (default:
    one per processor for a large plan, one for a small one); the bytes written do not
    depend on it. ``stories`` are the bilans adopted (the latest with its words), ``logo`` the
    organisation's logo (``logo.svg`` or ``logo.png``), published as they are. ``progress``
    hears of the pages rendered. ``cache_dir`` (the user's cache folder) keeps what
    spares the next build reading every file again (:func:`tdsplan.sitefiles.check`).
    """
    check_path(out)  # not into a plan folder, a tdsplan.toml, a .git (links resolved)
    _started[:] = [time.time_ns()]
    previous = previous_files(out)
    protected = tuple(Path(os.path.realpath(folder)) for folder in protected)
    # The plan's objects live as long as the build: left out of the garbage collector's
    # scans, computing and rendering thousands of pages costs half as much (and forked
    # workers do not copy every object's memory page to update its collector header).
    gc.freeze()
    try:
        data = site_data(
            plan, as_of, reports_dir, stories, f"logo{logo.suffix}" if logo is not None else None
        )
        stamps = stamps_file(cache_dir, out) if cache_dir is not None else None
        return _build(
            data, out, langs, reports_dir, workers, previous, protected, logo, progress, stamps
        )
    finally:
        gc.unfreeze()


def _build(
    data: SiteData,
    out: Path,
    langs: tuple[str, ...],
    reports_dir: Path | None,
    workers: int | None,
    previous: dict[str, str | None],
    protected: tuple[Path, ...],
    logo: Path | None,
    progress: Progress | None = None,
    stamps_at: Path | None = None,
) -> SiteResult:
    from tdsplan import render  # Jinja: loaded only when a site is built
    from tdsplan.siteextras import extra_keys, extra_names
    from tdsplan.sitepieces import OldPieces
    from tdsplan.sitesearch import PagePieces

    files: dict[str, bytes | Path] = {}
    for name in ASSETS:
        files[f"assets/{name}"] = render.site_asset(name)
    if logo is not None and data.logo is not None:
        files[f"assets/{data.logo}"] = logo
    for year in data.years:
        for report in year.reports:
            assert reports_dir is not None
            files[f"rapports/{report.name}"] = reports_dir / report.name
    shared = shared_key(data, langs, render.SITE_TEMPLATES)
    keys = digests(shared, data)
    recorded, years, pieces = previous_keys(out)
    stamps = {
        name: stamp
        for name, (known, stamp) in load_stamps(stamps_at, out).items()
        if previous.get(name) == known  # a stamp stands for the bytes of that hash only
    }
    if data.years:  # the years' stories of the last build, taken back if still true
        data.years[0].years.remember(keys.years, years)
    search = PagePieces(out, pieces, shared, keys)
    jobs = _jobs_of(data, langs, shared, keys, search)
    pages = [name for name, *_rest in jobs]
    extras = extra_names(data, langs)
    refuse_links(out, [*files, *extras, *pages, MANIFEST])
    # A page or file whose key the last build recorded, and whose file still holds the
    # bytes it wrote, is not made again.
    extras_keys = extra_keys(data, langs, shared, keys)
    kept = _kept(out, extras_keys, recorded, previous, stamps)
    files.update({name: b"" for name in kept})  # their bytes are in the folder already
    made = _extras(data, langs, shared, keys, OldPieces(out, pieces), extras, kept, files)
    _unchanged.clear()
    _unchanged.update(
        (name, (digest, stamps.get(name)))
        for name, _t, _l, key, _c in jobs
        if recorded.get(name) == key and (digest := previous.get(name)) is not None
    )
    rendered = {template for name, template, *_rest in jobs if name not in _unchanged}
    if rendered:
        data.prepare(rendered)
    _searching[:] = [search]
    try:
        written = _render_pages(out, jobs, workers, progress)
    finally:
        _unchanged.clear()
        _searching.clear()
    made.update(search.made)
    # The pieces of the pages not rendered, as the last build made them: the same bytes.
    same = {name for name, digest, _w, _s in written if previous.get(name) == digest}
    made.update({n: pieces[n] for n in same if n in pieces and n not in made})
    return write_site(
        out,
        files,
        pages,
        written,
        previous,
        protected,
        {**{name: key for name, _t, _l, key, _c in jobs}, **extras_keys},
        data.years[0].years.record() if data.years else None,
        kept,
        stamps_at,
        made,
    )


def _extras(
    data: SiteData,
    langs: tuple[str, ...],
    shared: str,
    keys: Digests,
    old: OldPieces,
    extras: list[str],
    kept: dict[str, tuple[str, Stamp | None]],
    files: dict[str, bytes | Path],
) -> dict[str, Any]:
    """Make into ``files`` the feeds, calendars and downloads not ``kept``; the pieces
    of the downloads made now, and of those kept as the last build made them."""
    from tdsplan.siteextras import extra_files, piece_keys

    if len(kept) < len(extras):
        todo = [n for n in extras if n not in kept]
        keyed = piece_keys(data, shared, keys)
        files.update(extra_files(data, langs, long_date, todo, old, keyed))
    made: dict[str, Any] = dict(old.made)
    made.update({n: old.recorded[n] for n in kept if n in old.recorded and n not in made})
    return made


def _kept(
    out: Path,
    wanted: dict[str, str],
    keys: dict[str, str],
    previous: dict[str, str | None],
    stamps: dict[str, Stamp],
) -> dict[str, tuple[str, Stamp | None]]:
    """Each file of ``wanted`` (its name and key) whose key the last build recorded and
    whose plain file still holds what it wrote (:func:`tdsplan.sitefiles.check`), with
    the hash of its bytes and its stamp."""
    kept = {}
    for name, key in wanted.items():
        expected = previous.get(name)
        if keys.get(name) != key or expected is None:
            continue
        holds, stamp = check(out / name, expected, stamps.get(name), _started[0])
        if holds:
            kept[name] = expected, stamp
    return kept


def _jobs_of(
    data: SiteData,
    langs: tuple[str, ...],
    shared: str,
    keys: Digests,
    search: PagePieces | None = None,
) -> list[Job]:
    """Every page of the site in ``langs``, with its key (:mod:`tdsplan.sitekeys`) and
    context (``search``: the pieces of the search pages, :mod:`tdsplan.sitesearch`)."""
    from tdsplan.sitesearch import group_lists, search as search_page

    jobs: list[Job] = []
    address = data.plan.publication.adresse
    address = address if address is None or address.endswith("/") else address + "/"
    for index, lang in enumerate(langs):
        prefix = "" if index == 0 else f"{lang}/"
        pieces = Pieces(lang)
        for path, template, context in _pages(data):
            alternates = [
                (other, _relative(prefix + path, ("" if i == 0 else f"{other}/") + path))
                for i, other in enumerate(langs)
                if other != lang
            ]
            # Links stay relative, so the site opens from a folder as well as from a host:
            # ``root`` leads to the site's folder (assets, reports), ``home`` to the
            # pages of this language.
            context = {
                "d": data,
                "root": "../" * (prefix + path).count("/"),
                "home": "../" * path.count("/"),
                "page": path,
                "alternates": alternates,
                "url": address + prefix + path if address else None,
                "h": pieces,
                **context,
            }
            # Their lists made only when the page is rendered, of pieces (sitesearch).
            if template == "search.html.j2":
                context["search"] = functools.partial(
                    search_page, data, pieces, prefix + path, search
                )
            elif template == "group.html.j2":
                context["lists"] = functools.partial(
                    group_lists, context["g"], pieces, prefix + path, context["home"], search
                )
            key = page_key(shared, keys, prefix + path, template, context)
            jobs.append((prefix + path, template, lang, key, context))
    return jobs


#: A page to render: its name, template, language, key and the template's context.
Job = tuple[str, str, str, str, dict[str, Any]]
#: Pages a build hands to its worker processes, which inherit it when they fork.
_jobs: list[Job] = []
#: The pieces of the search, funder and territory pages of this build
#: (:mod:`tdsplan.sitesearch`), which a page rendered in this process records.
_searching: list[PagePieces] = []
#: The pages the last build wrote with the same key: the hash of their bytes, their stamp.
_unchanged: dict[str, tuple[str, Stamp | None]] = {}
#: When this build began (ns): a file changed since, or just before, is not trusted by
#: its stamp next time (:func:`tdsplan.sitefiles.check`).
_started: list[int] = [0]
_PARALLEL_FROM = 400
#: Pages rendered between two words to ``progress`` in a single process.
_STEP = 20


def _render_pages(
    out: Path, jobs: list[Job], workers: int | None, progress: Progress | None = None
) -> list[Rendered]:
    """Render and write ``jobs``: each page's name, the hash of its bytes, and whether
    it was (re)written."""
    import multiprocessing

    from tdsplan import render

    # Compiled once, before any fork, when a page is to be rendered (a page edited by hand
    # since the last build compiles its template where it is rendered).
    templates: dict[str, set[str]] = {}
    for name, template, lang, _k, _c in jobs:
        if name not in _unchanged:
            templates.setdefault(lang, set()).add(template)
    for lang, names in templates.items():
        render.load_site_templates(lang, names)
    if workers is None:
        # Processes for the pages to render (the others are only read back and hashed):
        # forking costs more than it saves for a few.
        todo = sum(1 for name, *_rest in jobs if name not in _unchanged)
        workers = min(os.cpu_count() or 1, 4) if todo >= _PARALLEL_FROM else 1
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        done: list[Rendered] = []
        for start in range(0, len(jobs), _STEP):
            done += _render_range(out, jobs[start : start + _STEP])
            tell(progress, len(done), len(jobs))
        return done
    for folder in sorted({(out / name).parent for name, *_rest in jobs}):
        folder.mkdir(parents=True, exist_ok=True)
    # Slices taken every ``count`` pages spread the few heavy pages (home, search, years)
    # over the workers.
    count = workers * 4
    _jobs[:] = jobs
    parts: list[list[Rendered]] = []
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            slices = functools.partial(_render_slice, out, step=count)
            for part in pool.imap(slices, range(count)):
                parts.append(part)
                tell(progress, sum(map(len, parts)), len(jobs))
    finally:
        _jobs.clear()
    return [name for part in parts for name in part]


def _render_slice(out: Path, start: int, step: int) -> list[Rendered]:
    return _render_range(out, _jobs[start::step])


def _render_range(out: Path, jobs: list[Job]) -> list[Rendered]:
    from tdsplan import render

    done: list[Rendered] = []
    for name, template, lang, _key, context in jobs:
        known = _unchanged.get(name)
        if known is not None:
            holds, stamp = check(out / name, known[0], known[1], _started[0])
            if holds:
                done.append((name, known[0], False, stamp))
                continue
        data = render.render_site_page(template, lang, **context).encode("utf-8")
        if template in ("search.html.j2", "group.html.j2") and _searching:
            _searching[0].written(name, data)
        done.append((name, digest(data), write_if_changed(out / name, data), None))
    return done


def _pages(data: SiteData) -> Iterator[tuple[str, str, dict[str, Any]]]:
    yield "index.html", "home.html.j2", {}
    if data.watched:
        yield "surveiller.html", "watch.html.j2", {}
    yield "indicateurs.html", "indicators.html.j2", {}
    yield "donnees.html", "data.html.j2", {}
    # The search's index and filters are made only when the page is rendered.
    yield "recherche.html", "search.html.j2", {}
    yield "exercices.html", "years.html.j2", {}
    by_id = {a.id: a for a in data.actions}
    for o in data.state.orientations:
        yield (
            f"orientation/{o.orientation.id}.html",
            "orientation.html.j2",
            {"o": o, "shown": by_id},
        )
        for ob in o.objectifs:
            yield (
                f"objectif/{ob.objectif.id}.html",
                "objectif.html.j2",
                {"o": o, "ob": ob, "shown": by_id},
            )
    for group in [*data.funders, *data.territories]:
        yield group.path, "group.html.j2", {"g": group}
    for shown in data.actions:
        yield f"action/{shown.id}.html", "action.html.j2", {"a": shown}
    for year in data.years:
        yield f"exercice/{year.slug}.html", "year.html.j2", {"y": year}


def _relative(source: str, target: str) -> str:
    return "../" * source.count("/") + target

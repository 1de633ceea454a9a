"""Rendering a report through Jinja templates into Markdown, HTML or PDF (Typst).

This is the only module that imports Jinja, and the only one that
imports Typst, inside :func:`render_pdf`, when a PDF is asked for.

Templates are looked up in ``--template-dir``, then in the plan repository's
``templates/`` folder, then among the defaults shipped inside the package, so
that an organisation can override any of them.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import functools
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    Template,
    TemplateError,
)
from markupsafe import Markup, escape

from tdsplan.errors import TdsplanError, UsageError
from tdsplan.figures import NBSP, NNBSP, count, long_date, number, percent
from tdsplan.i18n import LANGUAGES, _, current_language, plural, translator
from tdsplan.indicators import attained_text, trend_text
from tdsplan.pdfglyphs import drawable
from tdsplan.report import Report, counts
from tdsplan.vocabulary import Statut, status_count, status_description, status_label

#: One colour per status, the same in every chart and format.
STATUS_COLORS = {
    "a_venir": "#c9ced6",
    "en_cours": "#f0a202",
    "en_continu": "#1b98a6",
    "realisee": "#2e7d4f",
    "reportee": "#8e5ea2",
    "abandonnee": "#6b6b6b",
}
FORMATS = {"md": "rapport.md.j2", "html": "rapport.html.j2", "pdf": "rapport.typ.j2"}
#: The templates of a meeting's brief (a report with ``brief``, see tdsplan.brief).
BRIEF_FORMATS = {"md": "etat.md.j2", "html": "etat.html.j2", "pdf": "etat.typ.j2"}
#: Largest Typst source a PDF is made from (bytes): under 1 GB of memory, and some 2,000
#: actions in a fiscal year's report, 950 or so in a final bilan (its journal is five years').
#: (1.5 MB until the headings carried their numbers: 3 to 4 % more source for a report,
#: and less memory: the same reports are made)
MAX_PDF_SOURCE = 1_540_000
#: Most actions and journal entries of its period, together, that a PDF or a DOCX is laid
#: out from: a fiscal year of 2,000 actions and 2,857 entries took 3.9 s and 0.9 GB as a
#: PDF (Typst; 2.5 s of processor and 0.53 GB since its long tables no longer measure
#: themselves and its headings carry their numbers), 5.9 s and 0.2 GB as a DOCX
#: (python-docx); 13,100 took 11 to 12 s, and 1.9 GB for the PDF.
MAX_PAGED = 5_000
_PACKAGE_IMPORT = re.compile(r'#(?:import|include)\s+"@')


class RenderError(TdsplanError):
    """A template could not be rendered (an error in a customised template, usually)."""


def check_paged(report: Report, fmt: str) -> None:
    """Refuse a PDF or a DOCX (``fmt``) that would take minutes and gigabytes to lay out,
    before any of that work: its actions and the journal entries of its period, together,
    are at most :data:`MAX_PAGED`."""
    actions, entries = len(report.states), report.entries
    if actions + entries > MAX_PAGED:
        raise RenderError(
            _(
                "rapport trop grand pour un {format} : {actions} actions et {entries} entrées de "
                "journal dans la période, {limit} au plus en tout ; produisez-le en Markdown ou en "
                "HTML, ou couvrez moins (un exercice plutôt que tout le plan, les actions d’un "
                "bailleur)"
            ).format(
                format=fmt.upper(),
                actions=count(actions),
                entries=count(entries),
                limit=count(MAX_PAGED),
            )
        )


def _environment(lang: str, loader: Any, autoescape: Any, **options: Any) -> Environment:
    """What the reports' and the site's environments share: the language, the plan's
    words (statuses and their colours), dates, numbers and percentages."""
    if lang not in LANGUAGES:
        raise UsageError(
            _("langue « {lang} » inconnue : {languages}").format(
                lang=lang, languages=", ".join(LANGUAGES)
            )
        )
    env = Environment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        **options,
    )
    env.globals.update(
        lang=lang, Statut=Statut, colors=STATUS_COLORS, colon=f"{NBSP}:" if lang == "fr" else ":"
    )
    env.filters.update(
        date=lambda d: long_date(d, lang),
        pct=lambda v: percent(v, lang),
        num=lambda v: number(v, lang),
        attained=lambda reading: attained_text(reading, lang),
        trend=lambda reading: trend_text(reading, lang),
        status=lambda s: status_label(s, lang),
        status_help=lambda s: status_description(s, lang),
        status_count=lambda s, n: status_count(s, n, lang),
    )
    return env


def environment(lang: str, template_dirs: list[Path], logo: str | None = None) -> Environment:
    """A Jinja environment for ``lang`` over the given folders, then the shipped templates.

    ``logo`` is what the templates show as the organisation's logo (a path or a data URI).
    """
    loaders: list[Any] = [FileSystemLoader(str(d)) for d in template_dirs if d.is_dir()]
    loaders.append(PackageLoader("tdsplan", "templates"))
    env = _environment(
        lang,
        ChoiceLoader(loaders),
        lambda name: bool(name and name.endswith(".html.j2")),
        extensions=["jinja2.ext.do"],
    )
    translate, choose = translator(lang), plural(lang)

    def agree(singular: str, plural: str, n: int) -> str:
        return french_spacing(choose(singular, plural, n).format(n=n), lang)

    env.globals.update(
        _=lambda phrase: french_spacing(translate(phrase), lang),
        ngettext=agree,
        semicolon=f"{NNBSP}; " if lang == "fr" else "; ",
        logo=logo,
    )
    env.filters.update(
        fr=lambda text: french_spacing(str(text), lang),
        heading=heading_text,
        md=lambda text: markdown_text(french_spacing(str(text), lang)),
        md_cell=lambda text: markdown_cell(french_spacing(str(text), lang)),
        typ=lambda text: typst_content(french_spacing(str(text), lang)),
        typ_str=typst_string,
        sup=lambda text: html_text(text, lang),
    )
    return env


# ---------------------------------------------------------------- the website

SITE_TEMPLATES = Path(__file__).parent / "templates" / "site"


@functools.lru_cache(maxsize=4)
def site_environment(lang: str) -> Environment:
    """The Jinja environment of the website's pages in ``lang``: every value escaped.
    Its templates are the package's own, compiled once per process: a page does not
    check them on disk again (``auto_reload``), which cost a ``stat`` per template and page."""
    env = _environment(lang, FileSystemLoader(str(SITE_TEMPLATES)), True, auto_reload=False)
    env.globals.update(_=translator(lang), counts=counts, ngettext=plural(lang))
    env.filters["json_script"] = json_script
    # The plan's own words are French: marked so in a page of another language (WCAG 3.1.2).
    french = lang == "fr"
    env.globals["fr"] = Markup("" if french else ' lang="fr"')
    env.filters["fr"] = escape if french else lambda v: Markup('<span lang="fr">%s</span>') % v
    return env


def render_site_page(template: str, lang: str, **context: Any) -> str:
    """One page of the website, from ``templates/site/<template>``."""
    return _site_template(template, lang).render(**context)


@functools.lru_cache(maxsize=64)
def _site_template(template: str, lang: str) -> Template:
    """A page template of the website, its globals (and those of the pieces its layout
    imports) in one plain dict: Jinja's chain of the environment's and the template's,
    copied or compared for every page, took a fifth of the time of a small page's layout
    (the site's globals are all set with its environment, none is added later)."""
    env = site_environment(lang)
    for name in ("_site.j2", template):
        found = env.get_template(name)
        found.globals = dict(found.globals)
    return found


def load_site_templates(lang: str, names: Iterable[str] | None = None) -> None:
    """Compile the page templates ``names`` (default: every one) of the website in
    ``lang`` now (before workers fork), with those they extend and import."""
    env = site_environment(lang)
    for name in sorted(
        names if names is not None else (p.name for p in SITE_TEMPLATES.glob("*.j2"))
    ):
        env.get_template(name)


def site_asset(name: str) -> bytes:
    """A file of the website copied as it is (style sheet, script, icon)."""
    return (SITE_TEMPLATES / name).read_bytes()


def json_script(value: Any) -> Markup:
    """``value`` as JSON that can sit inside a ``<script>`` element: no ``<``, ``>`` or
    ``&`` is left in it, so no text of the plan can close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    for char, code in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, code)
    return Markup(text)


def render_text(
    report: Report,
    fmt: str,
    lang: str,
    template_dirs: list[Path],
    built: dt.datetime | None = None,
    *,
    with_logo: bool = True,
    warnings: list[str] | None = None,
) -> str:
    """The report as Markdown (``md``), HTML (``html``) or Typst source (``pdf``);
    ``built`` is the date the document says it was made (see :func:`built_at`);
    ``with_logo=False`` leaves the logo out (one that cannot be drawn: an HTML report
    leaves it out by itself, and says so in ``warnings``)."""
    found = find_logo(template_dirs) if with_logo else None
    if found is not None and fmt == "html":
        found = usable_logo(template_dirs, warnings if warnings is not None else [])
    logo = None
    if found is not None and fmt == "html":
        logo = _data_uri(found)
    elif found is not None and fmt == "pdf":
        logo = found.name
    env = environment(lang, template_dirs, logo)
    name = (BRIEF_FORMATS if report.brief is not None else FORMATS)[fmt]
    try:
        text = env.get_template(name).render(r=report, counts=counts, built=built_at(report, built))
    except TemplateError as error:
        # Only a syntax error knows its place in the template.
        line = getattr(error, "lineno", None)
        where = f" ({getattr(error, 'filename', None)}:{line})" if line else ""
        raise RenderError(
            _("gabarit {name} invalide{where} : {error}").format(
                name=name, where=where, error=error
            )
        ) from None
    return tidy_markdown(text) if fmt == "md" else text


def tidy_markdown(text: str) -> str:
    """One blank line around each heading and between blocks, never two: what Markdown
    linters ask for, whatever the template's own spacing."""
    lines: list[str] = []
    for line in text.splitlines():
        heading = line.startswith("#")
        if heading and lines and lines[-1] != "":
            lines.append("")
        if line.strip() == "" and (not lines or lines[-1] == ""):
            continue
        if lines and lines[-1].startswith("#") and line != "":
            lines.append("")
        lines.append(line.rstrip())
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def built_at(report: Report, built: dt.datetime | None) -> dt.datetime:
    """The date a report's document says it was made: ``built``, the plan's last commit
    (:func:`tdsplan.history.last_commit_time`), true and the same on every machine;
    outside git, the end of the period the report covers, at midnight UTC."""
    if built is not None:
        return built
    end = report.period.end
    return dt.datetime(end.year, end.month, end.day, tzinfo=dt.UTC)


#: The PDF standard the reports meet: PDF/UA-1 (tagged, titled, every image described).
PDF_STANDARDS = ["ua-1"]


def _typst_error(typst: Any, source: str) -> str | None:
    """Typst's error for a small document ``source`` typeset as a report is, or ``None``."""
    try:
        typst.compile(
            source.encode("utf-8"),
            font_paths=[],
            ignore_system_fonts=True,
            pdf_standards=PDF_STANDARDS,
        )
    except typst.TypstError as error:
        return str(getattr(error, "message", None) or error)
    return None


def render_pdf(
    report: Report,
    lang: str,
    template_dirs: list[Path],
    built: dt.datetime | None = None,
    warnings: list[str] | None = None,
) -> bytes:
    """The report as a PDF/UA-1 file, typeset by Typst from the ``rapport.typ.j2`` template.

    Typst sees only the template folder (``root``), no system font, and a fixed
    creation date (``built``, see :func:`built_at`), so the same plan gives the same bytes.
    A logo that cannot be drawn is left out, and said in ``warnings``.
    """
    check_paged(report, "pdf")
    with typst_threads():
        import typst  # heavy: imported only for a PDF

        stamp = built_at(report, built)
        logo = usable_logo(template_dirs, warnings if warnings is not None else [])
        source = render_text(report, "pdf", lang, template_dirs, stamp, with_logo=logo is not None)
        if _PACKAGE_IMPORT.search(source):
            # Typst would download the package: a report never reaches the network.
            raise RenderError(
                _(
                    "le gabarit PDF importe un paquet Typst externe (@preview/...) : "
                    "ce n’est pas permis, copiez le code nécessaire dans le gabarit"
                )
            )
        data = source.encode("utf-8")
        if len(data) > MAX_PDF_SOURCE:
            # Typst needs some 600 bytes of memory per byte of source, and aborts the whole
            # process when it runs out: refuse before it starts.
            raise RenderError(
                _(
                    "plan trop grand pour un PDF : {size} Mo à mettre en page, {limit} "
                    "Mo au plus (environ 2 000 actions pour un exercice, 1 000 pour "
                    "le bilan final) ; produisez ce rapport en Markdown ou en "
                    "HTML"
                ).format(size=_megabytes(len(data)), limit=_megabytes(MAX_PDF_SOURCE))
            )
        source, missing = drawable(source, lambda probe: _typst_error(typst, probe))
        if missing:
            data = source.encode("utf-8")
            if warnings is not None:
                warnings.append(missing)
        root = (
            logo.parent
            if logo is not None
            else next((d for d in template_dirs if d.is_dir()), Path(__file__).parent / "templates")
        )
        return _typeset(typst, data, root, stamp)


#: How many threads Typst works with, unless the user's environment says
#: (``RAYON_NUM_THREADS``): one. A report is one flow of pages, laid out on one thread
#: anyway (as fast with one: 2,000 actions, measured); a second thread only adds its own
#: heap, 20 to 60 MB more at the peak (bench/README.md, `w-pdf` and `w-pdfmem`).
TYPST_THREADS = "1"


@contextlib.contextmanager
def typst_threads() -> Iterator[None]:
    """Typst's thread pool made of :data:`TYPST_THREADS` if it starts inside (its size
    is read once, when it starts): ``RAYON_NUM_THREADS`` is set for that time only, and
    only when the user has not set it."""
    if "RAYON_NUM_THREADS" in os.environ:
        yield
        return
    os.environ["RAYON_NUM_THREADS"] = TYPST_THREADS
    try:
        yield
    finally:
        os.environ.pop("RAYON_NUM_THREADS", None)


def _typeset(typst: Any, data: bytes, root: Path, stamp: dt.datetime) -> bytes:
    """The PDF Typst makes of the report's source ``data``, or a clear error."""
    try:
        pdf: bytes = typst.compile(
            data,
            root=str(root),
            font_paths=[],
            ignore_system_fonts=True,
            timestamp=stamp,
            pdf_standards=PDF_STANDARDS,
        )
        return pdf
    except typst.TypstError as error:
        detail = getattr(error, "message", None) or str(error)
        raise RenderError(
            _(
                "mise en page du PDF impossible : le gabarit Typst est en erreur "
                "(diagnostic de Typst : {error})"
            ).format(error=detail)
        ) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # a panic inside Typst surfaces as a BaseException
        raise RenderError(
            _(
                "mise en page du PDF impossible : Typst s’est arrêté sur une "
                "erreur interne ({error})"
            ).format(error=error)
        ) from None


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", "," if current_language() == "fr" else ".")


LOGO_NAMES = ("logo.svg", "logo.png")


def find_logo(template_dirs: list[Path]) -> Path | None:
    """The organisation's logo: ``logo.svg`` or ``logo.png`` in a template folder."""
    for folder in template_dirs:
        for name in LOGO_NAMES:
            if (folder / name).is_file():
                return folder / name
    return None


#: Resolution of a logo drawn from its SVG for a DOCX (pixels per inch): sharp when printed.
LOGO_PPI = 300


def logo_png(svg: Path) -> bytes | None:
    """The SVG logo ``svg`` drawn as a PNG by Typst (2.2 cm high, as on the PDF's cover),
    for a DOCX; ``None`` when Typst cannot read it."""
    import typst  # heavy: imported only for a logo to draw

    source = (
        "#set page(width: auto, height: auto, margin: 0pt, fill: none)\n"
        f"#image({typst_string(svg.name)}, height: 2.2cm)\n"
    )
    try:
        # (the stub ties input, root and font_paths to one TypeVar, as in render_pdf)
        picture = typst.compile(  # type: ignore[call-overload]
            source.encode("utf-8"),
            root=str(svg.parent),
            font_paths=[],
            ignore_system_fonts=True,
            format="png",
            ppi=LOGO_PPI,
        )
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # a Typst error, or a panic on a malformed file
        return None
    return picture if isinstance(picture, bytes) else None


def usable_logo(template_dirs: list[Path], warnings: list[str]) -> Path | None:
    """The organisation's logo if it can be drawn (see :func:`find_logo`): an SVG Typst
    reads, a file that is a PNG; when it cannot, ``None`` and a warning in ``warnings``,
    so that the report is made without it."""
    logo = find_logo(template_dirs)
    if logo is None:
        return None
    if logo.suffix == ".svg":
        usable = logo_png(logo) is not None
    else:
        usable = logo.read_bytes()[: len(PNG_SIGNATURE)] == PNG_SIGNATURE
    if not usable:
        warnings.append(
            _("logo {file} illisible : le rapport est fait sans logo").format(file=logo)
        )
        return None
    return logo


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _data_uri(path: Path) -> str:
    kind = "image/svg+xml" if path.suffix == ".svg" else "image/png"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


# ---------------------------------------------------------------- typography

# (a no-break space already there counts: spacing a text twice changes nothing)
_SPACE_BEFORE = re.compile(r"[ \u00a0\u202f]+([:»])")
_NARROW_BEFORE = re.compile(r"[ \u00a0\u202f]+([;?!])")
_SPACE_AFTER = re.compile(r"«[ \u00a0\u202f]*")
_TIGHT_CLOSE = re.compile(r"(?<=[^\s\u00a0])»")
ORDINAL = re.compile(r"(?<![\w.,])(\d+)(ers?|res?|es?|e)(?![\w])")


def french_spacing(text: str, lang: str) -> str:
    """French punctuation spacing, as the OQLF sets it: a narrow no-break space before
    « ; ? ! », a no-break space before « : » and inside « guillemets », so that none of
    them ever starts a line (a sign typed without a space keeps none). Nothing changes
    in English."""
    if lang != "fr" or not any(c in text for c in ":;?!«»"):
        return text
    text = _SPACE_BEFORE.sub(NBSP + r"\1", text)
    text = _NARROW_BEFORE.sub(NNBSP + r"\1", text)
    text = _SPACE_AFTER.sub("«" + NBSP, text)
    return _TIGHT_CLOSE.sub(NBSP + "»", text)


def heading_text(text: Any) -> str:
    """A title as a heading: without its final full stop."""
    value = str(text).rstrip()
    return value[:-1].rstrip() if value.endswith(".") and not value.endswith("..") else value


def html_text(text: Any, lang: str) -> Markup:
    """Text for HTML: escaped (unless it already is markup), French spacing, ordinals
    (« 1er ») set as superscripts."""
    spaced = french_spacing(str(escape(text)), lang)
    return Markup(ORDINAL.sub(r"\1<sup>\2</sup>", spaced))


# What could start markup anywhere in a line: emphasis, code, links and images, raw
# HTML, table cells, strikethrough, backslashes. Parentheses, « # », « + » and « ! » are
# inert there, so they are left alone.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_BREAKS = re.compile(r"[ \t\n\r\f\v\u2028\u2029\x85]+")
_MD_NEEDS_WORK = re.compile(r"[\\`*_\[\]|~<&]|[^\S ]|^\s*([\d#>+=-]|$)|  ")


def markdown_text(text: Any) -> str:
    """User text made inert in Markdown: no markup, no HTML, one line."""
    value = str(text)
    if not _MD_NEEDS_WORK.search(value) and value == value.strip():
        return value  # most titles and notes: nothing to escape
    value = " ".join(_LINE_BREAKS.split(value.strip()))  # one line; no-break spaces kept
    value = _MD_ENTITY.sub("&amp;", value).replace("<", "&lt;")
    value = _MD_SPECIAL.sub(r"\\\1", value)
    # At the start of a line only: a list ("1." "-" "+"), a heading, a quote, a rule.
    value = re.sub(r"^(\d+)([.)])", r"\1\\\2", value)
    return "\\" + value if value[:1] in ("-", "+", "#", ">", "=") else value


def markdown_cell(text: Any) -> str:
    """User text for a Markdown table cell: as :func:`markdown_text`, never empty."""
    return markdown_text(text) or " "


class _TypstEscapes(dict[int, str]):
    """What :meth:`str.translate` puts in a Typst string for each character: a backslash,
    a quote and the usual controls escaped, any other character that does not print
    (save the no-break space) as ``\\u{...}``, the rest as it is; each character's answer
    is worked out on its first meeting, then looked up."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = char if char.isprintable() or char == NBSP else f"\\u{{{code:x}}}"
        return self[code]


_TYPST_ESCAPES = _TypstEscapes(
    {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
)


def typst_string(text: Any) -> str:
    """User text as a Typst string literal: it can only ever be shown, never run."""
    value = str(text)
    if value.isprintable() and "\\" not in value and '"' not in value:
        return f'"{value}"'  # most text: nothing to escape (a PDF holds thousands)
    return f'"{value.translate(_TYPST_ESCAPES)}"'


def typst_content(text: Any) -> str:
    """User text as Typst content: string literals only, with ordinals (« 1er ») as
    superscripts; like :func:`typst_string`, it can only ever be shown."""
    value = str(text)
    parts = ORDINAL.split(value)
    if len(parts) == 1:
        return typst_string(value)
    pieces = []
    for i in range(0, len(parts) - 1, 3):
        before, ordinal = typst_string(parts[i] + parts[i + 1]), typst_string(parts[i + 2])
        pieces.append(f"#{before}#super({ordinal})")
    pieces.append(f"#{typst_string(parts[-1])}")
    return "[" + "".join(pieces) + "]"

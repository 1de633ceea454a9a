"""``tdsplan report``: the annual progress report in Markdown, HTML, PDF or DOCX."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tdsplan.cli import common, console, paths
from tdsplan.cli.common import AsOf, Year
from tdsplan.cli.params import Funder
from tdsplan.errors import ChangeRefusedError, UsageError
from tdsplan.i18n import _, current_language

if TYPE_CHECKING:
    import datetime as dt

    from tdsplan.models import Plan
    from tdsplan.project import Project
    from tdsplan.report import Report, ReportPeriod


class Format(enum.StrEnum):
    md = "md"
    html = "html"
    pdf = "pdf"
    docx = "docx"


class Lang(enum.StrEnum):
    fr = "fr"
    en = "en"


def _known_formats(values: list[str] | None) -> list[Format] | None:
    """``--format`` read against :class:`Format`, refused in French with the choices."""
    if values is None:
        return None
    from tdsplan.errors import UsageError, clip
    from tdsplan.suggest import did_you_mean, either

    known = [f.value for f in Format]
    for value in values:
        if value not in known:
            raise UsageError(
                _("format « {value} » inconnu pour --format{hint} ; formats : {formats}").format(
                    value=clip(value), hint=did_you_mean(value, known), formats=either(known)
                )
            )
    return [Format(value) for value in values]


Period = Annotated[
    bool,
    typer.Option("--period", "--periode", help="Couvrir toute la période du plan (bilan final)."),
]
Formats = Annotated[
    list[str] | None,
    typer.Option(
        "--format",
        "-f",
        metavar="md|html|pdf|docx",
        callback=_known_formats,
        help="Format du rapport ; répétable (défaut : md).",
    ),
]
Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="CHEMIN",
        readable=False,
        help="Fichier à écrire, ou dossier (chemin sans extension) ; défaut : reports/ à "
        "côté du dossier du plan.",
    ),
]
TemplateDir = Annotated[
    Path | None,
    typer.Option(
        "--template-dir",
        metavar="DOSSIER",
        callback=paths.folder,
        readable=False,
        help="Dossier de gabarits qui remplacent ceux fournis.",
    ),
]
Prepare = Annotated[
    bool,
    typer.Option(
        "--prepare",
        "--preparer",
        help="Préparer le texte du bilan (bilans/ÉTIQUETTE.md, à côté du plan) à partir du "
        "journal, sans écraser un fichier existant.",
    ),
]
Since = Annotated[
    str | None,
    typer.Option(
        "--since",
        "--depuis",
        metavar="DATE|RÉV",
        help="Un état de situation pour une rencontre : ce qui a changé depuis la dernière "
        "(une date AAAA-MM-JJ ou une révision git), les retards, les échéances, les décisions "
        "à prendre ; --as-of donne le jour de la rencontre (défaut : aujourd’hui).",
    ),
]
ReportLang = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        "--langue",
        metavar="fr|en",
        help="Langue du rapport (défaut : celle de tdsplan, --lang avant la commande).",
    ),
]


def report(
    ctx: typer.Context,
    year: Year = None,
    as_of: AsOf = None,
    period: Period = False,
    formats: Formats = None,
    output: Output = None,
    template_dir: TemplateDir = None,
    lang: ReportLang = None,
    funder: Funder = None,
    prepare: Prepare = False,
    since: Since = None,
) -> None:
    """Produire le bilan d’un exercice ou de tout le plan.

    Par défaut, le dernier exercice terminé, en Markdown, dans reports/. Le texte écrit
    par des personnes (mot de la présidence, récit de chaque orientation, perspectives,
    remerciements) vient de bilans/2019-2020.md, que --prepare pré-remplit.
    Exemple : tdsplan report --year 2019-2020 -f md -f pdf
    """
    from tdsplan.report import build_report, report_name, report_period, words_of

    common.exclusive(**{"--year": year, "--as-of": None if since else as_of, "--period": period})
    for other, value in (("--year", year), ("--period", period), ("--prepare", prepare)):
        common.exclusive(**{"--since": since, other: value})
    if prepare and (output is not None or formats):
        raise UsageError(
            _(
                "--prepare écrit le texte du bilan là où le rapport le lit (bilans/ du plan) : "
                "--output et --format ne s’y appliquent pas"
            )
        )
    lang = lang or Lang(current_language())
    chosen = _formats(_known_formats(formats), output)  # typed by the callback
    located = common.project(ctx)
    plan = located.load()
    span = report_period(
        plan, common.today(), year=year, as_of=None if since else as_of, whole=period
    )
    if prepare:
        _prepare(located, plan, span, funder)
        return
    templates = _templates(template_dir, located)
    bailleur = None
    if funder is not None:
        from tdsplan.elements import subset
        from tdsplan.typed import funder_id

        chosen_id = funder_id(plan, funder)
        plan, bailleur = (
            subset(plan, lambda a: chosen_id in a.bailleurs),
            plan.funder_name(chosen_id),
        )
    content = None
    if since is not None:
        from tdsplan.brief import build_brief
        from tdsplan.typed import parse_date

        meeting = parse_date(as_of) if as_of is not None else common.today()
        _since_before(since, meeting)
        content = build_brief(plan, located.plan_dir, since, meeting, bailleur=bailleur)
        span = content.period
    name = report_name(span, bailleur=chosen_id if bailleur else None, lang=lang.value)
    targets = _targets(output, located.reports_dir, name, chosen)
    # The folder, then the files it leads to (links resolved), chosen or by default.
    option = None if output is None else "--output"
    for target in (output or located.reports_dir, *targets.values()):
        paths.output(ctx, target, option=option)
    if content is None:
        from tdsplan.carryover import neighbours

        plans, links = neighbours(
            *common.located(ctx), plan, common.today(), cache_dir=common.cache_dir()
        )
        words = words_of(located, span, located.load() if bailleur else plan)
        content = build_report(plan, span, bailleur=bailleur, plans=plans, links=links, **words)
    _write(content, targets, lang, templates, located.plan_dir, chosen=output is not None)


def _since_before(since: str, meeting: dt.date) -> None:
    """Refuse a ``--since`` date after the day of the brief: nothing could have changed."""
    from tdsplan.typed import looks_like_date, parse_date

    if looks_like_date(since) and parse_date(since) > meeting:
        raise UsageError(
            _("--since {since} est après la date du rapport ({date})").format(
                since=since, date=console.long_date(meeting)
            )
        )


def _templates(template_dir: Path | None, located: Project) -> list[Path]:
    """The template folders, ``--template-dir`` first; refused when it is not one."""
    if template_dir is not None and not template_dir.is_dir():
        raise UsageError(
            _("dossier de gabarits introuvable : {folder}").format(folder=template_dir)
        )
    return [d for d in (template_dir, located.templates_dir) if d is not None]


def _write(
    content: Report,
    targets: dict[Format, Path],
    lang: Lang,
    templates: list[Path],
    plan_dir: Path,
    *,
    chosen: bool,
) -> None:
    """Render ``content`` in each format asked for, then write them and say where each
    file went: a format refused (too large a PDF or DOCX) leaves no file written."""
    from tdsplan import render  # Jinja and Babel load only for reports
    from tdsplan.history import last_commit_time

    built = last_commit_time(plan_dir)  # the date a PDF or a DOCX carries
    rendered: list[tuple[Path, bytes]] = []
    for fmt, target in targets.items():
        warnings: list[str] = []  # a logo that cannot be drawn
        with console.progress(_("Rapport {format}").format(format=fmt.value.upper())):
            rendered.append(
                (target, _render(render, fmt, content, lang.value, templates, built, warnings))
            )
        for warning in warnings:
            console.print_warning(warning)
    for target, data in rendered:
        common.write_output(target, data, chosen=chosen)
        console.say(_("Rapport écrit : {file}").format(file=console.shown_path(target)))


def _render(
    render: Any,
    fmt: Format,
    content: Any,
    lang: str,
    templates: list[Path],
    built: Any,
    warnings: list[str],
) -> bytes:
    if fmt is Format.pdf:
        return render.render_pdf(content, lang, templates, built, warnings)
    if fmt is Format.docx:
        from tdsplan.word import render_docx  # python-docx loads only for a DOCX

        return render_docx(content, lang, templates, built, warnings)
    text = render.render_text(content, fmt.value, lang, templates, warnings=warnings)
    return text.encode("utf-8")


def _prepare(located: Project, plan: Plan, span: ReportPeriod, funder: str | None) -> None:
    """Write the first draft of the period's editorial file, never over an existing one."""
    from tdsplan import editorial
    from tdsplan.draft import draft
    from tdsplan.files import make_folder, write_atomically
    from tdsplan.report import build_report

    if span.label is None or funder is not None:
        raise UsageError(
            _("--prepare prépare le texte d’un bilan : avec --year ou --period seulement")
        )
    target = editorial.path(located, span.label)
    if target.exists():
        raise ChangeRefusedError(
            _(
                "{file} existe déjà : rien n’a été écrit (modifiez-le, ou retirez-le d’abord)"
            ).format(file=console.shown_path(target))
        )
    make_folder(target.parent)
    write_atomically(target, draft(build_report(plan, span), span.label).encode("utf-8"))
    console.say(
        _("Texte du bilan préparé : {file} ; rédigez-le, puis produisez le rapport.").format(
            file=console.shown_path(target)
        )
    )


def _formats(formats: list[Format] | None, output: Path | None) -> list[Format]:
    """The formats asked for: ``-f``, else the extension of ``-o``, else Markdown."""
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    known = {f.value: f for f in Format}
    if output is not None and output.is_dir():
        suffix = ""
    if not formats:
        if not suffix:
            return [Format.md]
        if suffix not in known:
            raise UsageError(
                _(
                    "extension « .{suffix} » de {file} inconnue : écrivez .md, .html, "
                    ".pdf ou .docx, ou indiquez le format avec -f"
                ).format(suffix=suffix, file=output)
            )
        return [known[suffix]]
    chosen = list(dict.fromkeys(formats))
    if suffix in known and len(chosen) == 1 and known[suffix] is not chosen[0]:
        raise UsageError(
            _(
                "{file} a l’extension .{suffix}, qui contredit le format demandé "
                "(-f {format}) : rien n’a été écrit"
            ).format(file=output, suffix=suffix, format=chosen[0].value)
        )
    return chosen


def _targets(
    output: Path | None, default_dir: Path, name: str, formats: list[Format]
) -> dict[Format, Path]:
    # A new path without extension names a folder ("-o reports/exemple"); an existing
    # file or device ("-o /dev/stdout") is written as it is.
    if output is not None and not output.is_dir() and (output.suffix or output.exists()):
        if len(formats) > 1:
            raise UsageError(_("avec plusieurs formats, --output doit être un dossier"))
        return {formats[0]: output}
    folder = output if output is not None else default_dir
    return {fmt: folder / f"{name}.{fmt.value}" for fmt in formats}

"""The screens of ``tdsplan status`` as rich text: the default one that fits 80×24, the
focused list a filter gives and the full tree (``--all``); the changes (``--since``) are
drawn in :mod:`tdsplan.cli.status_since`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tdsplan.cli import common, console
from tdsplan.i18n import _, ngettext

if TYPE_CHECKING:
    from tdsplan.state import Rollup
    from tdsplan.views import ActionLine, Filters, IndicatorLine, StatusView


#: Lines the default screen may take: a 24-line terminal, less the prompt's line.
SCREEN = 23


# ---------------------------------------------------------------- the headline


def headline(view: StatusView, width: int) -> list[console.Text]:
    """The plan's title and where the date falls in its period, progress, counts."""
    plan, period = view.plan, view.period
    where = ""
    if period is not None:
        if period.before:
            where = _("avant la période ({start})").format(start=console.long_date(period.start))
        elif period.ended:
            where = _("période terminée le {date}").format(date=console.long_date(period.end))
        else:
            where = _("année {n} sur {total}").format(n=period.year, total=period.years)
    first = console.text(plan.titre, style="bold")
    if where:
        first.truncate(max(width - len(where) - 3, 12), overflow="ellipsis")
        first.append(" · ", style="dim").append(where)
    total = view.rollup.total
    second = (
        console.text(_("Au {date}").format(date=console.long_date(view.as_of)) + "  ")
        .append_text(console.bar(view.rollup.avancement, 20))
        .append(" · " + ngettext("{n} action", "{n} actions", total).format(n=total))
    )
    if view.rollup.en_retard:
        second.append(" · ").append(
            _("{n} en retard").format(n=view.rollup.en_retard), style=console.LATE_STYLE
        )
    counts = _counts(view.rollup)
    lines = [first, second, counts] if counts else [first, second]
    if view.plans:  # a repository of several plans: which one this is, and the others
        mention = console.text(common.plans_line(view.plans, width) or "", style="dim")
        mention.truncate(width, overflow="ellipsis")
        lines.append(mention)
    return lines


def _counts(rollup: Rollup) -> console.Text:
    from tdsplan.models import Statut
    from tdsplan.vocabulary import status_count

    text = console.text()
    for statut in Statut:
        n = rollup.statuts.get(statut, 0)
        if n:
            if text:
                text.append(" · ", style="dim")
            text.append(status_count(statut, n), style=console.STATUS_STYLES[statut])
    return text


# ---------------------------------------------------------------- the default screen


def screen(view: StatusView, width: int, again: str) -> list[Any]:
    """Headline, roll-ups and watch lists in :data:`SCREEN` lines: the objectives are shown
    while each list keeps at least 3 lines, and each list is longer while everything fits.
    ``again`` is the command that showed this screen, for the hints to the rest."""
    head = [*headline(view, width), ""]
    room = SCREEN - console.height(head, width) - 1  # roll-up and watch lines are one line each
    orientations = _rollups(view, width, with_objectives=False)
    objectives: list[console.Text] = []
    if sum(1 + len(o.objectifs) for o in view.orientations) < room:
        objectives = _rollups(view, width, with_objectives=True)
    for rollups, caps in ((objectives, (5, 4, 3)), (orientations, (5, 4, 3, 2, 1))):
        if not rollups:
            continue
        for cap in caps:
            watch = _watch(view, width, cap, again)
            if len(rollups) + console.height(watch, width) <= room:  # a long hint wraps
                return [*head, *rollups, "", *watch]
    if not orientations:
        return [*head, *_watch(view, width, 5, again)]
    # A very large plan: orientations summarised, one line per list.
    watch = _watch(view, width, 1, again)
    room -= console.height(watch, width)
    if len(orientations) > room:
        orientations = _summarised(orientations, room, width, again)
    if not orientations:  # no room left: the headline's totals stand for the orientations
        return [*head, *watch]
    return [*head, *orientations, "", *watch]


def _summarised(
    orientations: list[console.Text], room: int, width: int, again: str
) -> list[console.Text]:
    """The first orientations and « … et N autres orientations (command) » in ``room``
    lines, the hint's wrapping counted; the hint alone, without « … et », when nothing
    else fits; nothing when that does not fit either."""
    kept = room - 1
    while kept > 0:
        rest = len(orientations) - kept
        hint = _more(
            ngettext(
                "… et {n} autre orientation ({command})",
                "… et {n} autres orientations ({command})",
                rest,
            ),
            rest,
            (again, "--all"),
            width,
        )
        if kept + console.height(hint, width) <= room:
            return [*orientations[:kept], *hint]
        kept -= 1
    total = len(orientations)
    message = ngettext("{n} orientation ({command})", "{n} orientations ({command})", total)
    hint = _more(message, total, (again, "--all"), width)
    return hint if console.height(hint, width) <= room else []


def _more(message: str, n: int, again: tuple[str, str], width: int) -> list[console.Text]:
    """« … et N autres (command) » on one line, or on two when the line would not fit in
    ``width``: the command (``again``: the one that showed the screen, and the option
    that shows the rest) whole on its own line, indented less when that makes it fit, to
    be copied as it is shown; « (ajoutez OPTION) » when the command would not fit on a
    line of its own (a long ``--plan`` path)."""
    command = " ".join(again)
    if len(command) + 4 > width:
        command = _("ajoutez {option}").format(option=again[1])
    line = "  " + message.format(n=n, command=command)
    cut = line.find(f"({command})")
    if len(line) <= width or cut < 0:
        return [_dim(line)]
    rest = line[cut:]
    indent = "    " if len(rest) + 4 <= width else "  "
    return [_dim(line[:cut].rstrip()), _dim(indent + rest)]


def _dim(text: str) -> console.Text:
    return console.text(text, style="dim")


def _rollups(view: StatusView, width: int, with_objectives: bool) -> list[console.Text]:
    ids: list[str] = [o.orientation.id for o in view.orientations]
    if with_objectives:
        ids += [ob.objectif.id for o in view.orientations for ob in o.objectifs]
    id_width = max((len(i) for i in ids), default=1) + (1 if with_objectives else 0)
    late_width = max((len(_late(o.rollup).plain) for o in view.orientations), default=0)
    title_width = width - id_width - 2 - 16 - 2 - (late_width + 2 if late_width else 0)
    lines = []
    for o in view.orientations:
        lines.append(
            _rollup_line(
                o.orientation.id,
                o.orientation.titre,
                o.rollup,
                id_width,
                title_width,
                late_width,
                "bold",
            )
        )
        for ob in o.objectifs if with_objectives else []:
            lines.append(
                _rollup_line(
                    " " + ob.objectif.id,
                    ob.objectif.titre,
                    ob.rollup,
                    id_width,
                    title_width,
                    late_width,
                    "",
                )
            )
    return lines


def _late(rollup: Rollup) -> console.Text:
    if not rollup.en_retard:
        return console.text()
    return console.text(_("{n} en retard").format(n=rollup.en_retard), style=console.LATE_STYLE)


def _rollup_line(
    identifier: str,
    title: str,
    rollup: Rollup,
    id_width: int,
    title_width: int,
    late_width: int,
    style: str,
) -> console.Text:
    cells = [
        console.fit(identifier, id_width, style),
        console.fit(title, title_width, style),
        console.bar(rollup.avancement),
    ]
    if late_width:
        cells.append(_late(rollup))
    return console.line(*cells)


# ---------------------------------------------------------------- « À surveiller »


def _watch(view: StatusView, width: int, cap: int, again: str) -> list[console.Text]:
    watch = view.watch
    assert watch is not None
    limits = watch.thresholds
    lists = [
        (_("En retard"), watch.late, "--late"),
        (
            ngettext("Échéance d’ici {n} jour", "Échéance d’ici {n} jours", limits.days).format(
                n=limits.days
            ),
            watch.due_soon,
            f"--due-within {limits.days}",
        ),
        (
            ngettext(
                "Sans nouvelles depuis {n} mois", "Sans nouvelles depuis {n} mois", limits.months
            ).format(n=limits.months),
            watch.silent,
            f"--silent-for {limits.months}",
        ),
    ]
    if not any(items for _title, items, _option in lists) and not watch.indicators:
        return [console.text(_("À surveiller : rien à signaler."), style="bold")]
    every = [line for _title, items, _option in lists for line in items]
    columns = _columns(every, width, last_entry=True)
    heading = console.text(_("À surveiller"), style="bold")
    header = _header(columns)
    lines = [
        console.line(console.fit(heading, columns.before_status - 2), header)
        if header.plain
        else heading
    ]
    for title, items, option in lists:
        if not items:
            continue
        lines.append(console.text(f"{title} ({len(items)})", style="bold"))
        shown = items if len(items) <= cap + 1 else items[:cap]
        lines += [_action_line(line, columns, view.as_of) for line in shown]
        if len(shown) < len(items):
            rest = len(items) - len(shown)
            lines += _more(
                ngettext("… et {n} autre ({command})", "… et {n} autres ({command})", rest),
                rest,
                (again, option),
                width,
            )
    return lines + _off_track(watch.indicators, width, cap - 1)


def _off_track(found: list[IndicatorLine], width: int, cap: int) -> list[console.Text]:
    """« Indicateurs en retard (N) », one line each: action, indicator, attainment, and
    the date of the value it reads (« non datée » for a value without a measure); at
    most ``cap`` of them, then how many more; when ``cap`` is 0, one line that says how
    many (a heading with no line under it would read as cut)."""
    from tdsplan.figures import percent

    if not found:
        return []
    if cap <= 0:
        return [console.text(_("Indicateurs en retard : {n}").format(n=len(found)), style="bold")]
    lines = [console.text(_("Indicateurs en retard ({n})").format(n=len(found)), style="bold")]
    shown = found if len(found) <= cap + 1 else found[:cap]
    ids = max(len(line.action.id) for line in shown)
    dated = max(10, len(_("non datée")))
    name = max(width - (2 + ids + 2 + 6 + 2 + dated + 2), 12)
    for line in shown:
        reading = line.reading
        lines.append(
            console.line(
                console.text("  ").append_text(console.fit(line.action.id, ids)),
                console.fit(reading.indicator.nom, name),
                console.fit(percent(reading.attainment), 6, console.LATE_STYLE, right=True),
                console.fit(
                    reading.measured.isoformat() if reading.measured else _("non datée"), dated
                ),
            )
        )
    if len(shown) < len(found):
        rest = len(found) - len(shown)
        lines.append(
            _dim(
                "  "
                + ngettext(
                    "… et {n} autre indicateur en retard",
                    "… et {n} autres indicateurs en retard",
                    rest,
                ).format(n=rest)
            )
        )
    return lines


@dataclass
class _Columns:
    """Widths of an action line: ID, title, status, due date, last entry, lead, path."""

    ids: int
    title: int
    status: int
    due: int
    last: int = 0
    lead: int = 0
    path: int = 0

    @property
    def before_status(self) -> int:
        """The columns taken by the indent, the ID and the title."""
        return 2 + self.ids + 2 + self.title


#: The room an action's title keeps before the orientation › objectif column is shown.
TITLE = 30


def _columns(
    lines: list[ActionLine], width: int, *, last_entry: bool = False, path: bool = False
) -> _Columns:
    from tdsplan.vocabulary import status_label

    ids = max((len(line.action.id) for line in lines), default=5)
    statuses = {line.state.statut for line in lines}  # six at most, of thousands of lines
    status = max([len(status_label(s)) for s in statuses] + [len(_("État"))])
    due = 12 if any(line.state.en_retard for line in lines) else 10
    due = max(due, len(_("Échéance")))
    last = max(10, len(_("Dern. entrée"))) if last_entry or width >= 140 else 0
    lead = 0
    if width >= 110 and any(line.porteur for line in lines):
        lead = min(max(len(line.porteur or "") for line in lines), 24)
    fixed = (
        2 + ids + 2 + 2 + status + 2 + due + (2 + last if last else 0) + (2 + lead if lead else 0)
    )
    flex = max(width - fixed, 12)
    path_width = 0
    if path and flex >= TITLE + 12:  # the ID names the objective already: titles first
        path_width = min(max(flex * 2 // 5, 10), flex - TITLE - 2)
        flex -= path_width + 2
    return _Columns(ids, flex, status, due, last, lead, path_width)


def _header(columns: _Columns) -> console.Text:
    cells = [
        console.fit(_("État"), columns.status, "dim"),
        console.fit(_("Échéance"), columns.due, "dim"),
    ]
    if columns.last:
        cells.append(console.fit(_("Dern. entrée"), columns.last, "dim"))
    if columns.lead:
        cells.append(console.fit(_("Porteur"), columns.lead, "dim"))
    if columns.path:
        cells.append(console.fit(_("Orientation › objectif"), columns.path, "dim"))
    return console.line(*cells) if cells else console.text()


def _action_line(line: ActionLine, columns: _Columns, as_of: dt.date) -> console.Text:
    from tdsplan.vocabulary import status_label

    statut = line.state.statut
    cells = [
        console.text("  ").append_text(console.fit(line.action.id, columns.ids)),
        console.fit(line.action.titre, columns.title),
        console.fit(
            console.text(status_label(statut), style=console.STATUS_STYLES[statut]), columns.status
        ),
        console.fit(console.due_text(line.echeance, line.state.en_retard), columns.due),
    ]
    if columns.last:
        cells.append(
            console.fit(
                line.derniere_entree.isoformat() if line.derniere_entree else "—", columns.last
            )
        )
    if columns.lead:
        cells.append(console.fit(line.porteur or "—", columns.lead))
    if columns.path:
        cells.append(console.fit(_path(line), columns.path, "dim"))
    return console.line(*cells, gap=2)


def _path(line: ActionLine) -> str:
    o, ob = line.orientation, line.objectif
    if o is None or ob is None:
        return ""
    return f"{o.id} › {ob.id} {ob.titre}"


# ---------------------------------------------------------------- focused lists


def focused(view: StatusView, width: int, filters: Filters) -> list[Any]:
    """One line per listed action, its path in a dimmed column; the date of the last
    entry when the list is about silence, or when there is room."""
    lines = view.lines()
    total = view.rollup.total
    title = console.text(_focus_title(view, filters), style="bold")
    title.append(
        _(" : ")
        + ngettext("{n} action sur {total}", "{n} actions sur {total}", view.shown).format(
            n=view.shown, total=total
        ),
        style="",
    )
    if not lines:
        return [title, console.text(_("Aucune action ne correspond."), style="italic")]
    columns = _columns(lines, width, last_entry=filters.silent_for is not None, path=True)
    header = console.line(
        console.fit("  " + _("ID"), 2 + columns.ids, "dim"),
        console.fit(_("Intitulé"), columns.title, "dim"),
        _header(columns),
    )
    return [title, header, *(_action_line(line, columns, view.as_of) for line in lines)]


def _focus_title(view: StatusView, filters: Filters) -> str:
    """« Actions réalisées ou en retard · porteur « Marie » · territoire Joliette — au
    26 novembre 2026 » (the count follows): what the list keeps, each filter once, the
    territory and the funder by their declared names."""
    from tdsplan.vocabulary import status_plural

    either = [status_plural(statut) for statut in sorted(filters.statuts)]
    actions = _("Actions")
    if filters.late and either:
        either.append(_("en retard"))
    elif filters.late:
        actions = _("Actions en retard")  # “Late actions”: English puts it first
    parts = [_(" ou ").join(either)] if either else []
    if filters.due_within is not None:
        parts.append(
            ngettext(
                "à échéance d’ici {n} jour", "à échéance d’ici {n} jours", filters.due_within
            ).format(n=filters.due_within)
        )
    if filters.silent_for is not None:
        parts.append(
            ngettext(
                "sans nouvelles depuis {n} mois",
                "sans nouvelles depuis {n} mois",
                filters.silent_for,
            ).format(n=filters.silent_for)
        )
    what = " · ".join(parts)
    named = []
    if filters.porteur:
        named.append(_("porteur « {name} »").format(name=filters.porteur))
    if filters.orientation:
        named.append(_("orientation {id}").format(id=filters.orientation))
    if filters.territoire:
        named.append(
            _("territoire {name}").format(name=view.plan.territory_name(filters.territoire))
        )
    if filters.bailleur:
        named.append(_("bailleur {name}").format(name=view.plan.funder_name(filters.bailleur)))
    head = " · ".join([actions + (f" {what}" if what else ""), *named])
    return _("{what} — au {date}").format(what=head, date=console.long_date(view.as_of))


# ---------------------------------------------------------------- the full tree


def tree(view: StatusView, width: int) -> Any:
    """Every orientation, objective and listed action in one table (``--all``)."""
    lines = view.lines()
    wide = width >= 120
    with_lead = width >= 100 and any(line.porteur for line in lines)
    columns = [
        console.column("ID", no_wrap=True),
        console.column(_("Intitulé"), ratio=1),
        console.column(_("État"), no_wrap=True),
        console.column(_("Échéance"), no_wrap=True),
    ]
    if with_lead:
        columns.append(
            console.column(
                _("Porteur"), no_wrap=True, overflow="ellipsis", max_width=24 if wide else 18
            )
        )
    if wide:
        columns.append(console.column(_("Dern. entrée"), no_wrap=True))
    table = console.table(*columns, expand=True)
    blanks = [""] * (1 + with_lead + wide)
    for o_view in view.orientations:
        o = o_view.orientation
        table.add_row(
            console.text(o.id, style="bold"),
            console.text(o.titre, style="bold"),
            console.bar(o_view.rollup.avancement),
            *blanks,
        )
        for ob_view in o_view.objectifs:
            ob = ob_view.objectif
            table.add_row(
                console.text(f" {ob.id}", style="bold"),
                console.text(ob.titre),
                console.bar(ob_view.rollup.avancement),
                *blanks,
            )
            for item in ob_view.actions:
                state = item.state
                row: list[Any] = [
                    f"  {item.action.id}",
                    console.text(item.action.titre),
                    console.status_text(state.statut, state.avancement),
                    console.due_text(item.echeance, state.en_retard),
                ]
                if with_lead:
                    row.append(console.text(item.porteur or "—"))
                if wide:
                    row.append(item.derniere_entree.isoformat() if item.derniere_entree else "—")
                table.add_row(*row)
        table.add_section()
    return table

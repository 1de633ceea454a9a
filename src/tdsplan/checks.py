"""Rules that span several fields or files, checked once every file has been validated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from tdsplan.errors import Problem
from tdsplan.fiscal import plan_period
from tdsplan.i18n import _, _mark
from tdsplan.indicators import problems as indicator_problems, running
from tdsplan.models import Action, Orientation, PlanInfo, Statut
from tdsplan.suggest import did_you_mean
from tdsplan.yamlio import Document, Loc


def check_plan(
    info: PlanInfo | None,
    orientations: list[Orientation],
    positioned: Callable[[Path], Document],
) -> list[Problem]:
    """Every cross-field and cross-file problem of a plan whose files each validated.

    ``positioned`` gives a file's document with node positions; it is called only
    to place a problem (or to point at an earlier duplicate).
    """
    at = _Locator(positioned)
    problems: list[Problem] = []
    if info is not None:
        problems += _check_info(info, at)
    problems += _check_ids(orientations, at)
    known_mandates = {m.id for m in info.mandats} if info is not None else None
    territories = [t.id for t in info.territoires] if info is not None else None
    funders = [b.id for b in info.bailleurs] if info is not None else None
    for orientation in orientations:
        for objectif in orientation.objectifs:
            # An action is placed by its objective's file and its rank there, the source
            # the loader gave it, without looking it up action by action.
            path = objectif.source.file
            for index, action in enumerate(objectif.actions):
                base = ("actions", index)
                problems += _check_action(action, path, base, known_mandates, territories, at)
                if funders is not None:
                    problems += _check_funders(action, path, base, funders, at)
                if info is not None:
                    problems += _check_indicators(info, action, path, base, at)
    return problems


class _Locator:
    """Makes a :class:`Problem` at a node of a file, given its YAML loc."""

    def __init__(self, positioned: Callable[[Path], Document]):
        self.positioned = positioned

    def __call__(self, path: Path, loc: Loc, message: str, *, key: bool = False) -> Problem:
        line, column = self.positioned(path).locate(loc, key=key)
        return Problem(path, line, column, message)

    def text(self, path: Path, loc: Loc) -> str:
        """``path:line`` of a node, to point at a first occurrence."""
        return f"{path.name}:{self.positioned(path).locate(loc)[0]}"


def _check_info(info: PlanInfo, at: _Locator) -> Iterator[Problem]:
    path = info.source.file
    if info.periode.fin < info.periode.debut:
        yield at(
            path,
            ("periode", "fin"),
            _("période inversée : fin {end} avant début {start}").format(
                end=info.periode.fin, start=info.periode.debut
            ),
        )
    elif info.periode.fin == info.periode.debut:
        yield at(
            path,
            ("periode", "fin"),
            _(
                "période vide : {start}-{end} ne couvre aucun "
                "exercice ; écrivez une fin de {next} au moins"
            ).format(start=info.periode.debut, end=info.periode.fin, next=info.periode.debut + 1),
        )
    seen: set[int] = set()
    for index, mandat in enumerate(info.mandats):
        if mandat.id in seen:
            yield at(
                path,
                ("mandats", index, "id"),
                _("mandat {number} en double").format(number=mandat.id),
            )
        seen.add(mandat.id)
    named: set[str] = set()
    for index, territoire in enumerate(info.territoires):
        if territoire.id in named:
            yield at(
                path,
                ("territoires", index, "id"),
                _("territoire « {id} » en double").format(id=territoire.id),
            )
        named.add(territoire.id)
    funded: set[str] = set()
    for index, bailleur in enumerate(info.bailleurs):
        if bailleur.id in funded:
            yield at(
                path,
                ("bailleurs", index, "id"),
                _("bailleur « {id} » en double").format(id=bailleur.id),
            )
        funded.add(bailleur.id)


def _check_ids(orientations: list[Orientation], at: _Locator) -> Iterator[Problem]:
    first: dict[str, tuple[Path, Loc]] = {}

    def unique(kind: str, identifier: str, path: Path, loc: Loc) -> Iterator[Problem]:
        if identifier in first:
            yield at(path, loc, _(kind).format(id=identifier, first=at.text(*first[identifier])))
        else:
            first[identifier] = (path, loc)

    for orientation in orientations:
        path = orientation.source.file
        yield from unique(
            _mark("identifiant d’orientation {id} en double (déjà utilisé dans {first})"),
            orientation.id,
            path,
            ("id",),
        )
        yield from _name_matches(
            path.parent.name,
            orientation.id,
            _mark(
                "le nom du dossier « {name} » annonce l’orientation {prefix}, mais l’identifiant "
                "inscrit est {id} : faites-les concorder"
            ),
            path,
            at,
        )
        for objectif in orientation.objectifs:
            path = objectif.source.file
            yield from unique(
                _mark("identifiant d’objectif {id} en double (déjà utilisé dans {first})"),
                objectif.id,
                path,
                ("id",),
            )
            yield from _name_matches(
                path.name,
                objectif.id,
                _mark(
                    "le nom du fichier « {name} » annonce l’objectif {prefix}, mais l’identifiant "
                    "inscrit est {id} : faites-les concorder"
                ),
                path,
                at,
            )
            if _parent(objectif.id) != orientation.id:
                yield at(
                    path,
                    ("id",),
                    _(
                        "l’objectif {id} est dans le dossier de l’orientation {parent} : son "
                        "identifiant doit commencer par « {parent}. »"
                    ).format(id=objectif.id, parent=orientation.id),
                )
            for index, action in enumerate(objectif.actions):
                loc = ("actions", index, "id")
                yield from unique(
                    _mark("identifiant d’action {id} en double (déjà utilisé dans {first})"),
                    action.id,
                    path,
                    loc,
                )
                if _parent(action.id) != objectif.id:
                    yield at(
                        path,
                        loc,
                        _(
                            "l’action {id} est dans l’objectif {parent} : son identifiant doit "
                            "commencer par « {parent}. »"
                        ).format(id=action.id, parent=objectif.id),
                    )


def _name_matches(
    name: str, identifier: str, message: str, path: Path, at: _Locator
) -> Iterator[Problem]:
    prefix = name.split("-", 1)[0].removesuffix(".yaml").removesuffix(".yml")
    if prefix != identifier:
        yield at(path, ("id",), _(message).format(name=name, prefix=prefix, id=identifier))


def _parent(identifier: str) -> str:
    return identifier.rsplit(".", 1)[0] if "." in identifier else ""


def _check_action(
    action: Action,
    path: Path,
    base: Loc,
    known_mandates: set[int] | None,
    territories: list[str] | None,
    at: _Locator,
) -> Iterator[Problem]:
    if known_mandates is not None:
        for index, number in enumerate(action.mandats):
            if number not in known_mandates:
                listed = ", ".join(str(n) for n in sorted(known_mandates)) or _("aucun")
                yield at(
                    path,
                    (*base, "mandats", index),
                    _("mandat {number} inconnu (mandats définis dans plan.yaml : {listed})").format(
                        number=number, listed=listed
                    ),
                )
    if territories is not None:
        for index, territoire in enumerate(action.territoires):
            if territoire not in territories:
                yield at(
                    path, (*base, "territoires", index), _unknown_territory(territoire, territories)
                )
    if action.debut and action.echeance and action.echeance < action.debut:
        yield at(
            path,
            (*base, "echeance"),
            _("échéance {due} avant le début {start}").format(
                due=action.echeance, start=action.debut
            ),
        )
    if (
        action.statut is Statut.REALISEE
        and action.avancement is not None
        and action.avancement < 100
    ):
        yield at(path, (*base, "avancement"), _done_below_100(action.avancement))
    yield from _check_journal_order(action, path, base, at)
    yield from _check_dated_fields(action, path, base, at)
    last_status = next(
        ((e.statut, e.date) for e in reversed(action.journal) if e.statut is not None), None
    )
    last_progress = next((e for e in reversed(action.journal) if e.avancement is not None), None)
    if last_status is not None and last_status[0] is not action.statut:
        last, since = last_status
        yield at(
            path,
            (*base, "statut"),
            _(
                "statut « {status} » différent du dernier statut inscrit au journal (« {last} » le "
                "{date}) : remettez « {last} », puis inscrivez le changement avec tdsplan update"
            ).format(status=action.statut.value, last=last.value, date=since),
        )
    if last_progress is not None and last_progress.avancement != action.avancement:
        yield at(
            path,
            (*base, "avancement"),
            _(
                "avancement {progress} différent du dernier avancement inscrit au journal ({last} "
                "le {date}) : remettez {last}, puis inscrivez le changement avec tdsplan update"
            ).format(
                progress="—" if action.avancement is None else action.avancement,
                last=last_progress.avancement,
                date=last_progress.date,
            ),
        )


def _check_journal_order(action: Action, path: Path, base: Loc, at: _Locator) -> Iterator[Problem]:
    """Entries from the oldest to the newest; a done one at 100 %."""
    previous = None
    for index, entry in enumerate(action.journal):
        loc = (*base, "journal", index)
        if previous is not None and entry.date < previous:
            yield at(
                path,
                (*loc, "date"),
                _(
                    "entrée du {date} placée après celle du {previous} : le journal va du plus "
                    "ancien au plus récent"
                ).format(date=entry.date, previous=previous),
            )
        previous = max(previous or entry.date, entry.date)
        if (
            entry.statut is Statut.REALISEE
            and entry.avancement is not None
            and entry.avancement < 100
        ):
            yield at(path, (*loc, "avancement"), _done_below_100(entry.avancement))


def _unknown_territory(territoire: str, territories: list[str]) -> str:
    if not territories:
        return _(
            "territoire « {id} » inconnu : plan.yaml ne déclare aucun territoire "
            "(ajoutez-les sous « territoires: »)"
        ).format(id=territoire)
    return (
        _("territoire « {id} » inconnu").format(id=territoire)
        + did_you_mean(territoire, territories)
        + _(" ; territoires déclarés dans plan.yaml : {ids}").format(ids=", ".join(territories))
    )


def _check_funders(
    action: Action, path: Path, base: Loc, funders: list[str], at: _Locator
) -> Iterator[Problem]:
    for index, bailleur in enumerate(action.bailleurs):
        if bailleur in funders:
            continue
        if not funders:
            message = _(
                "bailleur « {id} » inconnu : plan.yaml ne déclare aucun bailleur "
                "(ajoutez-les sous « bailleurs: »)"
            ).format(id=bailleur)
        else:
            message = (
                _("bailleur « {id} » inconnu").format(id=bailleur)
                + did_you_mean(bailleur, funders)
                + _(" ; bailleurs déclarés dans plan.yaml : {ids}").format(ids=", ".join(funders))
            )
        yield at(path, (*base, "bailleurs", index), message)


def _done_below_100(progress: int) -> str:
    return _(
        "avancement de {progress} % pour une action réalisée : une action réalisée est "
        "à 100 % (ou n’indique pas d’avancement)"
    ).format(progress=progress)


def _check_dated_fields(action: Action, path: Path, base: Loc, at: _Locator) -> Iterator[Problem]:
    """Due date, lead and indicator values follow the journal, as the status does."""
    names = [i.nom for i in action.indicateurs]
    last: dict[str, tuple[object, object]] = {}
    measured: dict[str, tuple[float, object]] = {}
    for index, entry in enumerate(action.journal):
        for name in ("echeance", "porteur"):
            if getattr(entry, name) is not None:
                last[name] = (getattr(entry, name), entry.date)
        for name, value in entry.indicateurs.items():
            if name not in names:
                hint = did_you_mean(name, names, cutoff=0.5)
                listed = ", ".join(f"« {n} »" for n in names) or _("aucun")
                yield at(
                    path,
                    (*base, "journal", index, "indicateurs", name),
                    _(
                        "indicateur « {name} » inconnu pour l’action {id}{hint} ; indicateurs de "
                        "l’action : {listed}"
                    ).format(name=name, id=action.id, hint=hint, listed=listed),
                    key=True,
                )
            measured[name] = (value, entry.date)
    for name, label in (("echeance", _mark("échéance")), ("porteur", _mark("porteur"))):
        if name in last and last[name][0] != getattr(action, name):
            current = getattr(action, name)
            yield at(
                path,
                (*base, name),
                _(
                    "{field} « {value} » : diffère de la dernière valeur inscrite au journal "
                    "(« {last} » le {date}) : remettez « {last} », puis inscrivez le changement "
                    "avec tdsplan update"
                ).format(
                    field=_(label),
                    value="—" if current is None else current,
                    last=last[name][0],
                    date=last[name][1],
                ),
            )
    for name, initial, label in (
        ("echeance", "echeance_initiale", _mark("échéance")),
        ("porteur", "porteur_initial", _mark("porteur")),
    ):
        first = getattr(action, initial)
        if name not in last and first is not None and first != getattr(action, name):
            yield at(
                path,
                (*base, name),
                _(
                    "{field} « {value} » : diffère de la valeur d’origine (« {first} ») sans "
                    "entrée au journal qui la change : remettez « {first} », puis inscrivez le "
                    "changement avec tdsplan update"
                ).format(field=_(label), value=getattr(action, name) or "—", first=first),
            )
    for index, indicator in enumerate(action.indicateurs):
        values = [
            e.indicateurs[indicator.nom] for e in action.journal if indicator.nom in e.indicateurs
        ]
        total = running(indicator, values)
        if indicator.nom in measured and total is not None and total != indicator.reel:
            value, date = total, measured[indicator.nom][1]
            yield at(
                path,
                (*base, "indicateurs", index, "reel"),
                _(
                    "valeur réelle {value} de l’indicateur « {name} » différente de la dernière "
                    "mesure inscrite au journal ({last} le {date}) : remettez {last}, puis inscrivez "
                    "le changement avec tdsplan update"
                ).format(
                    value="—" if indicator.reel is None else f"{indicator.reel:g}",
                    name=indicator.nom,
                    last=f"{value:g}",
                    date=date,
                ),
            )


class EntryDate(NamedTuple):
    """What :func:`entry_date_rule` says of a journal date: why it is refused, or what
    deserves a look though it is accepted (``None`` for nothing)."""

    refusal: str | None = None
    warning: str | None = None


def entry_date_rule(
    date: dt.date, today: dt.date | None, period: tuple[dt.date, dt.date] | None = None
) -> EntryDate:
    """The one rule for a journal entry's date, applied by the loader (so by ``validate``
    and every reader) and by every writer (update, amend, import): nothing after
    ``today`` (the journal records what happened), nothing before the plan's first day;
    after its last day (``period``), accepted with a warning. ``today`` is ``None`` when
    the caller has no clock to check against (a library reading a plan)."""
    if today is not None and date > today:
        return EntryDate(
            _(
                "date {date} dans le futur (nous sommes le {today}) : le journal "
                "n’inscrit que ce qui est arrivé"
            ).format(date=date, today=today)
        )
    if period is None:
        return EntryDate()
    start, end = period
    if date < start:
        return EntryDate(
            _(
                "date {date} antérieure au début du plan ({start}) : une entrée du "
                "journal est datée dans la période du plan"
            ).format(date=date, start=start)
        )
    if date > end:
        return EntryDate(
            warning=_(
                "date {date} après la fin du plan ({end}) : entrée acceptée, vérifiez la date"
            ).format(date=date, end=end)
        )
    return EntryDate()


def check_journal_dates(
    info: PlanInfo | None,
    orientations: list[Orientation],
    positioned: Callable[[Path], Document],
    today: dt.date | None,
) -> tuple[list[Problem], list[Problem]]:
    """The problems and the warnings of every journal date (:func:`entry_date_rule`), and
    of the due dates an entry sets before its action's start, each at its ``date:`` (or
    ``echeance:``). Run at each reading, never cached: its answer depends on ``today``."""
    at = _Locator(positioned)
    # an inverted or empty period is reported by check_plan: no bounds to check against
    period = (
        plan_period(info) if info is not None and info.periode.debut < info.periode.fin else None
    )
    # Dates inside these bounds need no look at the rule nor at where the entry is written
    # (a source lookup per entry costs more than the rule on a plan of 10,000 actions).
    low = period[0] if period else dt.date.min
    high = min(period[1] if period else dt.date.max, today or dt.date.max)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for orientation in orientations:
        for objectif in orientation.objectifs:
            for action in objectif.actions:
                for index, entry in enumerate(action.journal):
                    early_due = (
                        entry.echeance is not None
                        and action.debut is not None
                        and entry.echeance < action.debut
                    )
                    if low <= entry.date <= high and not early_due:
                        continue
                    path, base = action.source.file, action.source.loc
                    loc = (*base, "journal", index)
                    verdict = entry_date_rule(entry.date, today, period)
                    if verdict.refusal is not None:
                        problems.append(at(path, (*loc, "date"), verdict.refusal))
                    elif verdict.warning is not None:
                        warnings.append(at(path, (*loc, "date"), verdict.warning))
                    if early_due:
                        problems.append(
                            at(
                                path,
                                (*loc, "echeance"),
                                _("échéance {due} avant le début {start}").format(
                                    due=entry.echeance, start=action.debut
                                ),
                            )
                        )
    return problems, warnings


def _check_indicators(
    info: PlanInfo, action: Action, path: Path, base: Loc, at: _Locator
) -> Iterator[Problem]:
    """Targets, kinds' ranges and territory values (see :func:`tdsplan.indicators.problems`)."""
    for loc, message in indicator_problems(info, action):
        yield at(path, (*base, *loc), message)

"""A bilan's editorial file: the words people write for a report, read and checked.

One Markdown file per report, ``<plan folder>/bilans/<label>.md`` (``2019-2020`` for a
fiscal year, ``2018-2023`` for the final bilan), with a small YAML front matter::

    ---
    bilan: 2019-2020
    signature: Marie Tremblay, présidente
    verdicts:               # final bilan only: one line per orientation
      "1": Objectif atteint : une définition commune adoptée par 40 partenaires.
    ---

    # Mot de la présidence
    ...
    # Orientation 1 — Compréhension commune
    ...
    # Perspectives
    ...
    # Remerciements
    ...

:func:`load` reads one (``None`` when there is none), :func:`problems` checks every
file of a plan's ``bilans/`` folder; :mod:`tdsplan.prepare` writes a first draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tdsplan.errors import PlanInvalidError, Problem, os_reason
from tdsplan.i18n import _
from tdsplan.store import BILANS_DIR
from tdsplan.yamlio import FileProblems, decode_source, parse_document, read_raw

if TYPE_CHECKING:
    from tdsplan.models import Plan
    from tdsplan.project import Project

SUFFIX = ".md"
#: The front matter's keys.
KEYS = ("bilan", "signature", "verdicts")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HEADING = re.compile(r"^# +(.+?) *#* *$")
_ORIENTATION = re.compile(r"^orientation +(\S+?)(?: *[—–:-] *.*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Editorial:
    """The words of one report, as people wrote them; each text is a tuple of paragraphs
    (Markdown inline text, one paragraph a string)."""

    label: str
    path: Path
    #: The heading of the opening word, as written (« Mot de la présidence »).
    mot_titre: str = ""
    mot: tuple[str, ...] = ()
    #: Who signs the opening word (« Marie Tremblay, présidente »).
    signature: str | None = None
    #: A short narrative per orientation, by orientation ID.
    orientations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Final bilan: the board's verdict on each orientation, one line, by orientation ID.
    verdicts: dict[str, str] = field(default_factory=dict)
    perspectives: tuple[str, ...] = ()
    remerciements: tuple[str, ...] = ()


def folder(project: Project) -> Path:
    """Where a plan's editorial files and adoption records live."""
    return project.plan_dir / BILANS_DIR


def path(project: Project, label: str) -> Path:
    """The editorial file of the report ``label`` (``2019-2020``, ``2018-2023``)."""
    return folder(project) / f"{label}{SUFFIX}"


def load(project: Project, label: str, plan: Plan | None = None) -> Editorial | None:
    """The editorial file of the report ``label``, read and checked; ``None`` when the
    plan has none. :class:`PlanInvalidError` with every located problem when it cannot
    be used; given ``plan``, its orientation IDs are checked too."""
    file = path(project, label)
    if not file.exists():
        return None
    editorial, found = _read(file, plan)
    found.sort()
    if found or editorial is None:
        raise PlanInvalidError(found)
    return editorial


def unfinished(editorial: Editorial | None) -> list[str]:
    """What a draft (``report --prepare``) still lacks before it can be adopted: the
    signature of the opening word, the opening word itself."""
    if editorial is None:
        return []
    found = []
    if not editorial.signature:
        found.append(_("pas de signature"))
    if not editorial.mot:
        found.append(_("mot de la présidence vide"))
    return found


def problems(project: Project, plan: Plan | None) -> list[Problem]:
    """Every problem of the editorial files in the plan's ``bilans/`` folder."""
    found: list[Problem] = []
    where = folder(project)
    if not where.is_dir():
        return found
    for file in sorted(where.iterdir()):
        if file.suffix == SUFFIX and not file.name.startswith("."):
            found += sorted(_read(file, plan)[1])
    return found


def _read(file: Path, plan: Plan | None) -> tuple[Editorial | None, list[Problem]]:
    try:
        raw, _stat = read_raw(file)
        text, _bom = decode_source(file, raw)
    except FileProblems as error:
        return None, list(error.problems)
    except OSError as error:
        reason = _("lecture impossible : {reason}").format(reason=os_reason(error))
        return None, [Problem(file, 0, 0, reason)]
    text = text.replace("\r\n", "\n")
    # Comments are no text of the report; their lines stay, so that lines keep numbers.
    lines = _COMMENT.sub(lambda m: "\n" * m[0].count("\n"), text).split("\n")
    if not lines or lines[0].strip() != "---":
        message = _("il manque l’en-tête YAML entre deux lignes « --- » (bilan: {label})")
        return None, [Problem(file, 1, 1, message.format(label=file.stem))]
    if "---" not in (s.strip() for s in lines[1:]):
        message = _("l’en-tête YAML ouvert ici n’est pas fermé : il manque la ligne « --- » après")
        return None, [Problem(file, 1, 1, message)]
    close = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    front, found = _front(file, "\n".join(lines[1:close]) + "\n", plan)
    sections, more = _sections(file, lines, close + 1, plan)
    found += more
    verdicts = {str(k): str(v) for k, v in (front.get("verdicts") or {}).items()}
    editorial = Editorial(
        label=file.stem,
        path=file,
        mot_titre=sections.pop("", ((),))[0][0] if "" in sections else "",
        mot=sections.pop("mot", ((),))[0],
        signature=front.get("signature"),
        orientations={k[1:]: v[0] for k, v in sections.items() if k.startswith("#")},
        verdicts=verdicts,
        perspectives=sections.get("perspectives", ((),))[0],
        remerciements=sections.get("remerciements", ((),))[0],
    )
    return editorial, found


def _front(file: Path, text: str, plan: Plan | None) -> tuple[dict[str, Any], list[Problem]]:
    """The front matter's values, and its problems (lines counted from the file's)."""
    try:
        document = parse_document(file, text)
    except FileProblems as error:
        return {}, [
            Problem(p.path, p.line + 1 if p.line else 2, p.column, p.message)
            for p in error.problems
        ]
    data = document.data
    if not isinstance(data, dict):
        return {}, [Problem(file, 2, 1, _("l’en-tête doit être une suite de clés : valeurs"))]
    found: list[Problem] = []

    def at(loc: tuple[Any, ...], message: str, *, key: bool = False) -> None:
        line, column = document.locate(loc, key=key)
        found.append(Problem(file, line + 1, column, message))

    for key in data:
        if key not in KEYS:
            at(
                (key,),
                _("clé « {key} » inconnue ; clés permises : {keys}").format(
                    key=key, keys=", ".join(KEYS)
                ),
                key=True,
            )
    if data.get("bilan") is None:
        at((), _("il manque « bilan: {label} »").format(label=file.stem))
    elif str(data["bilan"]) != file.stem:
        at(
            ("bilan",),
            _("« bilan: {value} » ne correspond pas au nom du fichier ({label})").format(
                value=data["bilan"], label=file.stem
            ),
        )
    for key in ("signature",):
        if data.get(key) is not None and not isinstance(data[key], str):
            at((key,), _("« {key} » doit être un texte").format(key=key))
    verdicts = data.get("verdicts")
    if verdicts is not None and not isinstance(verdicts, dict):
        at(("verdicts",), _("« verdicts » associe un ID d’orientation à une ligne de texte"))
        data = {k: v for k, v in data.items() if k != "verdicts"}
    elif verdicts:
        known = _orientation_ids(plan)
        for key, value in verdicts.items():
            if known is not None and str(key) not in known:
                at(("verdicts", key), _unknown(str(key), known), key=True)
            if not isinstance(value, str):
                at(
                    ("verdicts", key),
                    _("le verdict de l’orientation {id} doit être un texte").format(id=key),
                )
    return data, found


def _sections(
    file: Path, lines: list[str], start: int, plan: Plan | None
) -> tuple[dict[str, tuple[tuple[str, ...], int]], list[Problem]]:
    """The file's sections by key (``mot``, ``#1`` for orientation 1, ``perspectives``,
    ``remerciements``; ``""`` holds the opening word's heading), each with its line."""
    known = _orientation_ids(plan)
    found: list[Problem] = []
    sections: dict[str, tuple[tuple[str, ...], int]] = {}
    key: str | None = None
    body: list[str] = []

    def close() -> None:
        if key is not None:
            sections[key] = (_paragraphs(body), sections.get(key, ((), 0))[1])

    for number, line in enumerate(lines[start:], start + 1):
        heading = _HEADING.match(line)
        if heading is None:
            if key is None and line.strip():
                found.append(
                    Problem(
                        file,
                        number,
                        1,
                        _("texte hors section : commencez par un titre « # Mot de la présidence »"),
                    )
                )
                key = "mot"
                sections[key] = ((), number)
            body.append(line)
            continue
        close()
        body = []
        title = heading[1].strip()
        key = _section_key(title)
        if key is None:
            found.append(
                Problem(
                    file,
                    number,
                    1,
                    _(
                        "section « {title} » inconnue ; sections : « Mot de … », « Orientation N », "
                        "« Perspectives », « Remerciements »"
                    ).format(title=title),
                )
            )
            key = f"?{number}"
        elif key.startswith("#") and known is not None and key[1:] not in known:
            found.append(Problem(file, number, 1, _unknown(key[1:], known)))
        elif key in sections:
            found.append(
                Problem(file, number, 1, _("section « {title} » en double").format(title=title))
            )
        if key == "mot":
            sections[""] = ((title,), number)
        sections[key] = ((), number)
    close()
    return {k: v for k, v in sections.items() if not k.startswith("?")}, found


def _section_key(title: str) -> str | None:
    lowered = title.casefold()
    if lowered.startswith("mot d"):
        return "mot"
    if lowered in ("perspectives", "remerciements"):
        return lowered
    match = _ORIENTATION.match(title)
    return f"#{match[1]}" if match else None


def _paragraphs(lines: list[str]) -> tuple[str, ...]:
    """Blank-line separated paragraphs, each joined on one line."""
    text = "\n".join(lines).strip()
    return tuple(" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip())


def _orientation_ids(plan: Plan | None) -> list[str] | None:
    return None if plan is None else [o.id for o in plan.orientations]


def _unknown(identifier: str, known: list[str]) -> str:
    return _("orientation « {id} » inconnue ; orientations du plan : {ids}").format(
        id=identifier, ids=", ".join(known)
    )

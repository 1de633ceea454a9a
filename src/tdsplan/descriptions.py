"""Changing an element's descriptive fields in its file (``tdsplan edit``).

Only their lines change; the file is validated with the whole plan before it is written."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tdsplan.edit import (
    Edit,
    branch,
    ensure_plan_valid,
    record_written,
    validated,
    write_atomically,
)
from tdsplan.elements import Element, find
from tdsplan.errors import ChangeRefusedError, UsageError
from tdsplan.fields import (
    FOLLOW_JOURNAL,
    REQUIRED,
    after_keys,
    check_key,
    field_lines,
    fields_of,
    model_of,
    parse_fields,
)
from tdsplan.i18n import _
from tdsplan.locks import locked as _locked
from tdsplan.models import Action
from tdsplan.project import Project
from tdsplan.splice import Splicer, action_index
from tdsplan.yamlio import Loc, parse_document, read_source
from tdsplan.yamlwrite import format_value


class FollowsJournalError(UsageError):
    """``key`` of action ``identifier`` is recorded by its journal: it changes by an entry.
    ``origin``: the link of the action it continues, whose journal it follows (a carried
    action's lead and due date are inherited, never read from its own fields)."""

    def __init__(self, identifier: str, key: str, origin: str | None = None):
        self.identifier = identifier
        self.key = key
        if origin is None:
            message = _(
                "« {key} » de {id} suit son journal, qui l’a déjà changé : il change "
                "désormais par une entrée datée"
            )
        else:
            message = _(
                "« {key} » de {id} suit le journal qu’elle reprend de {origin} : il change "
                "par une entrée datée"
            )
        shown = (origin or "").replace("/", " / ")
        super().__init__(message.format(key=key, id=identifier, origin=shown))


@dataclass(frozen=True)
class Described:
    """An element's fields changed (or, in a dry run, as they would be): which (none
    when each already had the value given: nothing is written then), and the file's
    edit."""

    identifier: str
    changed: tuple[str, ...]
    edit: Edit


def describe(
    project: Project,
    identifier: str,
    values: Mapping[str, list[str]],
    unset: tuple[str, ...] = (),
    *,
    dry_run: bool = False,
) -> Described:
    """Set the descriptive fields ``values`` (key → the texts typed for it) of element
    ``identifier`` and remove those of ``unset``; the rest of its file stays byte for
    byte. A :class:`UsageError` for a field the element has not, a value that does not
    parse, or a field that its journal records; nothing is written then."""
    ensure_plan_valid(project)
    plan = branch(project).load(only=identifier)
    element = find(plan, identifier)
    allowed = fields_of(element)
    for key in unset:
        check_key(key, allowed)
        if key in REQUIRED:
            raise UsageError(
                _("« {key} » ne peut pas être retiré : il est obligatoire").format(key=key)
            )
        if key in values:
            raise UsageError(_("« {key} » est à la fois donné et retiré").format(key=key))
    parsed = parse_fields(plan, allowed, values)
    if isinstance(element, Action):
        _check_journal(element, [*parsed, *unset])
    # Only what changes is written, and named: a value given as it already is, or a
    # field removed that is not there, is no change.
    parsed = {k: v for k, v in parsed.items() if getattr(element, k) != v}
    unset = tuple(k for k in unset if getattr(element, k) not in (None, []))
    path = element.source.file
    with _locked(path):
        text, bom = read_source(path)
        document = parse_document(path, text)
        base: Loc = (
            ("actions", action_index(document, element.id)) if isinstance(element, Action) else ()
        )
        if base and base in document.flow:
            raise ChangeRefusedError(
                _(
                    "{id} est écrite sur une ligne ({{...}}) : écrivez-la en lignes "
                    "« clé: valeur » pour la modifier"
                ).format(id=element.id)
            )
        splicer = Splicer(text, document)
        model = model_of(element)
        for key, value in parsed.items():
            _set(splicer, (*base, key), value, after_keys(model, key))
        for key in unset:
            splicer.set_value((*base, key), None, ())
        edit = Edit(path, text, splicer.result(), bom)
        if not parsed and not unset:
            return Described(element.id, (), edit)
        if edit.after == edit.before:
            raise ChangeRefusedError(
                _("{id} a déjà ces valeurs : rien n’a été écrit").format(id=element.id)
            )
        _read_back(find(validated(project, edit, only=identifier), identifier), parsed, unset)
        if not dry_run:
            write_atomically(edit)
            record_written(project, edit)
    return Described(element.id, (*parsed, *unset), edit)


def _check_journal(action: Action, keys: list[str]) -> None:
    """A lead or a due date is the action's own until its journal records one; a carried
    action's follow the journal it inherits (:attr:`Action.heritage`) from the start."""
    for key in keys:
        if key in FOLLOW_JOURNAL and action.heritage is not None:
            raise FollowsJournalError(action.id, key, action.heritage.origin)
        if key in FOLLOW_JOURNAL and (
            any(getattr(e, key) is not None for e in action.journal)
            or getattr(action, f"{key}_initial" if key == "porteur" else f"{key}_initiale")
        ):
            raise FollowsJournalError(action.id, key)


def _set(splicer: Splicer, loc: Loc, value: object, after: tuple[str, ...]) -> None:
    """A scalar replaced in place (a comment after it kept); a list, or a text written
    over several lines, rewritten whole."""
    spans = splicer.document.spans
    one_line = loc in spans and "\n" not in splicer.text[slice(*spans[loc])]
    if not isinstance(value, list) and (one_line or loc not in spans):
        splicer.set_scalar(loc, format_value(value), after)
    elif isinstance(value, list) and loc in splicer.document.flow and loc[-1] != "partenaires":
        flow = field_lines(str(loc[-1]), value)[0].split(": ", 1)[1]
        splicer.set_scalar(loc, flow, after)  # ``[a, b]`` in place, a comment after it kept
    else:
        splicer.set_lines(loc, field_lines(str(loc[-1]), value), after)


def _read_back(element: Element, parsed: Mapping[str, object], unset: tuple[str, ...]) -> None:
    """The element as the new file has it holds the values asked for."""
    for key, value in parsed.items():
        if getattr(element, key) != value:
            raise ChangeRefusedError(
                _(
                    "la modification de {id} ne se relit pas à l’identique : rien n’a été écrit"
                ).format(id=element.id)
            )
    for key in unset:
        if getattr(element, key) != type(element).model_fields[key].get_default(
            call_default_factory=True
        ):
            raise ChangeRefusedError(
                _(
                    "la modification de {id} ne se relit pas à l’identique : rien n’a été écrit"
                ).format(id=element.id)
            )

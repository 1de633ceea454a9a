"""Splicing new text into a plan file: only the lines meant to change, byte for byte.

A :class:`Splicer` collects replacements located by :mod:`tdsplan.yamlio`'s positions
and applies them at once, keeping comments, quoting, line endings and everything else;
:func:`splice_action` makes an action's journal, and the current fields it sets, hold
a new list of entries, written by :mod:`tdsplan.yamlwrite`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tdsplan.errors import ChangeRefusedError
from tdsplan.i18n import _
from tdsplan.indicators import running
from tdsplan.models import Action, EntreeJournal
from tdsplan.state import JOURNAL_FIELDS, baseline
from tdsplan.yamlio import Document, Loc
from tdsplan.yamlwrite import format_entry, format_scalar, format_value

#: A journal entry as data (``date``, ``statut``... in the order they are written).
Entry = dict[str, Any]


class Splicer:
    """Collects (start, end, text) replacements in one document and applies them."""

    def __init__(self, text: str, document: Document):
        self.text = text
        self.document = document
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.replacements: list[tuple[int, int, str]] = []

    def column(self, offset: int) -> int:
        return offset - (self.text.rfind("\n", 0, offset) + 1)

    def line_end(self, offset: int) -> int:
        """Where the line holding ``offset - 1`` ends (after its newline)."""
        if offset > 0 and self.text[offset - 1] == "\n":
            return offset
        found = self.text.find("\n", offset)
        return len(self.text) if found < 0 else found + 1

    def insert(self, offset: int, lines: list[str], indent: int) -> None:
        block = "".join(" " * indent + line + self.newline for line in lines)
        if offset == len(self.text) and self.text and not self.text.endswith("\n"):
            block = self.newline + block[: -len(self.newline)]  # keep no final newline
        self.replacements.append((offset, offset, block))

    def set_scalar(self, loc: Loc, value: str, after: tuple[str, ...]) -> None:
        """Set ``loc`` (a key in a mapping) to ``value``, inserting it after the first of
        the ``after`` keys found when it is missing."""
        spans = self.document.spans
        if loc in spans:
            start, end = spans[loc]
            prefix = " " if start == end and self.text[start - 1] == ":" else ""
            self.replacements.append((start, end, prefix + value))
            return
        parent = loc[:-1]
        anchor = next((parent + (k,) for k in after if parent + (k,) in spans), None)
        if anchor is None:
            raise ChangeRefusedError(_("structure inattendue : modification impossible"))
        indent = self.column(self.document.key_starts[anchor])
        self.insert(self.line_end(spans[anchor][1]), [f"{loc[-1]}: {value}"], indent)

    def append_item(self, mapping: Loc, key: str, item: list[str]) -> None:
        """Append a block-style item (its lines, without dash) to the list at
        ``mapping + (key,)``, creating the list if needed."""
        spans, loc = self.document.spans, mapping + (key,)
        dash = ["- " + item[0], *("  " + line for line in item[1:])]
        empty = loc in spans and self.text[slice(*spans[loc])].strip() in ("", "[]", "~", "null")
        if loc in self.document.flow and not empty:
            raise ChangeRefusedError(
                _(
                    "la liste « {key} » est écrite sur une ligne ([...]) : "
                    "écrivez-la en lignes « - » pour l’allonger"
                ).format(key=key)
            )
        if empty:  # `key: []` or `key:` becomes a block list
            start, end = spans[loc]
            while self.text[start - 1] == " ":
                start -= 1
            indent = self.column(self.document.key_starts[loc]) + 2
            block = "".join(self.newline + " " * indent + line for line in dash)
            self.replacements.append((start, end, block))
        elif loc in spans:
            start, end = spans[loc]
            self.insert(self.line_end(end), dash, self.column(start))
        else:
            indent = self.column(self.document.key_starts[mapping + ("id",)])
            end = spans[mapping][1]
            self.insert(self.line_end(end), [f"{key}:", *("  " + line for line in dash)], indent)

    def block(self, loc: Loc) -> tuple[int, int]:
        """Whole lines of the list item at ``loc``: from its dash's line to its end."""
        if loc[:-1] in self.document.flow:
            raise ChangeRefusedError(
                _(
                    "la liste « {key} » est écrite sur une ligne ([...]) : "
                    "écrivez-la en lignes « - » pour la modifier"
                ).format(key=loc[-2])
            )
        start, end = self.document.spans[loc]
        return self.text.rfind("\n", 0, start) + 1, self.line_end(end)

    def remove_block(self, loc: Loc) -> None:
        start, end = self.block(loc)
        self.replacements.append((start, end, ""))

    def insert_before(self, loc: Loc, item: list[str]) -> None:
        """Insert a block-style item (its lines, without dash) before the item at ``loc``."""
        start, _end = self.block(loc)
        indent = len(self.text[start:]) - len(self.text[start:].lstrip(" "))
        self.insert(start, ["- " + item[0], *("  " + line for line in item[1:])], indent)

    def empty_list(self, loc: Loc) -> None:
        """Replace the items of the block list at ``loc`` by ``[]``."""
        colon = self.text.index(":", self.document.key_starts[loc])
        end = self.line_end(self.document.spans[loc][1])
        self.replacements.append((colon + 1, end, " []" + self.newline))

    def set_value(self, loc: Loc, value: object, after: tuple[str, ...]) -> None:
        """Set the key at ``loc`` to ``value`` (a date, status, number or text), or remove
        its line when ``value`` is ``None``."""
        if value is None:
            if loc in self.document.spans:
                start = self.text.rfind("\n", 0, self.document.key_starts[loc]) + 1
                self.replacements.append((start, self.line_end(self.document.spans[loc][1]), ""))
            return
        self.set_scalar(loc, format_value(value), after)

    def set_lines(self, loc: Loc, lines: list[str], after: tuple[str, ...]) -> None:
        """Make the key at ``loc`` hold ``lines`` (``key: value`` and the lines below it,
        indented from the key), in place of its lines, or after the first of the ``after``
        keys found when it is missing."""
        if loc not in self.document.spans:
            parent = loc[:-1]
            anchor = next(
                (parent + (k,) for k in after if parent + (k,) in self.document.spans), None
            )
            if anchor is None:
                raise ChangeRefusedError(_("structure inattendue : modification impossible"))
            indent = self.column(self.document.key_starts[anchor])
            self.insert(self.line_end(self.document.spans[anchor][1]), lines, indent)
            return
        start = self.document.key_starts[loc]
        indent = self.column(start)
        end = self.line_end(self.document.spans[loc][1])
        block = lines[0] + "".join(self.newline + " " * indent + line for line in lines[1:])
        ending = self.text[start:end][len(self.text[start:end].rstrip("\r\n")) :]
        self.replacements.append((start, end, block + ending))

    def item_text(self, loc: Loc, new_id: str | None = None) -> list[str]:
        """The lines of the list item at ``loc`` as :meth:`append_item` takes them (without
        the dash, indented from the item), its ``id`` replaced by ``new_id`` if given."""
        start, end = self.block(loc)
        text = self.text[start:end]
        if new_id is not None:
            id_start, id_end = self.document.spans[(*loc, "id")]
            text = text[: id_start - start] + new_id + text[id_end - start :]
        lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
        dash = self.column(self.document.spans[loc][0]) - 2
        rest = [line[min(dash + 2, len(line) - len(line.lstrip(" "))) :] for line in lines[1:]]
        return [lines[0][dash + 2 :], *rest]

    def result(self) -> str:
        # From the end of the file backwards, so that offsets stay true; of two
        # insertions at one place, the one asked for first comes first.
        text = self.text
        ordered = sorted(enumerate(self.replacements), key=lambda r: (r[1][0], r[0]), reverse=True)
        for _order, (start, end, new) in ordered:
            text = text[:start] + new + text[end:]
        return text


def action_index(document: Document, identifier: str) -> int:
    """The position of action ``identifier`` in the objective file ``document``."""
    for index, item in enumerate(document.data.get("actions") or []):
        if isinstance(item, dict) and item.get("id") == identifier:
            return index
    raise ChangeRefusedError(
        _(
            "l’action {id} a disparu du fichier pendant la modification : relancez la commande"
        ).format(id=identifier)
    )


def places(actions: Iterable[Action | None]) -> dict[Path, frozenset[int]]:
    """The indexes of ``actions`` in their files' ``actions`` lists (as the plan read
    them), by file: the positions a batch's parses keep (an unknown action is ``None``)."""
    found: dict[Path, set[int]] = {}
    for action in actions:
        if action is not None and len(action.source.loc) == 2:
            found.setdefault(action.source.file, set()).add(action.source.index)
    return {path: frozenset(indexes) for path, indexes in found.items()}


def splice_action(
    splicer: Splicer, index: int, current: Action, journal: list[int | Entry]
) -> list[EntreeJournal]:
    """Collect in ``splicer`` the replacements that make the journal of action ``index``
    (``current``, as the file has it) hold ``journal``; return the journal's entries."""
    base: Loc = ("actions", index)
    if base in splicer.document.flow:
        raise ChangeRefusedError(
            _(
                "action écrite sur une ligne ({{...}}) : écrivez-la en lignes "
                "« clé: valeur » pour la modifier"
            ).format()
        )
    new_entries = [
        current.journal[item] if isinstance(item, int) else EntreeJournal.model_validate(item)
        for item in journal
    ]
    _splice_journal(splicer, base, len(current.journal), journal)
    _splice_current(splicer, base, current, new_entries)
    return new_entries


def entry_lines(entry: Entry) -> list[str]:
    """A journal entry (its fields in order) as the lines of a block mapping, unfolded."""
    lines = []
    for key, value in entry.items():
        if key == "indicateurs":
            lines.append("indicateurs:")
            lines += [
                format_entry(format_scalar(name), v, 2, width=None) for name, v in value.items()
            ]
        else:
            lines.append(format_entry(key, value, width=None))
    return lines


def _splice_journal(splicer: Splicer, base: Loc, count: int, journal: list[int | Entry]) -> None:
    """Make the journal list hold ``journal``: the entries kept (by index, in their order)
    stay byte for byte where they are; the others lose their lines; new ones are written
    before the entry they precede, or at the end."""
    kept = [item for item in journal if isinstance(item, int)]
    assert kept == sorted(kept), "an edit never reorders the entries it keeps"
    loc = (*base, "journal")
    if not journal:
        if count:
            splicer.empty_list(loc)
        return
    for old in set(range(count)) - set(kept):
        splicer.remove_block((*loc, old))
    pending: list[list[str]] = []
    for item in journal:
        if isinstance(item, int):
            for lines in pending:
                splicer.insert_before((*loc, item), lines)
            pending = []
        else:
            pending.append(entry_lines(item))
    for lines in pending:
        splicer.append_item(base, "journal", lines)


_AFTER = {
    "statut": ("titre", "id"),
    "avancement": ("statut", "titre", "id"),
    "porteur": ("avancement", "statut", "titre", "id"),
    "porteur_initial": ("porteur", "avancement", "statut", "titre", "id"),
    "echeance": (
        "debut",
        "mandats",
        "territoires",
        "partenaires",
        "porteur_initial",
        "porteur",
        "avancement",
        "statut",
        "titre",
        "id",
    ),
    "echeance_initiale": (
        "echeance",
        "debut",
        "mandats",
        "territoires",
        "partenaires",
        "porteur",
        "avancement",
        "statut",
        "titre",
        "id",
    ),
}


def current_fields(current: Action, journal: list[EntreeJournal]) -> dict[str, object]:
    """The fields of ``current`` its new ``journal`` changes, with their new values (a
    starting value, ``echeance_initiale`` or ``porteur_initial``, before its field)."""
    fields: dict[str, object] = {}
    for name in JOURNAL_FIELDS:
        was_set = any(getattr(e, name) is not None for e in current.journal)
        values = [getattr(e, name) for e in journal if getattr(e, name) is not None]
        if values:
            target = values[-1]
            initial = f"{name}_initial" if name == "porteur" else f"{name}_initiale"
            if (
                not was_set
                and name in ("echeance", "porteur")
                and getattr(current, name) is not None
                and getattr(current, initial) is None
            ):
                fields[initial] = getattr(current, name)
        elif was_set:
            target = baseline(current, name)
        else:
            continue
        if target != getattr(current, name):
            fields[name] = target
    return fields


def _splice_current(
    splicer: Splicer, base: Loc, current: Action, journal: list[EntreeJournal]
) -> None:
    """Set the action's current fields to what its new journal says."""
    for name, value in current_fields(current, journal).items():
        splicer.set_value((*base, name), value, _AFTER[name])
    for position, indicator in enumerate(current.indicateurs):
        was_set = any(indicator.nom in e.indicateurs for e in current.journal)
        values = [e.indicateurs[indicator.nom] for e in journal if indicator.nom in e.indicateurs]
        if values or was_set:
            target = running(indicator, values)
            if target != indicator.reel:
                splicer.set_value(
                    (*base, "indicateurs", position, "reel"), target, ("cible", "nom")
                )

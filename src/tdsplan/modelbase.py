"""The building blocks of the data model: the patterns of IDs, the typed fields every
file uses (dates, texts, numbers, percentages), where an element was read from
(:class:`Source`, :class:`Located`). :mod:`tdsplan.models` builds the files on them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, NewType

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    Strict,
    WithJsonSchema,
)

from tdsplan.plaintext import (
    MAX_TEXT as MAX_TEXT,  # re-exported
    TEXT_ERRORS as TEXT_ERRORS,
    plain_text,
    quoted_date,
    text_problem as text_problem,
)
from tdsplan.vocabulary import Statut as Statut  # re-exported: a field's type

ORIENTATION_ID = r"^[1-9][0-9]*$"
#: A day that every year has (MM-DD): no 02-29, 02-30, 04-31...
DAY_OF_YEAR = (
    r"^(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))$"
)
OBJECTIF_ID = r"^[1-9][0-9]*\.[1-9][0-9]*$"
ACTION_ID = r"^[1-9][0-9]*\.[1-9][0-9]*\.[1-9][0-9]*$"
#: A carry-over link: the period of an earlier plan and an action's ID there.
REPRISE = r"^[0-9]{4}-[0-9]{4}/" + ACTION_ID[1:]
#: What the site links to: a web address (http or https, never ``javascript:``), an e-mail.
WEB_ADDRESS, EMAIL = r'^https?://[^\s<>"]+$', r'^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$'
ID_PATTERNS = {
    ORIENTATION_ID: "1",
    OBJECTIF_ID: "1.2",
    ACTION_ID: "1.2.3",
    REPRISE: "2018-2023/1.2.3",
}


def decimal_comma(value: Any) -> Any:
    """A number written with a decimal comma (``12,5``), as the command line and the
    sheets read it; any other text is left to be refused as no number."""
    if isinstance(value, str) and _DECIMAL_COMMA.match(value):
        return float(value.replace(",", "."))
    return value


_DECIMAL_COMMA = re.compile(r"^[-+]?[0-9]+,[0-9]+$")

Date = Annotated[dt.date, Strict(), BeforeValidator(quoted_date)]
Texte = Annotated[str, Strict(), Field(min_length=1), AfterValidator(plain_text)]
Entier = Annotated[int, Strict()]
#: Largest size of a number in the plan: views add, divide and print them.
MAX_NUMBER = 1e12
Nombre = Annotated[
    float,
    Strict(),
    Field(allow_inf_nan=False, ge=-MAX_NUMBER, le=MAX_NUMBER),
    BeforeValidator(decimal_comma),
]
Poids = Annotated[
    float, Strict(), Field(allow_inf_nan=False, gt=0, le=1000), BeforeValidator(decimal_comma)
]
Pourcentage = Annotated[int, Strict(), Field(ge=0, le=100)]


#: An orientation's ID (``2``), an objective's (``2.1``), an action's (``2.1.3``): texts,
#: each of its own type, so that one kind cannot be passed where another is expected.
OrientationId = NewType("OrientationId", str)
ObjectifId = NewType("ObjectifId", str)
ActionId = NewType("ActionId", str)


def _id_schema(pattern: str, yaml_types: list[str], example: str) -> WithJsonSchema:
    # Plain IDs such as ``1`` or ``1.2`` are numbers to an editor's YAML
    # parser; tdsplan reads them as text, so the schema accepts both.
    schema = {
        "anyOf": [{"type": "string", "pattern": pattern}, *({"type": t} for t in yaml_types)],
        "description": f"Identifiant stable, par exemple {example}.",
    }
    return WithJsonSchema(schema)


# The same IDs as the files hold them: text (never a number), in the ID's pattern.
_OrientationIdField = Annotated[
    OrientationId,
    Strict(),
    Field(pattern=ORIENTATION_ID),
    _id_schema(ORIENTATION_ID, ["integer"], "2"),
]
_ObjectifIdField = Annotated[
    ObjectifId, Strict(), Field(pattern=OBJECTIF_ID), _id_schema(OBJECTIF_ID, ["number"], "2.1")
]
_ActionIdField = Annotated[
    ActionId, Strict(), Field(pattern=ACTION_ID), _id_schema(ACTION_ID, [], "2.1.3")
]


@dataclass(frozen=True)
class Source:
    """Where an element of the plan is written: its file, and its place in that file
    as a YAML path (``("actions", 2)`` for the third action of an objective file)."""

    file: Path
    loc: tuple[str | int, ...] = ()

    @property
    def index(self) -> int:
        """Position of an action in its objective's list of actions."""
        return int(self.loc[1]) if len(self.loc) > 1 else 0


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False, validate_default=False)


class Located(_Model):
    """An element read from a file: it knows where (see :attr:`source`)."""

    _source: Source | None = PrivateAttr(None)

    @property
    def source(self) -> Source:
        """The file (and YAML path) this element was read from."""
        # Straight from pydantic's store of private attributes: ``self._source`` goes
        # through ``BaseModel.__getattr__``, which costs more than the rest of a lookup.
        source = self.__pydantic_private__.get("_source")  # type: ignore[union-attr]
        if source is None:
            raise LookupError(
                f"{type(self).__name__} {getattr(self, 'id', '')} n’a pas été lu depuis un fichier"
            )
        return source  # type: ignore[no-any-return]

    def locate(self, source: Source) -> None:
        """Record where this element was read from (done once, by the loader)."""
        self.__pydantic_private__["_source"] = source  # type: ignore[index]

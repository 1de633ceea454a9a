"""JSON Schemas of the plan files, for editors (yaml-language-server) and other validators.

The schemas are written in JSON Schema draft-07, the dialect yaml-language-server
and SchemaStore support best, with French descriptions on every field and the
French label of every status and territory, so that an editor explains each key
on hover and offers the allowed values with their meaning.
"""

from __future__ import annotations

import json
from typing import Any

from tdsplan.models import FILE_MODELS, Statut, Territoire

DIALECT = "http://json-schema.org/draft-07/schema#"
TITLES = {
    "plan": "tdsplan : plan.yaml (le plan, sa mission, ses mandats)",
    "orientation": "tdsplan : orientation.yaml (une orientation du plan)",
    "objectif": "tdsplan : fichier d’objectif (un objectif et ses actions)",
}
KINDS = tuple(FILE_MODELS)
_ENUM_LABELS = {
    "Statut": [s.label for s in Statut],
    "Territoire": [t.label for t in Territoire],
}


def file_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of plan file: ``plan``, ``orientation`` or ``objectif``."""
    schema = FILE_MODELS[kind].model_json_schema(ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", {})
    for name, labels in _ENUM_LABELS.items():
        if name in definitions:
            # Shown by editors next to each allowed value.
            definitions[name]["enumDescriptions"] = labels
            definitions[name]["markdownEnumDescriptions"] = labels
    schema["title"] = TITLES[kind]
    result = {"$schema": DIALECT, **schema}
    if definitions:
        result["definitions"] = definitions
    return result


def schema_text(kind: str) -> str:
    """:func:`file_schema` as the text committed next to the plan files."""
    return json.dumps(file_schema(kind), ensure_ascii=False, indent=2) + "\n"


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"

"""JSON Schemas of the plan files, for editors (yaml-language-server) and other validators."""

from __future__ import annotations

import json
from typing import Any

from tdsplan.models import FILE_MODELS

DIALECT = "https://json-schema.org/draft/2020-12/schema"
TITLES = {
    "plan": "tdsplan : plan.yaml (le plan, sa mission, ses mandats)",
    "orientation": "tdsplan : orientation.yaml (une orientation du plan)",
    "objectif": "tdsplan : fichier d’objectif (un objectif et ses actions)",
}
KINDS = tuple(FILE_MODELS)


def file_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of plan file: ``plan``, ``orientation`` or ``objectif``."""
    schema = FILE_MODELS[kind].model_json_schema()
    schema["title"] = TITLES[kind]
    return {"$schema": DIALECT, **schema}


def schema_text(kind: str) -> str:
    """:func:`file_schema` as the text committed next to the plan files."""
    return json.dumps(file_schema(kind), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"

"""JSON Schemas of the plan files, for editors (yaml-language-server) and other validators.

The schemas are written in JSON Schema draft-07, the dialect yaml-language-server
and SchemaStore support best, with French descriptions on every field and the
French label of every status and territory, so that an editor explains each key
on hover and offers the allowed values with their meaning.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from tdsplan.models import FILE_MODELS, PlanInfo
from tdsplan.vocabulary import Statut

DIALECT = "http://json-schema.org/draft-07/schema#"
TITLES = {
    "plan": "tdsplan : plan.yaml (le plan, sa mission, ses mandats)",
    "orientation": "tdsplan : orientation.yaml (une orientation du plan)",
    "objectif": "tdsplan : fichier d’objectif (un objectif et ses actions)",
}
KINDS = tuple(FILE_MODELS)


def file_schema(kind: str, info: PlanInfo | None = None) -> dict[str, Any]:
    """The JSON Schema of one kind of plan file: ``plan``, ``orientation`` or ``objectif``.

    Given the plan's ``info``, an action's territories, funders and mandates are limited to the
    ones the plan declares, so that an editor offers them with their names."""
    schema = json.loads(_model_schema(kind))
    definitions = schema.pop("$defs", {})
    if "Statut" in definitions:
        _describe(definitions["Statut"], [s.label for s in Statut])
    action = definitions.get("Action")
    if action is not None and info is not None:
        territories = action["properties"]["territoires"]["items"]
        territories["enum"] = [t.id for t in info.territoires]
        _describe(territories, [t.nom for t in info.territoires])
        funders = action["properties"]["bailleurs"]["items"]
        funders["enum"] = [b.id for b in info.bailleurs]
        _describe(funders, [b.nom for b in info.bailleurs])
        mandates = action["properties"]["mandats"]["items"]
        mandates["enum"] = [m.id for m in info.mandats]
        _describe(mandates, [m.texte for m in info.mandats])
    schema["title"] = TITLES[kind]
    result = {"$schema": DIALECT, **schema}
    if definitions:
        result["definitions"] = definitions
    return result


@functools.cache
def _model_schema(kind: str) -> str:
    """pydantic's schema of the model of ``kind`` (generated once: a few milliseconds each
    time), as text: each call gets its own copy to complete."""
    return json.dumps(FILE_MODELS[kind].model_json_schema(ref_template="#/definitions/{model}"))


def _describe(node: dict[str, Any], labels: list[str]) -> None:
    # Shown by editors next to each allowed value.
    node["enumDescriptions"] = labels
    node["markdownEnumDescriptions"] = labels


def schema_text(kind: str, info: PlanInfo | None = None) -> str:
    """:func:`file_schema` as the text committed next to the plan files."""
    return json.dumps(file_schema(kind, info), ensure_ascii=False, indent=2) + "\n"


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"

"""messages: pydantic's structured errors become French, located, one-line messages."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from tdsplan.errors import PlanInvalidError
from tdsplan.i18n import use_language
from tdsplan.messages import HINTED, validation_problems, visible
from tdsplan.models import Objectif
from tdsplan.project import Project
from tdsplan.yamlio import parse_document

from .conftest import OBJECTIF_1_2

HEAD = "id: 1.2\ntitre: Outils\nactions:\n  - id: 1.2.1\n    titre: Site\n"


def problems(text: str) -> list[str]:
    document = parse_document(Path("1.2-outils.yaml"), text)
    with pytest.raises(ValidationError) as caught:
        Objectif.model_validate(document.data)
    return [p.format() for p in validation_problems(caught.value, document, Objectif)]


def test_each_error_at_its_line_and_column_in_french():
    assert problems(
        HEAD + "    statu: en_cours\n    avancement: 150\n    statut: Réalisée\n    porteur: 12\n"
    ) == [
        "1.2-outils.yaml:8:13: statut : statut inconnu « Réalisée » (écrivez « realisee ») ; "
        "valeurs permises : a_venir, en_cours, en_continu, realisee, reportee, abandonnee",
        "1.2-outils.yaml:7:17: avancement : « 150 » hors limites : la valeur doit être au plus 100",
        "1.2-outils.yaml:9:14: porteur : « 12 » est lu comme un nombre, pas comme un texte : "
        'mettez-le entre guillemets ("12") pour le garder tel quel',
        "1.2-outils.yaml:6:5: clé inconnue « statu » (vouliez-vous dire « statut » ?)",
    ]


def test_the_same_problem_in_english():
    try:
        use_language("en")
        [message] = problems(HEAD + "    avancement: 150\n")
    finally:
        use_language("fr")
    assert message.startswith("1.2-outils.yaml:6:17: avancement") and "100" in message
    assert "hors limites" not in message


def test_past_the_problems_anyone_reads_no_hint_is_computed():
    keys = "".join(f"    statu{i}: x\n" for i in range(HINTED + 1))
    found = problems(HEAD + keys)
    assert found[0] == (
        "1.2-outils.yaml:6:5: clé inconnue « statu0 » (vouliez-vous dire « statut » ?)"
    )
    assert found[HINTED] == f"1.2-outils.yaml:{6 + HINTED}:5: clé inconnue « statu{HINTED} »"


def test_invisible_characters_are_named():
    assert visible("a\u00a0b\u200bc d\té") == "a<U+00A0>b<U+200B>c d<U+0009>é"


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(PlanInvalidError) as caught:
        Project.at(folder).load()
    return [p.format(str(p.path.relative_to(folder))) for p in caught.value.problems]


A = "1-comprendre/1.2-outils.yaml"


# Each value pydantic refuses in a plan file, as a person reads it after ``tdsplan validate``.
@pytest.mark.parametrize(
    "case",
    [
        (
            OBJECTIF_1_2.replace("    journal: []", "    statut: fini"),
            f"{A}:6:13: statut : statut inconnu « fini » (écrivez « realisee ») ; valeurs permises : "
            "a_venir, en_cours, en_continu, realisee, reportee, abandonnee",
        ),
        (
            OBJECTIF_1_2.replace("    journal: []", "    statu: en_cours"),
            f"{A}:6:5: clé inconnue « statu » (vouliez-vous dire « statut » ?)",
        ),
        (
            OBJECTIF_1_2.replace("    journal: []", "    avancement: 150"),
            f"{A}:6:17: avancement : « 150 » hors limites : la valeur doit être au plus 100",
        ),
        (
            OBJECTIF_1_2.replace("    journal: []", "    avancement: true"),
            f"{A}:6:17: avancement : un nombre entier est attendu ici, pas « true »",
        ),
        (
            OBJECTIF_1_2.replace("    journal: []", "    echeance: 2023-02-30"),
            f"{A}:6:15: echeance : date impossible « 2023-02-30 »",
        ),
        (
            OBJECTIF_1_2.replace("    journal: []", "    echeance: bientôt"),
            f"{A}:6:15: echeance : date attendue au format AAAA-MM-JJ, pas « bientôt »",
        ),
        (
            OBJECTIF_1_2.replace("    titre: Refonte du site internet\n", ""),
            f"{A}:4:5: champ obligatoire « titre » manquant",
        ),
        (
            OBJECTIF_1_2.replace("    journal: []", "    partenaires: CISSS"),
            f"{A}:6:18: partenaires : une liste (lignes commençant par « - ») est attendu ici, "
            "pas « CISSS »",
        ),
        (
            OBJECTIF_1_2.replace("  - id: 1.2.1", "  - id: 1.2.1.4"),
            f"{A}:4:9: id : identifiant « 1.2.1.4 » invalide : attendu de la forme 1.2.3",
        ),
        (
            OBJECTIF_1_2.replace("titre: Refonte", "titre: \u00a0Refonte").replace(
                "    journal: []", "    porteur\u00a0: Marie"
            ),
            f"{A}:6:5: clé inconnue « porteur<U+00A0> » (vouliez-vous dire « porteur » ?)",
        ),
    ],
)
def test_a_bad_value_in_a_plan_file(plan_with, case):
    changed, *expected = case
    assert problems_of(plan_with({A: changed})) == list(expected)


def test_a_fiscal_year_key_that_is_not_one_is_named_at_the_key(plan_with):
    indicator = "    indicateurs:\n      - nom: Rencontres\n        cibles: {2020: 12}\n"
    changed = OBJECTIF_1_2.replace("    journal: []", indicator + "    journal: []")
    assert problems_of(plan_with({A: changed})) == [
        f"{A}:8:18: cibles : exercice « 2020 » invalide : écrivez AAAA-AAAA (ex. 2019-2020)"
    ]


#: Words of pydantic's English messages (« Input should be a valid integer »...).
_ENGLISH = re.compile(
    r"\b(input|should|valid|string|field|required|extra|permitted|greater|less|than|"
    r"equal|dictionary|instance|integer|boolean|finite|character|match|error)\b|\[key\]",
    re.IGNORECASE,
)
#: Values of every kind YAML can give, to make each field of the models refuse what it can.
_WRONG = [
    "abc",
    "",
    "a\x07b",
    "x" * 5001,
    "2022-02-30",
    "1.2.3.4",
    1.5,
    -5,
    0,
    10**30,
    True,
    None,
    float("nan"),
    dt.date(2020, 1, 1),
    [],
    ["abc"],
    {},
    {"abc": "abc"},
    {"2020": 1},
]


def _every_error_the_models_raise() -> dict[str, tuple[type, dict]]:
    """One pydantic error of each type the plan's models raise, with the model it came from."""
    from pydantic import BaseModel

    from tdsplan import models

    found: dict[str, tuple[type, dict]] = {}
    for model in vars(models).values():
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue
        for name in model.model_fields:
            for value in _WRONG:
                try:
                    model.model_validate({name: value})
                except ValidationError as error:
                    for item in error.errors(include_url=False):
                        if item["loc"][:1] == (name,):
                            found.setdefault(item["type"], (model, item))
    return found


def test_every_pydantic_error_the_models_raise_is_worded_in_french():
    from tdsplan.messages import _message

    found = _every_error_the_models_raise()
    # What the models refuse today; a new kind of field brings its own error type here.
    assert {"int_type", "float_type", "bool_type", "date_type", "list_type", "dict_type"} <= set(
        found
    )
    assert {"model_type", "enum", "literal_error", "string_pattern_mismatch", "missing"} <= set(
        found
    )
    assert {"extra_forbidden", "greater_than", "less_than_equal", "finite_number"} <= set(found)
    for kind, (model, item) in sorted(found.items()):
        message = _message(item, tuple(item["loc"]), model, hints=True)
        assert not _ENGLISH.search(message), f"{kind}: {message} (pydantic: {item['msg']})"
        assert kind not in message, f"{kind} n’a pas de message à lui : {message}"

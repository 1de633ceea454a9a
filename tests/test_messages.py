"""messages: pydantic's structured errors become French, located, one-line messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from tdsplan.i18n import use_language
from tdsplan.messages import HINTED, validation_problems, visible
from tdsplan.models import Objectif
from tdsplan.yamlio import parse_document

HEAD = "id: 1.2\ntitre: Outils\nactions:\n  - id: 1.2.1\n    titre: Site\n"


def problems(text: str) -> list[str]:
    document = parse_document(Path("1.2-outils.yaml"), text)
    with pytest.raises(ValidationError) as caught:
        Objectif.model_validate(document.data)
    return [p.format() for p in validation_problems(caught.value, document, Objectif)]


def test_each_error_at_its_line_and_column_in_french():
    assert problems(HEAD + "    statu: en_cours\n    avancement: 150\n"
                           "    statut: Réalisée\n    porteur: 12\n") == [
        "1.2-outils.yaml:8:13: statut : statut inconnu « Réalisée » (écrivez « realisee ») ; "
        "valeurs permises : a_venir, en_cours, en_continu, realisee, reportee, abandonnee",
        "1.2-outils.yaml:7:17: avancement : « 150 » hors limites : la valeur doit être au plus 100",
        "1.2-outils.yaml:9:14: porteur : « 12 » est lu comme un nombre, pas comme un texte : "
        "mettez-le entre guillemets (\"12\") pour le garder tel quel",
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
    assert found[0] == ("1.2-outils.yaml:6:5: clé inconnue « statu0 » "
                        "(vouliez-vous dire « statut » ?)")
    assert found[HINTED] == f"1.2-outils.yaml:{6 + HINTED}:5: clé inconnue « statu{HINTED} »"


def test_invisible_characters_are_named():
    assert visible("a\u00a0b\u200bc d\té") == "a<U+00A0>b<U+200B>c d<U+0009>é"

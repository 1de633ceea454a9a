"""suggest: the « vouliez-vous dire » hint and lists of choices."""

from __future__ import annotations

from tdsplan import suggest
from tdsplan.i18n import use_language


def test_one_way_to_suggest():
    assert suggest.did_you_mean("statsu", ["status", "show"]) == " (vouliez-vous dire « status » ?)"
    assert suggest.did_you_mean("zzz", ["status"]) == ""
    assert suggest.either(["1.1", "1.2", "1.3"]) == "1.1, 1.2 ou 1.3"
    try:
        use_language("en")
        assert suggest.did_you_mean("shwo", ["show"]) == " (did you mean “show”?)"
    finally:
        use_language("fr")

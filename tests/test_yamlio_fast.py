"""The reading without positions (one loop over libyaml's events) gives the very data of
the full builder, or hands the file over to it, on every file the tests know and on
generated ones."""

from __future__ import annotations

import datetime as dt
import functools
from functools import partial
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from tdsplan import yamlfast, yamlio

from .conftest import SMALL_PLAN
from .test_hostile import CORPUS

REPO = Path(__file__).resolve().parent.parent
P = Path("f.yaml")


def agree(text: str) -> None:
    """The fast loops' data and positions are the builder's, and they hand over to the
    full pass exactly when the builder stops or finds a problem."""
    builder = yamlio._fast_build(P, text, False)
    fast = yamlio._fast_data(text)
    if builder is None:
        assert fast is yamlfast._FALLBACK, text
    else:
        assert fast is not yamlfast._FALLBACK, text
        assert fast == builder.document.data, text
        assert repr(fast) == repr(builder.document.data), text  # 1 is not 1.0, nor True
    builder = yamlio._fast_build(P, text, True)
    found = yamlio._fast_data(text, functools.partial(yamlfast.selected_positions, actions=None))
    if builder is None or builder.problems:
        assert found is yamlfast._FALLBACK, text
        return
    assert found is not yamlfast._FALLBACK, text
    assert repr(found[0]) == repr(builder.document.data), text
    document = yamlio.Document(P, *found)
    for name in ("values", "keys", "spans", "key_starts", "flow", "sources"):
        assert getattr(document, name) == getattr(builder.document, name), (name, text)
    selected_agree(text, found)


def selected_agree(text: str, found: tuple) -> None:
    """The positions kept for a few actions are the full ones of the root, its keys and
    values, and those actions with all they hold; the data is all there."""
    data = found[0]
    items = data.get("actions") if isinstance(data, dict) else None
    count = len(items) if isinstance(items, list) else 0
    for chosen in ({0}, set(range(1, count, 2)), set(range(count)), set()):
        selection = frozenset(chosen)
        kept = yamlio._fast_data(text, partial(yamlfast.selected_positions, actions=selection))
        assert kept is not yamlfast._FALLBACK, text
        assert repr(kept[0]) == repr(data), text

        def wanted(loc: tuple, selection: frozenset = selection) -> bool:
            return len(loc) <= 1 or (
                loc[0] == "actions" and isinstance(items, list) and loc[1] in selection
            )

        for number in range(1, 7):
            full = found[number]
            assert kept[number] == (
                {loc for loc in full if wanted(loc)}
                if isinstance(full, set)
                else {loc: value for loc, value in full.items() if wanted(loc)}
            ), (number, sorted(selection), text)


def test_the_fast_reading_agrees_on_every_plan_file():
    files = [*REPO.glob("plan/**/*.yaml"), *REPO.glob("examples/**/*.yaml")]
    assert files
    for path in files:
        agree(path.read_text(encoding="utf-8"))


def test_the_fast_reading_agrees_on_the_test_plans_and_hostile_files():
    for text in SMALL_PLAN.values():
        agree(text)
    for raw, _expected in CORPUS.values():
        try:
            text = raw.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            continue
        agree(text)


def test_the_fast_reading_hands_over_what_the_full_pass_must_word():
    for text in (
        "a: &x 1\nb: 2\n",
        "a: !!str 1\n",
        "a: ! 1\n",
        "a: [1, *x]\n",
        "a: 1\na: 2\n",
        "? [a]\n: 1\n",
        "a: 1\n---\nb: 2\n",
        "note: Site #2 en ligne\n",
        "id: 1 #2\n",
        "a: [" * 40 + "]" * 40 + "\n",
        "a: [1\n",
    ):
        assert yamlio._fast_data(text) is yamlfast._FALLBACK, text
    assert yamlio._fast_data("") is None
    assert yamlio._fast_data("# rien\n") is None
    assert yamlio._fast_data("a: 1 # un commentaire\nb: 'R&D !'\n") == {"a": 1, "b": "R&D !"}


SCALARS = st.one_of(
    st.text(alphabet="0123456789+-.eExXoO_:abfnNtTlsuirAF~ #", max_size=12),
    st.sampled_from(
        [
            "null",
            "Null",
            "NULL",
            "~",
            "true",
            "False",
            "yes",
            "no",
            "0o17",
            "0x1F",
            "1e3",
            ".inf",
            "-.Inf",
            ".NaN",
            "2019-05-01",
            "2019-02-30",
            "1.10",
            "017",
            "+12",
            "9" * 400,
            "Nouvelles",
            "nullité",
            "Travaux",
            "FALSE!",
            "falsey",
        ]
    ),
)


@given(SCALARS)
@settings(max_examples=400)
def test_resolving_a_plain_scalar_twice_gives_what_the_rules_say(text):
    first, second = yamlio.resolve_plain(text), yamlio.resolve_plain(text)
    expected = yamlfast._resolve(text)
    assert repr(first) == repr(second) == repr(expected)
    assert type(first) is type(expected)


def test_the_words_read_as_values_are_those_of_yaml_1_2_core():
    assert yamlio.resolve_plain("Null") is None
    assert yamlio.resolve_plain("FALSE") is False
    assert yamlio.resolve_plain("Falsy") == "Falsy"
    assert yamlio.resolve_plain("2019-05-01") == dt.date(2019, 5, 1)


KEYS = st.sampled_from(["id", "titre", "a", "b", "journal", "1", "x y", "note"])
LEAVES = st.one_of(
    SCALARS,
    st.text(max_size=15),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.dates(),
)
DATA = st.recursive(
    LEAVES,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=4)
    ),
    max_leaves=20,
)


@given(DATA, st.sampled_from([None, True, False]), st.integers(min_value=2, max_value=4))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_the_fast_reading_agrees_on_generated_documents(data, flow, indent):
    agree(yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True, indent=indent))


LINES = st.lists(
    st.tuples(
        st.sampled_from(["", "  ", "    ", "- ", "  - "]),
        KEYS,
        st.sampled_from([": ", ":", ": [", ": {", ": '", ': "', ": &a ", ": !t ", ": *a"]),
        SCALARS,
        st.sampled_from(["", "]", "}", "'", '"', " # c", "#c"]),
    ),
    max_size=8,
)


@given(LINES)
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_the_fast_reading_agrees_on_generated_lines(lines):
    agree("".join(f"{a}{k}{sep}{v}{end}\n" for a, k, sep, v, end in lines))

"""The site's feeds, calendar and downloads, and ``tdsplan export``'s files, written the
faster way: the same bytes as the way before (:mod:`tests.extras_before`) for every input,
hostile text among it (formulas, quotes, line breaks, markup, non-ASCII, huge and tiny
numbers, texts that look like numbers)."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from tdsplan import export, siteextras
from tdsplan.formulas import TRIGGERS, csv_field
from tdsplan.models import EntreeJournal
from tdsplan.project import Project
from tdsplan.site import build_site
from tdsplan.sitecalendar import url_uuid
from tdsplan.sitefeeds import News, atom_feed

from . import extras_before as before
from .conftest import SMALL_PLAN, write_tree

#: Text to start from: what a spreadsheet runs, what quotes or breaks a line, markup.
HOSTILE = ["=", "+", "-", "@", "\t", "\r", "'", '"', "\n", "\r\n", "<", "&", ">", "]]>"]
texts = st.one_of(
    st.text(),
    st.builds("".join, st.lists(st.sampled_from([*HOSTILE, "é", "😀", "\u2028", "a", " "]))),
    st.sampled_from(["NaN", "Infinity", "-0", "1e-05", ":0.00001", "1e309", "0x10", ""]),
)


@given(texts)
def test_csv_field_is_what_it_was_for_every_text(text):
    assert csv_field(text) == before.csv_field(text)


def test_every_trigger_is_one_character():
    # csv_field looks the first character up: a longer trigger would be missed.
    assert all(len(trigger) == 1 for trigger in TRIGGERS)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**30, max_value=10**60),
    st.floats(),
    st.sampled_from([float("nan"), float("inf"), -float("inf"), -0.0, 1e-7, 5e-05, 1e16]),
    texts,
)
keys = st.one_of(texts, st.integers(), st.floats(), st.booleans(), st.none())
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.tuples(inner, inner),
        st.dictionaries(texts, inner, max_size=5),
        st.dictionaries(keys, inner, max_size=4),
    ),
    max_leaves=40,
)


@given(values)
def test_indented_json_is_what_json_writes(value):
    assert export.indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_indented_json_leaves_a_subclass_to_json():
    class Name(str):
        pass

    value = {"a": [Name("x"), {"b": Name("y")}], Name("k"): 1}
    assert export.indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)


#: The search the site's plan.json made before (siteextras._SMALL_NUMBER).
SMALL = re.compile(rb"[:,\[]-?(?:0\.0000|\d(?:\.\d+)?e-)")


#: Bytes made of what the search looks at: its anchors, digits, points, « e- ».
NUMBERISH = st.lists(st.sampled_from([":", ",", "[", "-", "0", "7", ".", "e", "e-", "0.0000", '"']))


@given(st.binary() | NUMBERISH.map(lambda parts: "".join(parts).encode()))
def test_small_number_is_the_search_it_replaces(data):
    assert siteextras.small_number(data) == (SMALL.search(data) is not None)


@pytest.mark.parametrize(
    "data", [b'{"a":5e-05}', b"[0.00001]", b":-1.25e-7", b'"x":1e-', b"a:12e-5", b"1.2.3e-4"]
)
def test_small_number_finds_what_the_search_finds(data):
    assert siteextras.small_number(data) == (SMALL.search(data) is not None)


@given(st.text())
def test_url_uuid_is_uuid5(name):
    assert url_uuid(name) == str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def _entry(note: str, author: str) -> EntreeJournal:
    return EntreeJournal.model_construct(
        date=dt.date(2020, 1, 1), note=note or None, auteur=author or None, avancement=40
    )


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return Project.at(write_tree(tmp_path_factory.mktemp("small") / "plan", SMALL_PLAN)).load()


@given(items=st.lists(st.tuples(texts, texts, texts, texts), max_size=4), title=texts, who=texts)
def test_a_feed_of_hostile_text_is_what_elementtree_wrote(small, items, title, who):
    plan = small.model_copy(update={"organisation": who})
    news = [
        News(f"1.{n}", titre, "1", _entry(note, author), n, {"x": unit})
        for n, (titre, note, author, unit) in enumerate(items)
    ]
    for lang, here in (("fr", "flux.xml"), ("en", "en/orientation/1.xml")):
        told = {"lang": lang, "title": title, "here": here, "page": "index.html"}
        same = {"as_of": dt.date(2021, 1, 1), "date_text": dt.date.isoformat, **told}
        assert atom_feed(plan, news, **same) == before.atom_feed(plan, news, **same)


PLAN_YAML = """\
titre: "=Plan \\"d’essai\\" <b>&amp; 😀"
organisation: "@Table\\td’essai & <co> \\"q\\""
periode:
  debut: 2019
  fin: 2021
mission:
  texte: "+Essayer\\nencore"
mandats:
  - id: 1
    texte: "=Veiller"
publication:
  adresse: https://plan.exemple.org/
  site_web: https://www.exemple.org/
"""
ACTIONS = """\
id: 1.2
titre: "-Fournir, des; outils"
actions:
  - id: 1.2.1
    titre: "=HYPERLINK(\\"http://x\\",\\"y\\")"
    statut: en_cours
    porteur: "'Tis ours"
    partenaires: ["@SUM(A1)", "\\tTab", "\\u2028CR", "NaN"]
    echeance: 2020-12-31
    indicateurs:
      - nom: "=Visites \\"v\\""
        unite: "<personnes> & co"
        cible: 1000000000000
        reel: 0.00005
      - nom: "-Inf"
        nature: cumul
        cible: -1000000000000
        reel: 123456789012
    journal:
      - date: 2019-09-01
        statut: en_cours
        note: "Ligne 1\\nLigne 2\\n=1+1 ; \\"cité\\", <&> — ’ 😀"
        auteur: "+Auteur <x> & \\"y\\""
        indicateurs:
          "=Visites \\"v\\"": 5e-05
          "-Inf": 123456789012
  - id: 1.2.2
    titre: "NaN"
    porteur: "\\tcaché"
    echeance: 2021-01-31
    avancement: 50
    journal:
      - date: 2020-01-01
        avancement: 50
        note: "1e-05 :0.00001 [1.5e-7 Infinity -0"
"""

#: The same without a number below 1e-4, nor text that looks like one: the site's
#: plan.json is then pydantic's text, not json's.
PLAIN_ACTIONS = (
    ACTIONS.replace("0.00005", "0.5")
    .replace("5e-05", "0.5")
    .replace("1e-05 :0.00001 [1.5e-7", "1e5 : 0.5 [15")
)


def _hostile(root: Path, actions: str):
    files = {**SMALL_PLAN, "plan.yaml": PLAN_YAML, "1-comprendre/1.2-outils.yaml": actions}
    return Project.at(write_tree(root, files)).load()


def _before(monkeypatch: pytest.MonkeyPatch) -> None:
    """The site's files and the exports written as before."""
    monkeypatch.setattr(export, "csv_field", before.csv_field)
    monkeypatch.setattr(export, "indented_json", before.indented_json)
    monkeypatch.setattr(siteextras, "atom_feed", before.atom_feed)
    monkeypatch.setattr(siteextras, "feed_id", before.feed_id)
    monkeypatch.setattr(siteextras, "calendar", before.calendar)
    monkeypatch.setattr(siteextras, "small_number", lambda data: SMALL.search(data) is not None)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".tdsplan-site.json"
    }


def _exports(plan) -> list[str]:
    when = dt.date(2021, 6, 1)
    return [
        export.plan_json(plan),
        export.actions_csv(plan),
        export.actions_csv(plan, ";"),
        export.indicators_json(export.indicators_data(plan, when)),
        export.indicators_csv(export.indicators_data(plan, when)),
        export.indicators_csv(export.indicators_data(plan, when), ";"),
    ]


@pytest.mark.parametrize("actions", [ACTIONS, PLAIN_ACTIONS], ids=["tiny-numbers", "plain"])
def test_a_hostile_plan_s_site_files_and_exports_are_the_bytes_written_before(
    tmp_path, monkeypatch, actions
):
    plan = _hostile(tmp_path / "plan", actions)
    fast = plan.model_dump_json(exclude={"porteurs"}).encode("utf-8")
    assert siteextras.small_number(fast) is (actions is ACTIONS)  # both ways of plan.json
    build_site(plan, tmp_path / "now", dt.date(2021, 6, 1), ("fr", "en"))
    now, exported = _files(tmp_path / "now"), _exports(plan)
    with monkeypatch.context() as patched:
        _before(patched)
        build_site(plan, tmp_path / "before", dt.date(2021, 6, 1), ("fr", "en"))
        assert _exports(plan) == exported
    assert _files(tmp_path / "before") == now
    assert '"=Visites \\"v\\""' in now["donnees/indicateurs.json"].decode()
    assert "'=HYPERLINK" in now["donnees/actions.csv"].decode()

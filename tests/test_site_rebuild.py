"""A rebuild after an edit writes the same bytes as a fresh build of the edited plan: the
keys of the pages and files (:mod:`tdsplan.sitekeys`) miss nothing they show."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path
from types import SimpleNamespace

import tdsplan.site as site_module
from tdsplan.project import Project
from tdsplan.site import MANIFEST, build_site

from .conftest import OBJECTIF_1_1, OBJECTIF_1_2, PLAN_YAML, SMALL_PLAN, write_tree

AS_OF = dt.date(2020, 3, 15)

PLAN = (
    PLAN_YAML
    + """\
territoires:
  - id: joliette
    nom: Joliette
  - id: autray
    nom: D’Autray
bailleurs:
  - id: centraide
    nom: Centraide
  - id: cisss
    nom: CISSS
publication:
  surveiller: true
"""
)

OUTILS = OBJECTIF_1_2.replace(
    "    journal: []\n",
    """\
    echeance: 2020-04-01
    territoires: [joliette]
    bailleurs: [centraide]
    indicateurs:
      - nom: Visites
        cible: 100
    journal: []
""",
)

DEFINITION = OBJECTIF_1_1.replace(
    "    mandats: [1]\n", "    mandats: [1]\n    territoires: [joliette]\n    bailleurs: [cisss]\n"
)

#: The edits of a working day: a title (of an action without journal, then of one the
#: fiscal years tell), a status (with its journal entry), a funder, a territory.
EDITS = [
    ("1-comprendre/1.2-outils.yaml", [("Refonte du site internet", "Refonte du site web")]),
    ("1-comprendre/1.1-definition.yaml", [("Définition du DS", "Définition commune du DS")]),
    (
        "1-comprendre/1.1-definition.yaml",
        [
            ("statut: en_cours\n    avancement: 40\n", "statut: reportee\n    avancement: 40\n"),
            (
                "avancement: 40\n",
                "avancement: 40\n      - date: 2020-03-01\n        statut: reportee\n",
            ),
        ],
    ),
    ("1-comprendre/1.2-outils.yaml", [("bailleurs: [centraide]", "bailleurs: [cisss]")]),
    ("1-comprendre/1.1-definition.yaml", [("territoires: [joliette]", "territoires: [autray]")]),
]


def files_of(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name != MANIFEST
    }


def build(plan: Path, out: Path) -> None:
    cache = out.parent / "cache"  # where the stamps of the site's files are kept
    build_site(Project.at(plan).load(), out, AS_OF, langs=("fr", "en"), cache_dir=cache)


def stamps_of(site: Path) -> dict[str, list]:
    (kept,) = (site.parent / "cache").glob("site-*.json")
    return json.loads(kept.read_text("utf-8"))["etats"]


def a_minute_on(monkeypatch) -> None:
    """Later builds run a minute on: the pages found holding their bytes are old enough
    for their stamps to be recorded, then trusted (:func:`tdsplan.sitefiles.check`)."""
    later = time.time_ns() + 60 * 10**9
    monkeypatch.setattr(site_module, "time", SimpleNamespace(time_ns=lambda: later))


def test_a_rebuild_after_each_edit_writes_what_a_fresh_build_writes(tmp_path, monkeypatch):
    a_minute_on(monkeypatch)
    plan = write_tree(
        tmp_path / "plan",
        {
            **SMALL_PLAN,
            "plan.yaml": PLAN,
            "1-comprendre/1.2-outils.yaml": OUTILS,
            "1-comprendre/1.1-definition.yaml": DEFINITION,
        },
    )
    site = tmp_path / "site"
    build(plan, site)
    before = files_of(site)
    assert "bailleur/centraide.html" in before and "territoire/joliette.html" in before
    for number, (name, replacements) in enumerate(EDITS):
        path = plan / name
        text = path.read_text("utf-8")
        for old, new in replacements:
            head, found, tail = text.rpartition(old)
            assert found
            text = head + new + tail
        path.write_text(text, "utf-8")
        build(plan, site)
        fresh = tmp_path / f"neuf-{number}"
        build(plan, fresh)
        rebuilt = files_of(site)
        assert rebuilt == files_of(fresh), name
        assert rebuilt != before
        before = rebuilt


def test_the_fiscal_years_are_told_again_only_when_what_became_of_an_action_changed(
    tmp_path, monkeypatch
):
    from tdsplan.siteyears import Years

    plan = write_tree(tmp_path / "plan", {**SMALL_PLAN, "plan.yaml": PLAN})
    site = tmp_path / "site"
    build(plan, site)
    told: list[int] = []
    tell = Years._tell

    def telling(self):
        told.append(1)
        return tell(self)

    monkeypatch.setattr(Years, "_tell", telling)
    for (name, replacements), again in zip(EDITS[:3], ([], [], [1]), strict=True):
        path = plan / name
        text = path.read_text("utf-8")
        for old, new in replacements:
            head, found, tail = text.rpartition(old)
            assert found
            text = head + new + tail
        path.write_text(text, "utf-8")
        build(plan, site)  # the year pages show the title: rendered again
        assert told == again, name
        fresh = tmp_path / f"neuf-{len(again)}"
        build(plan, fresh)
        assert files_of(site) == files_of(fresh)
        told.clear()


def test_the_plan_to_download_is_the_json_python_writes(tmp_path):
    import json

    from tdsplan.export import plan_data
    from tdsplan.siteextras import plan_json

    from .conftest import REPO

    tiny = OUTILS.replace("cible: 100", "cible: 0.00005")
    for folder in (
        REPO / "examples" / "demo" / "plan",
        write_tree(
            tmp_path / "plan",
            {**SMALL_PLAN, "plan.yaml": PLAN, "1-comprendre/1.2-outils.yaml": tiny},
        ),
    ):
        plan = Project.at(folder).load()
        expected = json.dumps(plan_data(plan), ensure_ascii=False, separators=(",", ":"))
        assert plan_json(plan) == expected.encode("utf-8")
    assert b"5e-05" in plan_json(plan)


def test_a_page_edited_by_hand_to_its_size_and_times_is_written_again(tmp_path, monkeypatch):
    plan = write_tree(tmp_path / "plan", SMALL_PLAN)
    site = tmp_path / "site"
    build(plan, site)
    # Written just now: no stamp stands for a page's bytes yet.
    assert stamps_of(site) == {}
    a_minute_on(monkeypatch)
    build(plan, site)  # each page read, found holding its bytes: its stamp kept
    stamps = stamps_of(site)
    assert "action/1.2.1.html" in stamps and "recherche.html" in stamps
    # Kept in the user's cache, not in the site, whose bytes are the same on any machine.
    assert "etats" not in json.loads((site / MANIFEST).read_text("utf-8"))
    page = site / "action" / "1.2.1.html"
    written, before = page.read_bytes(), page.stat()
    page.write_bytes(written.replace(b"Refonte", b"Rafonte"))  # same size, same times
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    build(plan, site)
    assert page.read_bytes() == written  # its change time gave it away


def test_the_pieces_taken_back_are_what_a_fresh_build_writes(tmp_path):
    tiny = OUTILS.replace("cible: 100", "cible: 0.00005")  # json's text, not pydantic's
    plan = write_tree(
        tmp_path / "plan",
        {**SMALL_PLAN, "plan.yaml": PLAN, "1-comprendre/1.2-outils.yaml": tiny},
    )
    site = tmp_path / "site"
    build(plan, site)
    manifest = json.loads((site / MANIFEST).read_text("utf-8"))
    assert "donnees/plan.json" not in manifest["morceaux"]  # not of pydantic's pieces
    pieces = manifest["morceaux"]["donnees/actions.csv"]
    assert len(pieces) == 2 + 2 * 2 - 1  # the header, two orientations, what joins them
    # A manifest whose pieces do not match the file: those pieces made again.
    pieces[1][1] += 3
    pieces[-2][1] -= 3
    # The search page's list and index, one piece per orientation each: one moved.
    search = manifest["morceaux"]["recherche.html"]
    assert len(search) == 4 and "en/recherche.html" in manifest["morceaux"]
    search[1][1] += 1  # the items of orientation 2, which the first edit leaves
    # A territory's list of actions and of indicators, one piece per orientation each.
    joliette = manifest["morceaux"]["territoire/joliette.html"]
    assert len(joliette) == 2  # 1.2.1 and its indicator, both of orientation 1
    joliette[0][1] += 1
    (site / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    for name, old, new in [
        ("1-comprendre/1.2-outils.yaml", "cible: 0.00005", "cible: 100"),
        ("1-comprendre/1.1-definition.yaml", "Définition du DS", "Définition commune"),
        ("2-agir/2.1-partager.yaml", "titre: Jumelage", "titre: Jumelage des quartiers"),
    ]:
        path = plan / name
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), "utf-8")
        build(plan, site)
        build(plan, tmp_path / name.replace("/", "-"))
        assert files_of(site) == files_of(tmp_path / name.replace("/", "-")), name


def test_pages_written_by_other_code_are_written_again(tmp_path, monkeypatch):
    """Pages are partly written in Python: a rebuild by a changed tdsplan (a working copy
    between two releases) writes what the new code writes, not the old pages."""
    from tdsplan import figures, sitehtml, sitekeys

    plan = write_tree(tmp_path / "plan", {**SMALL_PLAN, "plan.yaml": PLAN})
    out = tmp_path / "site"
    build(plan, out)
    a_minute_on(monkeypatch)
    page = out / "action" / "1.1.1.html"
    before = page.read_text("utf-8")

    def long_date(day, lang, **options):
        return "(nouveau code) " + figures.long_date(day, lang, **options)

    monkeypatch.setattr(sitehtml, "long_date", long_date)  # the journal's days
    monkeypatch.setattr(sitekeys, "_code", lambda: "un autre code")
    build(plan, out)
    after = page.read_text("utf-8")
    assert "(nouveau code)" not in before and "(nouveau code)" in after

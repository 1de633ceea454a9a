"""A rebuild after an edit writes the same bytes as a fresh build of the edited plan: the
keys of the pages and files (:mod:`tdsplan.sitekeys`) miss nothing they show."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
    build_site(Project.at(plan).load(), out, AS_OF, langs=("fr", "en"))


def test_a_rebuild_after_each_edit_writes_what_a_fresh_build_writes(tmp_path):
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

"""What a bilan tells: honest figures, reasons in order, one status per action, the
highlights, the people's words, the adoption and what changed after it, the funders."""

from __future__ import annotations

import datetime as dt

import pytest

from tdsplan import adoption, editorial
from tdsplan.elements import subset
from tdsplan.project import Project
from tdsplan.render import render_text
from tdsplan.report import build_report, report_period
from tests.conftest import OBJECTIF_1_2, PLAN_YAML, write_tree
from tests.test_history import git

TODAY = dt.date(2021, 5, 1)

POSTPONED = OBJECTIF_1_2.replace(
    "    journal: []\n",
    "    statut: reportee\n    echeance: 2020-12-31\n"
    "    journal:\n"
    "      - date: 2019-06-01\n        statut: en_cours\n        echeance: 2020-01-31\n"
    "        note: Appel d’offres lancé.\n"
    "      - date: 2019-12-01\n        statut: reportee\n        echeance: 2020-12-31\n"
    "        note: Budget gelé jusqu’à l’automne.\n"
    "  - id: 1.2.2\n    titre: Dépliant\n    statut: reportee\n    echeance: 2019-12-31\n"
    "    bailleurs: [centraide]\n"
    "    journal:\n"
    "      - date: 2019-11-01\n        statut: reportee\n        note: Attente du comité.\n"
    "  - id: 1.2.3\n    titre: Capsules\n    statut: en_cours\n    echeance: 2020-09-30\n"
    "    bailleurs: [centraide]\n"
    "    journal:\n"
    "      - date: 2019-09-10\n        statut: en_cours\n        echeance: 2020-06-30\n"
    "      - date: 2020-02-01\n        echeance: 2020-09-30\n        note: Tournage décalé.\n",
)
FUNDED = PLAN_YAML + (
    "bailleurs:\n  - id: centraide\n    nom: Centraide\n  - id: cisss\n    nom: CISSS\n"
)


@pytest.fixture
def plan(plan_with):
    return plan_with({"1-comprendre/1.2-outils.yaml": POSTPONED, "plan.yaml": FUNDED})


def year(folder, **words):
    loaded = Project.at(folder).load()
    return build_report(loaded, report_period(loaded, TODAY, year="2019"), **words)


def md(report):
    return render_text(report, "md", "fr", [])


def test_the_cover_says_what_is_done_apart_from_the_year(plan):
    text = md(year(plan))
    cover = text[text.index("**En bref**") : text.index("## 1.")]
    assert cover == (
        "**En bref**\u00a0:\n\n"
        "- **1 action réalisée sur 7** au 31\u00a0mars\u00a02020\u202f; 2 en cours, 1 activité "
        "permanente (en continu), 2 reportées, 1 abandonnée.\n"
        "- **1 action en retard** (échéance passée, ni réalisée ni reportée).\n"
        "- Pendant l’exercice, 1 action a été réalisée, 5 démarrées et 2 reportées.\n"
        "- Avancement pondéré\u00a0: **41\u00a0%** — moyenne des actions, chacune comptée selon "
        "son statut (à venir 0\u00a0%, en cours 50\u00a0%, en continu 50\u00a0%, réalisée 100\u00a0%, "
        "reportée 0\u00a0%) ou son avancement inscrit, pondérée par son poids\u202f; actions "
        "abandonnées exclues.\n\n"
    )


def test_a_postponed_action_is_not_late_and_each_move_is_told_once_by_date(plan):
    report = year(plan)
    # 1.2.2, postponed and past its due date, is said once, as postponed, with its reason
    assert [a.action.id for a in report.late] == ["1.1.2"]
    text = md(report)
    outlook = text[text.index("### 4.3.") : text.index("## Remerciements")]
    assert outlook == (
        "### 4.3. Actions reportées, abandonnées ou replanifiées\n\n"
        "- **1.2.2** Dépliant — reportée le 1er\u00a0novembre\u00a02019. Motif\u00a0: "
        "«\u00a0Attente du comité.\u00a0»\n"
        "- **1.2.1** Refonte du site internet — reportée le 1er\u00a0décembre\u00a02019\u202f; "
        "échéance 31\u00a0janvier\u00a02020 → 31\u00a0décembre\u00a02020. Motif\u00a0: "
        "«\u00a0Budget gelé jusqu’à l’automne.\u00a0»\n"
        "- **1.2.3** Capsules — replanifiée le 1er\u00a0février\u00a02020\u202f; échéance "
        "30\u00a0juin\u00a02020 → 30\u00a0septembre\u00a02020. Motif\u00a0: «\u00a0Tournage décalé.\u00a0»\n"
        "- **2.1.2** Jumelage — abandonnée le 18\u00a0février\u00a02020. Motif\u00a0: "
        "«\u00a0Faute de financement.\u00a0»\n\n"
    )
    late = text[text.index("### 4.2.") : text.index("### 4.3.")]
    assert "1.2.2" not in late and "1.1.2" in late


def test_marked_highlights_open_the_bilan_with_their_numbers(plan_with):
    marked = OBJECTIF_1_2.replace(
        "    journal: []\n",
        "    journal:\n"
        "      - date: 2019-10-24\n        statut: en_cours\n        indicateurs: {Visites: 120}\n"
        '        note: "Première conférence : 120 participants."\n        saillant: true\n',
    ).replace(
        "    titre: Refonte du site internet\n",
        "    titre: Refonte du site internet\n    statut: en_cours\n"
        "    indicateurs:\n      - nom: Visites\n        cible: 200\n        reel: 120\n",
    )
    folder = plan_with({"1-comprendre/1.2-outils.yaml": marked})
    report = year(folder)
    assert [(f.action.id, f.note) for f in report.highlights] == [
        ("1.2.1", "Première conférence : 120 participants.")
    ]
    text = md(report)
    assert (
        "## 1. Faits saillants\n\n- **Première conférence\u00a0: 120 participants** (1.2.1 "
        "Refonte du site internet, 24\u00a0octobre\u00a02019)\u202f; Visites\u00a0: 120.\n"
    ) in text


WORDS = """\
---
bilan: 2019-2020
signature: Marie Tremblay, présidente
---
# Mot de la présidence

Une année de rencontres.

# Orientation 2 — Agir

Les formations ont trouvé leur public.

# Perspectives

La charte en 2020.

# Remerciements

Merci à Centraide, fidèle depuis le début.
"""


def test_the_people_s_words_and_the_adoption_are_in_the_report(plan):
    write_tree(
        plan,
        {
            "bilans/2019-2020.md": WORDS,
            "bilans/adoptions.yaml": "- bilan: 2019-2020\n  date: 2020-06-15\n"
            "  par: le conseil d’administration\n  resolution: CA-2020-06\n",
        },
    )
    project = Project.at(plan)
    words = editorial.load(project, "2019-2020", project.load())
    text = md(year(plan, editorial=words, adoptions=adoption.records(project)))
    assert (
        "Adopté par le conseil d’administration le 15\u00a0juin\u00a02020 (résolution "
        "CA-2020-06).\n"
    ) in text
    assert (
        "## Mot de la présidence\n\nUne année de rencontres.\n\n*Marie Tremblay, présidente*\n"
        in text
    )
    orientation = text[text.index("### 1.2. Orientation 2") : text.index("## 2.")]
    assert "Les formations ont trouvé leur public.\n" in orientation
    assert "Faute de financement" not in orientation  # the words replace the notes
    assert "## 4. Perspectives\n\nLa charte en 2020.\n" in text
    # Centraide is thanked by the text; the report names the funder it leaves out
    assert (
        "## Remerciements\n\nMerci à Centraide, fidèle depuis le début.\n\n"
        "Merci à notre bailleur de fonds\u00a0: CISSS.\n"
    ) in text


def test_funders_are_thanked_and_an_extract_speaks_of_its_funder(plan):
    text = md(year(plan))
    assert "## Remerciements\n\nMerci à nos bailleurs de fonds\u00a0: Centraide et CISSS.\n" in text
    loaded = Project.at(plan).load()
    funded = subset(loaded, lambda a: "centraide" in a.bailleurs)
    extract = build_report(funded, report_period(loaded, TODAY, year="2019"), bailleur="Centraide")
    text = md(extract)
    assert "- **0 action réalisée sur les 2 actions que finance Centraide** au 31" in text
    assert "Merci à notre bailleur de fonds\u00a0: Centraide.\n" in text


def test_a_correction_after_the_adoption_is_disclosed(plan, monkeypatch):
    for name in ("GIT_COMMITTER_NAME", "GIT_AUTHOR_NAME"):
        monkeypatch.setenv(name, "t")
    for name in ("GIT_COMMITTER_EMAIL", "GIT_AUTHOR_EMAIL"):
        monkeypatch.setenv(name, "t@t")
    root = plan.parent
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "plan")
    git(root, "tag", "-a", "bilan-2019-2020", "-m", "adopté")
    path = plan / "1-comprendre/1.1-definition.yaml"
    path.write_text(
        path.read_text("utf-8").replace(
            "        note: Premier atelier.\n",
            "        note: Premier atelier.\n"
            "      - date: 2019-06-10\n        note: Second atelier oublié.\n",
        ),
        "utf-8",
    )
    project = Project.at(plan)
    loaded = project.load()
    adopted = [adoption.Adoption("2019-2020", dt.date(2020, 6, 15))]
    found = adoption.corrections(project, loaded, adopted)
    assert [(c.action.id, c.entry.note, c.added) for c in found] == [
        ("1.1.1", "Second atelier oublié.", True)
    ]
    report = build_report(
        loaded, report_period(loaded, TODAY, year="2020"), adoptions=adopted, corrections=found
    )
    assert (
        "## Corrections apportées après l’adoption du bilan 2019-2020\n\n"
        "- 10\u00a0juin\u00a02019, 1.1.1 Définition du DS\u00a0: entrée ajoutée — "
        "«\u00a0Second atelier oublié.\u00a0»\n"
    ) in md(report)

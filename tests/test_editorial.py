"""editorial: a bilan's words read from bilans/<label>.md, checked with located errors."""

from __future__ import annotations

import pytest

from tdsplan import editorial
from tdsplan.errors import PlanInvalidError
from tdsplan.project import Project

from .conftest import write_tree

GOOD = """\
---
bilan: 2019-2020
signature: Marie Tremblay, présidente
verdicts:
  "1": Une définition commune, adoptée.
---

<!-- Un commentaire,
sur deux lignes. -->

# Mot de la présidence

Une année de
rencontres.

Merci à tous.

# Orientation 1 — Comprendre ensemble

Une définition adoptée en février.

# Perspectives

La charte en 2020.

# Remerciements

Merci à Centraide.
"""


def test_an_editorial_file_reads_as_its_sections(small_plan):
    write_tree(small_plan, {"bilans/2019-2020.md": GOOD})
    project = Project.at(small_plan)
    words = editorial.load(project, "2019-2020", project.load())
    assert words is not None
    assert (words.mot_titre, words.mot, words.signature) == (
        "Mot de la présidence",
        ("Une année de rencontres.", "Merci à tous."),
        "Marie Tremblay, présidente",
    )
    assert words.orientations == {"1": ("Une définition adoptée en février.",)}
    assert words.verdicts == {"1": "Une définition commune, adoptée."}
    assert (words.perspectives, words.remerciements) == (
        ("La charte en 2020.",),
        ("Merci à Centraide.",),
    )
    assert editorial.load(project, "2020-2021") is None


def test_the_plan_loader_ignores_the_bilans_folder(small_plan):
    write_tree(small_plan, {"bilans/2019-2020.md": GOOD, "bilans/adoptions.yaml": ""})
    assert Project.at(small_plan).read().problems == []


BAD = """\
---
bilan: 2020-2021
signataire: x
verdicts:
  "9": bien
---
Texte perdu.

# Orientation 7 — Ailleurs

# Autre chose

# Perspectives

# Perspectives
"""


def test_every_problem_is_located_in_french(small_plan):
    write_tree(small_plan, {"bilans/2019-2020.md": BAD})
    project = Project.at(small_plan)
    found = [p.format("b.md") for p in editorial.problems(project, project.load())]
    assert found == [
        "b.md:2:8: « bilan: 2020-2021 » ne correspond pas au nom du fichier (2019-2020)",
        "b.md:3:1: clé « signataire » inconnue ; clés permises : bilan, signature, verdicts",
        "b.md:5:3: orientation « 9 » inconnue ; orientations du plan : 1, 2",
        "b.md:7:1: texte hors section : commencez par un titre « # Mot de la présidence »",
        "b.md:9:1: orientation « 7 » inconnue ; orientations du plan : 1, 2",
        "b.md:11:1: section « Autre chose » inconnue ; sections : « Mot de … », "
        "« Orientation N », « Perspectives », « Remerciements »",
        "b.md:15:1: section « Perspectives » en double",
    ]
    with pytest.raises(PlanInvalidError):
        editorial.load(project, "2019-2020")


def test_a_file_without_front_matter_is_refused(small_plan):
    write_tree(small_plan, {"bilans/2019-2020.md": "# Mot de la présidence\n"})
    project = Project.at(small_plan)
    assert [p.format("b.md") for p in editorial.problems(project, None)] == [
        "b.md:1:1: il manque l’en-tête YAML entre deux lignes « --- » (bilan: 2019-2020)"
    ]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "---\nbilan: 2019-2020\nsignature: [Hélène: Gagnon\n---\n# Mot de la présidence\n",
            "b.md:3:12: crochet « [ » non fermé ou virgule manquante",
        ),
        (
            "---\nbilan: 2019-2020\nsignature: Hélène Gagnon\n\n# Mot de la présidence\n",
            "b.md:1:1: l’en-tête YAML ouvert ici n’est pas fermé : il manque la ligne « --- » "
            "après",
        ),
    ],
)
def test_a_broken_front_matter_is_said_where_it_breaks(small_plan, text, said):
    write_tree(small_plan, {"bilans/2019-2020.md": text})
    project = Project.at(small_plan)
    assert [p.format("b.md") for p in editorial.problems(project, None)] == [said]

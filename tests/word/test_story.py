"""word.story and word.brief, in the demo's DOCX reopened with python-docx: the honest cover,
the adoption, the « Mot », the highlights with their numbers, reasons in date order, the
final bilan's outcomes and permanent activities, corrections, thanks, the meeting brief."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from tdsplan.project import Project
from tdsplan.word import render_docx
from tests.test_render import COMMITTED, committed_report

NBSP = "\u00a0"


def _read(report, templates=()):
    return Document(io.BytesIO(render_docx(report, "fr", list(templates))))


def _blocks(document) -> list[tuple[str, str]]:
    """Each paragraph of the body (style, text) and each table row (« | », its cells), in
    order, with plain spaces: what a reader reads, from top to bottom."""
    found = []
    for element in document.element.body:
        if element.tag == qn("w:p"):
            p = Paragraph(element, document)
            found.append((p.style.name, p.text.replace(NBSP, " ").replace("\u202f", " ")))
        elif element.tag == qn("w:tbl"):
            for row in Table(element, document).rows:
                cells = [c.text.replace(NBSP, " ") for c in row.cells]
                found.append(("|", " | ".join(cells)))
    return found


def _formatted_runs(document) -> list[object]:
    runs = list(document.element.body.iter(qn("w:r")))
    return [r for r in runs if r.rPr is not None and [c for c in r.rPr if c.tag != qn("w:rStyle")]]


@pytest.fixture(scope="module")
def year():
    report, templates = committed_report(*COMMITTED["reports/exemple/rapport-2019-2020"])
    return _read(report, templates)


@pytest.fixture(scope="module")
def final():
    report, templates = committed_report(*COMMITTED["reports/exemple/rapport-bilan-2018-2023"])
    return report, templates, _read(report, templates)


def test_the_cover_says_what_was_done_and_labels_the_weighted_progress(year):
    blocks = _blocks(year)
    texts = [text for _, text in blocks]
    assert "avancement global" not in " ".join(texts)
    figures = [[p.text for p in c.paragraphs] for c in year.tables[0].rows[0].cells]
    assert figures[0] == ["4", "actions réalisées sur 27"]
    # (the resolution's number never breaks: its hyphens do not let a line end)
    adopted = "Adopté par le conseil d’administration le 16 juin 2020 (résolution {}).".format(
        "CA-2020-06-03".replace("-", "\u2011")
    )
    assert ("Adoption", adopted) in blocks
    assert (
        "Note",
        "Avancement pondéré : 42 % — moyenne des actions, chacune comptée selon son statut "
        "(à venir 0 %, en cours 50 %, en continu 50 %, réalisée 100 %, reportée 0 %) ou son "
        "avancement inscrit, pondérée par son poids ; actions abandonnées exclues.",
    ) in blocks
    assert (
        "Normal",
        "État des actions : 8 en cours, 8 activités permanentes (en continu), 7 à venir. "
        "Pendant l’exercice, 4 actions ont été réalisées, 7 démarrées et 0 reportée.",
    ) in blocks


def test_the_mot_opens_the_report_signed_then_the_highlights_with_their_numbers(year):
    blocks = _blocks(year)
    mot = blocks.index(("Titre sans numéro", "Mot de la présidence"))
    assert blocks[mot + 1][1].startswith("Texte fictif de démonstration. L’exercice 2019-2020")
    signature = ("Signature du mot", "Hélène Gagnon, présidente du conseil d’administration "
                 "(personne fictive)")  # fmt: skip
    assert blocks.index(signature) == mot + 4
    assert blocks[mot + 5] == ("Heading 1", "Faits saillants")
    assert (
        "List Bullet",
        "Bilan 2019-2020 des formations (2.1.1 Formations pour les acteurs régionaux et "
        "locaux, 24 mars 2020) ; Participants aux formations : 135 personnes, "
        "Participants satisfaits : 82 %.",
    ) in blocks
    # The highlight's own words are in bold, by the Strong style.
    item = next(p for p in year.paragraphs if p.text.startswith("Bilan 2019-2020 des"))
    assert (item.runs[0].text, item.runs[0].style.name) == (
        "Bilan 2019-2020 des formations",
        "Strong",
    )
    # Each orientation: its counts, then the narrative the editorial file gives.
    first = blocks.index(
        ("Heading 2", next(t for s, t in blocks if t.startswith("Orientation 1 —")))
    )
    assert blocks[first + 1] == (
        "Normal", "3 actions réalisées sur 9 ; pendant la période : 3 réalisées, 2 démarrées."
    )  # fmt: skip
    assert blocks[first + 2][1].startswith("Après trois ateliers territoriaux")


def test_perspectives_and_thanks_are_the_editorials_and_the_contents_list_them(year):
    blocks = _blocks(year)
    outlook = blocks.index(("Heading 1", "Perspectives"))
    assert blocks[outlook + 1][1].startswith("En 2020-2021, nous adopterons la charte")
    thanks = blocks.index(("Titre sans numéro", "Remerciements"))
    assert blocks[thanks + 1][1].startswith("Merci à Centraide Lanaudière, au CISSS")
    assert blocks[thanks + 2] == ("Heading 1", "Annexes")
    contents = [t for s, t in blocks if s == "toc 1"]
    assert contents == [
        "Mot de la présidence",
        "1 Faits saillants",
        "2 Détail par orientation",
        "3 Indicateurs",
        "4 Perspectives",
        "Remerciements",
        "5 Annexes",
    ]
    assert _formatted_runs(year) == []
    # Lists are ragged, as the PDF's: a long bullet's spaces never stretch.
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    assert year.styles["List Bullet"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.LEFT


def test_the_final_bilan_gives_outcomes_reasons_in_date_order_and_permanent_apart(final):
    report, _, document = final
    blocks = _blocks(document)
    outcomes = [t for s, t in blocks if t.startswith("Bilan de l’orientation :")]
    assert len(outcomes) == len(report.orientations)
    assert outcomes[0].startswith("Bilan de l’orientation : ")
    moves = [
        t
        for s, t in blocks
        if s == "List Bullet" and ("Motif :" in t or "n’en donne pas la raison" in t)
    ]
    assert moves[:3] == [
        "1.2.6 Conférences — abandonnée le 7 avril 2020. Motif : « Abandonnée : rassemblements "
        "impossibles ; remplacée par des webinaires (action 2.1.1). »",
        "1.1.3 Politique de membership — reportée le 15 juin 2021. Motif : « Reportée : "
        "priorité donnée à la relance post-pandémie. »",
        "1.2.3 Capsules vidéo — reportée le 29 mars 2022 ; échéance 31 mars 2022 → "
        "16 décembre 2022. Motif : « Tournages restants reportés à l’automne faute de "
        "disponibilité. »",
    ]
    permanent = next(
        i for i, (s, t) in enumerate(blocks) if "activités permanentes (« En continu »)" in t
    )
    listed = [t for s, t in blocks[permanent + 1 : permanent + 1 + len(report.permanent)]]
    assert [t.split(" ")[0] for t in listed] == [line.action.id for line in report.permanent]
    # A postponed action is not also « en retard »: one status each.
    for row in (t for s, t in blocks if s == "|" and "Reportée" in t):
        assert "en retard" not in row
    assert _formatted_runs(document) == []


def test_corrections_after_adoption_are_disclosed_before_the_thanks(final):
    from tdsplan.adoption import Correction

    report, templates, _ = final
    adoption = _adoptions()[0]
    line = report.orientations[0].objectifs[0].actions[0]
    entry = line.action.journal[0]
    corrected = dataclasses.replace(
        report, corrections=[Correction(adoption, line.action, entry, added=True)]
    )
    blocks = _blocks(_read(corrected, templates))
    title = f"Corrections apportées après l’adoption du bilan {adoption.label}"
    at = blocks.index(("Titre sans numéro", title))
    assert blocks[at + 1][0] == "List Bullet"
    assert blocks[at + 1][1].endswith(
        f"{line.action.id} {line.action.titre} : entrée ajoutée — « {entry.note} »"
    )
    assert blocks[at + 2] == ("Titre sans numéro", "Remerciements")
    assert title in [t for s, t in blocks if s == "toc 1"]


def _adoptions():
    from tdsplan import adoption
    from tests.conftest import REPO

    project = Project.at(REPO / "examples/demo/plan")
    return adoption.records(project, project.load())


def test_the_meeting_brief_has_its_four_sections_and_no_direct_formatting(small_plan):
    from tdsplan.brief import build_brief

    plan = Project.at(small_plan).load()
    report = build_brief(plan, small_plan, "2020-02-01", dt.date(2020, 3, 1))
    document = _read(report)
    blocks = _blocks(document)
    assert [t for s, t in blocks if s in ("Titre de l’état", "Heading 1")] == [
        "État de situation au 1er mars 2020",
        "Ce qui a changé depuis le 1er février 2020",
        "Actions en retard",
        "Échéances d’ici le 30 mai 2020",
        "Décisions à prendre",
    ]
    assert (
        "List Bullet",
        "1.1.1 Définition du DS : En cours → Réalisée (15 février 2020) : « Définition adoptée. »",
    ) in blocks
    assert (
        "List Bullet",
        "1.1.2 Charte des valeurs — en retard depuis le 31 janvier 2020 : nouvelle échéance, "
        "autre statut ou abandon ?",
    ) in blocks
    late = blocks.index(("Heading 1", "Actions en retard"))
    assert blocks[late + 1] == ("|", "Action | État | Porteur | Échéance | Dernière nouvelle")
    assert blocks[late + 2][1].startswith(
        "1.1.2 Charte des valeurs | ■ En cours (40 %) — en retard"
    )
    assert not any(s == "toc 1" for s, _ in blocks)  # a brief, not a report: no contents
    assert _formatted_runs(document) == []


def test_a_funders_extract_speaks_of_that_funders_actions():
    from tdsplan.elements import subset
    from tdsplan.report import build_report, report_period
    from tests.conftest import REPO

    plan = Project.at(REPO / "examples/demo/plan").load()
    part = subset(plan, lambda a: "centraide" in a.bailleurs)
    report = build_report(
        part,
        report_period(part, dt.date(2021, 5, 1), year="2019"),
        bailleur=plan.funder_name("centraide"),
    )
    blocks = _blocks(_read(report))
    figures = [[p.text for p in c.paragraphs] for c in _read(report).tables[0].rows[0].cells]
    assert figures[0] == ["1", "action réalisée sur les 5 actions que finance Centraide Lanaudière"]
    assert ("Normal", "Extrait : les actions financées par Centraide Lanaudière.") in blocks

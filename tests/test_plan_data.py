"""The shipped plan: an exact transcription of the Plan d’action 2018-2023."""

from __future__ import annotations

import pytest

from tdsplan.models import Statut
from tdsplan.project import Project
from tdsplan.schema import KINDS, schema_file_name, schema_text

from .conftest import REPO

ORIENTATIONS = [
    "En 2023, les acteurs du DS ont adhéré à une compréhension commune du DS propre à Lanaudière.",
    "En 2023, les initiatives, projets ou pratiques intègrent des expertises et des ressources "
    "en DS déjà présentes dans nos milieux.",
    "En 2023, les acteurs des territoires des 6 MRC se sont dotés de plans d’action en DS ou de "
    "politiques en DS, soutenus financièrement et reconnus formellement par les parties "
    "prenantes locales et régionales.",
    "En 2023, la cohésion et le partage des responsabilités entre les acteurs régionaux et "
    "locaux donnent lieu à un plan d’action régional 2023-2028 qui facilite l’action locale.",
]

OBJECTIVES = {
    "1.1": (
        "S’entendre sur une définition commune du développement social qui intègre les "
        "valeurs s’y rattachant",
        ["Définition du DS", "Chartes des valeurs", "Politique de membership"],
    ),
    "1.2": (
        "Fournir des outils de promotion sur le développement social",
        [
            "Refonte du site internet",
            "Document descriptif",
            "Capsules vidéo",
            "Animation de la page facebook et dans les médias",
            "Formation d’ambassadeurs",
            "Conférences",
        ],
    ),
    "2.1": (
        "Améliorer nos connaissances et notre capacité d’intervention",
        [
            "Formations pour les acteurs régionaux et locaux",
            "Rencontres d’échanges entre les acteurs locaux",
            "Partage d’outils",
            "Projet de jumelage sur la participation citoyenne",
        ],
    ),
    "2.2": (
        "Partager notre vision et notre expertise auprès des organisations régionales et "
        "nationales",
        [
            "Alliance pour la solidarité (PAGIEPS)",
            "PLI, CREVALE et Envolée 0-5",
            "G14",
            "RQDS",
            "Autres opportunités",
        ],
    ),
    "3.1": (
        "Maintenir une veille sur les programmes, plans d’action, et financements pouvant "
        "soutenir les plans d’action, projets et initiatives des acteurs locaux",
        [
            "Recensement des ressources",
            "Arrimage de fonds",
            "Promotion de l’approche intégrée et des politiques de DS",
            "Accompagnement des MRC et CLDS dans l’élaboration de politiques ou de plans d’action",
        ],
    ),
    "4.1": (
        "Offrir des occasions d’échanges facilitant les partages et la création de liens "
        "entre les acteurs préoccupés par le DS",
        [
            "Rencontres d’échange sur les enjeux régionaux",
            "Animation du Comité régional en sécurité alimentaire (CRSEA)",
            "Politique régionale en développement social et son plan d’action",
        ],
    ),
    "4.2": (
        "Organiser une veille intersectorielle sur les enjeux de DS avec les partenaires "
        "qui ont des expertises complémentaires",
        [
            "Mise en place d’un comité d’analyse",
            "Mise à jour du tableau de bord sur la solidarité et l’inclusion sociale",
        ],
    ),
}

MANDATES = [
    "Veiller et analyser les enjeux sociaux, les programmes et politiques pour en assurer le "
    "transfert auprès des acteurs afin de susciter la réflexion et l’engagement dans la mise "
    "en place d’interventions solidaires, complémentaires et arrimées",
    "Réunir des acteurs du développement social pour permettre l’échange, l’établissement de "
    "liens et une plus grande cohésion entre les acteurs du développement social",
    "Soutenir les actions portées par les acteurs régionaux et locaux par la production "
    "d’outils ou par la diffusion d’information",
    "Promouvoir le développement social, les bons coups et les bonnes pratiques des acteurs du "
    "DS auprès des décideurs nationaux, régionaux et locaux, ainsi qu’auprès des autres "
    "dimensions du développement durable afin qu’ils appuient et collaborent à nos "
    "interventions",
    "Accompagner les CLDS et soutenir leurs pratiques de concertation",
]


def test_plan_header_mission_and_mandates():
    plan = Project.at(REPO / "plan").load()
    assert plan.titre == "Plan d’action 2018-2023"
    assert plan.organisation == "Table des partenaires du développement social de Lanaudière"
    assert (plan.periode.debut, plan.periode.fin, plan.debut_exercice) == (2018, 2023, "04-01")
    assert plan.mission.texte == (
        "Mobiliser des acteurs du développement social autour d’une vision et d’actions qui "
        "contribuent à l’amélioration de la qualité de vie, à la réduction des inégalités "
        "sociales et à la participation citoyenne dans une perspective de développement durable."
    )
    assert plan.mission.adoption == plan.mandats_adoption == "AGE, mai 2017"
    assert [(m.id, m.texte) for m in plan.mandats] == list(enumerate(MANDATES, 1))


def test_every_orientation_objective_and_action_in_order():
    plan = Project.at(REPO / "plan").load()
    assert [(o.id, o.titre) for o in plan.orientations] == [
        (str(n), title) for n, title in enumerate(ORIENTATIONS, 1)
    ]
    found = {
        objectif.id: (objectif.titre, [a.titre for a in objectif.actions])
        for orientation in plan.orientations
        for objectif in orientation.objectifs
    }
    assert list(found) == list(OBJECTIVES)
    assert found == OBJECTIVES
    actions = [a for _, _, a in plan.iter_actions()]
    assert len(actions) == 27
    assert [a.id for a in actions][:4] == ["1.1.1", "1.1.2", "1.1.3", "1.2.1"]


def test_no_progress_is_invented():
    for _, _, action in Project.at(REPO / "plan").load().iter_actions():
        assert action.statut is Statut.A_VENIR
        assert action.journal == []
        assert action.porteur is None and action.echeance is None and action.avancement is None


def test_every_file_explains_itself_and_names_its_schema():
    files = sorted((REPO / "plan").rglob("*.yaml"))
    assert len(files) == 12
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# "), path
        kind = (
            "plan"
            if path.name == "plan.yaml"
            else ("orientation" if path.name == "orientation.yaml" else "objectif")
        )
        prefix = "" if kind == "plan" else "../"
        assert f"# yaml-language-server: $schema={prefix}_schemas/{kind}.schema.json\n" in text
        assert (path.parent / prefix / "_schemas" / f"{kind}.schema.json").is_file()


@pytest.mark.parametrize("folder", ["plan", "examples/demo/plan"])
def test_committed_schemas_are_what_tdsplan_schema_prints(folder):
    info = Project.at(REPO / folder).load()
    for kind in KINDS:
        committed = (REPO / folder / "_schemas" / schema_file_name(kind)).read_text("utf-8")
        assert committed == schema_text(kind, info), f"tdsplan schema -o {folder}/_schemas"


def test_shipped_files_begin_with_the_headers_tdsplan_writes():
    from tdsplan.additions import OBJECTIF_HEADER, ORIENTATION_HEADER

    for path in (REPO / "plan").glob("*/*.yaml"):
        identifier = (
            path.name.split("-")[0]
            if path.name != "orientation.yaml"
            else path.parent.name.split("-")[0]
        )
        header = ORIENTATION_HEADER if path.name == "orientation.yaml" else OBJECTIF_HEADER
        assert path.read_text(encoding="utf-8").startswith(header.format(id=identifier)), path


def test_shipped_plan_yaml_begins_with_the_header_tdsplan_init_writes():
    from tdsplan.scaffold import PLAN_HEADER

    assert (REPO / "plan" / "plan.yaml").read_text(encoding="utf-8").startswith(PLAN_HEADER)

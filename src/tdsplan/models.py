"""The plan's data model: what each YAML file may hold, field by field.

Keys are French, ASCII and lower-case, as the contributors who edit the files
read them. Three kinds of file exist: ``plan.yaml`` (:class:`PlanInfo`), one
``orientation.yaml`` per orientation folder (:class:`OrientationInfo`) and one
file per objective holding its actions (:class:`Objectif`). Rules that span
several fields or files (IDs matching their parent, journal order...) live in
:mod:`tdsplan.checks`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    Field,
    PrivateAttr,
    Strict,
    field_validator,
)

from tdsplan.modelbase import (  # re-exported: the fields' types and IDs
    ACTION_ID as ACTION_ID,
    DAY_OF_YEAR as DAY_OF_YEAR,
    EMAIL as EMAIL,
    ID_PATTERNS as ID_PATTERNS,
    MAX_NUMBER as MAX_NUMBER,
    MAX_TEXT as MAX_TEXT,
    OBJECTIF_ID as OBJECTIF_ID,
    ORIENTATION_ID as ORIENTATION_ID,
    REPRISE as REPRISE,
    TEXT_ERRORS as TEXT_ERRORS,
    WEB_ADDRESS as WEB_ADDRESS,
    ActionId as ActionId,
    Date as Date,
    Entier as Entier,
    Located as Located,
    Nombre as Nombre,
    ObjectifId as ObjectifId,
    OrientationId as OrientationId,
    Poids as Poids,
    Pourcentage as Pourcentage,
    Source as Source,
    Statut as Statut,
    Texte as Texte,
    _ActionIdField as _ActionIdField,
    _id_schema as _id_schema,
    _Model as _Model,
    _ObjectifIdField as _ObjectifIdField,
    _OrientationIdField as _OrientationIdField,
    text_problem as text_problem,
)


class Mission(_Model):
    """Mission de l’organisation."""

    texte: Texte = Field(description="Énoncé de la mission.")
    adoption: Texte | None = Field(None, description="Quand et où elle a été adoptée.")


class Mandat(_Model):
    """Un mandat de l’organisation, que les actions servent."""

    id: Entier = Field(ge=1, description="Numéro du mandat (1, 2, ...).")
    texte: Texte = Field(description="Énoncé du mandat.")

    @field_validator("id", mode="before")
    @classmethod
    def _number_from_text(cls, value: Any) -> Any:
        # IDs are read as text (see tdsplan.yamlio); a mandate's is a plain number.
        if isinstance(value, str) and value.isascii() and value.isdigit():
            return int(value)
        return value


#: How a territory is named in the files: ASCII, lower case, ``_`` between words.
TERRITOIRE_ID = r"^[a-z0-9]+(_[a-z0-9]+)*$"
TerritoireId = Annotated[
    str,
    Strict(),
    Field(
        pattern=TERRITOIRE_ID,
        description=("Identifiant d’un territoire déclaré dans plan.yaml (ex. joliette)."),
    ),
]


class Territoire(_Model):
    """Un territoire que couvre le plan (une MRC, un quartier, une municipalité...)."""

    id: TerritoireId
    nom: Texte = Field(description="Nom du territoire, tel qu’il s’affiche (ex. L’Assomption).")


#: How a funder is named in the files: the same form as a territory's.
BailleurId = Annotated[
    str,
    Strict(),
    Field(
        pattern=TERRITOIRE_ID,
        description=("Identifiant d’un bailleur de fonds déclaré dans plan.yaml (ex. centraide)."),
    ),
]


class Bailleur(_Model):
    """Un bailleur de fonds qui finance des actions du plan."""

    id: BailleurId
    nom: Texte = Field(description="Nom du bailleur, tel qu’il s’affiche (ex. Centraide).")


#: An e-mail address as a reminder is sent to: one « @ », a domain with a dot, no blank.
#: The quote is not escaped: JSON Schema reads the pattern as an ECMA regex, which refuses it.
COURRIEL = r"""^[^@\s<>"',;]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"""


class Porteur(_Model):
    """Un porteur d’actions, à qui tdsplan remind écrit quand ses nouvelles manquent."""

    nom: Texte = Field(description="Nom du porteur, tel que l’écrivent ses actions.")
    courriel: str = Field(pattern=COURRIEL, description="Son adresse courriel.")


class Periode(_Model):
    """Années couvertes, par exercice financier.

    2018-2023 va du 1er avril 2018 au 31 mars 2023.
    """

    debut: Entier = Field(ge=1900, le=2999, description="Année de début (ex. 2018).")
    fin: Entier = Field(ge=1900, le=2999, description="Année de fin (ex. 2023).")


class ParStatut(_Model):
    """Pourcentage attribué à une action selon son statut (sans avancement inscrit)."""

    a_venir: Pourcentage = Field(0, description="Pourcentage d’une action à venir.")
    en_cours: Pourcentage = Field(50, description="Pourcentage d’une action en cours.")
    en_continu: Pourcentage = Field(50, description="Pourcentage d’une action en continu.")
    realisee: Pourcentage = Field(100, description="Pourcentage d’une action réalisée.")
    reportee: Pourcentage = Field(0, description="Pourcentage d’une action reportée.")


class Formule(_Model):
    """Calcul de l’avancement des objectifs, des orientations et du plan."""

    par_statut: ParStatut = Field(
        default_factory=ParStatut,
        description=(
            "Pourcentage attribué à une action selon son statut. "
            "Les actions abandonnées sont toujours exclues du calcul."
        ),
    )
    avancement_explicite: bool = Field(
        True,
        description=(
            "Si vrai, l’avancement inscrit dans une action remplace le pourcentage de son statut."
        ),
    )


class Suivi(_Model):
    """Seuils de la liste « À surveiller » de tdsplan status."""

    echeance_jours: Entier = Field(
        90,
        ge=1,
        le=3650,
        description=("Signaler les actions dont l’échéance tombe dans ce nombre de jours."),
    )
    silence_mois: Entier = Field(
        6,
        ge=1,
        le=120,
        description=("Signaler les actions sans entrée de journal depuis ce nombre de mois."),
    )
    silence_continu_mois: Entier = Field(
        12,
        ge=1,
        le=120,
        description=(
            "Signaler les actions en continu sans entrée de journal depuis ce nombre de mois "
            "(ou silence_mois, s’il est plus long)."
        ),
    )


class SeuilsIndicateurs(_Model):
    """Seuils de l’atteinte des indicateurs, en pourcentage du chemin entre le départ et
    la cible."""

    atteinte: Pourcentage = Field(
        100, ge=1, description=("Part du chemin à partir de laquelle la cible est « atteinte ».")
    )
    en_bonne_voie: Pourcentage = Field(
        80,
        description=(
            "Un indicateur est « en bonne voie » quand sa part du chemin atteint ce pourcentage de "
            "la part du temps écoulé (80 : au tiers du plan, 80 % d’un tiers du chemin) ; sinon, "
            "il est « en retard »."
        ),
    )


class Publication(_Model):
    """Le site public (tdsplan site) : son adresse, ce qu’il publie, et les coordonnées de
    l’organisation qu’il montre."""

    adresse: str | None = Field(None, pattern=WEB_ADDRESS, description="Adresse du site (flux).")
    surveiller: bool = Field(False, description="Publier la liste « À surveiller ».")
    licence: Texte | None = Field(None, description="Licence des données (ex. CC BY 4.0).")
    adresse_postale: Texte | None = Field(None, description="Adresse de l’organisation.")
    courriel: str | None = Field(None, pattern=EMAIL, description="Courriel de contact.")
    telephone: Texte | None = Field(None, description="Téléphone (ex. 450 555-0100).")
    site_web: str | None = Field(None, pattern=WEB_ADDRESS, description="Site web (https://...).")


class PlanInfo(Located):
    """plan.yaml : le plan d’action, sa mission, ses mandats et ses réglages."""

    titre: Texte = Field(description="Titre du plan d’action.")
    organisation: Texte = Field(description="Organisation qui porte le plan.")
    description: Texte | None = Field(None, description="Présentation courte du plan.")
    avertissement: Texte | None = Field(
        None,
        description=("Avertissement affiché en tête de chaque rapport (ex. données fictives)."),
    )
    periode: Periode = Field(description="Années couvertes, par exercice financier.")
    debut_exercice: str = Field(
        "04-01",
        pattern=DAY_OF_YEAR,
        description=("Début de l’exercice financier (MM-JJ), un jour qui existe chaque année."),
    )
    mission: Mission = Field(description="Mission de l’organisation.")
    mandats_adoption: Texte | None = Field(None, description="Quand les mandats ont été adoptés.")
    mandats: list[Mandat] = Field(default_factory=list, description="Mandats de l’organisation.")
    territoires: list[Territoire] = Field(
        default_factory=list,
        description=(
            "Territoires couverts par le plan ; une action nomme les siens par leur identifiant."
        ),
    )
    bailleurs: list[Bailleur] = Field(
        default_factory=list,
        description=(
            "Bailleurs de fonds du plan ; une action nomme les siens par leur identifiant."
        ),
    )
    porteurs: list[Porteur] = Field(
        default_factory=list,
        description=(
            "Porteurs d’actions et leur courriel, pour leur envoyer le classeur de suivi et les "
            "relancer (tdsplan export --per-lead, tdsplan remind)."
        ),
    )
    avancement: Formule = Field(default_factory=Formule, description="Calcul de l’avancement.")
    suivi: Suivi = Field(
        default_factory=Suivi,
        description=(
            "Seuils de la liste « À surveiller » de tdsplan status (échéances proches, actions "
            "sans nouvelles)."
        ),
    )
    indicateurs: SeuilsIndicateurs = Field(
        default_factory=SeuilsIndicateurs,
        description=("Seuils de l’atteinte des indicateurs (« atteinte », « en bonne voie »)."),
    )
    publication: Publication = Field(default_factory=Publication, description="Le site public.")


class OrientationInfo(Located):
    """orientation.yaml : une orientation du plan."""

    id: _OrientationIdField
    titre: Texte = Field(description="Énoncé de l’orientation.")
    nom_court: Texte | None = Field(
        None,
        description="Nom court de l’orientation (quelques mots), pour les graphiques des rapports.",
    )
    description: Texte | None = Field(None, description="Précisions sur l’orientation.")


#: What an indicator counts, and how its values add up (see :mod:`tdsplan.indicators`).
NATURES = ("cumul", "niveau", "pourcentage", "jalon")
#: Which way is better.
SENS = ("hausse", "baisse")
#: The allowed values of the fields of a fixed choice, by key (for the messages).
CHOICES: dict[str, tuple[str, ...]] = {"nature": NATURES, "sens": SENS}
#: A fiscal year's label, as the reports print it (2019-2020).
EXERCICE = r"^[0-9]{4}-[0-9]{4}$"
Exercice = Annotated[str, Strict(), Field(pattern=EXERCICE)]


class Depart(_Model):
    """Point de départ d’un indicateur : la valeur d’où le plan part, et sa date."""

    valeur: Nombre = Field(description="Valeur au départ (ex. 640 personnes en liste d’attente).")
    date: Date | None = Field(None, description="Date de cette valeur (AAAA-MM-JJ).")


class Indicateur(_Model):
    """Indicateur de résultat d’une action."""

    nom: Texte = Field(description="Ce qui est mesuré.")
    nature: Literal["cumul", "niveau", "pourcentage", "jalon"] = Field(
        "niveau",
        description=(
            "cumul : un compte qui s’additionne (chaque mesure du journal est ce qui s’ajoute "
            "depuis la précédente : participants, projets financés) ; niveau : une valeur lue à "
            "une date (la plus récente compte : visites par mois, délai) ; pourcentage : un "
            "niveau de 0 à 100 ; jalon : atteint (1) ou non (0)."
        ),
    )
    sens: Literal["hausse", "baisse"] = Field(
        "hausse",
        description=(
            "hausse : plus haut, c’est mieux ; baisse : plus bas, c’est mieux (une liste "
            "d’attente)."
        ),
    )
    unite: Texte | None = Field(None, description="Unité (personnes, rencontres, %...).")
    depart: Depart | None = Field(
        None, description=("Point de départ : valeur et date. Sans lui, un cumul part de 0.")
    )
    cible: Nombre | None = Field(None, description="Valeur visée à la fin du plan.")
    cibles: dict[Exercice, Nombre] = Field(
        default_factory=dict,
        description=(
            "Cibles par exercice financier (ex. « 2019-2020: 300 ») : pour un cumul, ce qui "
            "doit s’ajouter pendant l’exercice ; pour un niveau, la valeur visée à sa fin."
        ),
    )
    reel: Nombre | None = Field(
        None,
        description=(
            "Valeur connue : si le journal inscrit des mesures de cet indicateur, la plus récente "
            "(un cumul : leur somme) ; tdsplan update --indicateur l’inscrit pour vous. Sans "
            "mesure datée au journal, la valeur vaut à toutes les dates, sans date de mesure."
        ),
    )


class EntreeJournal(_Model):
    """Entrée datée du journal d’une action : ce qui a changé, et pourquoi."""

    date: Date = Field(
        description=(
            "Date de l’entrée (AAAA-MM-JJ) : le jour où c’est arrivé, ou celui de la mesure."
        )
    )
    statut: Statut | None = Field(None, description="Nouveau statut, s’il change.")
    avancement: Pourcentage | None = Field(None, description="Nouvel avancement (0 à 100).")
    indicateurs: dict[Texte, Nombre] = Field(
        default_factory=dict,
        description=(
            "Valeurs mesurées à cette date, par nom d’indicateur de l’action "
            "(ex. « Ambassadeurs formés: 24 »)."
        ),
    )
    par_territoire: dict[Texte, dict[TerritoireId, Nombre]] = Field(
        default_factory=dict,
        description=(
            "Valeurs de cette date par territoire déclaré dans plan.yaml, par nom "
            "d’indicateur (ex. « Participants: {joliette: 70, montcalm: 50} ») ; le total va "
            "sous « indicateurs » : la somme des territoires pour un cumul, entre leur plus "
            "petite et leur plus grande valeur pour un niveau."
        ),
    )
    echeance: Date | None = Field(
        None, description=("Nouvelle échéance (AAAA-MM-JJ), si l’action est replanifiée.")
    )
    porteur: Texte | None = Field(None, description="Nouveau porteur, s’il change.")
    note: Texte | None = Field(None, description="Ce qui a été fait ou décidé.")
    saillant: bool = Field(
        False,
        description="Fait saillant de l’exercice : la note ouvre le bilan (tdsplan update --highlight).",
    )
    auteur: Texte | None = Field(None, description="Qui a inscrit l’entrée.")


class Mesure(NamedTuple):
    """An indicator's value as known on a date, and the day it was measured
    (``None`` for a value written without a dated measurement)."""

    valeur: float
    date: dt.date | None


@dataclass(frozen=True)
class Heritage:
    """What a carried action inherits from the action it continues (its ``reprise_de``):
    that action's state on the last day of its plan, read from that plan's journal."""

    origin: str
    statut: Statut
    avancement: int | None
    echeance: dt.date | None
    porteur: str | None
    indicateurs: dict[str, Mesure]


class Action(Located):
    """Une action d’un objectif."""

    _heritage: Heritage | None = PrivateAttr(None)

    id: _ActionIdField
    titre: Texte = Field(description="Intitulé de l’action.")
    description: Texte | None = Field(None, description="Précisions sur l’action.")
    statut: Statut = Field(Statut.A_VENIR, description="Statut actuel.")
    avancement: Pourcentage | None = Field(None, description="Avancement actuel (0 à 100).")
    poids: Poids = Field(
        1, description=("Poids dans le calcul de l’avancement (plus de 0, 1000 au plus).")
    )
    porteur: Texte | None = Field(
        None,
        description=(
            "Qui porte l’action aujourd’hui : suit le dernier porteur inscrit au journal."
        ),
    )
    porteur_initial: Texte | None = Field(
        None,
        description=(
            "Porteur d’origine, avant le premier changement inscrit au journal "
            "(tdsplan update --porteur l’inscrit pour vous)."
        ),
    )
    partenaires: list[Texte] = Field(
        default_factory=list, description=("Organisations partenaires de l’action.")
    )
    territoires: list[TerritoireId] = Field(
        default_factory=list,
        description=("Territoires concernés, par leur identifiant déclaré dans plan.yaml."),
    )
    mandats: list[Entier] = Field(default_factory=list, description="Mandats servis (numéros).")
    bailleurs: list[BailleurId] = Field(
        default_factory=list,
        description=(
            "Bailleurs qui financent l’action, par leur identifiant déclaré dans plan.yaml."
        ),
    )
    debut: Date | None = Field(None, description="Date de début prévue (AAAA-MM-JJ).")
    ajoutee_le: Date | None = Field(
        None,
        description=(
            "Jour où l’action a été ajoutée au plan (AAAA-MM-JJ ; tdsplan add l’inscrit) : le "
            "silence d’une action n’est pas compté d’avant ce jour."
        ),
    )
    echeance: Date | None = Field(
        None,
        description=(
            "Échéance actuelle (AAAA-MM-JJ) : suit la dernière échéance inscrite au journal."
        ),
    )
    echeance_initiale: Date | None = Field(
        None,
        description=(
            "Échéance d’origine (AAAA-MM-JJ), avant la première replanification inscrite au "
            "journal (tdsplan update --echeance l’inscrit pour vous)."
        ),
    )
    indicateurs: list[Indicateur] = Field(
        default_factory=list,
        description=(
            "Indicateurs de résultat : nom, cible, dernière valeur, unité. Les mesures datées "
            "vont au journal."
        ),
    )
    journal: list[EntreeJournal] = Field(
        default_factory=list, description=("Entrées datées, de la plus ancienne à la plus récente.")
    )
    reprise_de: str | None = Field(
        None,
        pattern=REPRISE,
        description=(
            "Action d’un plan précédent que celle-ci continue : période du plan, barre "
            "oblique, identifiant (ex. 2018-2023/1.2.3). Inscrit par tdsplan init --from. "
            "L’action en hérite le statut, l’avancement, l’échéance, le porteur et les valeurs "
            "d’indicateurs qu’avait l’action d’origine le dernier jour de son plan."
        ),
    )

    @property
    def heritage(self) -> Heritage | None:
        """The state this action inherits through its ``reprise_de``, once the loader has
        read the earlier plan (``None``: no link, or the earlier plan not read)."""
        # As :attr:`Located.source`: read for every action by every view of a large plan.
        return self.__pydantic_private__.get("_heritage")  # type: ignore[union-attr]

    def inherit(self, heritage: Heritage | None) -> None:
        """Record what this action inherits (done once, by the loader)."""
        self._heritage = heritage


class Objectif(Located):
    """Fichier d’objectif : l’objectif et ses actions."""

    id: _ObjectifIdField
    titre: Texte = Field(description="Énoncé de l’objectif.")
    description: Texte | None = Field(None, description="Précisions sur l’objectif.")
    actions: list[Action] = Field(default_factory=list, description="Actions de l’objectif.")


class Orientation(OrientationInfo):
    """Une orientation et ses objectifs (assemblée depuis son dossier)."""

    objectifs: list[Objectif] = Field(default_factory=list)


class Plan(PlanInfo):
    """Le plan entier, assemblé depuis ses fichiers."""

    orientations: list[Orientation] = Field(default_factory=list)

    def territory_name(self, identifier: str) -> str:
        """The declared name of a territory (« L’Assomption » for ``lassomption``)."""
        return next((t.nom for t in self.territoires if t.id == identifier), identifier)

    def funder_name(self, identifier: str) -> str:
        """The declared name of a funder (« Centraide » for ``centraide``)."""
        return next((b.nom for b in self.bailleurs if b.id == identifier), identifier)

    def iter_actions(self) -> Iterator[tuple[Orientation, Objectif, Action]]:
        """Every action with its orientation and objective, in plan order."""
        for orientation in self.orientations:
            for objectif in orientation.objectifs:
                for action in objectif.actions:
                    yield orientation, objectif, action


#: The model each kind of plan file is validated against.
FILE_MODELS: dict[str, type[_Model]] = {
    "plan": PlanInfo,
    "orientation": OrientationInfo,
    "objectif": Objectif,
}

"""The public site as the public reads it: the home page's story and honest figures, the
pages of each funder and territory, the watch list only when the plan publishes it, the
French of the plan marked as French in English pages, and each page's title, description
and preview tags."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tdsplan.project import Project
from tdsplan.site import build_site
from tdsplan.sitepages import adopted_stories

from .conftest import OBJECTIF_1_1, PLAN_YAML, REPO, SMALL_PLAN, write_tree
from .test_site import text_of

DEMO = REPO / "examples" / "demo" / "plan"
DEMO_DATE = dt.date(2021, 3, 31)
LOGO = REPO / "examples" / "demo" / "templates" / "logo.svg"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "site"
    project = Project.at(DEMO)
    plan = project.load()
    stories = adopted_stories(project, plan, DEMO_DATE)
    build_site(plan, out, DEMO_DATE, ("fr", "en"), stories=stories, logo=LOGO)
    return out


def test_the_home_page_tells_the_plan_and_its_figures_plainly(demo_site):
    home = text_of(demo_site / "index.html")
    assert "Notre mission Mobiliser des acteurs du développement social" in home
    # The words of the latest bilan adopted by then, its adoption, the year's highlights.
    assert "Mot de la présidence Texte fictif de démonstration. L’exercice 2019-2020" in home
    assert "Bilan 2019-2020 adopté le 16 juin 2020 par le conseil d’administration" in home
    assert "Faits saillants" not in home  # the demo marks no journal entry as one
    assert (
        "Réalisé pendant l’exercice 2020-2021 1.1.2 Chartes des valeurs 4.2.1 Mise en place "
        "d’un comité d’analyse"
    ) in home
    assert (
        "6 actions réalisées 16 actions en cours (dont 8 activités permanentes) 4 actions à "
        "venir 27 actions au total · 1 abandonnée"
    ) in home
    assert "Avancement pondéré 52 %" in home
    assert "Actions par statut 4 à venir 8 en cours 8 en continu 6 réalisées 1 abandonnée" in home
    assert (
        "Merci à nos bailleurs de fonds Leur soutien rend ces actions possibles. Chaque page "
        "montre la part du plan qu’ils financent. Centraide Lanaudière 5 actions CISSS de "
        "Lanaudière 2 actions Table des préfets de Lanaudière 2 actions"
    ) in home
    # The watch list is the coordinator's tool: the demo does not publish it.
    assert "surveiller" not in (demo_site / "index.html").read_text("utf-8")
    assert "Sans nouvelles" not in home and not (demo_site / "surveiller.html").exists()
    footer = home.split("Télécharger les données")[-1]
    assert (
        "Table des partenaires du développement social de Lanaudière 200, rue de la "
        "Démonstration, Joliette (Québec) J6E 0A0 Courriel : info@exemple.org Téléphone : "
        "450 555-0100 Site web : https://www.exemple.org/ Données ouvertes, flux et "
        "calendrier · Licence des données : Licence ouverte CC BY 4.0 (attribution) · "
        "Produit avec tdsplan"
    ) in footer
    assert "YAML" not in home


def test_the_home_page_shows_the_latest_year_s_highlights(plan_with, tmp_path):
    objective = OBJECTIF_1_1.replace(
        "        note: Définition adoptée.\n",
        "        note: Définition adoptée.\n        saillant: true\n",
    )
    folder = plan_with({"1-comprendre/1.1-definition.yaml": objective})
    build_site(Project.at(folder).load(), tmp_path / "site", dt.date(2020, 3, 15))
    home = text_of(tmp_path / "site" / "index.html")
    assert (
        "Faits saillants de l’exercice 2019-2020 15 février 2020 · 1.1.1 Définition du DS "
        "Réalisée Définition adoptée. — Marie Réalisé depuis le début de l’exercice 2019-2020"
    ) in home


def test_the_logo_is_published_and_shown(demo_site):
    assert (demo_site / "assets" / "logo.svg").read_bytes() == LOGO.read_bytes()
    page = (demo_site / "en" / "action" / "1.1.1.html").read_text("utf-8")
    assert '<img src="../../assets/logo.svg" alt="" width="40" height="40">' in page
    assert '<meta property="og:image" content="https://plan.exemple.org/assets/logo.svg">' in page


def test_a_funder_page_shows_its_actions_progress_and_indicators(demo_site):
    plan = Project.at(DEMO).load()
    funded = [a.id for _o, _ob, a in plan.iter_actions() if "centraide" in a.bailleurs]
    page = text_of(demo_site / "bailleur" / "centraide.html")
    assert page.startswith("Centraide Lanaudière — Bailleur de fonds · Plan d’action 2018-2023")
    assert (
        f"Bailleur de fonds Centraide Lanaudière Centraide Lanaudière finance {len(funded)} "
        "actions du plan. Merci de ce soutien. État au 31 mars 2021 Avancement"
    ) in page
    listed = re.findall(
        r'href="\.\./action/([\d.]+)\.html"',
        (demo_site / "bailleur" / "centraide.html").read_text("utf-8").split('id="indicateurs"')[0],
    )
    assert listed == funded
    assert "Indicateurs Indicateur Action Cible Valeur Atteinte" in page
    action = text_of(demo_site / "action" / f"{funded[0]}.html")
    assert "Bailleurs Centraide Lanaudière" in action


def test_a_territory_page_and_the_funder_filter_of_the_search(demo_site):
    page = text_of(demo_site / "territoire" / "joliette.html")
    assert "Territoire Joliette 15 actions du plan touchent ce territoire." in page
    search = (demo_site / "recherche.html").read_text("utf-8")
    assert '<select id="bailleur" name="bailleur">' in search
    assert '<option value="centraide">Centraide Lanaudière</option>' in search
    index = json.loads(search.split('id="index">')[1].split("</script>")[0])
    plan = Project.at(DEMO).load()
    assert [row[6] for row in index] == [a.bailleurs for _o, _ob, a in plan.iter_actions()]


def test_the_watch_list_is_published_only_when_the_plan_says_so(tmp_path):
    folder = write_tree(
        tmp_path / "plan",
        {**SMALL_PLAN, "plan.yaml": PLAN_YAML + "publication:\n  surveiller: true\n"},
    )
    build_site(Project.at(folder).load(), tmp_path / "site", dt.date(2020, 3, 15))
    home = text_of(tmp_path / "site" / "index.html")
    # 2.1.1, en continu, silent since 1 September 2019: not silent by the 6 months of an
    # action under way (its own rule is 12 months), so only 1.2.1 is waited for.
    assert (
        "À surveiller : 1 en retard, 0 à échéance dans 90 jours, 1 sans nouvelles depuis 6 mois"
        in (home)
    )
    assert (tmp_path / "site" / "surveiller.html").is_file()


class _Languages(HTMLParser):
    """The text of a page, each piece with the language it is marked in."""

    VOID = {"meta", "link", "img", "br", "input", "hr", "source"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.pieces: list[tuple[str, str]] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang") or (self.stack[-1][1] if self.stack else "")
        self.stack.append((tag, lang))
        self.skip += tag in ("script", "style", "title")

    def handle_endtag(self, tag):
        while self.stack:
            name, _lang = self.stack.pop()
            self.skip -= name in ("script", "style", "title")
            if name == tag:
                break

    def handle_data(self, data):
        if data.strip() and not self.skip:
            self.pieces.append((self.stack[-1][1] if self.stack else "", data))


def test_the_plan_s_french_is_marked_french_in_every_english_page(demo_site):
    """WCAG 3.1.2: a passage in another language than the page's says which."""
    plan = Project.at(DEMO).load()
    words = {plan.titre, plan.organisation, plan.mission.texte, plan.avertissement}
    for o in plan.orientations:
        words |= {o.titre} | {ob.titre for ob in o.objectifs}
        for ob in o.objectifs:
            for a in ob.actions:
                words |= {a.titre, *(e.note for e in a.journal if e.note)}
    pages = sorted((demo_site / "en").rglob("*.html"))
    assert len(pages) > 50
    unmarked, marked = set(), 0
    for path in pages:
        parser = _Languages()
        parser.feed(path.read_text("utf-8"))
        for lang, text in parser.pieces:
            if text.strip() in words:
                marked += lang == "fr"
                if lang != "fr":
                    unmarked.add((path.relative_to(demo_site).as_posix(), text.strip()[:40]))
    assert sorted(unmarked) == []
    assert marked > 500  # the plan's words were found, and found marked
    # and nothing is marked French in the French pages, which are French throughout
    assert (
        'lang="fr"'
        not in (demo_site / "action" / "1.1.1.html").read_text("utf-8").split("<head>")[1]
    )


def test_each_page_has_its_title_description_and_preview(demo_site):
    page = (demo_site / "action" / "1.1.1.html").read_text("utf-8")
    plan = Project.at(DEMO).load()
    action = next(a for _o, _ob, a in plan.iter_actions() if a.id == "1.1.1")
    title = f"Action 1.1.1 — {action.titre}"
    assert f"<title>{title} · Plan d’action 2018-2023</title>" in page
    assert f'<meta property="og:title" content="{title}">' in page
    assert '<meta property="og:type" content="website">' in page
    assert '<meta property="og:url" content="https://plan.exemple.org/action/1.1.1.html">' in page
    description = re.search(r'<meta name="description" content="([^"]+)">', page)[1]
    assert description and f'<meta property="og:description" content="{description}">' in page
    english = (demo_site / "en" / "bailleur" / "cisss.html").read_text("utf-8")
    assert '<meta property="og:url" content="https://plan.exemple.org/en/bailleur/cisss.html">' in (
        english
    )
    assert "<title>CISSS de Lanaudière — Funder · Plan d’action 2018-2023</title>" in english


def test_without_a_site_address_no_page_claims_one(tmp_path):
    folder = write_tree(tmp_path / "plan", SMALL_PLAN)
    build_site(Project.at(folder).load(), tmp_path / "site", dt.date(2020, 3, 15))
    page = (tmp_path / "site" / "orientation" / "1.html").read_text("utf-8")
    assert "og:url" not in page and "og:image" not in page
    assert "<title>Orientation 1 — Comprendre ensemble · Plan d’essai 2019-2021</title>" in page
    # Two orientation cards: two columns, never a lone card on a row of three.
    assert '<ul class="cards n-2">' in (tmp_path / "site" / "index.html").read_text("utf-8")

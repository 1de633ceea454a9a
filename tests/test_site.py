"""The website: what its pages show, that every link leads somewhere, that no text of the
plan becomes markup, and that a rebuild rewrites only what changed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tdsplan.project import Project
from tdsplan.site import MANIFEST, SiteError, SiteLinkError, build_site, parse_languages
from tdsplan.sitepages import Story, adopted_stories

from .conftest import OBJECTIF_1_2, PLAN_YAML, REPO

DEMO = REPO / "examples" / "demo" / "plan"
AS_OF = dt.date(2020, 3, 15)
#: The small plan, publishing its watch list.
PUBLISHED = PLAN_YAML + "publication:\n  surveiller: true\n"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for name in ("href", "src"):
            if values.get(name) is not None:
                self.links.append(values[name])
        if tag == "script":
            self.scripts.append(values)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8"))
    return page


#: The links out of the demo site: the organisation's contact and web site (plan.yaml).
CONTACT = ("mailto:info@exemple.org", "tel:450555-0100", "https://www.exemple.org/")


def broken_links(site: Path, allowed: tuple[str, ...] = CONTACT) -> list[str]:
    """Every link of every page that leads out of the site (but to the ``allowed``
    contact addresses) or to nothing (file or id)."""
    problems = []
    pages = {p: parse(p) for p in site.rglob("*.html")}
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme == "data" or link in allowed:
                continue  # an image inside the page (a report's logo), the contact
            if parts.scheme or parts.netloc:
                problems.append(f"{path.relative_to(site)}: lien externe {link}")
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            if not target.is_relative_to(site.resolve()) or not target.is_file():
                problems.append(f"{path.relative_to(site)}: {link} introuvable")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and parts.fragment not in parse(target).ids
            ):
                problems.append(f"{path.relative_to(site)}: ancre {link} introuvable")
    return problems


def build(plan_dir: Path, out: Path, as_of: dt.date = AS_OF, **options):
    return build_site(Project.at(plan_dir).load(), out, as_of, **options)


def text_of(path: Path) -> str:
    """The page's text as read, tags removed and spaces collapsed."""
    html = re.sub(r"<script.*?</script>", "", path.read_text("utf-8"), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ").split())


def test_site_pages_of_the_small_plan(small_plan, tmp_path):
    out = tmp_path / "site"
    result = build(small_plan, out)
    pages = sorted(str(p.relative_to(out)) for p in out.rglob("*.html"))
    assert pages == [
        "action/1.1.1.html",
        "action/1.1.2.html",
        "action/1.2.1.html",
        "action/2.1.1.html",
        "action/2.1.2.html",
        "donnees.html",
        "exercice/2019-2020.html",
        "exercices.html",
        "index.html",
        "indicateurs.html",
        "objectif/1.1.html",
        "objectif/1.2.html",
        "objectif/2.1.html",
        "orientation/1.html",
        "orientation/2.html",
        "recherche.html",
    ]
    assert result.pages == 16  # no watch list: the plan does not publish it
    assert sorted(p.name for p in (out / "assets").iterdir()) == [
        "favicon.svg",
        "site.css",
        "site.js",
    ]
    assert broken_links(out) == []
    home = text_of(out / "index.html")
    assert "Plan d’essai 2019-2021 Table d’essai" in home
    assert "Exercice 2019-2020 : année 1 sur 2." in home
    assert "État au 15 mars 2020" in home
    # 1.1.1 done (100), 1.1.2 40 %, 1.2.1 to come (0), 2.1.1 ongoing (50, weight 2),
    # 2.1.2 abandoned on 2020-02-18 (left out): (100 + 40 + 0 + 100) / 5.
    assert "Avancement pondéré 48 %" in home
    assert "Orientation 1 Comprendre ensemble Avancement : 47 %" in home
    assert "3 actions · 2 objectifs" in home and "2 actions · 1 objectif" in home


def test_an_action_page_shows_its_card_and_journal_up_to_the_date(small_plan, tmp_path):
    out = tmp_path / "site"
    build(small_plan, out, dt.date(2019, 12, 31))
    text = text_of(out / "action" / "1.1.1.html")
    assert text.startswith("Action 1.1.1 — Définition du DS · Plan d’essai 2019-2021 ")
    assert (
        "Accueil Orientation 1 Objectif 1.1 Action 1.1.1 Action 1.1.1 Définition du "
        "DS Objectif 1.1 — S’entendre sur une définition En cours Fiche"
    ) in text
    assert (
        "Porteur Marie Tremblay Partenaires — Territoires — Bailleurs — Mandats Veiller "
        "Début — "
        "Échéance 31 mars 2020"
    ) in text
    # The mandate's number is the list's own (a bullet and a number were shown).
    assert '<ol class="mandates"><li value="1"><span>Veiller</span></li></ol>' in (
        (out / "action" / "1.1.1.html").read_text("utf-8")
    )
    assert "1er mai 2019 En cours Premier atelier." in text
    assert "Définition adoptée" not in text  # written on 2020-02-15, after the date


def test_watch_list_late_due_soon_and_silent(plan_with, tmp_path):
    folder = plan_with(
        {
            "plan.yaml": PUBLISHED,
            "1-comprendre/1.2-outils.yaml": OBJECTIF_1_2.replace(
                "    journal: []", "    echeance: 2020-05-01\n    journal: []"
            ),
        }
    )
    out = tmp_path / "site"
    build(folder, out)
    text = text_of(out / "surveiller.html")
    late = text.split("En retard 1 ")[1].split(" Échéance dans")[0]
    assert late.startswith(
        "1.1.2 Charte des valeurs En cours ⚠ En retard 40 % Échéance : 31 janvier 2020"
    )
    soon = text.split("Échéance dans les 90 prochains jours 1 ")[1].split(" Sans nouvelles")[0]
    assert soon.startswith("1.2.1 Refonte du site internet À venir")
    # As in « tdsplan status »: under way, or due to have started, without news.
    # 2.1.1, en continu, silent since 1 September 2019, is not for 12 months.
    # 2.1.2, abandoned on 2020-02-18, is not waited for.
    silent = text.split("Sans nouvelles depuis 6 mois 1 ")[1]
    assert silent.startswith(
        "1.2.1 Refonte du site internet À venir Sans nouvelles depuis le 1er avril 2019 "
    )
    assert "2.1.2 Jumelage" not in silent.split("Toutes")[0]
    assert "2.1.1 Formations" not in silent.split("Toutes")[0]


def test_fiscal_year_pages_link_the_reports_found(small_plan, tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "rapport-2019-2020.pdf").write_bytes(b"%PDF-1.7 bilan")
    (reports / "rapport-2019-2020-en.md").write_text("# Report\n")
    (reports / "notes.txt").write_text("pas un rapport")
    out = tmp_path / "site"
    build(small_plan, out, dt.date(2020, 6, 30), reports_dir=reports)
    assert (out / "rapports" / "rapport-2019-2020.pdf").read_bytes() == b"%PDF-1.7 bilan"
    assert not (out / "rapports" / "notes.txt").exists()
    year = (out / "exercice" / "2019-2020.html").read_text("utf-8")
    assert '<a href="../rapports/rapport-2019-2020.pdf">Bilan en PDF (français)</a>' in year
    assert '<a href="../rapports/rapport-2019-2020-en.md" hreflang="en">' in year
    text = text_of(out / "exercice" / "2019-2020.html")
    assert "18 février 2020 · 2.1.2 Jumelage Abandonnée Faute de financement." in text
    # The annual report's rules: 1.1.1, started and done within the year, counts for both.
    assert (
        "Actions réalisées pendant l’exercice 1 1.1.1 Définition du DS Actions démarrées 3 "
        "1.1.1 Définition du DS 1.1.2 Charte des valeurs 2.1.1 Formations Actions "
        "reportées 0 Aucune."
    ) in text
    current = text_of(out / "exercice" / "2020-2021.html")
    assert "Exercice en cours : état au 30 juin 2020." in current
    assert "Faute de financement." not in current  # 2.1.2 abandoned in 2019-2020
    assert broken_links(out) == []


def test_same_plan_same_bytes(small_plan, tmp_path):
    first, second = tmp_path / "un", tmp_path / "deux"
    build(small_plan, first, langs=("fr", "en"))
    build(small_plan, second, langs=("fr", "en"))
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)


def test_a_rebuild_rewrites_only_the_pages_that_changed(small_plan, tmp_path):
    out = tmp_path / "site"
    first = build(small_plan, out)
    assert first.written == first.files
    long_ago = 1_000_000_000
    for path in out.rglob("*"):
        os.utime(path, (long_ago, long_ago))
    again = build(small_plan, out)
    assert again.written == [] and again.removed == []
    assert {p.stat().st_mtime for p in out.rglob("*") if p.is_file()} == {long_ago}

    objective = small_plan / "1-comprendre" / "1.2-outils.yaml"
    objective.write_text(
        objective.read_text("utf-8").replace("Refonte du site internet", "Refonte du site web"),
        "utf-8",
    )
    changed = build(small_plan, out)
    # The title shows on its action page, the pages that list it, the search index and
    # the data to download (1.2.1 has no journal entry nor due date: no feed, no calendar).
    assert changed.written == [
        "action/1.2.1.html",
        "donnees/actions.csv",
        "donnees/plan.json",
        "objectif/1.2.html",
        "orientation/1.html",
        "recherche.html",
    ]
    touched = sorted(
        str(p.relative_to(out))
        for p in out.rglob("*")
        if p.is_file() and p.stat().st_mtime != long_ago
    )
    # The manifest records the new bytes' hashes.
    assert touched == sorted([MANIFEST, *changed.written])


def test_a_rebuild_removes_the_pages_of_deleted_actions_only(small_plan, tmp_path):
    out = tmp_path / "site"
    build(small_plan, out)
    (out / "mine.txt").write_text("à moi")
    (small_plan / "1-comprendre" / "1.2-outils.yaml").write_text(
        "id: 1.2\ntitre: Fournir des outils\nactions: []\n", "utf-8"
    )
    result = build(small_plan, out)
    assert result.removed == ["action/1.2.1.html"]
    assert not (out / "action" / "1.2.1.html").exists()
    assert (out / "mine.txt").read_text() == "à moi"
    assert sorted(json.loads((out / MANIFEST).read_text("utf-8"))["fichiers"]) == result.files


def test_a_folder_the_site_did_not_write_is_refused_untouched(small_plan, tmp_path):
    out = tmp_path / "docs"
    out.mkdir()
    (out / "index.html").write_text("<p>mon site</p>")
    with pytest.raises(SiteError, match="n’a pas été produit par tdsplan site"):
        build(small_plan, out)
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert (out / "index.html").read_text() == "<p>mon site</p>"


def test_a_manifest_cannot_make_a_rebuild_remove_files_outside(small_plan, tmp_path):
    out = tmp_path / "site"
    build(small_plan, out)
    victim = tmp_path / "victim.txt"
    victim.write_text("garder")
    (out / MANIFEST).write_text(
        json.dumps({"fichiers": ["../victim.txt", "/etc/hostname", "index.html"]})
    )
    build(small_plan, out)
    assert victim.read_text() == "garder"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tree(root: Path) -> dict[str, bytes | str]:
    """Every file below ``root`` with its bytes, every link with its target."""
    return {
        str(p.relative_to(root)): os.readlink(p) if p.is_symlink() else p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_symlink() or p.is_file()
    }


def test_a_forged_manifest_removes_only_what_the_site_wrote(small_plan, tmp_path):
    # The site's folder holds the plan folder (as « site -o . » would): the command line
    # refuses that, and the core still never removes a plan file a manifest names.
    out = tmp_path
    (tmp_path / "ailleurs").mkdir()
    victim = tmp_path / "ailleurs" / "victime.txt"
    victim.write_text("garder")
    (out / "mine.txt").write_text("à moi")
    plan_file = small_plan / "plan.yaml"
    forged = {
        "plan/plan.yaml": _sha(plan_file),
        "plan/1-comprendre/orientation.yaml": _sha(
            small_plan / "1-comprendre" / "orientation.yaml"
        ),
        "../victime.txt": _sha(victim),
        "ailleurs/../ailleurs/victime.txt": _sha(victim),
        "./mine.txt": _sha(out / "mine.txt"),
        "mine.txt": "0" * 64,
        str(plan_file): _sha(plan_file),
        "action//1.1.1.html": "x",
    }
    (out / MANIFEST).write_text(json.dumps({"fichiers": forged}))
    before = _tree(tmp_path)
    result = build(small_plan, out, protected=[small_plan])
    assert result.removed == []
    after = _tree(tmp_path)
    assert {k: after.get(k) for k in before if k != MANIFEST} == {
        k: v for k, v in before.items() if k != MANIFEST
    }
    assert len(before) == 9 and "index.html" in after  # the site was written beside them


def test_a_symlinked_folder_in_the_site_is_refused_before_anything_is_written(small_plan, tmp_path):
    out = tmp_path / "site"
    build(small_plan, out)
    objective = small_plan / "1-comprendre"
    shutil.rmtree(out / "action")
    (out / "action").symlink_to(objective, target_is_directory=True)
    listed = json.loads((out / MANIFEST).read_text("utf-8"))
    listed["fichiers"]["action/1.1-definition.yaml"] = _sha(objective / "1.1-definition.yaml")
    (out / MANIFEST).write_text(json.dumps(listed))
    plan_before, site_before = _tree(small_plan), _tree(out)
    with pytest.raises(
        SiteLinkError,
        match=f"^{re.escape(str(out / 'action'))} est un lien "
        "symbolique : tdsplan site n’écrit pas à travers un lien ; retirez-le ou "
        r"choisissez un autre dossier \(rien n’a été écrit\)$",
    ):
        build(small_plan, out, dt.date(2021, 1, 1))  # another date: pages would change
    assert _tree(small_plan) == plan_before
    assert _tree(out) == site_before


def test_a_link_in_place_of_a_page_is_refused(small_plan, tmp_path):
    out = tmp_path / "site"
    build(small_plan, out)
    victim = tmp_path / "victime.txt"
    victim.write_text("garder")
    (out / "index.html").unlink()
    (out / "index.html").symlink_to(victim)
    with pytest.raises(SiteLinkError, match="index.html est un lien symbolique"):
        build(small_plan, out, dt.date(2021, 1, 1))
    assert victim.read_text() == "garder" and (out / "index.html").is_symlink()


def test_a_page_changed_since_the_site_wrote_it_is_kept(small_plan, tmp_path):
    out = tmp_path / "site"
    build(small_plan, out)
    edited = out / "action" / "1.2.1.html"
    edited.write_text("<p>corrigé à la main</p>")
    (small_plan / "1-comprendre" / "1.2-outils.yaml").write_text(
        "id: 1.2\ntitre: Fournir des outils\nactions: []\n", "utf-8"
    )
    two = small_plan / "2-agir" / "2.1-partager.yaml"
    two.write_text(two.read_text("utf-8").split("  - id: 2.1.2")[0], "utf-8")
    result = build(small_plan, out)
    assert result.removed == ["action/2.1.2.html"]  # unchanged since written: removed
    assert not (out / "action" / "2.1.2.html").exists()
    assert edited.read_text() == "<p>corrigé à la main</p>"


def test_a_manifest_of_names_only_removes_nothing(small_plan, tmp_path):
    """The manifest of an older tdsplan lists names without hashes: nothing is proven."""
    out = tmp_path / "site"
    first = build(small_plan, out)
    (out / MANIFEST).write_text(json.dumps({"fichiers": first.files}))
    (small_plan / "1-comprendre" / "1.2-outils.yaml").write_text(
        "id: 1.2\ntitre: Fournir des outils\nactions: []\n", "utf-8"
    )
    assert build(small_plan, out).removed == []
    assert (out / "action" / "1.2.1.html").is_file()
    assert json.loads((out / MANIFEST).read_text("utf-8"))["fichiers"]["index.html"] == _sha(
        out / "index.html"
    )


HOSTILE = '</script><script>alert(1)</script><img src=x onerror="alert(2)">&amp; \u2028'


def test_no_text_of_the_plan_becomes_markup(plan_with, tmp_path):
    title = HOSTILE.replace('"', "'")
    folder = plan_with(
        {
            "1-comprendre/1.2-outils.yaml": OBJECTIF_1_2.replace(
                "Refonte du site internet", json.dumps(title)
            ).replace(
                "    journal: []",
                f"    porteur: {json.dumps(title)}\n    partenaires: [{json.dumps(title)}]\n"
                f"    journal:\n      - date: 2020-01-02\n        note: {json.dumps(title)}",
            ),
        }
    )
    out = tmp_path / "site"
    build(folder, out)
    for page in out.rglob("*.html"):
        html = page.read_text("utf-8")
        assert "<img" not in html and "alert(1)</script>" not in html, page
        scripts = parse(page).scripts
        expected = [
            {"type": "application/json", "id": "index"},
            {"src": "../" * (len(page.relative_to(out).parts) - 1) + "assets/site.js"},
        ]
        assert scripts == (expected if page.name == "recherche.html" else []), page
    action = (out / "action" / "1.2.1.html").read_text("utf-8")
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x" in action
    index = (
        (out / "recherche.html")
        .read_text("utf-8")
        .split('<script type="application/json" id="index">')[1]
        .split("</script>")[0]
    )
    rows = json.loads(index)
    assert "alert(1)" in rows[2][0] and rows[2][3] == title


def test_two_languages_side_by_side(small_plan, tmp_path):
    out = tmp_path / "site"
    result = build(small_plan, out, langs=("fr", "en"))
    assert result.pages == 32
    fr = (out / "action" / "1.1.2.html").read_text("utf-8")
    en = (out / "en" / "action" / "1.1.2.html").read_text("utf-8")
    assert fr.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert en.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert '<a href="../en/action/1.1.2.html" hreflang="en" lang="en">English</a>' in fr
    assert '<a href="../../action/1.1.2.html" hreflang="fr" lang="fr">Français</a>' in en
    assert '<link rel="stylesheet" href="../../assets/site.css">' in en
    assert "In progress" in text_of(out / "en" / "action" / "1.1.2.html")
    assert "Weighted progress 48%" in text_of(out / "en" / "index.html")  # 2.1.2 dropped
    assert broken_links(out) == []


def test_site_languages_are_checked():
    assert parse_languages("fr") == ("fr",)
    assert parse_languages(" en , fr ,en") == ("en", "fr")
    with pytest.raises(Exception, match="langue du site « de » invalide"):
        parse_languages("de")


def test_the_demo_site_links_and_weight(tmp_path):
    out = tmp_path / "site"
    result = build(DEMO, out, dt.date(2021, 3, 31), reports_dir=REPO / "reports" / "exemple")
    # 46 pages before the funders' (3) and the territories' (6) pages; the data page
    # came, the watch list went (the demo does not publish it).
    assert result.pages == 55
    assert broken_links(out) == []
    assert (out / "rapports" / "rapport-2019-2020.pdf").is_file()
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    assert size < 1_500_000


@pytest.mark.slow
def test_pages_rendered_by_several_processes_are_the_same_bytes(tmp_path):
    plan = Project.at(DEMO).load()
    one = build_site(plan, tmp_path / "un", dt.date(2021, 3, 31), ("fr", "en"), workers=1)
    two = build_site(plan, tmp_path / "deux", dt.date(2021, 3, 31), ("fr", "en"), workers=2)
    assert one.files == two.files and one.written == two.written == one.files
    for name in one.files:
        assert (tmp_path / "un" / name).read_bytes() == (tmp_path / "deux" / name).read_bytes()


def test_the_committed_demo_site_is_up_to_date(tmp_path, request):
    """examples/demo/site is what the command of docs/developpeurs.md builds;
    ``pytest --update-golden`` rebuilds it after a wanted change of the templates or of the demo plan."""
    committed = REPO / "examples" / "demo" / "site"
    out = committed if request.config.getoption("--update-golden") else tmp_path / "site"
    project = Project.at(DEMO)
    plan = project.load()
    result = build_site(
        plan,
        out,
        dt.date(2021, 3, 31),
        ("fr", "en"),
        REPO / "reports" / "exemple",
        # as the CLI finds them: the bilans adopted by then, the logo
        stories=adopted_stories(project, plan, dt.date(2021, 3, 31)),
        logo=REPO / "examples" / "demo" / "templates" / "logo.svg",
    )
    stale = [
        name
        for name in result.files
        if (committed / name).read_bytes() != (out / name).read_bytes()
    ]
    assert stale == [], "examples/demo/site n’est pas à jour : pytest --update-golden"
    listed = json.loads((committed / MANIFEST).read_text("utf-8"))["fichiers"]
    assert listed == {
        name: hashlib.sha256((committed / name).read_bytes()).hexdigest() for name in result.files
    }
    # 0.78 MB before the funders' and territories' pages, the feeds and the data (0.2 MB),
    # and each page's description, Open Graph tags and contact (1.5 kB a page).
    assert sum((committed / name).stat().st_size for name in listed) < 1_500_000


DATED = OBJECTIF_1_2.replace(
    "    journal: []",
    """\
    porteur: Luc Gagnon
    porteur_initial: Marie Tremblay
    echeance: 2021-06-30
    echeance_initiale: 2020-06-30
    indicateurs:
      - nom: Visites
        cible: 100
        reel: 80
        unite: visites
    journal:
      - date: 2020-01-15
        indicateurs:
          Visites: 40
      - date: 2020-05-01
        echeance: 2021-06-30
        porteur: Luc Gagnon
        note: Reporté d’un an.
      - date: 2020-09-01
        indicateurs:
          Visites: 80""",
)


def test_an_action_page_shows_the_lead_due_date_and_values_in_force_on_the_date(
    plan_with, tmp_path
):
    folder = plan_with({"1-comprendre/1.2-outils.yaml": DATED})
    build(folder, tmp_path / "juin", dt.date(2020, 6, 15))
    june = text_of(tmp_path / "juin" / "action" / "1.2.1.html")
    assert (
        "Porteur Luc Gagnon Partenaires — Territoires — Bailleurs — Mandats — Début — "
        "Échéance 30 juin "
        "2021 Échéance d’origine : 30 juin 2020 1er mai 2020 : échéance portée au 30 juin "
        "2021"
    ) in june
    assert "Visites 100 40 visites 15 janvier 2020" in june
    assert (
        "1er mai 2020 Nouvelle échéance : 30 juin 2021 Nouveau porteur : Luc Gagnon "
        "Reporté d’un an. 15 janvier 2020 Visites : 40"
    ) in june
    build(folder, tmp_path / "mars", dt.date(2020, 3, 1))
    march = text_of(tmp_path / "mars" / "action" / "1.2.1.html")
    assert "Porteur Marie Tremblay" in march
    assert "Échéance 30 juin 2020 Indicateurs" in march
    build(folder, tmp_path / "tard", dt.date(2020, 10, 1))
    assert "Visites 100 80 visites 1er septembre 2020" in text_of(
        tmp_path / "tard" / "action" / "1.2.1.html"
    )


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_manifest_that_is_a_pipe_or_a_device_is_refused_at_once(small_plan, tmp_path, kind):
    import signal

    out = tmp_path / "site"
    build(small_plan, out)
    (out / MANIFEST).unlink()
    if kind == "fifo":
        os.mkfifo(out / MANIFEST)
    else:
        (out / MANIFEST).symlink_to("/dev/zero")
    before = _tree(out)
    signal.alarm(20)  # were it read, a pipe would wait forever and /dev/zero never end
    try:
        with pytest.raises(
            SiteError, match=f"{out} n’est pas vide et n’a pas été produit par tdsplan site"
        ):
            build(small_plan, out)
    finally:
        signal.alarm(0)
    assert _tree(out) == before


def test_only_regular_reports_are_published_never_a_link(small_plan, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe")
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "rapport-2019-2020.md").symlink_to(secret)
    (reports / "rapport-2019-2020.pdf").write_bytes(b"%PDF-1.7 bilan")
    out = tmp_path / "site"
    build(small_plan, out, dt.date(2020, 6, 30), reports_dir=reports)
    assert sorted(p.name for p in (out / "rapports").iterdir()) == ["rapport-2019-2020.pdf"]
    assert "mot de passe" not in "".join(
        p.read_text("utf-8", "replace") for p in out.rglob("*") if p.is_file()
    )


def test_the_indicators_page_reads_each_indicator_and_draws_its_years(plan_with, tmp_path):
    from tests.test_export import YEARLY

    folder = plan_with({"1-comprendre/1.2-outils.yaml": YEARLY})
    out = tmp_path / "site"
    build(folder, out, dt.date(2021, 3, 31), langs=("fr", "en"))
    page = (out / "indicateurs.html").read_text("utf-8")
    assert (
        text_of(out / "indicateurs.html")
        .split("Tendance par exercice ")[1]
        .startswith(
            "Participants 1.2.1 Refonte du site internet 40 (1er avril 2019) 240 personnes "
            "160 personnes ( 1er juin 2020 ) 60 % · en retard"
        )
    )
    # The trend: one point a fiscal year, lowest at the bottom, and its text alternative.
    alt = "2019-2020\u00a0: 100 · 2020-2021\u00a0: 20"
    assert (
        f'<svg class="spark" viewBox="0 0 100 24" width="100" height="24" role="img" '
        f'aria-label="{alt}"><title>{alt}</title><polyline points="2.0,2.0 98.0,22.0"'
    ) in page
    assert "<script" not in page.split("<main")[1].split("</main>")[0]
    english = text_of(out / "en" / "indicateurs.html")
    assert "Trend by fiscal year" in english and "60% · late" in english
    home = (out / "index.html").read_text("utf-8")
    assert '<a href="indicateurs.html">Indicateurs</a>' in home
    assert broken_links(out) == []


def test_the_indicators_page_says_when_there_is_none(small_plan, tmp_path):
    out = tmp_path / "site"
    build(small_plan, out)
    assert "Aucun indicateur n’est défini." in text_of(out / "indicateurs.html")


def test_a_rebuild_renders_again_only_the_pages_whose_key_changed(
    small_plan, tmp_path, monkeypatch
):
    from tdsplan import render

    out = tmp_path / "site"
    build(small_plan, out)
    rendered: list[str] = []
    original = render.render_site_page

    def counting(template, lang, **context):
        rendered.append(context["page"])
        return original(template, lang, **context)

    from tdsplan import siteextras

    made: list[int] = []
    extra_files = siteextras.extra_files

    def making(*args, **options):
        made.append(1)
        return extra_files(*args, **options)

    monkeypatch.setattr(render, "render_site_page", counting)
    monkeypatch.setattr(siteextras, "extra_files", making)
    build(small_plan, out)
    assert rendered == []  # nothing changed: no page is rendered again
    assert made == []  # nor the feeds, calendar and data
    # A feed edited by hand since: the files are made again, and it is written back.
    feed = out / "flux.xml"
    before = feed.read_bytes()
    feed.write_text("modifié", "utf-8")
    assert "flux.xml" in build(small_plan, out).written
    assert made == [1] and feed.read_bytes() == before

    objective = small_plan / "1-comprendre" / "1.2-outils.yaml"
    objective.write_text(
        objective.read_text("utf-8").replace("Refonte du site internet", "Refonte du site web"),
        "utf-8",
    )
    rendered.clear()
    changed = build(small_plan, out)
    assert [p for p in rendered if p.startswith(("action/", "objectif/"))] == [
        "objectif/1.2.html",
        "action/1.2.1.html",
    ]
    assert "action/1.2.1.html" in changed.written
    # The pages that list it show the title too: rendered again; not those that do not
    # (the fiscal years count the actions, 1.2.1 has no journal entry; orientation 2).
    gathering = [p for p in rendered if not p.startswith(("action/", "objectif/"))]
    assert {"index.html", "recherche.html", "orientation/1.html"} <= set(gathering)
    assert not {"exercices.html", "orientation/2.html"} & set(gathering)
    assert "recherche.html" in changed.written and "donnees/plan.json" in changed.written
    # A bilan adopted since: the pages that gather the plan again, no action page.
    rendered.clear()
    adopted = Story("2019-2020", ("Une année de travail.",), dt.date(2020, 6, 1), "CA")
    build(small_plan, out, stories=[adopted])
    assert "index.html" in rendered and not [p for p in rendered if p.startswith("action/")]
    # A page edited by hand since is written again, whatever its key.
    page = out / "action" / "1.1.1.html"
    page.write_text("modifiée", "utf-8")
    rendered.clear()
    build(small_plan, out)
    assert "action/1.1.1.html" in rendered and "Définition du DS" in page.read_text("utf-8")
    # What every page shows (here the date) renders them all again.
    rendered.clear()
    build(small_plan, out, dt.date(2020, 3, 16))
    assert len([p for p in rendered if p.startswith("action/")]) == 5


@pytest.mark.slow  # six builds in six processes (3 s)
def test_the_same_plan_gives_the_same_search_page_in_every_process(tmp_path):
    # Leads, territories and funders whose names fold alike keep one order, not the one
    # a set's hash seed gives (the search page changed from one build to the next).
    import subprocess
    import sys

    plan = tmp_path / "plan"
    shutil.copytree(REPO / "examples/demo/plan", plan)
    veille = plan / "3-plans-d-action-locaux/3.1-veille-programmes-et-financements.yaml"
    text = veille.read_text("utf-8")
    veille.write_text(text.replace("porteur: Comité veille", "porteur: comité Veille", 1), "utf-8")
    pages = set()
    for seed in ("1", "2", "3", "4", "5", "6"):
        out = tmp_path / f"site-{seed}"
        subprocess.run(
            [sys.executable, "-m", "tdsplan", "--plan", plan, "site", "-o", out],
            env={**os.environ, "PYTHONHASHSEED": seed, "TDSPLAN_NO_CACHE": "1"},
            check=True,
            capture_output=True,
        )
        pages.add((out / "recherche.html").read_bytes())
    assert len(pages) == 1
    page = pages.pop().decode()
    assert page.index(">Comité veille</option>") < page.index(">comité Veille</option>")


def test_a_long_description_is_cut_as_text_never_inside_an_escaped_character(plan_with, tmp_path):
    # Cut as HTML, « & » written « &amp; » could be cut to « &am… »: not HTML any more.
    words = "a" * 296 + " & <b> et la suite"
    folder = plan_with({"plan.yaml": PLAN_YAML + f"description: {words}\n"})
    out = tmp_path / "site"
    build(folder, out)
    page = (out / "index.html").read_text("utf-8")
    assert f'<meta name="description" content="{"a" * 296} &amp; …">' in page

"""The demo's website in a real browser (Debian's chromium and chromedriver, headless):
no console error, no request beyond the site's folder, no horizontal scrolling at 360
and 1280 px, no serious accessibility violation (axe-core, vendored in tests/fixtures/,
MPL-2.0), and a search that works with JavaScript and a full list without it."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from tdsplan.project import Project
from tdsplan.site import build_site
from tdsplan.sitepages import adopted_stories

from .conftest import REPO
from .test_site import broken_links

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
AXE = REPO / "tests" / "fixtures" / "axe.min.js"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
        reason="chromium et chromium-driver (Debian) absents : .ci/run les installe",
    ),
]

#: A page of each kind, for the checks that are too slow to run on every page.
SAMPLE = [
    "index.html",
    "orientation/2.html",
    "objectif/1.2.html",
    "action/1.2.1.html",
    "bailleur/centraide.html",
    "territoire/joliette.html",
    "indicateurs.html",
    "donnees.html",
    "exercices.html",
    "exercice/2019-2020.html",
    "recherche.html",
    "en/action/1.2.1.html",
    "en/bailleur/cisss.html",
]
#: The pages axe checks, in light and dark mode.
AXE_PAGES = [
    "index.html",
    "action/1.2.1.html",
    "recherche.html",
    "bailleur/centraide.html",
    "territoire/joliette.html",
    "indicateurs.html",
    "donnees.html",
    "exercice/2020-2021.html",
    "en/index.html",
    "en/territoire/matawinie.html",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "site"
    project = Project.at(REPO / "examples" / "demo" / "plan")
    plan = project.load()
    build_site(
        plan,
        out,
        dt.date(2021, 3, 31),
        ("fr", "en"),
        REPO / "reports" / "exemple",
        stories=adopted_stories(project, plan, dt.date(2021, 3, 31)),
        logo=REPO / "examples" / "demo" / "templates" / "logo.svg",
    )
    return out


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_script_timeout(60)
    driver.execute_cdp_cmd("Network.enable", {})
    yield driver
    driver.quit()


def width(driver, pixels: int) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": pixels, "height": 900, "deviceScaleFactor": 1, "mobile": pixels < 600},
    )


def visit(driver, site: Path, page: str) -> tuple[list[str], list[str]]:
    """Open ``page``; the console errors and the URLs the page asked for."""
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get((site / page).as_uri())
    driver.execute_script("return document.readyState")
    errors = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]
    requests = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])
    requests += driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    return errors, requests


def outside(site: Path, urls: list[str]) -> list[str]:
    folder = site.resolve().as_uri() + "/"
    # a data: URL is inside the page itself (the report's logo): nothing is fetched
    return sorted({url for url in urls if not url.startswith((folder, "data:"))})


def test_every_page_loads_without_error_or_outside_request(site, browser):
    assert broken_links(site) == []
    width(browser, 1280)
    pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
    assert len(pages) == 111  # 110 pages and the HTML report the demo site links to
    # The English pages are the French ones in other words: two of them are enough here.
    pages = [p for p in pages if not p.startswith("en/")] + ["en/index.html", "en/recherche.html"]
    seen_css = False
    for page in pages:
        errors, requests = visit(browser, site, page)
        assert errors == [], page
        assert outside(site, requests) == [], page
        seen_css |= any(url.endswith("/assets/site.css") for url in requests)
    assert seen_css  # the requests are really watched


def test_an_outside_request_would_be_caught(site, browser, tmp_path):
    copy = tmp_path / "copie"
    shutil.copytree(site, copy)
    page = copy / "index.html"
    page.write_text(
        page.read_text("utf-8").replace(
            "</main>", '<img src="https://example.invalid/pixel.png" alt=""></main>'
        ),
        "utf-8",
    )
    _errors, requests = visit(browser, copy, "index.html")
    assert outside(copy, requests) == ["https://example.invalid/pixel.png"]


@pytest.mark.parametrize("pixels", [360, 1280])
def test_no_horizontal_scrolling(site, browser, pixels):
    width(browser, pixels)
    try:
        for page in SAMPLE:
            visit(browser, site, page)
            inner, visible, scroll = browser.execute_script(
                "const root = document.documentElement; "
                "return [window.innerWidth, root.clientWidth, root.scrollWidth]"
            )
            assert inner == pixels and scroll <= visible, page
    finally:
        width(browser, 1280)


def scheme(driver, value: str) -> None:
    """Emulate the reader's colour scheme (``light`` or ``dark``)."""
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": value}]},
    )


@pytest.mark.parametrize("colours", ["light", "dark"])
@pytest.mark.parametrize("pixels", [390, 1280])
def test_axe_finds_no_serious_violation(site, browser, pixels, colours):
    width(browser, pixels)
    scheme(browser, colours)
    try:
        found = {}
        for page in AXE_PAGES:
            visit(browser, site, page)
            browser.execute_script(AXE.read_text("utf-8"))
            violations = browser.execute_async_script("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ["violations"]}).then(result => done(
                    result.violations.map(v => ({id: v.id, impact: v.impact,
                                                 nodes: v.nodes.slice(0, 3).map(n => n.target)}))));
            """)
            serious = [v for v in violations if v["impact"] in ("serious", "critical")]
            if serious:
                found[page] = serious
        assert found == {}
    finally:
        scheme(browser, "light")
        width(browser, 1280)


def test_dark_mode_turns_the_page_dark_and_light_mode_keeps_it_light(site, browser):
    colour = "return getComputedStyle(document.body).backgroundColor"
    try:
        for value, expected in (("dark", "rgb(20, 24, 29)"), ("light", "rgb(255, 255, 255)")):
            scheme(browser, value)
            visit(browser, site, "bailleur/centraide.html")
            assert browser.execute_script(colour) == expected
    finally:
        scheme(browser, "light")


def test_the_orientation_cards_fill_their_rows(site, browser):
    """Four cards: two rows of two at 1280 px, one column at 390 px, never one alone."""
    rows = (
        "return [...document.querySelectorAll('.cards > li')]"
        ".map(li => Math.round(li.getBoundingClientRect().top))"
    )
    try:
        for pixels, expected in ((1280, 2), (390, 4)):
            width(browser, pixels)
            visit(browser, site, "index.html")
            tops = browser.execute_script(rows)
            assert len(tops) == 4 and len(set(tops)) == expected, pixels
    finally:
        width(browser, 1280)


def test_search_filters_with_javascript(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    width(browser, 1280)
    visit(browser, site, "recherche.html")
    shown = (
        "return [...document.querySelectorAll('#resultats > li')].filter(li => "
        "!li.hidden).map(li => li.querySelector('.id').textContent)"
    )
    count = browser.find_element(By.ID, "compte")
    assert browser.find_element(By.ID, "filtres").is_displayed()
    assert count.text == "27 actions"
    browser.find_element(By.ID, "q").send_keys("VIDEO")
    assert browser.execute_script(shown) == ["1.2.3"]
    assert count.text == "1 action"
    browser.find_element(By.CSS_SELECTOR, "button[type=reset]").click()
    browser.find_element(By.CSS_SELECTOR, "#statut option[value=realisee]").click()
    assert browser.execute_script(shown) == ["1.1.1", "1.1.2", "1.2.1", "1.2.2", "3.1.1", "4.2.1"]
    # The home page's search box leads here with the words in the address.
    visit(browser, site, "index.html")
    browser.find_element(By.ID, "q-accueil").send_keys("jumelage\n")
    WebDriverWait(browser, 10).until(
        lambda b: (
            "recherche.html?q=jumelage" in b.current_url
            and b.find_element(By.ID, "compte").text == "1 action"
        )
    )
    assert browser.execute_script(shown) == ["2.1.4"]
    # A funder's page leads to its actions in the search, by the funder filter.
    plan = Project.at(REPO / "examples" / "demo" / "plan").load()
    funded = [a.id for _o, _ob, a in plan.iter_actions() if "centraide" in a.bailleurs]
    visit(browser, site, "bailleur/centraide.html")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Filtrer ces actions").click()
    WebDriverWait(browser, 10).until(
        lambda b: b.find_element(By.ID, "compte").text == f"{len(funded)} actions"
    )
    assert browser.execute_script(shown) == funded
    assert browser.find_element(By.ID, "bailleur").get_attribute("value") == "centraide"


def test_without_javascript_the_search_page_lists_every_action(site, browser):
    from selenium.webdriver.common.by import By

    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        visit(browser, site, "recherche.html")
        assert not browser.find_element(By.ID, "filtres").is_displayed()
        items = browser.find_elements(By.CSS_SELECTOR, "#resultats > li")
        assert len(items) == 27 and all(item.is_displayed() for item in items)
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_keyboard_focus_is_visible(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    visit(browser, site, "action/1.2.1.html")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = browser.execute_script("""
        const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();
        return [e.textContent, s.outlineStyle, parseFloat(s.outlineWidth), r.top >= 0];""")
    assert focused == ["Aller au contenu", "solid", 3, True]

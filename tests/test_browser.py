"""The HTML report in a real browser (Debian's chromium, driven by selenium): it reflows
at phone width, chips and dates never wrap, nothing is fetched, nothing fails."""

from __future__ import annotations

import shutil

import pytest

from tdsplan.render import render_text

from .test_render import COMMITTED, committed_report

CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not shutil.which("chromium") or not shutil.which(CHROMEDRIVER):
        pytest.skip("chromium et chromedriver absents (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    yield driver
    driver.quit()


@pytest.fixture(
    scope="module",
    params=["reports/exemple/rapport-2019-2020", "reports/exemple/rapport-bilan-2018-2023"],
)
def page(request, tmp_path_factory):
    report, templates = committed_report(*COMMITTED[request.param])
    path = tmp_path_factory.mktemp("html") / "rapport.html"
    path.write_text(render_text(report, "html", "fr", templates), "utf-8")
    return path


@pytest.mark.parametrize("width", [390, 1280])
def test_html_reflows_without_overflow_errors_or_requests(browser, page, width):
    browser.set_window_size(width, 900)
    browser.get(page.as_uri())
    inner = browser.execute_script("return window.innerWidth")
    assert browser.execute_script("return document.documentElement.scrollWidth") <= inner
    wider = browser.execute_script("""
        return [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
          .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert wider == []
    wrapped = browser.execute_script("""
        return [...document.querySelectorAll('.chip, .date')]
          .filter(e => e.getClientRects().length > 1 ||
                       e.getBoundingClientRect().height > 1.8 * parseFloat(
                         getComputedStyle(e).fontSize))
          .map(e => e.textContent).slice(0, 5)""")
    assert wrapped == []
    assert (
        browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        == []
    )
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []


def test_html_has_a_numbered_table_of_contents(browser, page):
    browser.set_window_size(1280, 900)
    browser.get(page.as_uri())
    links = browser.execute_script(
        "return [...document.querySelectorAll('nav.toc a')].map(a => a.getAttribute('href'))"
    )
    # The words people wrote (the Mot, the thanks) are unnumbered, around the numbered parts.
    numbered = ["#faits-saillants", "#detail", "#indicateurs", "#perspectives", "#annexes"]
    assert [link for link in links if link not in ("#mot", "#remerciements")] == numbered
    assert links[0] == "#mot" and links.index("#remerciements") == links.index("#annexes") - 1
    for target in links:
        heading = browser.execute_script(
            f"return document.querySelector('{target} h2').textContent"
        )
        if target in numbered:
            assert heading.split(".")[0] == str(numbered.index(target) + 1)
        else:
            assert heading[0].isalpha(), heading


def test_printing_never_leaves_a_heading_at_the_bottom_of_a_page(browser, page):
    import base64
    import io

    from pypdf import PdfReader
    from selenium.webdriver.common.print_page_options import PrintOptions

    browser.get(page.as_uri())
    headings = browser.execute_script("""
        return [...document.querySelectorAll('main h2, main h3, main h4, main p.lead')]
          .map(h => h.textContent.trim())""")
    options = PrintOptions()
    options.page_width, options.page_height = 21.59, 27.94  # US Letter, as @page says
    pdf = PdfReader(io.BytesIO(base64.b64decode(browser.print_page(options))))
    assert len(pdf.pages) >= 5
    for number, sheet in enumerate(pdf.pages[1:], 2):  # the cover ends with its contents
        last = " ".join(sheet.extract_text().split()[-4:])
        alone = [h for h in headings if last.endswith(" ".join(h.split()[-4:]))]
        assert alone == [], f"page {number} : « {alone[0]} » seul en bas de page"

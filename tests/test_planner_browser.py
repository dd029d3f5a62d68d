"""The "Plan my follow-up" page in Debian's Chromium: fill the form, compare with the Python plan, download the .ics."""

from __future__ import annotations

import json
import subprocess
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from afterview import load_ruleset
from afterview.facts.sources import load_facts
from afterview.planning.engine import plan

pytestmark = pytest.mark.browser

JS = Path(__file__).parent / "js"
AXE = JS / "node_modules" / "axe-core" / "axe.min.js"
NOW = "2026-11-19T13:00:00+00:00"
# What the form below describes, as a facts file.
FACTS = {
    "timezone": "America/New_York", "country": "US", "company": "Acme", "role": "Data Engineer",
    "industry": "tech", "candidate": {"name": "Sam Taylor"},
    "interview": {"start": "2026-11-17T14:00", "end": "2026-11-17T15:30",
                  "interviewers": [{"name": "Jane Doe", "email": "jane@acme.example", "topics": ["data mesh"]}]},
    "decision": {"by": "2026-12-01"},
    "events": [{"type": "thank_you_sent", "at": "2026-11-18T09:10"}],
}


@pytest.fixture(scope="module")
def site(guide_site: Path) -> Path:
    return guide_site


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(chromium: Any, downloads: Path) -> Any:
    driver = chromium({"performance": "ALL", "browser": "ALL"}, ("--lang=en-US",))
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    yield driver
    driver.quit()


def put(browser: Any, element_id: str, value: str) -> None:
    """Set a date or time control as a person's input would, then let the page react."""
    browser.execute_script("const e = document.getElementById(arguments[0]); e.value = arguments[1];"
                           "e.dispatchEvent(new Event('input', {bubbles: true}));", element_id, value)


def open_planner(browser: Any, site: Path, fragment: str = "") -> None:
    """Load the page and wait for its first plan: the planner's scripts load after the page has painted."""
    browser.get("about:blank")  # a fresh page: a new fragment alone would not reload it
    browser.get((site / "planner/index.html").as_uri() + fragment)
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#plan > *"))


def fill_form(browser: Any, site: Path) -> None:
    open_planner(browser, site, "#now=" + NOW.replace("+", "%2B"))
    put(browser, "p-date", "2026-11-17")
    put(browser, "p-time", "14:00")
    length = browser.find_element(By.ID, "p-length")
    length.clear()
    length.send_keys("90")
    zone = browser.find_element(By.ID, "p-tz")
    zone.clear()
    zone.send_keys("America/New_York")
    Select(browser.find_element(By.ID, "p-country")).select_by_value("US")
    Select(browser.find_element(By.ID, "p-industry")).select_by_value("tech")
    for field, text in (("p-company", "Acme"), ("p-role", "Data Engineer"), ("p-name", "Sam Taylor")):
        browser.find_element(By.ID, field).send_keys(text)
    browser.find_element(By.CSS_SELECTOR, 'input[name="said"][value="by"]').click()
    put(browser, "p-by", "2026-12-01")
    person = browser.find_element(By.CSS_SELECTOR, ".planner-person")
    for key, text in (("iname", "Jane Doe"), ("iemail", "jane@acme.example"), ("itopic", "data mesh")):
        person.find_element(By.CSS_SELECTOR, f'[data-k="{key}"]').send_keys(text)
    browser.find_element(By.ID, "p-add-event").click()
    event = browser.find_element(By.CSS_SELECTOR, ".planner-event")
    Select(event.find_element(By.CSS_SELECTOR, '[data-k="etype"]')).select_by_value("thank_you_sent")
    put(browser, event.find_element(By.CSS_SELECTOR, '[data-k="edate"]').get_attribute("id"), "2026-11-18")
    put(browser, event.find_element(By.CSS_SELECTOR, '[data-k="etime"]').get_attribute("id"), "09:10")


def python_plan() -> Any:
    ruleset = load_ruleset(["default", "country-us", "industry-tech"])
    return plan(ruleset, load_facts(FACTS), datetime.fromisoformat(NOW))


def shown(browser: Any) -> list[tuple[str, str, str]]:
    return [(li.get_attribute("data-rule"), li.get_attribute("data-due"), li.get_attribute("data-status"))
            for li in browser.find_elements(By.CSS_SELECTOR, "#plan li[data-rule]")]


def test_the_form_gives_the_python_plan_and_survives_a_reload(browser: Any, site: Path) -> None:
    fill_form(browser, site)
    expected = python_plan()
    assert shown(browser) == [(a.rule_id, a.due.isoformat(), a.status) for a in expected.actions]
    why = {li.get_attribute("data-rule"): li.find_element(By.CSS_SELECTOR, ".planner-why").text
           for li in browser.find_elements(By.CSS_SELECTOR, "#plan li[data-rule]")}
    assert why == {a.rule_id: a.explanation[-1] if a.status in ("skipped", "lapsed") else  # why it ended
                   next(line for line in a.explanation if line.startswith("closes: " if a.kind == "quiet" else "due: "))
                   for a in expected.actions}
    follow_up = why["follow-up"]
    assert follow_up == next(line for line in expected.action("follow-up").explanation if line.startswith("due: "))
    assert follow_up == ("due: stated decision date (Tue 1 Dec 2026) + 2 business days in US → Thu 3 Dec 2026 17:00; "
                         "at 09:00 → Thu 3 Dec 2026 09:00")
    assert browser.find_elements(By.ID, "draft-thank-you-note-email") == []  # sent already: no draft to show
    follow_draft = browser.find_element(By.ID, "draft-follow-up-email").text
    assert follow_draft == "Subject: " + expected.action("follow-up").drafts[0].subject + "\n\n" + \
        expected.action("follow-up").drafts[0].text
    mail = browser.find_element(By.CSS_SELECTOR, 'a[href^="mailto:jane%40acme.example?subject=Following"]')
    assert mail.text == "Open in your email app"
    before = shown(browser)
    browser.get(browser.current_url)  # the fragment alone rebuilds the form and the plan
    WebDriverWait(browser, 5).until(shown)
    assert shown(browser) == before
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_the_downloaded_calendar_passes_the_cli_calendar_checks(browser: Any, site: Path, downloads: Path) -> None:
    from ical.calendar_stream import IcsCalendarStream
    from icalendar import Calendar

    fill_form(browser, site)
    browser.find_element(By.ID, "p-ics").click()
    target = downloads / "after-the-interview.ics"
    deadline = time.monotonic() + 10
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    raw = target.read_bytes()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert Calendar.from_ical(raw).to_ical() == raw  # icalendar round-trips it byte for byte
    strict = IcsCalendarStream.calendar_from_ics(raw.decode("utf-8"))
    done = subprocess.run(["node", str(JS / "parse-ics.mjs"), str(target)], capture_output=True, text=True, check=True)
    parsed = {e["properties"]["summary"][0]: e for e in json.loads(done.stdout)["components"] if e["name"] == "vevent"}
    expected = [a for a in python_plan().actions if a.status not in ("skipped", "done")]  # as the CLI's calendar
    assert len(strict.events) == len(parsed) == len(expected) == 9, sorted(parsed)
    follow_up = parsed["Follow-up email to Jane Doe (Acme)"]
    assert (follow_up["allDay"], follow_up["start"], follow_up["end"]) == (
        False, "2026-12-03T14:00:00.000Z", "2026-12-03T14:30:00.000Z")  # 09:00 in New York
    assert "Thank-you note to Jane Doe (Acme)" not in parsed  # sent: done steps leave the calendar
    invitation = parsed["Connect with Jane Doe on LinkedIn (Acme)"]  # opens Tue 17, due Wed 18: the end is exclusive
    assert (invitation["properties"]["dtstart"], invitation["properties"]["dtend"]) == (["2026-11-17"], ["2026-11-19"])
    quiet = parsed["Quiet period — no contact (Acme)"]
    assert (quiet["properties"]["transp"], quiet["components"]) == (["TRANSPARENT"], [])
    strict_follow_up = next(e for e in strict.events if e.summary == "Follow-up email to Jane Doe (Acme)")
    assert strict_follow_up.dtstart.isoformat() == "2026-12-03T14:00:00+00:00"
    assert "- due: stated decision date (Tue 1 Dec 2026) + 2 business days in US" in strict_follow_up.description


def media(browser: Any, scheme: str | None) -> None:
    features = [{"name": "prefers-color-scheme", "value": scheme}] if scheme else []
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": features})


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_filled_planner_has_no_accessibility_violations(browser: Any, site: Path, scheme: str) -> None:
    media(browser, scheme)
    try:
        fill_form(browser, site)
        browser.execute_script(AXE.read_text(encoding="utf-8"))
        violations = browser.execute_async_script("""
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
               .then(r => done(r.violations.map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", "))));
        """)
    finally:
        media(browser, None)
    assert violations == []


def test_the_planner_is_offline_and_fits_a_phone(browser: Any, site: Path) -> None:
    browser.get_log("performance")
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 375, "height": 812, "deviceScaleFactor": 2, "mobile": True})
    try:
        fill_form(browser, site)
        widths = browser.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        # The plan's timeline is the narrow one on a phone: whole titles, text about 12 px.
        labels = browser.execute_script("""return [...document.querySelectorAll('#plan svg.timeline text')]
            .filter(t => t.getBoundingClientRect().height > 0)
            .map(t => [t.textContent, t.getBoundingClientRect().height, t.classList.contains('label')])""")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    events = [json.loads(entry["message"])["message"] for entry in browser.get_log("performance")]
    urls = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
    assert urls and [u for u in urls if not u.startswith(("file://", "blob:", "data:"))] == []
    assert widths[0] <= widths[1] == 375
    assert labels and min(height for _, height, _ in labels) >= 11, labels
    titles = " ".join(text for text, _, label in labels if label)
    assert "…" not in titles and "Ask when they expect to decide, and whom to contact" in " ".join(titles.split()), titles


def test_a_plan_beyond_the_holiday_tables_says_so(browser: Any, site: Path) -> None:
    fill_form(browser, site)
    browser.find_element(By.CSS_SELECTOR, 'input[name="said"][value="nothing"]').click()
    browser.find_element(By.CSS_SELECTOR, ".planner-event .planner-remove").click()
    put(browser, "p-date", "2040-03-02")
    message = browser.find_element(By.CSS_SELECTOR, "#plan .planner-error").text
    years = browser.execute_script("return window.afterviewPlanData.years")
    assert message == (f"This guide knows public holidays for {years[0]} to {years[1]} only, so it cannot date a plan "
                       "that reaches beyond them (no holiday table for US in 2040).")


def test_a_first_visit_plans_an_interview_today_at_the_real_time(browser: Any, site: Path) -> None:
    # No "now" in the address, as for every visitor: the page plans from the browser's clock.
    open_planner(browser, site)
    today = browser.execute_script("return new Date().toISOString().slice(0, 10)")
    assert browser.find_element(By.ID, "p-date").get_attribute("value") == today
    assert browser.find_elements(By.CSS_SELECTOR, "#plan .planner-error") == []
    assert len(browser.find_elements(By.CSS_SELECTOR, "#plan li[data-rule]")) > 10
    planned = browser.find_element(By.CSS_SELECTOR, "#plan .planner-note").text
    assert planned.startswith("Interview ") and "; planned " in planned, planned


def test_a_bookmarked_plan_with_a_stated_delay_and_a_step_done_matches_python(browser: Any, site: Path) -> None:
    # The address alone (a bookmark or a shared link): Germany, "within 10 business days", a step done.
    facts = {"timezone": "Europe/Berlin", "country": "DE",
             "interview": {"start": "2026-12-18T10:00", "end": "2026-12-18T10:45",
                           "interviewers": [{"name": "Ana Lima", "email": "ana@globex.example"}]},
             "decision": {"within": "10 business days"},
             "events": [{"type": "done", "rule": "thank-you-note", "at": "2026-12-18T18:00"}]}
    now = "2026-12-21T09:00:00+01:00"
    fragment = ("#date=2026-12-18&time=10:00&minutes=45&tz=Europe/Berlin&country=DE&said=within&within=10"
                "&unit=business+days&i=Ana+Lima|ana@globex.example|&e=done|2026-12-18|18:00|thank-you-note|"
                "&now=" + now.replace("+", "%2B"))
    open_planner(browser, site, fragment)
    layers = browser.execute_script("return window.afterviewPlanData.choose.DE['']").split("+")
    expected = plan(load_ruleset(layers), load_facts(facts), datetime.fromisoformat(now))
    assert shown(browser) == [(a.rule_id, a.due.isoformat(), a.status) for a in expected.actions]
    assert ("thank-you-note", "done") in {(a.rule_id, a.status) for a in expected.actions}
    follow_up = browser.find_element(By.CSS_SELECTOR, '#plan li[data-rule="follow-up"] .planner-why').text
    assert follow_up == next(line for line in expected.action("follow-up").explanation if line.startswith("due: "))
    assert "in DE" in follow_up, follow_up

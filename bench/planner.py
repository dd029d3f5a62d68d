"""The guide's in-browser planner: page weight and render time in Chromium.

Budgets (issue 13): the planner page's JavaScript plus data at most 150 KB
uncompressed for the default build, and a plan drawn within 50 ms of an input.
Prints both, with the parts; exits 1 if a budget is missed.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

from afterview.cli import main

SIZE_BUDGET = 150 * 1024
TIME_BUDGET_MS = 50.0
RUNS = 40
STATE = ("#date=2026-11-17&time=14:00&tz=America/New_York&country=US&industry=tech&company=Acme&role=Engineer"
         "&name=Sam&said=by&by=2026-12-01&i=Jane+Doe|jane@acme.example|data+mesh&e=thank_you_sent|2026-11-18|09:10")


def weight(site: Path) -> dict[str, int]:
    """Bytes of every script the planner page loads: its own (the site's), its loader, and what that loads."""
    folder = site / "planner"
    page = (folder / "index.html").read_text(encoding="utf-8")
    parts = {src: (folder / src).stat().st_size for src in re.findall(r'<script src="([^"]+)"', page)}
    loader = re.search(r'<script id="planner-load" data-src="([^"]+)">(.*?)</script>', page, re.S)
    assert loader is not None
    parts["inline loader"] = len(loader[2].encode())
    parts.update({src: (folder / src).stat().st_size for src in loader[1].split()})
    return parts


def render_times(site: Path) -> list[float]:
    """Milliseconds from an input event to the next frame after the plan is redrawn."""
    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    try:
        driver.get((site / "planner" / "index.html").as_uri() + STATE)
        # The scripts load after the first paint: wait for the first plan.
        WebDriverWait(driver, 10).until(lambda d: d.execute_script("return !!document.querySelector('#plan li')"))
        times = []
        for i in range(RUNS):
            times.append(driver.execute_async_script("""
                const done = arguments[arguments.length - 1];
                const box = document.getElementById("p-company");
                const start = performance.now();
                box.value = "Acme " + arguments[0];
                box.dispatchEvent(new Event("input", {bubbles: true}));
                requestAnimationFrame(() => setTimeout(() => done(performance.now() - start)));
            """, i))
        return times
    finally:
        driver.quit()


def run() -> int:
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "public"
        if main(["site", "build", "-o", str(site)]) != 0:
            return 1
        parts = weight(site)
        searched = sum((site / name).stat().st_size for name in ("search-index.js", "static/lunr.min.js"))
        times = render_times(site)
    total = sum(parts.values())
    for name, size in sorted(parts.items(), key=lambda p: -p[1]):
        print(f"  {name:<28} {size / 1024:6.1f} KB")
    print(f"  not counted: the search index and lunr.min.js ({searched / 1024:.1f} KB), loaded on a first search")
    median, worst = statistics.median(times), max(times)
    print(f"planner page JS + data: {total / 1024:.1f} KB (budget {SIZE_BUDGET / 1024:.0f} KB)")
    print(f"render after input: median {median:.1f} ms, max {worst:.1f} ms over {RUNS} inputs "
          f"(budget {TIME_BUDGET_MS:.0f} ms)")
    print(f"RESULT planner_kb={total / 1024:.1f}")
    print(f"RESULT planner_render_ms={median:.1f}")
    return 0 if total <= SIZE_BUDGET and median <= TIME_BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(run())

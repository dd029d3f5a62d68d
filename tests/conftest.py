"""Project fixtures. The reusable ones (afterview_cli, afterview_facts, afterview_now,
afterview_project) come from the ``afterview.testing`` pytest plugin."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def _snapshot_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Compiled built-in rulesets (``snapshot-*.pickle``) that earlier tests' caches built, shared by name."""
    return tmp_path_factory.mktemp("snapshots")


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
                    request: pytest.FixtureRequest, _snapshot_store: Path) -> Iterator[None]:
    """A fresh cache directory per test, so cached and uncached paths are both exercised.

    It starts with links to the built-in ruleset snapshots other tests compiled: a snapshot's name is a hash of
    everything that goes into it, so sharing one is what a user's second run does, and it spares each test
    compiling and pickling the default ruleset again. Tests marked ``cold_cache`` start from an empty folder.
    """
    folder = tmp_path_factory.mktemp("cache")
    if request.node.get_closest_marker("cold_cache") is None:
        for snapshot in _snapshot_store.iterdir():
            (folder / snapshot.name).symlink_to(snapshot)
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(folder))
    monkeypatch.delenv("AFTERVIEW_TRACE_PLUGINS", raising=False)
    # Never the user's own journal: tests that need one point AFTERVIEW_JOURNAL at their tmp_path.
    monkeypatch.setenv("AFTERVIEW_JOURNAL", str(tmp_path_factory.mktemp("journal")))
    yield
    for snapshot in folder.glob("snapshot-*.pickle"):
        if not snapshot.is_symlink() and not (_snapshot_store / snapshot.name).exists():
            shutil.copyfile(snapshot, _snapshot_store / snapshot.name)


@pytest.fixture(scope="session")
def afterview_wheel(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A wheel built from this checkout, as a user would install it."""
    import subprocess
    import sys
    from pathlib import Path

    out = tmp_path_factory.mktemp("dist")
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(root)],
                   check=True, capture_output=True)
    return next(out.glob("afterview-*.whl"))


@pytest.fixture(scope="session")
def default_ruleset() -> Any:
    from afterview import load_ruleset

    return load_ruleset("default")


ACME_FACTS = """
    company: Acme
    role: Data Engineer
    country: US
    timezone: America/New_York
    candidate: {name: Sam Taylor}
    interview:
      start: 2026-11-17T14:00
      interviewers:
        - {name: Jane Doe, email: jane@acme.example, topics: [data mesh]}
    decision:
      by: 2026-12-01
    events:
      - {type: thank_you_sent, at: 2026-11-18T09:10}
"""


@pytest.fixture
def acme_text() -> str:
    """A facts file: Acme, interview Tue 17 Nov 2026 14:00 New York, decision by 1 Dec, thank-you sent."""
    return ACME_FACTS


@pytest.fixture
def acme(afterview_project: Any) -> Any:
    """``acme.yaml`` (see ``acme_text``) in the project folder."""
    return afterview_project.write("acme.yaml", ACME_FACTS)


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """tests/js/node_modules (ical.js, axe-core, ...), or a failure that says how to get it."""
    folder = Path(__file__).parent / "js" / "node_modules"
    if not folder.is_dir():
        pytest.fail("tests/js/node_modules is missing: run 'npm ci --prefix tests/js' (the README's test command does)",
                    pytrace=False)
    return folder


@pytest.fixture(scope="session")
def default_at(default_ruleset: Any) -> Any:
    """default_at("follow-up") -> "rulesets/default.yaml:LINE" (the rule), or of one field ("timing.due"):
    read from the loaded ruleset, so editing default.yaml never breaks a test's expected text."""

    def where(rule_id: str, field: str | None = None) -> str:
        rule = default_ruleset.rule(rule_id)
        found = rule.origins[field] if field else rule.origin
        return f"{found.path}:{found.line}"

    return where


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """chromium(logs={...}, extra_flags=[...]) -> a headless Debian Chromium driver with its own empty profile.

    The flags are what a root user needs here; the background-networking ones stop Chromium calling
    home on a closed network. The caller quits the driver.
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    def start(logs: dict[str, str], extra_flags: tuple[str, ...] = ()) -> Any:
        options = Options()
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--window-size=1280,1000", *extra_flags):
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium')}")
        options.binary_location = "/usr/bin/chromium"
        options.set_capability("goog:loggingPrefs", logs)
        return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))

    return start

"""Project fixtures. The reusable ones (afterview_cli, afterview_facts, afterview_now,
afterview_project) come from the ``afterview.testing`` pytest plugin."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def _shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the session's tests (see _no_user_state)."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def _journals(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Empty journal folders, one per test: numbered here, since mktemp lists the whole base folder each time."""
    root = tmp_path_factory.mktemp("journals")

    def folders() -> Iterator[Path]:
        for number in itertools.count():
            folder = root / str(number)
            folder.mkdir()
            yield folder

    return folders()


@pytest.fixture(autouse=True)
def _no_user_state(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
                   request: pytest.FixtureRequest, _shared_cache: Path, _journals: Iterator[Path]) -> None:
    """Never the user's own cache or journal. The tests share one cache folder, as one user's runs do.

    Every cache entry is named by a hash of what went into it and only ever makes a command faster, so sharing
    spares each test compiling the default ruleset, reading each overlay and computing holidays again. The
    uncached paths still run: the first time each entry is needed, whenever a test writes its own ruleset, and
    in the tests marked ``cold_cache``, which get an empty folder of their own (those that look into the
    cache folder, or write junk into it).
    """
    cold = request.node.get_closest_marker("cold_cache") is not None
    folder = tmp_path_factory.mktemp("cache") if cold else _shared_cache
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(folder))
    if cold:  # nor the documents this process read back from another test's cache folder
        from afterview.rules import load

        monkeypatch.setattr(load, "_READ", {})
    monkeypatch.delenv("AFTERVIEW_TRACE_PLUGINS", raising=False)
    # Never the user's own journal: tests that need one point AFTERVIEW_JOURNAL at their tmp_path.
    monkeypatch.setenv("AFTERVIEW_JOURNAL", str(next(_journals)))


@pytest.fixture(scope="session")
def guide_site(tmp_path_factory: pytest.TempPathFactory, _shared_cache: Path) -> Path:
    """The built-in guide (``afterview site build``, no options), built once: for tests that only read it."""
    from afterview.cli import main

    out = tmp_path_factory.mktemp("guide") / "public"
    with pytest.MonkeyPatch.context() as env:  # session fixtures are set up before _no_user_state
        env.setenv("AFTERVIEW_CACHE_DIR", str(_shared_cache))
        env.setenv("AFTERVIEW_JOURNAL", str(tmp_path_factory.mktemp("journal")))
        assert main(["site", "build", "-o", str(out)]) == 0
    return out


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


@pytest.fixture
def file_plugin(tmp_path: Path) -> Any:
    """file_plugin(name, source) -> a plugin module imported from a real file (results cached by content
    trust only plugins that are files: see cache_stamps.plugin_stamp)."""
    import importlib.util

    def load(name: str, source: str) -> Any:
        path = tmp_path / f"{name}.py"
        path.write_text(source)
        spec = importlib.util.spec_from_file_location(name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load


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

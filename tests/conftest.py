"""Project fixtures. The reusable ones (afterview_cli, make_facts, fixed_now,
afterview_project) come from the ``afterview.testing`` pytest plugin."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh cache directory per test, so cached and uncached paths are both exercised."""
    monkeypatch.setenv("AFTERVIEW_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.delenv("AFTERVIEW_TRACE_PLUGINS", raising=False)


@pytest.fixture(scope="session")
def default_ruleset() -> Any:
    from afterview import load_ruleset

    return load_ruleset("default")

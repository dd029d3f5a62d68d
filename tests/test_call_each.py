"""``Afterview.call_each``: ``call``'s answers, in ``call``'s order and through its wrappers, each named."""

from __future__ import annotations

from collections.abc import Generator
from types import ModuleType
from typing import Any

import pytest

from afterview import PluginError, hookimpl
from afterview.app import Afterview
from afterview.guide.model import SiteFile
from afterview.manager import get_plugin_manager


def pages(name: str, *paths: str, **opts: Any) -> ModuleType:
    module = ModuleType(name)
    module.register_site_pages = hookimpl(**opts)(lambda app, site: [SiteFile(p, b"x") for p in paths])  # type: ignore[attr-defined]
    return module


def dropping(path: str, *, rebuild: bool) -> ModuleType:
    """A wrapper that drops the batch holding ``path`` (or, ``rebuild``, that file from a new copy of each)."""
    module = ModuleType("afterview_filter")

    def wrap(app: Any, site: Any) -> Generator[None, list[Any], list[Any]]:
        result = yield
        if rebuild:
            return [[f for f in batch if f.path != path] for batch in result]
        return [batch for batch in result if all(f.path != path for f in batch)]

    module.register_site_pages = hookimpl(wrapper=True)(wrap)  # type: ignore[attr-defined]
    return module


def answers(*plugins: ModuleType) -> tuple[list[str], list[tuple[str, str]]]:
    app = Afterview(get_plugin_manager(load_entrypoints=False, extra_plugins=list(plugins)))
    called = [f.path for batch in app.call("register_site_pages", site=None) for f in batch if f.path.endswith(".txt")]
    each = [(name, f.path) for name, batch in app.call_each("register_site_pages", site=None) for f in batch
            if f.path.endswith(".txt")]
    return called, each


def test_the_order_is_calls_tryfirst_and_trylast_included() -> None:
    called, each = answers(pages("afterview_a", "a.txt"), pages("afterview_b", "b.txt"),
                           pages("afterview_first", "first.txt", trylast=True),
                           pages("afterview_none", "none.txt", tryfirst=True))
    assert called == ["none.txt", "b.txt", "a.txt", "first.txt"]
    assert each == [("afterview_none", "none.txt"), ("afterview_b", "b.txt"), ("afterview_a", "a.txt"),
                    ("afterview_first", "first.txt")]


def test_a_wrapper_that_drops_an_answer_drops_it_here_too() -> None:
    called, each = answers(pages("afterview_a", "a.txt"), pages("afterview_b", "b.txt"), dropping("b.txt", rebuild=False))
    assert called == ["a.txt"]
    assert each == [("afterview_a", "a.txt")]


def test_an_answer_a_wrapper_made_is_the_wrappers() -> None:
    called, each = answers(pages("afterview_a", "a.txt"), pages("afterview_b", "b.txt"), dropping("b.txt", rebuild=True))
    assert called == ["a.txt"]
    assert each == [("afterview_filter", "a.txt")]


def test_a_failing_plugin_is_named() -> None:
    broken = ModuleType("afterview_broken")

    def fail(app: Any, site: Any) -> Any:
        raise KeyError("page")

    broken.register_site_pages = hookimpl(fail)  # type: ignore[attr-defined]
    app = Afterview(get_plugin_manager(load_entrypoints=False, extra_plugins=[pages("afterview_a", "a.txt"), broken]))
    with pytest.raises(PluginError, match=r"^plugin afterview_broken failed in hook register_site_pages: KeyError"):
        app.call_each("register_site_pages", site=None)

"""``afterview site serve``: served over real HTTP on loopback, rebuilt on change, re-rendering only what changed."""

from __future__ import annotations

import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from afterview import Afterview, get_plugin_manager
from afterview.guide.collect import GuideOptions
from afterview.guide.serve import DevSite, handler_for


@pytest.fixture
def served(afterview_project: Any) -> Iterator[tuple[DevSite, str]]:
    afterview_project.write("content/notes.md", "---\ntitle: Notes\n---\nFirst version.\n")
    afterview_project.write("content/other.md", "---\ntitle: Other\n---\nUnchanged.\n")
    app = Afterview(get_plugin_manager(load_entrypoints=False))
    dev = DevSite(app, GuideOptions(["default"], content=Path("content")))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(dev))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield dev, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def touch(path: Path, text: str) -> None:
    path.write_text(text)
    stamp = time.time_ns() + 10_000_000  # coarse file systems: make the change visible to the poller
    os.utime(path, ns=(stamp, stamp))


def test_serves_pages_with_live_reload(served: tuple[DevSite, str]) -> None:
    _dev, base = served
    status, home = get(base + "/")
    assert status == 200 and '<script src="/__reload.js" defer></script>' in home
    assert get(base + "/notes/")[1].count("<p>First version.</p>") == 1
    assert get(base + "/__version") == (200, "0")
    assert "location.reload()" in get(base + "/__reload.js")[1]
    status, missing = get(base + "/nowhere/")
    assert status == 404 and "<h1>Page not found</h1>" in missing


@pytest.mark.slow
def test_a_changed_page_is_re_rendered_alone(served: tuple[DevSite, str], capsys: pytest.CaptureFixture[str]) -> None:
    dev, base = served
    other_before = dev.files["other/index.html"]
    touch(Path("content/notes.md"), "---\ntitle: Notes\n---\nSecond version.\n")
    start = time.perf_counter()
    dev.poll()
    took = time.perf_counter() - start
    assert capsys.readouterr().out.startswith("rebuilt 1 page in ")
    assert took < 1.0
    assert "Second version." in get(base + "/notes/")[1]
    assert get(base + "/__version") == (200, "1")
    assert dev.files["other/index.html"] is other_before


@pytest.mark.slow
def test_a_new_title_rebuilds_the_navigation(served: tuple[DevSite, str], capsys: pytest.CaptureFixture[str]) -> None:
    dev, base = served
    touch(Path("content/notes.md"), "---\ntitle: Field notes\n---\nRenamed.\n")
    dev.poll()
    # 44 generated (the planner among them), 3 section indexes, 2 authored, the 2 built-in ones
    assert capsys.readouterr().out.startswith("rebuilt 51 pages in ")
    assert ">Field notes</a>" in get(base + "/other/")[1]


@pytest.mark.slow
def test_a_broken_change_keeps_serving_the_last_good_site(served: tuple[DevSite, str], capsys: pytest.CaptureFixture[str]) -> None:
    dev, base = served
    touch(Path("content/notes.md"), "---\ntitle: [broken\n---\nText\n")
    dev.poll()
    assert capsys.readouterr().out.startswith("content/notes.md:3:1: front matter: invalid YAML")
    assert "First version." in get(base + "/notes/")[1]
    assert get(base + "/__version") == (200, "0")


@pytest.mark.slow
def test_a_ruleset_change_leaves_authored_pages_alone(afterview_project: Any, capsys: pytest.CaptureFixture[str]) -> None:
    afterview_project.write("content/notes.md", "---\ntitle: Notes\n---\nMine.\n")
    rules = afterview_project.write("mine.yaml", "id: mine\ntitle: Mine\nextends: [default]\n"
                                                 "rules:\n  - {id: follow-up, body: Write once.}\n")
    app = Afterview(get_plugin_manager(load_entrypoints=False))
    dev = DevSite(app, GuideOptions([str(rules)], content=Path("content")))
    authored = dev.files["notes/index.html"]
    touch(rules, rules.read_text().replace("Write once.", "'Write once, politely.'"))
    dev.poll()
    assert capsys.readouterr().out.startswith("rebuilt 33 pages in ")  # 24 rules, home, planner, 4 reference pages, 404, 2 section indexes
    assert "Write once, politely." in dev.files["rules/follow-up/index.html"].decode()
    assert dev.files["notes/index.html"] is authored


@pytest.mark.slow
def test_a_busy_port_is_a_usage_error(afterview_cli: Any, afterview_project: Any) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = afterview_cli("site", "serve", "--port", str(port))
    assert (result.code, result.err) == (2, f"--port: cannot listen on 127.0.0.1:{port}: Address already in use\n"
                                            "  hint: pick another port, e.g. --port 8001\n")

"""The guide refuses links out of its folders, reports broken content while serving, and guards its dev server."""

from __future__ import annotations

import http.client
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from afterview import Afterview, get_plugin_manager
from afterview.guide.collect import GuideOptions
from afterview.guide.serve import DevServer, DevSite, allowed_hosts, handler_for, watch


def test_a_content_link_out_of_the_folder_is_refused(afterview_cli: Any, afterview_project: Any) -> None:
    secret = afterview_project.write("secret/id_rsa", "PRIVATE KEY\n")
    afterview_project.write("content/a.md", "# A\n")
    os.symlink(secret.resolve(), "content/leak.md")
    result = afterview_cli("site", "build", "-o", "out", "--content", "content")
    assert (result.code, result.err) == (1, f"content/leak.md: refusing to publish a link to {secret.resolve()}, "
                                            "outside the content folder\n"
                                            "  hint: copy the file into the content folder instead\n")
    assert not Path("out").exists()


def test_a_link_into_a_sibling_folder_that_shares_its_name_start_is_refused(afterview_cli: Any,
                                                                          afterview_project: Any) -> None:
    secret = afterview_project.write("content-private/notes.md", "# Private\n")
    afterview_project.write("content/a.md", "# A\n")
    os.symlink(secret.resolve(), "content/leak.md")
    result = afterview_cli("site", "build", "-o", "out", "--content", "content")
    assert result.code == 1
    assert result.err.startswith(f"content/leak.md: refusing to publish a link to {secret.resolve()}, ")


@pytest.mark.slow
def test_a_link_inside_the_content_folder_is_published(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("content/a.md", "# Alpha page\n")
    os.symlink("a.md", "content/b.md")
    assert afterview_cli("site", "build", "-o", "out", "--content", "content").code == 0
    assert "Alpha page" in Path("out/b/index.html").read_text()


@pytest.mark.slow
def test_a_theme_static_link_out_of_the_theme_is_refused(afterview_cli: Any, afterview_project: Any) -> None:
    secret = afterview_project.write("secret.txt", "token\n")
    Path("theme/static").mkdir(parents=True)
    os.symlink(secret.resolve(), "theme/static/leak.txt")
    result = afterview_cli("site", "build", "-o", "out", "--theme", "theme")
    assert result.code == 1
    assert result.err.startswith(f"theme/static/leak.txt: refusing to publish a link to {secret.resolve()}, "
                                 "outside the theme's static folder\n")
    assert not Path("out").exists()


@pytest.mark.slow
@pytest.mark.parametrize(("make", "error"), [
    (lambda: Path("content/x.md").mkdir(), "content/x.md: is a folder, not a page\n"),
    (lambda: os.symlink("/nonexistent/page.md", "content/gone.md"), "content/gone.md: cannot read: it is a link to nothing\n"),
    (lambda: os.symlink("loop.md", "content/loop.md"), "content/loop.md: cannot read: it is a link to nothing\n"),
])
def test_content_folder_problems_are_located_errors(afterview_cli: Any, afterview_project: Any, make: Any,
                                                    error: str) -> None:
    afterview_project.write("content/a.md", "# A\n")
    make()
    result = afterview_cli("site", "build", "-o", "out", "--content", "content")
    assert result.code == 1 and result.err.startswith(error), result.err


@pytest.fixture
def dev(afterview_project: Any) -> DevSite:
    afterview_project.write("content/notes.md", "---\ntitle: Notes\n---\nFirst version.\n")
    return DevSite(Afterview(get_plugin_manager(load_entrypoints=False)), GuideOptions(["default"], content=Path("content")))


def _later(path: Path) -> None:
    stamp = time.time_ns() + 10_000_000
    os.utime(path, ns=(stamp, stamp), follow_symlinks=False)


@pytest.mark.slow
def test_serve_reports_a_folder_named_like_a_page_and_keeps_watching(dev: DevSite,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    Path("content/x.md").mkdir()
    dev.poll()
    assert capsys.readouterr().out == "content/x.md: is a folder, not a page\n  hint: rename the folder: names ending in .md are pages\n"
    Path("content/x.md").rmdir()
    Path("content/notes.md").write_text("---\ntitle: Notes\n---\nSecond version.\n")
    _later(Path("content/notes.md"))
    dev.poll()
    assert capsys.readouterr().out.startswith("rebuilt ")
    assert "Second version." in dev.files["notes/index.html"].decode()


@pytest.mark.slow
def test_the_watcher_thread_survives_a_dangling_link(dev: DevSite, capsys: pytest.CaptureFixture[str]) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=watch, args=(dev, stop, 0.05), daemon=True)
    thread.start()
    try:
        os.symlink("/nonexistent/page.md", "content/gone.md")
        deadline = time.monotonic() + 5
        while "gone.md" not in (out := capsys.readouterr().out) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert out.startswith("content/gone.md: cannot read: it is a link to nothing\n")
        assert thread.is_alive()
        os.remove("content/gone.md")
        Path("content/notes.md").write_text("---\ntitle: Notes\n---\nFixed.\n")
        _later(Path("content/notes.md"))
        deadline = time.monotonic() + 5
        while "Fixed." not in dev.files["notes/index.html"].decode() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "Fixed." in dev.files["notes/index.html"].decode()
    finally:
        stop.set()
        thread.join(5)


@pytest.fixture
def server(dev: DevSite) -> Iterator[tuple[str, int]]:
    httpd = DevServer(("127.0.0.1", 0), handler_for(dev))
    port = httpd.server_address[1]
    httpd.RequestHandlerClass = handler_for(dev, allowed_hosts("127.0.0.1", port))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield "127.0.0.1", port
    httpd.shutdown()
    httpd.server_close()


def _get(port: int, host_header: str | None, path: str = "/") -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.putrequest("GET", path, skip_host=True)
        if host_header is not None:
            conn.putheader("Host", host_header)
        conn.endheaders()
        return conn.getresponse().status
    finally:
        conn.close()


def test_the_dev_server_answers_only_to_its_own_address(server: tuple[str, int]) -> None:
    _, port = server
    assert _get(port, f"127.0.0.1:{port}") == 200
    assert _get(port, f"localhost:{port}") == 200
    assert _get(port, f"evil.example:{port}") == 421  # DNS rebinding: a page on evil.example resolving to 127.0.0.1
    assert _get(port, "127.0.0.1") == 421  # wrong port
    assert _get(port, None) == 421


@pytest.mark.slow
def test_the_dev_server_answers_200_concurrent_requests(server: tuple[str, int]) -> None:
    _, port = server
    assert DevServer.request_queue_size >= 128
    with ThreadPoolExecutor(max_workers=200) as pool:
        statuses = list(pool.map(lambda _: _get(port, f"127.0.0.1:{port}", "/notes/"), range(200)))
    assert statuses == [200] * 200

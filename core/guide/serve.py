"""``afterview site serve``: build in memory, serve on localhost, rebuild what changed, reload the page."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from afterview.errors import AfterviewError, Location, UsageError
from afterview.guide.build import prepare, render_site
from afterview.guide.collect import GuideOptions
from afterview.guide.content import read_page
from afterview.guide.navigation import Navigation
from afterview.guide.render import Renderer
from afterview.rules.locate import is_path
from afterview.text.safe_text import visible_controls

RELOAD_JS = b"""(function () {
  var seen = null;
  setInterval(function () {
    fetch("/__version").then(function (r) { return r.text(); }).then(function (v) {
      if (seen !== null && v !== seen) { location.reload(); }
      seen = v;
    }).catch(function () {});
  }, 500);
})();
"""
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".ics": "text/calendar",
         ".xml": "application/xml", ".json": "application/json", ".svg": "image/svg+xml"}


class DevSite:
    """The site in memory, with the inputs' modification times, so a change re-renders only what it touches."""

    def __init__(self, app: Any, options: GuideOptions) -> None:
        self.app, self.options, self.lock = app, options, threading.Lock()
        self.version, self.files, self.error = 0, {}, None  # type: int, dict[str, bytes], str | None
        self.full_build()
        self.stamps = self.scan()

    def watched(self) -> list[Path]:
        from afterview.rules.locate import builtin_dir

        folders = [Path(str(builtin_dir()))] + [p for p in (self.options.content, self.options.theme) if p]
        folders += [Path(r).parent for r in self.options.rulesets if is_path(r)]
        from afterview.guide.render import builtin_site_dir

        return [*folders, builtin_site_dir()]  # its pages are in every guide, --content or not

    def scan(self) -> dict[Path, int]:
        """Modification times of the watched files; a file that vanishes or cannot be read counts as changed."""
        stamps: dict[Path, int] = {}
        for folder in self.watched():
            try:
                for path in folder.rglob("*"):
                    try:
                        stamps[path] = path.lstat().st_mtime_ns if path.is_symlink() else path.stat().st_mtime_ns
                    except OSError:
                        stamps[path] = -1
            except OSError:
                continue  # a watched folder was removed: its files show up as changed
        return stamps

    def full_build(self) -> int:
        self.site, _ = prepare(self.app, self.options)
        self.renderer = Renderer(self.app, self.options.theme, dev=True)
        self.nav = Navigation(self.site)
        self.files = render_site(self.app, self.site, self.options, dev=True)
        return len(self.site.pages)

    def rebuild(self, changed: list[Path]) -> int:
        """Re-render only changed authored pages when the navigation is unaffected; else everything."""
        content = self.options.content
        if content and all(p.suffix == ".md" and content in p.parents and p.exists() for p in changed):
            by_source = {page.source: i for i, page in enumerate(self.site.pages)}
            pages = [read_page(p, content) for p in changed]
            if all(str(p) in by_source for p in changed):
                old = [self.site.pages[by_source[str(p)]] for p in changed]
                if _places(old) == _places(pages):
                    for page in pages:
                        self.site.pages[by_source[page.source]] = page
                        self.files[page.path] = self.renderer.render(page, self.site, self.nav).encode()
                    return len(pages)
        if all(p.suffix in (".yaml", ".yml") for p in changed):
            return self.rebuild_generated()
        return self.full_build()

    def rebuild_generated(self) -> int:
        """A ruleset changed: re-render the pages made from rulesets; authored pages only if the navigation moved."""
        site, _ = prepare(self.app, self.options)
        nav = Navigation(site)
        if nav.flat != self.nav.flat or _places(site.pages) != _places(self.site.pages):
            return self.full_build()
        fresh = render_site(self.app, site, self.options, dev=True, pages=[p for p in site.pages if p.source is None])
        self.files.update(fresh)
        self.site, self.nav = site, nav
        return sum(1 for p in site.pages if p.source is None)

    def poll(self) -> None:
        stamps = self.scan()
        changed = sorted({p for p in stamps.keys() | self.stamps.keys() if stamps.get(p) != self.stamps.get(p)})
        if not changed:
            return
        self.stamps = stamps
        start = time.perf_counter()
        with self.lock:
            try:
                count = self.rebuild(changed)
                self.error = None
            except (AfterviewError, OSError) as exc:  # reported; the watcher keeps watching for the fix
                self.error = exc.render() if isinstance(exc, AfterviewError) else f"cannot read the site's files: {exc}"
                print(visible_controls(self.error), flush=True)
                return
            self.version += 1
        print(f"rebuilt {count} page{'s' * (count != 1)} in {(time.perf_counter() - start) * 1000:.0f} ms", flush=True)


class DevServer(ThreadingHTTPServer):
    """A threading server with a real listen backlog (socketserver's default of 5 drops bursts of requests)."""

    request_queue_size = 128
    daemon_threads = True


def allowed_hosts(host: str, port: int) -> set[str]:
    """Host headers the dev server answers: its own address by name or number (a DNS-rebinding guard)."""
    names = {host, "localhost", "127.0.0.1", "[::1]"}
    return {f"{name}:{port}" for name in names} | ({*names} if port == 80 else set())


def handler_for(dev: DevSite, hosts: set[str] | None = None) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if hosts is not None and (self.headers.get("Host") or "").lower() not in hosts:
                return self.send(421, b"this server answers only to its own address", "text/plain")
            path = self.path.split("?", 1)[0].lstrip("/")
            if path == "__version":
                return self.send(200, str(dev.version).encode(), "text/plain")
            if path == "__reload.js":
                return self.send(200, RELOAD_JS, TYPES[".js"])
            if path == "" or path.endswith("/"):
                path += "index.html"
            with dev.lock:
                data = dev.files.get(path)
                missing = dev.files.get("404.html", b"not found")
            if data is None:
                return self.send(404, missing, TYPES[".html"])
            self.send(200, data, TYPES.get(Path(path).suffix, "application/octet-stream"))

        def send(self, status: int, data: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # keep the terminal for rebuild messages
            pass

    return Handler


def watch(dev: DevSite, stop: threading.Event, interval: float = 0.3) -> None:
    while not stop.wait(interval):
        try:
            dev.poll()
        except Exception as exc:
            print(f"afterview: the rebuild failed ({type(exc).__name__}: {exc}); still watching", flush=True)


def serve_site(app: Any, options: GuideOptions, host: str, port: int) -> int:
    dev = DevSite(app, options)
    try:
        server = DevServer((host, port), handler_for(dev))
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}", location=Location("--port"),
                         hint="pick another port, e.g. --port 8001") from None
    server.RequestHandlerClass = handler_for(dev, allowed_hosts(host, server.server_address[1]))
    stop = threading.Event()
    threading.Thread(target=watch, args=(dev, stop), daemon=True).start()
    print(f"serving the guide at http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
    return 0


def _places(pages: list[Any]) -> list[tuple[Any, ...]]:
    """What the navigation shows of each page: a change here means rebuilding every page."""
    return [(p.title, p.order, p.section, p.path) for p in pages]

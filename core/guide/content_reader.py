"""A big site's authored pages read, and their Markdown rendered, by a forked process meanwhile.

The first part of a build loads the rulesets, plans the samples and builds the planner's data,
none of which needs the authored pages. With PARALLEL_FROM pages or more, a child process reads
them (front matter and all) in the meantime and then renders their Markdown, page by page, until
the build asks for the pages: so the two processes share that part of the build whatever the
machine's load. Whatever Markdown it did not reach renders with its page, as usual.

A page that cannot be read raises its located error when the build asks for the pages, which is
where reading them in-process would have raised it. A child is killed and reaped when the build
fails before it asks.
"""

from __future__ import annotations

import os
from pathlib import Path

from afterview.guide import parallel
from afterview.guide.content import content_files, read_pages
from afterview.guide.forked import Child, can_fork
from afterview.guide.model import Page
from afterview.guide.render import Renderer


class ContentReader:
    """The authored pages below ``root``, read ahead in a child process when there are many."""

    def __init__(self, root: Path | None, renderer: Renderer) -> None:
        self.root, self.renderer = root, renderer
        self.paths = content_files(root)
        self.children: list[Child[tuple[list[Page], dict[bytes, str]]]] = []  # one at most
        self.stop = -1  # the write end of a pipe that the child polls: closing it asks for the pages
        if len(self.paths) >= parallel.PARALLEL_FROM and parallel.jobs() > 1 and can_fork():
            polled, self.stop = os.pipe()
            try:
                Child(lambda: self._read_ahead(polled), self.children)
            except OSError:  # no process to spare: the pages are read here, when asked for
                os.close(self.stop)
            finally:
                os.close(polled)

    def pages(self) -> list[Page]:
        """The pages, in content order; their Markdown the child rendered goes into the renderer's cache."""
        if not self.children:
            return read_pages(self.root, self.paths)
        os.close(self.stop)
        try:
            pages, rendered = self.children[0].result()
        finally:
            self.children = []
        self.renderer.cache.merge(set(), rendered)
        return pages

    def kill(self) -> None:
        """The build failed before it asked for the pages: end the child."""
        if self.children:
            self.children[0].kill()
            os.close(self.stop)
            self.children = []

    def _read_ahead(self, polled: int) -> tuple[list[Page], dict[bytes, str]]:
        """In the child: read every page, then render Markdown until the pipe closes."""
        os.close(self.stop)
        pages = read_pages(self.root, self.paths)
        os.set_blocking(polled, False)
        cache, md, rendered = self.renderer.cache, self.renderer.md, {}
        for page in pages:
            try:
                if not os.read(polled, 1):
                    break  # closed: the build wants the pages now
            except BlockingIOError:
                pass
            text = str(page.context.get("markdown") or "")
            digest = cache.digest(text)
            if text and digest not in cache.entries and digest not in rendered:
                try:
                    rendered[digest] = str(md.render(text))
                except Exception:  # it fails again, located, when its page renders
                    continue
        return pages, rendered

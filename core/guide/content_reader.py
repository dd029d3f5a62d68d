"""A big site's authored pages read by a forked child meanwhile, and their Markdown rendered.

The first part of a build loads the rulesets, plans the samples and builds the planner's data,
none of which needs the authored pages. With PARALLEL_FROM pages or more, a child process reads
them meanwhile, in chunks (parallel.Deal), compiles the site's templates into the template cache
(when there is one), and then renders their Markdown, page by page, until the build asks for the
pages. The build then reads the chunks the child has not taken yet itself, so the two share the
reading however long each part takes. Whatever Markdown the child did not reach renders with its
page, as usual; the front matter parsed on either side is kept once.

A page that cannot be read raises its located error (the first file's, in order) when the build
asks for the pages, which is where reading them in-process would have raised it. A child is
killed and reaped when the build fails before it asks.
"""

from __future__ import annotations

import itertools
import os
import pickle
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from afterview.guide import parallel
from afterview.guide.content import content_files, read_page, read_pages
from afterview.guide.forked import Child, arrived, can_fork, portable
from afterview.guide.front_matter import FrontMatter
from afterview.guide.model import Page
from afterview.guide.render import Renderer

Failure = tuple[int, BaseException]
# The pages (pickled as soon as they are read, so that answering the build costs it no more than the copy), a
# failure, the Markdown rendered and the front matter parsed.
Read = tuple[bytes, Failure | None, dict[bytes, str], dict[str, Any]]


class ContentReader:
    """The authored pages below ``root``, read ahead in a child process when there are many."""

    def __init__(self, root: Path | None, renderer: Renderer) -> None:
        self.root, self.renderer = root, renderer
        self.paths = content_files(root)
        self.children: list[Child[Read]] = []  # one at most
        self.stop = -1  # the write end of a pipe that the child polls: closing it asks for the pages
        self.deal = parallel.Deal(0)  # empty: no chunk to take
        if parallel.jobs() > 1 and len(self.paths) >= parallel.PARALLEL_FROM and can_fork():
            self.deal = parallel.Deal(len(self.paths))
            polled, self.stop = os.pipe()
            try:
                Child(lambda: self._read_ahead(polled), self.children)
            except OSError:  # no process to spare: the pages are read here, when asked for
                self.kill()
            finally:
                os.close(polled)

    def pages(self, front: FrontMatter) -> list[Page]:
        """The pages, in content order; the Markdown the child rendered goes into the renderer's cache.

        ``front``: the build's front matter, which gets the child's too; the build saves it.
        """
        if not self.children:
            return read_pages(self.root, self.paths, front)
        self._close_stop()
        try:
            mine, failure = self._read(front)
            pickled, their_failure, rendered, their_front = self.children[0].result()
            theirs: dict[int, Page] = pickle.loads(pickled)
        finally:  # reaped by result(); killed and reaped here on Ctrl-C
            self.kill()
        failures = [found for found in (failure, their_failure) if found]
        if failures:
            raise arrived(min(failures, key=lambda found: found[0])[1])
        front.used.update(their_front)
        front.added = front.added or bool(their_front.keys() - front.known.keys())
        self.renderer.cache.merge(set(), rendered)
        return [theirs[i] if i in theirs else mine[i] for i in range(len(self.paths))]

    def kill(self) -> None:
        """End the child, if it still runs, and reap it; close the pipes. Once done, nothing."""
        for child in self.children:
            child.kill()
        self.children = []
        self._close_stop()
        self.deal.close()

    def _close_stop(self) -> None:
        """Close the pipe the child polls, once: the number may soon name another file."""
        if self.stop >= 0:
            os.close(self.stop)
            self.stop = -1

    def _read(self, front: FrontMatter) -> tuple[dict[int, Page], Failure | None]:
        """Read the chunks no process has taken yet, up to the first failure."""
        assert self.root is not None
        pages, real_root = {}, self.root.resolve()
        for index in self.deal.mine():
            try:
                pages[index] = read_page(self.paths[index], self.root, real_root, front)
            except Exception as exc:
                self.deal.drain()  # the files left are all after this one
                return pages, (index, exc)
        return pages, None

    def _read_ahead(self, polled: int) -> Read:
        """In the child: read chunks of pages, then compile the templates and render the Markdown until the pipe
        closes."""
        self._close_stop()
        front = FrontMatter()
        pages, failure = self._read(front)
        pickled = pickle.dumps(pages, protocol=pickle.HIGHEST_PROTOCOL)
        if failure:
            return pickled, (failure[0], portable(failure[1])), {}, {}
        os.set_blocking(polled, False)
        rendered: dict[bytes, str] = {}
        # The build compiles no template itself when it finds them in the cache; then the Markdown.
        for _ in itertools.chain(self.renderer.warm(), self._render(pages.values(), rendered)):
            try:
                if not os.read(polled, 1):
                    break  # closed: the build wants the pages now
            except BlockingIOError:
                pass
        return pickled, None, rendered, front.used

    def _render(self, pages: Iterable[Page], rendered: dict[bytes, str]) -> Iterator[None]:
        """Render each page's Markdown not in the cache into ``rendered``, yielding before each."""
        cache, md = self.renderer.cache, self.renderer.md
        for page in pages:
            yield
            text = str(page.context.get("markdown") or "")
            digest = cache.digest(text)
            if text and digest not in cache.entries and digest not in rendered:
                try:
                    rendered[digest] = str(md.render(text))
                except Exception:  # it fails again, located, when its page renders
                    continue

"""Rendered Markdown kept between builds, keyed by the text's hash, the markdown-it version and the plugin set.

markdown-it is most of a cold build. A rebuild with one page changed renders
that page's Markdown and takes the rest from one cache file in the user cache
folder (``afterview._cache``). The key covers everything that can change the
HTML: the markdown-it version, the parser's options and active rules, afterview's
own files and the plugin set (every file of each plugin's package: ``cache_stamps``,
the stamps the other content caches use). The file is unmarshalled, and its HTML goes into pages, so it is
read and written only in a cache folder that is the user's own (``_cache.trusted``). A cached build writes
the same bytes as an uncached one (a test checks).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

from afterview import _cache, cache_stamps

FORMAT = 1
# Its own bound, beside the rest of the cache's 20 MB: about 4 KB a page, so some 25,000 pages.
MAX_BYTES = 100_000_000


def parser_key(app: Any, md: Any) -> str | None:
    """A hash of everything besides the text that decides what HTML markdown-it makes; None when a plugin is
    not a file whose changes a stamp can see (``cache_stamps.plugin_stamp``): then nothing is cached."""
    import markdown_it  # its __version__, not importlib.metadata's lookup: that import alone is some 12 ms

    plugins = cache_stamps.plugin_stamp(app.pm)
    if plugins is None:
        return None
    parts = [f"format {FORMAT}", f"markdown-it-py {markdown_it.__version__}", repr(sorted(md.options.items())),
             repr(md.get_active_rules()), cache_stamps.code_stamp(), plugins]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


class MarkdownCache:
    """Text hash -> HTML for one parser key. Every failure only makes the build slower, never wrong."""

    def __init__(self, key: str | None) -> None:
        folder = _cache.cache_dir()
        self.path = folder / f"markdown-{key}.marshal" if folder and key else None
        self.entries: dict[bytes, str] = self._load()
        self.used: set[bytes] = set()
        self.fresh: set[bytes] = set()  # rendered by this process, this build

    def _load(self) -> dict[bytes, str]:
        if self.path is None or not _cache.trusted(self.path.parent):  # marshal: only from the user's own folder
            return {}
        found = _cache.read_code(self.path)  # marshal: only a file of the user's own
        if found is None:
            return {}
        try:
            data = marshal.loads(found)
        except (ValueError, EOFError, TypeError):
            return {}
        if not isinstance(data, dict) or not all(isinstance(k, bytes) and isinstance(v, str) for k, v in data.items()):
            return {}  # a file of the wrong shape is ignored, as everywhere in the cache
        return data

    @staticmethod
    def digest(text: str) -> bytes:
        # Fed in pieces under 2 KiB, which hashlib hashes without releasing the GIL: releasing it while the
        # writer threads run makes the main thread wait its turn, about 1.5 ms a page.
        data, hasher = text.encode(), hashlib.blake2b(digest_size=16)
        for start in range(0, len(data), 2000):
            hasher.update(data[start:start + 2000])
        return hasher.digest()

    def get(self, digest: bytes) -> str | None:
        html = self.entries.get(digest)
        if html is not None:
            self.used.add(digest)
        return html

    def put(self, digest: bytes, html: str) -> None:
        self.entries[digest] = html
        self.used.add(digest)
        self.fresh.add(digest)

    def merge(self, used: set[bytes], added: dict[bytes, str]) -> None:
        """What a worker process of the same build used and rendered (parallel.py)."""
        self.entries.update(added)
        self.used |= used
        self.fresh |= added.keys()

    def save(self, *, prune: bool = True) -> None:
        """Store the entries; ``prune`` keeps only those this build used, so the file tracks the site."""
        if self.path is None or (not self.fresh and (not prune or len(self.used) == len(self.entries))):
            return
        kept = {d: self.entries[d] for d in self.used} if prune else self.entries
        data = marshal.dumps(kept)
        try:
            if len(data) > MAX_BYTES:
                self.path.unlink(missing_ok=True)  # too big to keep: the next build renders again
                return
            _cache.make_folder(self.path.parent)
            if not _cache.trusted(self.path.parent):
                return
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-markdown-")
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            Path(tmp).replace(self.path)
        except OSError:
            pass

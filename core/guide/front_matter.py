"""Authored pages' front matter, kept between builds: a rebuild parses only front matter it has not seen.

Parsing 1,000 pages' YAML front matter (and importing PyYAML to do it) was a
fifth of a rebuild with one page changed. What a front matter parses to
depends only on its text and afterview's parser, so one cache entry, under
afterview's code stamp, maps each text to its value. Only plain values are
kept (mappings with string keys, lists, strings, numbers, booleans, null),
which JSON gives back exactly; a text that fails to parse is parsed, and
reported, every time. A damaged entry is ignored.
"""

from __future__ import annotations

from typing import Any

from afterview import _cache


class FrontMatter:
    """Front matter text -> its parsed value, for one build."""

    def __init__(self) -> None:
        self.name = f"front-matter-{_cache.code_stamp()[:32]}.json" if _cache.cache_dir() else None
        found = _cache.read_json(self.name) if self.name else None
        self.known: dict[str, Any] = found if isinstance(found, dict) else {}
        self.used: dict[str, Any] = {}
        self.added = False

    def parse(self, text: str, display: str) -> Any:
        """The value of ``text``, as ``rules.documents.parse`` gives it; raises its YAMLProblem."""
        if text in self.known:
            value = self.used[text] = self.known[text]
            return value
        from afterview.rules.documents import parse

        value = parse(text, display).data
        if _plain(value):
            self.used[text] = value
            self.added = True
        return value

    def save(self) -> None:
        """Keep the texts this build used (so the entry follows the site), if that changed anything."""
        if self.name and (self.added or len(self.used) != len(self.known)):
            _cache.write_json(self.name, self.used)


def _plain(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    return value is None or isinstance(value, (str, int, float))  # bool is an int

"""Authored pages' front matter, kept between builds: a rebuild parses only front matter it has not seen.

Parsing 1,000 pages' YAML front matter (and importing PyYAML to do it) was a
fifth of a rebuild with one page changed. What a front matter parses to
depends only on its text, afterview's parser and the YAML library, so one
cache entry, under afterview's code stamp and the libraries' stamp, maps each
text to its value and a check: a hash of the text with the value's JSON. Only
plain values are kept (mappings with string keys, lists, strings, numbers,
booleans, null), which JSON gives back exactly; a text that fails to parse is
parsed, and reported, every time. A damaged entry, or a value whose check does
not match (``"3"`` where the text says ``3``), is ignored and parsed again.
"""

from __future__ import annotations

import json
from typing import Any

from afterview import _cache, cache_stamps
from afterview.digest import blake2b, sha256


class FrontMatter:
    """Front matter text -> its parsed value, for one build."""

    def __init__(self) -> None:
        self.name = None
        if _cache.cache_dir():
            stamp = f"{cache_stamps.code_stamp()}\0{cache_stamps.dependency_stamp()}".encode()
            self.name = f"front-matter-{sha256(stamp).hexdigest()[:32]}.json"
        found = _cache.read_json(self.name) if self.name else None
        self.known: dict[str, Any] = found if isinstance(found, dict) else {}
        self.used: dict[str, list[Any]] = {}
        self.added = False

    def parse(self, text: str, display: str) -> Any:
        """The value of ``text``, as ``rules.documents.parse`` gives it; raises its YAMLProblem."""
        row = self.known.get(text)
        if isinstance(row, list) and len(row) == 2 and row[0] == check(text, row[1]):
            self.used[text] = row
            return row[1]
        from afterview.rules.documents import parse

        value = parse(text, display).data
        if _plain(value):
            self.used[text] = [check(text, value), value]
            self.added = True
        return value

    def save(self) -> None:
        """Keep the texts this build used (so the entry follows the site), if that changed anything."""
        if self.name and (self.added or len(self.used) != len(self.known)):
            _cache.write_json(self.name, self.used)


def check(text: str, value: Any) -> str:
    """Ties a kept value to its text: a hash of both (the value as compact JSON)."""
    return blake2b(f"{text}\0{json.dumps(value, separators=(',', ':'))}".encode()).hexdigest()[:16]


def _plain(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    return value is None or isinstance(value, (str, int, float))  # bool is an int

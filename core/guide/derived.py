"""Texts a guide derives from rulesets alone (the planner's data, the sample calendars), kept between builds.

They are pure given the rulesets' content digests (``Layer.digest``), afterview's
code, the plugin set and the libraries and timezone data they use, so a rebuild reads them
back from one cache entry each rather than compiling and planning again. Never
trusted across afterview versions or plugin sets; not cached at all for a
plugin built at run time or a ruleset layer made in memory. An entry of the
wrong shape is ignored and computed again. The entries are published as they are (the planner's script,
the ``.ics`` files), so, like code, they are read and kept only in a cache folder, and files, of the user's
own (``_cache.read_code``): from another user's they would put that user's script on the site.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from afterview import _cache, cache_stamps

FORMAT = 2  # bump when an entry's shape changes (2: the planner's entry holds its script alone)


def entry_name(app: Any, kind: str, rulesets: list[Any], extra: Any) -> str | None:
    """The cache entry for ``kind`` derived from ``rulesets`` and the JSON value ``extra``; None if not cached."""
    plugins = cache_stamps.plugin_stamp(app.pm)
    digests = [[layer.digest for layer in ruleset.layers] for ruleset in rulesets]
    if plugins is None or _cache.cache_dir() is None or not all(d for layers in digests for d in layers):
        return None
    parts = [FORMAT, kind, cache_stamps.code_stamp(), plugins, cache_stamps.dependency_stamp(), digests, extra]
    return f"{kind}-{hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:32]}.json"


def cached(name: str | None, compute: Callable[[], Any], well_formed: Callable[[Any], bool]) -> Any:
    """The entry ``name`` if it is well formed, else ``compute()``'s JSON value, then kept under ``name``."""
    found = _cache.read_json(name, code=True) if name else None
    if well_formed(found):
        return found
    found = compute()
    if name:
        _cache.write_json(name, found, code=True)
    return found


def texts(found: Any, keys: list[str]) -> bool:
    """Is ``found`` a mapping of exactly ``keys`` to strings?"""
    return isinstance(found, dict) and list(found) == keys and all(isinstance(found[k], str) for k in keys)

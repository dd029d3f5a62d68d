"""Compiled Jinja2 templates, their Python code kept in the user cache by template source.

Compiling a template (Jinja2's lexer builds dozens of regular expressions,
then parses, generates Python and compiles it) cost a cold calendar written
to standard output about a third of its Jinja2 time, every run. The code a
template compiles to depends only on its source, the environment's class and
filters (Jinja2 folds filters applied to constants) and the versions of
afterview, Jinja2 and Python, so it is cached under a hash of those and loaded
with ``marshal``, as Jinja2's own bytecode cache does. The result is exactly
``Environment.from_string``'s. Templates come from rulesets, never from facts.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from pathlib import Path
from types import CodeType
from typing import Any

from afterview import _cache
from afterview._version import __version__

# Bump when the way compiled code is stored changes. (The sandbox's source is hashed into the key, since
# a development install keeps its version number while the sandbox changes.)
LAYOUT = 2


def environment_key(filters: dict[str, Any]) -> str | None:
    """What, besides the source, decides a template's code; None when it may not be cached on disk.

    Jinja2 folds a filter applied to a constant into the code it compiles, so a plugin's filter (whose
    result may change with its configuration, the day, or an edit to an editable install) turns the
    disk cache off. The sandbox's own source is hashed in: it decides the bounded-work checks compiled
    into every template, and a development install keeps its version number while it changes.
    """
    if filters:
        return None
    import jinja2

    from afterview.text import sandbox

    with open(sandbox.__file__, "rb") as stream:
        generator = hashlib.sha256(stream.read()).hexdigest()
    parts = [str(LAYOUT), __version__, jinja2.__version__, sys.implementation.cache_tag or "", generator]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def from_source(env: Any, source: str, key: str | None) -> Any:
    """``env.from_string(source)``, compiled from the cache when this source compiled before under ``key``."""
    folder = _cache.cache_dir()
    if folder is None or key is None:
        return env.from_string(source)
    digest = hashlib.sha256(key.encode() + b"\0" + source.encode()).hexdigest()
    name = f"jinja-{digest[:32]}.code"
    code = _read(folder / name) if _cache.trusted(folder) else None  # run as code: only the user's own folder
    if code is None:
        code = env.compile(source)
        _cache.write_bytes(name, marshal.dumps(code), code=True)
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def _read(path: Path) -> CodeType | None:
    data = _cache.read_code(path)  # run as code: only a file of the user's own
    if data is None:
        return None
    try:
        code = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None

"""Installed plugins (the ``afterview`` entry-point group), remembered between runs.

Scanning every installed distribution through ``importlib.metadata`` costs a
cold start about 28 ms and pulls in ``email.*``. The list of afterview entry
points only changes when distributions are installed or removed, so it is
cached under a key made of the names and modification times of the
``*.dist-info``/``*.egg-info`` folders on the import path: installing,
upgrading or removing a package changes the key, and the next run scans again. The entries name the
modules to import, so they are read and written only in a cache folder that is the user's own
(``_cache.trusted``).
"""

from __future__ import annotations

import os
import sys

from afterview import _cache
from afterview.digest import sha256

GROUP = "afterview"
EntryPoint = tuple[str, str, str, str]  # (entry point name, "module:attr", distribution name, version)


def distributions_key(paths: list[str] | None = None) -> str:
    """Changes whenever a distribution is installed, upgraded or removed on the import path.

    Only the ``*.dist-info``/``*.egg-info`` folders count (names and modification
    times), not the folder holding them: the current directory is on the path
    of ``python -m afterview``, and writing an output there must not cost a scan.
    """
    digest = sha256()
    for folder in sys.path if paths is None else paths:
        try:
            with os.scandir(folder or ".") as entries:
                found = sorted(f"{e.name}:{e.stat().st_mtime_ns}" for e in entries
                               if e.name.endswith((".dist-info", ".egg-info")))
        except OSError:  # missing folders and zip files
            found = []
        if found:  # folders without distributions (the script's own, the current one) do not count
            digest.update(f"{folder}\0{'/'.join(found)}\n".encode())
    return digest.hexdigest()[:24]


def entry_points() -> list[EntryPoint]:
    """The installed ``afterview`` entry points, from the cache when the distributions are unchanged."""
    name = f"plugins-{distributions_key()}.json"
    cached = _cache.read_json(name, code=True)  # it names modules to import
    if isinstance(cached, list) and all(isinstance(e, list) and len(e) == 4 for e in cached):
        return [(str(a), str(b), str(c), str(d)) for a, b, c, d in cached]
    found = scan()
    _cache.write_json(name, found, code=True)
    return found


def scan() -> list[EntryPoint]:
    """Every distribution's afterview entry points, as pluggy would find them."""
    import importlib.metadata

    found: list[EntryPoint] = []
    for dist in importlib.metadata.distributions():
        for ep in dist.entry_points:
            if ep.group == GROUP:
                found.append((ep.name, ep.value, str(dist.metadata["name"]), str(dist.version)))
    return found


def load(value: str) -> object:
    """The object an entry point names (``module`` or ``module:attr.attr``)."""
    from importlib import import_module

    module, _, attrs = value.partition(":")
    found: object = import_module(module.strip())
    for attr in filter(None, attrs.strip().split(".")):
        found = getattr(found, attr)
    return found

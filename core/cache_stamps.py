"""Stamps that results cached by content are keyed on: afterview's own files, the plugin set, the libraries.

Each stamp is built from files' sizes and modification times (as Python's own
bytecode cache checks sources), found without importing what they describe, so
that an edit to any file a cached result could hang on makes a new key.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from afterview.digest import sha256


def file_stamp(path: str | None) -> str:
    """A file's size and modification time ("" when it has none)."""
    try:
        stat = os.stat(path or "")
    except OSError:
        return ""
    return f"{stat.st_size}-{stat.st_mtime_ns}"


def holidays_stamp() -> str:
    """Identifies the installed holidays build without importing it (which is slow)."""
    spec = find_spec("holidays")
    origin = spec.origin if spec and spec.origin else ""
    try:
        mtime = os.stat(origin).st_mtime_ns
    except OSError:
        mtime = 0
    return f"{mtime}-{sha256(origin.encode()).hexdigest()[:12]}"


# The libraries whose output a result cached by content can hold: holiday names, template and schema messages,
# calendar lines, rendered Markdown.
LIBRARIES = ("holidays", "jinja2", "jsonschema", "yaml", "icalendar", "markdown_it")


def dependency_stamp() -> str:
    """Each of LIBRARIES' installed files and the timezone data (the system's tzdata.zi, the tzdata package),
    found without importing them."""
    import zoneinfo

    zones = [file_stamp(str(Path(folder) / "tzdata.zi")) for folder in zoneinfo.TZPATH]
    return "\0".join([*map(_package_stamp, (*LIBRARIES, "tzdata")), *zones])


def _package_stamp(name: str) -> str:
    spec = find_spec(name)
    origin = spec.origin if spec and spec.origin else ""
    return f"{name} {origin} {file_stamp(origin)}"


def tree_stamp(folders: Iterable[str], suffixes: tuple[str, ...] = (".py",)) -> str:
    """Every file ending in ``suffixes`` under ``folders`` (each path relative to its folder, sizes and times).

    A folder that cannot be listed (a zip) adds nothing: its files cannot change.
    """
    digest = sha256()
    for root in folders:
        digest.update(f"{root}\0".encode())
        pending = [root]
        while pending:
            try:
                with os.scandir(pending.pop()) as found:
                    entries = sorted(found, key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                if entry.is_dir() and entry.name != "__pycache__":
                    pending.append(entry.path)
                elif entry.name.endswith(suffixes):
                    digest.update(f"{entry.path[len(root):]}\0{file_stamp(entry.path)}\0".encode())
    return digest.hexdigest()


def _package_folders(name: str) -> list[str]:
    """The folders the package ``name`` is imported from (several for a namespace package), without importing it."""
    spec = find_spec(name)
    return [os.path.realpath(folder) for folder in (spec.submodule_search_locations or [])] if spec else []


@cache
def install_stamp() -> str:
    """afterview's own code, cheaply: in a regular install, the time its files were written (every install or
    upgrade writes them anew, whatever the version number says); in a development checkout, which is edited in
    place, every module's size and time. Compiled rulesets on afterview's cold path are keyed on it."""
    return package_code_stamp(Path(__file__).parent)


def package_code_stamp(package: Path) -> str:
    """``install_stamp`` for the package folder ``package``."""
    init = package / "__init__.py"
    if not os.path.islink(init) and not (package.parent / "pyproject.toml").exists():
        # The folder too: installers that give every file one fixed time (Nix, Guix) still differ by path.
        return f"{os.path.realpath(package)}\0{file_stamp(str(package / '_version.py'))}"
    return tree_stamp([os.path.dirname(os.path.realpath(init))])  # a strict editable install links each file


@cache
def code_stamp() -> str:
    """afterview's version, the Python build, and every file of afterview, its built-in plugins and rulesets.

    A development install keeps its version number while its code and built-in rulesets change, so results
    cached by content are keyed on the files too (about 200 ``stat`` calls, well under a millisecond). Each
    folder is found where Python imports it from: an editable install maps ``afterview.plugins`` and
    ``afterview.rulesets`` to folders outside ``afterview``'s own.
    """
    from afterview._version import __version__

    roots = [os.path.realpath(Path(__file__).parent)]
    for extra in ("afterview.plugins", "afterview.rulesets"):
        roots += [folder for folder in _package_folders(extra) if not _inside(folder, roots)]
    files = tree_stamp(roots, (".py", ".json", ".yaml"))
    return sha256(f"{__version__}\0{sys.version}\0{files}".encode()).hexdigest()


def _inside(folder: str, roots: list[str]) -> bool:
    return any(folder == root or folder.startswith(root + os.sep) for root in roots)


def plugin_stamp(pm: Any) -> str | None:
    """The plugin set: each plugin besides the built-ins (which ``code_stamp`` covers), with its distribution's
    version when installed, and every module file of the top-level packages holding it and its hook functions
    (a plugin's helper modules decide what its hooks return).

    None when a plugin is an object rather than a module or class, or is not in a file (built at run time):
    what it does may hang on state no stamp sees, so results that plugins can change are not cached at all.
    """
    from types import ModuleType

    from afterview.manager import DEFAULT_PLUGINS, distribution

    parts = []
    for name, plugin in sorted(pm.list_name_plugin(), key=lambda item: str(item[0])):
        if name in DEFAULT_PLUGINS or plugin is None:  # None: a blocked plugin
            continue
        if not isinstance(plugin, (ModuleType, type)):
            return None
        module = plugin if isinstance(plugin, ModuleType) else sys.modules.get(plugin.__module__)
        if module is None:
            return None
        tops = {module.__name__.split(".")[0]} | {
            str(getattr(impl.function, "__module__", "")).split(".")[0]
            for caller in pm.get_hookcallers(plugin) or [] for impl in caller.get_hookimpls() if impl.plugin is plugin}
        files = [_top_stamp(top, module) for top in sorted(tops - {"afterview"})]
        if not all(files):
            return None
        parts.append(f"{name} {distribution(pm, str(name))} {getattr(module, '__version__', '')} {files}")
    return sha256("\n".join(parts).encode()).hexdigest()


def _top_stamp(top: str, plugin: Any) -> str:
    """The files of the top-level module or package ``top`` ("" when it is not in a file)."""
    found = sys.modules.get(top) or (plugin if plugin.__name__ == top else None)
    folders = getattr(found, "__path__", None)
    if folders is not None:
        return tree_stamp(sorted(os.path.realpath(folder) for folder in folders))
    where = file_stamp(getattr(found, "__file__", None))
    return f"{top} {where}" if where else ""

"""The site's ``static/`` folder: the built-in files, a theme's replacing them by name, and plugins' files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from afterview.errors import Location, PluginError
from afterview.guide.claims import Claim
from afterview.guide.content import ContentError, linked_file
from afterview.guide.model import SiteFile
from afterview.guide.render import builtin_site_dir


def static_files(app: Any, theme: Path | None) -> list[Claim]:
    """Built-in static files, overridden by the theme's, plus plugins' (``register_static_files``), by path.

    The deprecated hook replaces a built-in or theme file of the same name, as it always has; two plugins
    giving one name both stay, for the site's check (claims.py) to refuse.
    """
    found: dict[str, Claim] = {}
    folders = [(builtin_site_dir() / "static", False), *([(theme / "static", True)] if theme else [])]
    for folder, from_theme in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                real = linked_file(path, folder, "theme's static")  # the built-in files pass as they are
                if real.is_file():
                    name = f"static/{path.relative_to(folder).as_posix()}"
                    owner = f"the theme ({path})" if from_theme else "afterview (a built-in static file)"
                    found[name] = Claim(SiteFile(name, _read_static(real, path)), owner)
    from_plugins = [Claim(SiteFile(f"static/{name}", _plugin_static(plugin, name, data)),
                          f"plugin {plugin} (register_static_files)", plugin)
                    for plugin, batch in app.call_each("register_static_files") for name, data in (batch or {}).items()]
    replaced = {claim.item.path for claim in from_plugins}
    return [*(found[name] for name in sorted(found) if name not in replaced), *from_plugins]


def _read_static(real: Path, shown: Path) -> bytes:
    try:
        return real.read_bytes()
    except OSError as exc:
        raise ContentError(f"cannot read: {exc.strerror or exc}", location=Location(str(shown))) from None


def _plugin_static(plugin: str, name: str, data: bytes | str) -> bytes:
    """A plugin's static file: its bytes, or those of the file it names."""
    if isinstance(data, bytes):
        return data
    try:
        return Path(data).read_bytes()
    except OSError as exc:
        raise PluginError(f"plugin {plugin}: cannot read the file for static/{name}: {exc.strerror or exc}",
                          location=Location(str(data)), hint="register_static_files returns bytes or a file's path"
                          ) from None

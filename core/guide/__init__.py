"""The guide website: static pages generated from the same rulesets that drive the checklists.

Plugins import the names in ``__all__`` from this package, never its modules;
each is imported on first use, so importing the package costs nothing.
"""

from __future__ import annotations

from afterview import _lazy_dir, _lazy_getattr

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing

__all__ = [
    "GuideOptions", "Page", "SiteFile", "build_site", "serve_site",
]

if TYPE_CHECKING:
    from afterview.guide.build import build_site as build_site
    from afterview.guide.collect import GuideOptions as GuideOptions
    from afterview.guide.model import Page as Page
    from afterview.guide.model import SiteFile as SiteFile
    from afterview.guide.serve import serve_site as serve_site

# Each module's exported names; a test holds them equal to __all__ and the imports above.
_EXPORTS = {
    "build": ("build_site",),
    "collect": ("GuideOptions",),
    "model": ("Page", "SiteFile"),
    "serve": ("serve_site",),
}
__getattr__ = _lazy_getattr(__name__, _EXPORTS, globals())
__dir__ = _lazy_dir(globals())

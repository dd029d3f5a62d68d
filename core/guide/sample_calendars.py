"""The guide's sample calendars: the sample interview planned with the default and each industry overlay."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from afterview.app import RenderOptions
from afterview.guide.collect import sample_plan
from afterview.guide.model import LaterFile, Site, SiteFile


def sample_calendars(app: Any, site: Site, overlays: dict[str, Any]) -> list[SiteFile]:
    """The sample calendars, kept in the cache under their rulesets' digests (guide.derived)."""
    from functools import cache

    from afterview.guide import derived

    names = list(next(p for p in site.pages if p.path == "calendars/index.html").context["calendars"])
    rulesets = {name: overlays.get(name) or app.load_ruleset(["default"]) for name in names}
    entry = derived.entry_name(app, "calendars", list(rulesets.values()), [names, site.base_url])

    @cache  # all of them at once, when the build first reads one (after forking its workers)
    def texts() -> dict[str, str]:
        found: dict[str, str] = derived.cached(
            entry, lambda: {name: _calendar(app, site, name, rulesets[name]) for name in names},
            lambda found: derived.texts(found, names))
        return found

    def one(name: str) -> Callable[[], bytes]:  # surrogateescape: any bytes a format plugin returns survive
        return lambda: texts()[name].encode("utf-8", "surrogateescape")

    return [LaterFile(f"calendars/{name}.ics", compute=one(name)) for name in names]


def _calendar(app: Any, site: Site, name: str, ruleset: Any) -> str:
    industry = name.removeprefix("industry-") if name.startswith("industry-") else None
    plan = sample_plan(app, ruleset, **({"industry": industry} if industry else {}))
    data = app.render("ics", [plan], RenderOptions(base_url=site.base_url))
    return data.decode("utf-8", "surrogateescape") if isinstance(data, bytes) else data

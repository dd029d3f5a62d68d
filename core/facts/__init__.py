"""The facts of one application: where they come from, what they mean, the events a candidate records.

Plugins import the names in ``__all__`` from this package, never its modules;
each is imported on first use, so importing the package costs nothing.
"""

from __future__ import annotations

from afterview import _lazy_dir, _lazy_getattr

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing

__all__ = [
    "EVENTS", "EVENT_TIME", "SAMPLE_NOW", "SAMPLE_TIMEZONE", "FactsOrigin", "combine", "country_for", "flag_values",
    "parse_moment", "read_facts_file", "zones_for",
]

if TYPE_CHECKING:
    from afterview.facts.events import EVENTS as EVENTS
    from afterview.facts.model import EVENT_TIME as EVENT_TIME
    from afterview.facts.model import FactsOrigin as FactsOrigin
    from afterview.facts.moments import parse_moment as parse_moment
    from afterview.facts.places import country_for as country_for
    from afterview.facts.places import zones_for as zones_for
    from afterview.facts.samples import SAMPLE_NOW as SAMPLE_NOW
    from afterview.facts.samples import SAMPLE_TIMEZONE as SAMPLE_TIMEZONE
    from afterview.facts.sources import combine as combine
    from afterview.facts.sources import flag_values as flag_values
    from afterview.facts.sources import read_facts_file as read_facts_file

# Each module's exported names; a test holds them equal to __all__ and the imports above.
_EXPORTS = {
    "events": ("EVENTS",),
    "model": ("EVENT_TIME", "FactsOrigin"),
    "moments": ("parse_moment",),
    "places": ("country_for", "zones_for"),
    "samples": ("SAMPLE_NOW", "SAMPLE_TIMEZONE"),
    "sources": ("combine", "flag_values", "read_facts_file"),
}
__getattr__ = _lazy_getattr(__name__, _EXPORTS, globals())
__dir__ = _lazy_dir(globals())

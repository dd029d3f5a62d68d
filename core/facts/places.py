"""Country and timezone, each implied by the other, never silently assumed.

The IANA zone table (``zone.tab``, from the ``tzdata`` package or the
system's zoneinfo) says which zones each country has. A country with one
zone implies it; a zone implies its country. With neither, the caller passes
the computer's own zone (read by the CLI, never by the engine), and the plan
says so in its header.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from afterview.errors import FactsError

# Codes people write that ISO 3166 spells differently.
ALIASES = {"UK": "GB", "EL": "GR"}


def canonical_country(code: str) -> str:
    """'uk-eng' -> 'GB-ENG': upper case, aliases mapped."""
    country, sep, subdivision = str(code).upper().partition("-")
    return ALIASES.get(country, country) + (sep + subdivision if sep else "")


def country_problem(code: str, known: dict[str, list[str]]) -> tuple[str, str] | None:
    """(message, hint) when ``code`` is no country, or no subdivision of it, in ``known`` (the holiday tables'
    countries and their subdivisions); None when it is one. The one check of a country, from facts or a flag."""
    from afterview.errors import did_you_mean

    country, _, subdivision = canonical_country(code).partition("-")
    if country not in known:
        return (f"unknown country '{code}'{did_you_mean(country, known)}",
                "use an ISO 3166-1 alpha-2 code such as US, GB or DE")
    if subdivision and subdivision not in known[country]:
        return (f"unknown subdivision '{subdivision}' of {country}{did_you_mean(subdivision, known[country])}",
                f"write the country alone ({country}), or with a subdivision code such as "
                f"{country}-{sorted(known[country])[0]}")
    return None


@cache
def _zone_table() -> tuple[tuple[str, str], ...]:
    """(country code, zone name) rows of zone.tab."""
    text = None
    try:
        text = _tzdata_file("zone.tab")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        system = Path("/usr/share/zoneinfo/zone.tab")
        text = system.read_text(encoding="utf-8") if system.exists() else ""
    rows = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) >= 3:  # code, coordinates, zone
                rows.append((parts[0], parts[2]))
    return tuple(rows)


def _tzdata_file(name: str) -> str:
    """A file of the ``tzdata`` package's zone database, read directly when it is installed as files.

    ``importlib.resources`` (with ``zipfile`` and ``tempfile``) costs a cold start a few ms; it is
    needed only for a zipped install.
    """
    from importlib.util import find_spec

    spec = find_spec("tzdata.zoneinfo")
    if spec is None:
        raise ModuleNotFoundError("tzdata")
    for folder in spec.submodule_search_locations or ():
        path = Path(folder, name)
        if path.is_file():
            return path.read_text(encoding="utf-8")
    from importlib.resources import files

    return files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")


def zones_for(country: str) -> list[str]:
    """The country's zones, one per distinct clock (Berlin and Busingen keep the same time: Berlin, listed first)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    seen: dict[tuple[object, ...], str] = {}
    for code, zone in _zone_table():
        if code == country:
            clock = tuple(datetime(2026, month, 1, 12, tzinfo=ZoneInfo(zone)).utcoffset() for month in (1, 4, 7, 10))
            seen.setdefault(clock, zone)
    return list(seen.values())


def country_for(zone: str) -> str | None:
    return next((code for code, name in _zone_table() if name == zone), None)


def settle_place(data: dict[str, Any], system_zone: Callable[[], str | None], where: Any) -> list[str]:
    """Fill in ``data``'s missing country or timezone from the other; return what the plan header should say.

    ``system_zone()`` is asked only when neither is given: reading the system's
    setting imports tzlocal (and logging), a few ms of a cold start.
    ``where(path)`` locates a value for errors. A country with several zones
    and no timezone is an error that lists them.
    """
    notes: list[str] = []
    country = canonical_country(data["country"]) if data.get("country") else None
    if country:
        data["country"] = country
    zone = data.get("timezone")
    if country and not zone:
        zones = zones_for(country.partition("-")[0])
        if len(zones) == 1:
            data["timezone"] = zones[0]
            notes.append(f"timezone {zones[0]}: {country} keeps one time")
        elif zones:
            raise FactsError(f"{country} has {len(zones)} timezones; say which one", location=where(("country",)),
                             hint="pass --timezone with one of: " + ", ".join(zones))
    elif zone and not country:
        implied = country_for(zone)
        if implied:
            data["country"] = implied
            notes.append(f"country {implied}: from the timezone {zone}")
    elif not zone and not country and (system := system_zone()):
        data["timezone"] = system
        implied = country_for(system)
        if implied:
            data["country"] = implied
        said = f" and country {implied}" if implied else ""
        notes.append(f"timezone {system}{said}: from this computer's settings (pass --timezone to change)")
    return notes

"""Public holidays and weekends, from the ``holidays`` package, memoised.

Importing ``holidays`` and computing a country's year costs ~150 ms, more than
a whole cold ``afterview plan`` may take. The store keeps what it computed in a
plain dict that the CLI saves to and loads from the user cache (see
``_cache``), keyed by the installed ``holidays`` build, so the data always
comes from the library but is computed once per machine.
"""

from __future__ import annotations

from datetime import date
from typing import Any


def _english(country_cls: Any) -> str | None:
    default = getattr(country_cls, "default_language", None)
    supported = getattr(country_cls, "supported_languages", ()) or ()
    if default and str(default).startswith("en"):
        return str(default)
    return "en_US" if "en_US" in supported else (str(default) if default else None)


class HolidayStore:
    """Memo of holiday names per (country, subdivision, year) and of weekends per country."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        self.data: dict[str, Any] = data or {"countries": None, "weekends": {}, "years": {}}
        self.dirty = False
        self._parsed: dict[str, dict[date, str]] = {}

    def countries(self) -> dict[str, list[str]]:
        """Supported ISO codes mapped to their subdivision codes."""
        if self.data["countries"] is None:
            import holidays

            self.data["countries"] = {
                code: [s for s in subdivs if s.isupper() or s.isdigit()]
                for code, subdivs in holidays.list_supported_countries().items()
            }
            self.dirty = True
        countries: dict[str, list[str]] = self.data["countries"]
        return countries

    def weekend(self, country: str) -> list[int]:
        """Weekday numbers (Monday is 0) the country rests on."""
        if country not in self.data["weekends"]:
            import holidays

            self.data["weekends"][country] = sorted(holidays.country_holidays(country).weekend)
            self.dirty = True
        weekend: list[int] = self.data["weekends"][country]
        return weekend

    def holidays(self, country: str, subdivision: str | None, year: int) -> dict[date, str]:
        """{date: English name} of public holidays for one year."""
        key = f"{country}-{subdivision or ''}-{year}"
        parsed = self._parsed.get(key)
        if parsed is None:
            raw = self.data["years"].get(key)
            if raw is None:
                raw = self.data["years"][key] = self._compute(country, subdivision, year)
                self.dirty = True
            parsed = self._parsed[key] = {date.fromisoformat(d): name for d, name in raw.items()}
        return parsed

    @staticmethod
    def _compute(country: str, subdivision: str | None, year: int) -> dict[str, str]:
        import holidays

        cls = holidays.country_holidays(country).__class__
        table = holidays.country_holidays(country, subdiv=subdivision, years=year, language=_english(cls))
        names: dict[str, list[str]] = {}
        for day, name in sorted(table.items()):
            names.setdefault(day.isoformat(), []).extend(name.split("; "))
        return {day: "; ".join(dict.fromkeys(parts)) for day, parts in names.items()}


# For library callers that pass no store. The CLI's host owns its own store (and
# its on-disk cache); this one only memoises what the holidays package computes.
SHARED = HolidayStore()

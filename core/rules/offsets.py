"""Offsets such as ``5bd`` or ``24h``, and the longer forms people type ("2 weeks")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

UNITS = {"h": "hour", "d": "day", "w": "week", "bd": "business day"}


@cache  # compiled on first use: a warm plan parses no offset
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return (re.compile(r"^([+-]?\d+)(h|d|w|bd)$"),
            re.compile(r"^([+-]?\d+)\s*(hours?|hrs?|days?|weeks?|wks?|business[ _-]?days?|working[ _-]?days?|bdays?)$",
                       re.I))


@dataclass(frozen=True)
class Offset:
    """A signed amount of one unit: hours, calendar days, weeks or business days."""

    amount: int
    unit: str  # one of UNITS

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"

    def describe(self) -> str:
        """'5 business days', '1 week', '24 hours' (sign dropped; callers say + or -)."""
        n = abs(self.amount)
        return f"{n} {UNITS[self.unit]}{'s' * (n != 1)}"


def parse_offset(text: str) -> Offset | None:
    """Parse '5bd', '-1d', '2 weeks' or '10 business days'; None if it is none of these."""
    text = str(text).strip()
    short, long = _patterns()
    match = short.match(text)
    if match:
        return Offset(int(match[1]), match[2])
    match = long.match(text)
    if not match:
        return None
    word = match[2].lower()
    unit = "bd" if word.startswith(("b", "wo")) else word[0]
    return Offset(int(match[1]), unit)


def suggest_offset(text: str) -> str:
    """A did-you-mean for near misses such as '5 bdays' → '5bd'."""
    parsed = parse_offset(text)
    return f" (did you mean '{parsed}'?)" if parsed else ""

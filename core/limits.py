"""The sizes afterview accepts: dates, offsets and template work (file limits live in ``rules.documents``).

Every limit is checked where the input is validated, so whatever ``validate``
accepts plans without overflowing a date. The README's Safety section lists
them; keep the two in step.
"""

from __future__ import annotations

from datetime import date

FIRST_YEAR = 1900
LAST_YEAR = 2200
# About ten years. A plan's dates stay within a few centuries of the range,
# far from datetime's year 1 and 9999, even when rules chain offsets.
MAX_OFFSET_DAYS = 3660
# Calendar days one unit of each offset can span (a business day spans at most a week when
# holidays cluster; 7/5 is the usual rate, and the bound only has to keep dates finite).
UNIT_DAYS = {"h": 1 / 24, "d": 1.0, "w": 7.0, "bd": 7 / 5}

# Template work, per render (the Jinja2 sandbox enforces these).
MAX_RANGE = 10_000  # items in one range()
MAX_POWER_RESULT_BITS = 4_096  # ** results larger than this are refused
MAX_STRING = 100_000  # characters in one string built by * or join
MAX_OUTPUT = 100_000  # characters a template may render
MAX_LOOP_STEPS = 100_000  # loop iterations in one render


def year_problem(day: date) -> str | None:
    """Why ``day`` is outside the supported range, or None."""
    if FIRST_YEAR <= day.year <= LAST_YEAR:
        return None
    return f"year {day.year} is outside the supported range {FIRST_YEAR}–{LAST_YEAR}"


def offset_problem(amount: int, unit: str) -> str | None:
    """Why an offset of ``amount`` ``unit`` is too long, or None."""
    if abs(amount) * UNIT_DAYS[unit] <= MAX_OFFSET_DAYS:
        return None
    largest = int(MAX_OFFSET_DAYS / UNIT_DAYS[unit])
    return f"offset of {abs(amount):,}{unit} is longer than the largest supported, {largest:,}{unit} (about ten years)"

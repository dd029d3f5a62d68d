"""A calendar's open days as integers (ordinal days), precomputed per year, so business-day sums are look-ups.

``opened[k]`` is the k-th open day of the covered years and ``below[i]`` the
number of open days before ``lo + i``. Adding ``n`` business days to a day is
then two index operations, and the day-by-day walk is kept only to name the
holidays passed over when a plan is explained.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol


class _Calendar(Protocol):
    def is_open(self, day: date) -> bool: ...


class OpenDays:
    """The open days of whole years, extended on demand (never shrunk: a calendar's days do not change)."""

    __slots__ = ("below", "hi", "lo", "open", "opened")

    def __init__(self) -> None:
        self.lo = self.hi = 0  # covered ordinals: lo <= o < hi
        self.opened: list[int] = []
        self.below: list[int] = []
        self.open: frozenset[int] = frozenset()  # the open days, for a membership test in one look-up

    def cover(self, calendar: _Calendar, ordinal: int, count: int) -> None:
        """Cover the years around ``ordinal`` and ``count`` business days from it (a generous margin)."""
        reach = 3 * abs(count) + 60
        first = date.fromordinal(ordinal - reach).year
        last = date.fromordinal(ordinal + reach).year
        if self.hi:
            first, last = min(first, date.fromordinal(self.lo).year), max(last, date.fromordinal(self.hi - 1).year)
        lo, hi = date(first, 1, 1).toordinal(), date(last + 1, 1, 1).toordinal()
        opened: list[int] = []
        below: list[int] = []
        for o in range(lo, hi):
            below.append(len(opened))
            if calendar.is_open(date.fromordinal(o)):
                opened.append(o)
        below.append(len(opened))
        self.lo, self.hi, self.opened, self.below, self.open = lo, hi, opened, below, frozenset(opened)

    def add(self, ordinal: int, count: int) -> int | None:
        """The ``count``-th open day after ``ordinal`` (before it if negative); None if outside the table."""
        i = ordinal - self.lo
        if i < 0 or ordinal >= self.hi:
            return None
        k = self.below[i + 1] + count - 1 if count > 0 else self.below[i] + count
        return self.opened[k] if 0 <= k < len(self.opened) else None

    def roll(self, ordinal: int, convention: str) -> int | None:
        """The day itself if open, else the next ('following') or previous ('preceding') open day."""
        i = ordinal - self.lo
        if i < 0 or ordinal >= self.hi:
            return None
        if self.below[i + 1] > self.below[i]:
            return ordinal
        k = self.below[i] - 1 if convention == "preceding" else self.below[i]
        return self.opened[k] if 0 <= k < len(self.opened) else None

"""Numbers in a rule's words taken from its timing: ``{{ offset.due }}`` becomes "six business days".

Filled in once when the ruleset compiles, so an overlay that changes a
rule's timing changes the words with it, and no two can disagree.
"""

from __future__ import annotations

import re
from typing import Any

from afterview.rules.timing import AnchorPoint, FirstOf, LatestOf, Point, Timing, WhenPoint

_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
_OFFSET = re.compile(r"\{\{\s*offset\.(opens|due|closes)\s*\}\}")


def fill_offsets(text: str, timing: Timing | None, fail: Any) -> str:
    """Replace {{ offset.opens }} (or due, closes) with that point's offset from the interview, in words.

    Done once at compile time, so the words always match the timing an overlay set.
    """
    def words(match: re.Match[str]) -> str:
        point = timing.points.get(match.group(1)) if timing else None
        offset = next((p.offset for p in _anchor_points(point) if p.anchor.startswith("interview.") and p.offset), None)
        if offset is None:
            fail("body", f"{match.group(0)}: timing.{match.group(1)} has no offset from the interview")
            return match.group(0)
        n = abs(offset.amount)
        return offset.describe().replace(str(n), _NUMBERS[n], 1) if n < len(_NUMBERS) else offset.describe()

    return _OFFSET.sub(words, text) if "offset." in text else text


def _anchor_points(point: Point | None) -> list[AnchorPoint]:
    if isinstance(point, AnchorPoint):
        return [point]
    if isinstance(point, WhenPoint):
        return []  # a figure for some facts only: the words follow the general one
    if isinstance(point, (FirstOf, LatestOf)):
        return [a for p in point.points for a in _anchor_points(p)]
    return []

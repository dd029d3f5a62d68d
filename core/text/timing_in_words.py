"""A rule's timing in words, for people: "6 business days after the interview ends, at 09:00"."""

from __future__ import annotations

from afterview.facts.events import EVENTS
from afterview.rules.model import Rule
from afterview.rules.timing import AnchorPoint, FirstOf, FractionPoint, LatestOf, Point, WhenPoint
from afterview.rules.vocabulary import Anchor, Kind

_ANCHORS = {
    "interview.start": "the interview starts",
    "interview.end": "the interview ends",
    "decision.by": "the decision date they gave",
}


def anchor_words(anchor: Anchor) -> str:
    if anchor in _ANCHORS:
        return _ANCHORS[anchor]
    if anchor.event is not None:
        phrase = EVENTS.get(anchor.event, anchor.event)
        return phrase.replace("once you have", "you have").replace("if you ", "you ").replace("if they", "they")
    rule_id = anchor.rule
    return {"opens": f"{rule_id} opens", "due": f"{rule_id} is due", "closes": f"{rule_id} closes"}[str(anchor.point)]


def point_words(point: Point) -> str:
    if isinstance(point, AnchorPoint):
        if point.offset is None or point.offset.amount == 0:
            return f"when {anchor_words(point.anchor)}"
        direction = "after" if point.offset.amount > 0 else "before"
        return f"{point.offset.describe()} {direction} {anchor_words(point.anchor)}"
    if isinstance(point, FractionPoint):
        start, end = anchor_words(point.start), anchor_words(point.end)
        return f"{point.fraction * 100:g}% of the way from when {start} to when {end}"
    if isinstance(point, FirstOf):
        parts = [point_words(p) for p in point.points]
        return parts[0] + "".join(f"; failing that, {p}" for p in parts[1:])
    if isinstance(point, LatestOf):
        return "the latest of: " + "; ".join(point_words(p) for p in point.points)
    if isinstance(point, WhenPoint):
        describe = getattr(point.when, "describe", None)
        return f"{point_words(point.point)} (only when {describe() if describe else 'its condition matches'})"
    raise TypeError(point)


def timing_words(rule: Rule) -> list[tuple[str, str]]:
    """[("Due", "24 hours after the interview ends"), ...] in window order; [] for guidance."""
    timing = rule.timing
    if timing is None:
        return []
    rows = []
    for name in ("opens", "due", "closes"):
        point = timing.points.get(name)
        if point is not None and not (rule.kind == Kind.QUIET and name == "due"):
            rows.append((name.capitalize() if rule.kind != Kind.QUIET else {"opens": "Starts", "closes": "Ends"}[name],
                         point_words(point)))
    if timing.at is not None:
        rows.append(("Time of day", f"{timing.at:%H:%M}"))
    return rows

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


# Anchors named by a noun rather than a clause: "on the decision date", not "when the decision date".
_ON_DATES = {"decision.by"}


def _at(anchor: Anchor) -> str:
    """The anchor's moment itself: 'when the interview ends', 'on the decision date they gave'."""
    return f"{'on' if anchor in _ON_DATES else 'when'} {anchor_words(anchor)}"


def _from(anchor: Anchor) -> str:
    """The anchor as the end of a span: 'when the interview ends', 'the decision date they gave'."""
    return anchor_words(anchor) if anchor in _ON_DATES else f"when {anchor_words(anchor)}"


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
            return _at(point.anchor)
        direction = "after" if point.offset.amount > 0 else "before"
        return f"{point.offset.describe()} {direction} {anchor_words(point.anchor)}"
    if isinstance(point, FractionPoint):
        return f"{point.fraction * 100:g}% of the way from {_from(point.start)} to {_from(point.end)}"
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

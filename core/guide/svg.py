"""Inline SVG pictures of a plan: no script needed, labelled for screen readers.

Each picture comes twice: a wide one with the labels beside the bars, and a
narrow one with each label on its own line above its bar, so the text stays
about 12 px on a 375 px phone. CSS shows one of the two; the hidden one is
``display: none`` and so also hidden from screen readers.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup, escape

from afterview.planning.actions import Action
from afterview.rules.vocabulary import Kind, Status

ROW, LABEL, WIDTH, WIDE_CHARS = 26, 250, 720, 33
NARROW, NARROW_ROW, NARROW_CHARS = 360, 44, 46
TICK_HALF_WIDTH = 22  # about half the width of "day 14" at 11 px: keeps the first and last tick inside


@dataclass(frozen=True)
class Frame:
    """Where day 0 is, how wide a day is, and how wide the picture is."""

    left: float
    scale: float
    width: int


def _day(moment: datetime, start: datetime) -> float:
    return (moment - start).total_seconds() / 86400


def timeline(actions: list[Action], start: datetime, *, days: int | None = None, labels: bool = True) -> Markup:
    """Windows as bars, due moments as dots, quiet periods as pale bands, milestones as diamonds."""
    shown = [a for a in actions if a.status != Status.SKIPPED]
    last = days or max(12, int(max((_day(a.closes or a.due, start) for a in shown), default=12)) + 2)
    summary = escape("; ".join(f"{a.title}: day {_day(a.due, start):.0f}" for a in shown))
    return Markup(_wide(shown, start, last, summary, labels) + _narrow(shown, start, last, summary, labels))


def _wide(shown: list[Action], start: datetime, last: int, summary: str, labels: bool) -> str:
    left = LABEL if labels else 24
    frame = Frame(left, (WIDTH - left - 30) / last, WIDTH)
    rows = [_wrap(a.title, WIDE_CHARS) if labels else [""] for a in shown]
    heights = [ROW + 14 * (len(lines) - 1) for lines in rows]
    height = sum(heights) + 34
    out = [_open("timeline timeline-wide", WIDTH, height, summary), *_ticks(frame, last, height)]
    y = 6
    for action, lines, row_height in zip(shown, rows, heights, strict=True):
        for j, line in enumerate(lines if labels else []):
            out.append(f'<text class="label" x="0" y="{y + 14 + 14 * j}">{escape(line)}</text>')
        out.append(_mark(action, start, frame, y + 7 * (len(lines) - 1)))
        y += row_height
    out.append("</svg>")
    return "".join(out)


def _narrow(shown: list[Action], start: datetime, last: int, summary: str, labels: bool) -> str:
    frame = Frame(24, (NARROW - 54) / last, NARROW)
    rows = [_wrap(a.title, NARROW_CHARS) if labels else [] for a in shown]
    heights = [NARROW_ROW - 18 + 16 * len(lines) for lines in rows]
    height = sum(heights) + 34
    out = [_open("timeline timeline-narrow", NARROW, height, summary), *_ticks(frame, last, height)]
    y = 6
    for action, lines, row_height in zip(shown, rows, heights, strict=True):
        for j, line in enumerate(lines):
            out.append(f'<text class="label" x="4" y="{y + 12 + 16 * j}">{escape(line)}</text>')
        out.append(_mark(action, start, frame, y + 16 * len(lines)))
        y += row_height
    out.append("</svg>")
    return "".join(out)


def _open(classes: str, width: int, height: int, summary: str) -> str:
    return (f'<svg class="{classes}" viewBox="0 0 {width} {height}" role="img" aria-label="{summary}" '
            f'xmlns="http://www.w3.org/2000/svg">')


def _ticks(frame: Frame, last: int, height: int) -> Iterator[str]:
    step = 7 if last > 21 else 1 if last <= 7 else 2
    if frame.width == NARROW and last > 14:
        step = 7
    for tick in range(0, last + 1, step):
        x = frame.left + tick * frame.scale
        anchor = "end" if x + TICK_HALF_WIDTH > frame.width else "start" if x < TICK_HALF_WIDTH else "middle"
        yield (f'<line class="grid" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 20}"/>'
               f'<text class="tick" x="{x:.1f}" y="{height - 6}" text-anchor="{anchor}">day {tick}</text>')


def _wrap(title: str, limit: int) -> list[str]:
    """Whole words on lines of at most ``limit`` characters: never cut with an ellipsis."""
    lines: list[str] = []
    for word in title.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _mark(action: Action, start: datetime, frame: Frame, y: int) -> str:
    def x(moment: datetime) -> float:
        return frame.left + max(_day(moment, start), 0) * frame.scale

    due = x(action.due)
    begin = x(action.opens) if action.opens else due
    end = x(action.closes) if action.closes else due
    kind = action.kind
    if kind == Kind.QUIET:
        return f'<rect class="quiet" x="{begin:.1f}" y="{y}" width="{max(end - begin, 2):.1f}" height="18" rx="3"/>'
    if kind == Kind.MILESTONE:
        return f'<path class="milestone" d="M{due:.1f} {y}l9 9-9 9-9-9z"/>'
    bar = f'<rect class="window" x="{begin:.1f}" y="{y + 5}" width="{max(end - begin, 2):.1f}" height="8" rx="4"/>'
    return bar + f'<circle class="due" cx="{due:.1f}" cy="{y + 9}" r="6"/>'

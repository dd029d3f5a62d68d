"""Inline SVG pictures of a plan: no script needed, readable at phone width, labelled for screen readers."""

from __future__ import annotations

from datetime import datetime

from markupsafe import Markup, escape

from afterview.planning.actions import Action
from afterview.rules.vocabulary import Kind, Status

ROW, LABEL, WIDTH = 26, 250, 720


def _day(moment: datetime, start: datetime) -> float:
    return (moment - start).total_seconds() / 86400


def timeline(actions: list[Action], start: datetime, *, days: int | None = None, labels: bool = True) -> Markup:
    """Windows as bars, due moments as dots, quiet periods as pale bands, milestones as diamonds."""
    shown = [a for a in actions if a.status != Status.SKIPPED]
    last = days or max(12, int(max((_day(a.closes or a.due, start) for a in shown), default=12)) + 2)
    left = LABEL if labels else 10
    scale = (WIDTH - left - 20) / last
    height = ROW * len(shown) + 34
    summary = "; ".join(f"{a.title}: day {_day(a.due, start):.0f}" for a in shown)
    out = [f'<svg class="timeline" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(summary)}" '
           f'xmlns="http://www.w3.org/2000/svg">']
    for tick in range(0, last + 1, 7 if last > 21 else 1 if last <= 7 else 2):
        x = left + tick * scale
        out.append(f'<line class="grid" x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 20}"/>'
                   f'<text class="tick" x="{x:.1f}" y="{height - 6}">day {tick}</text>')
    for i, action in enumerate(shown):
        y = i * ROW + 6
        if labels:
            title = action.title if len(action.title) <= 34 else action.title[:33] + "…"
            out.append(f'<text class="label" x="0" y="{y + 14}">{escape(title)}</text>')
        out.append(_mark(action, start, left, scale, y))
    out.append("</svg>")
    return Markup("".join(out))


def _mark(action: Action, start: datetime, left: float, scale: float, y: int) -> str:
    due = left + max(_day(action.due, start), 0) * scale
    begin = left + max(_day(action.opens, start), 0) * scale if action.opens else due
    end = left + max(_day(action.closes, start), 0) * scale if action.closes else due
    kind = action.kind
    if kind == Kind.QUIET:
        return f'<rect class="quiet" x="{begin:.1f}" y="{y}" width="{max(end - begin, 2):.1f}" height="18" rx="3"/>'
    if kind == Kind.MILESTONE:
        return (f'<path class="milestone" d="M{due:.1f} {y}l9 9-9 9-9-9z"/>')
    bar = f'<rect class="window" x="{begin:.1f}" y="{y + 5}" width="{max(end - begin, 2):.1f}" height="8" rx="4"/>'
    return bar + f'<circle class="due" cx="{due:.1f}" cy="{y + 9}" r="6"/>'

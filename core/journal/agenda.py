"""The agenda across applications: overdue first, then today, then the coming days, one line per action.

Each time is shown in its application's timezone, with the zone's abbreviation
(``18:00 EST``), as ``status``, ``plan`` and the drafts show it: "follow up at
09:00" means 09:00 where the hiring team works. An action belongs to the day
of its own local date; "today" is the reader's date (``--now``, else the clock).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, TextIO

from afterview.rules.vocabulary import PENDING, Kind, Status
from afterview.text import dates

if TYPE_CHECKING:
    from afterview.journal.summary import Step, Summary

RED, YELLOW, BOLD, RESET = "\x1b[31m", "\x1b[33m", "\x1b[1m", "\x1b[0m"


@dataclass(frozen=True)
class Item:
    """One pending action of one application, placed on the viewer's calendar."""

    slug: str
    action: Step
    when: datetime  # the action's due moment in its application's timezone

    @property
    def overdue(self) -> bool:
        return self.action.status == Status.OVERDUE


def agenda_items(entries: list[Summary], now: datetime, days: int) -> list[Item]:
    """Pending dated actions due by the end of the day ``days`` days after today (quiet periods left out).

    Days are each application's local dates (see the module docstring); within a day, the earliest moment first.
    """
    last = now.date() + timedelta(days=days)
    items = []
    for entry in entries:
        tz = entry.tz
        for action in entry.steps:
            if action.kind == Kind.QUIET or action.status not in PENDING:
                continue
            when = action.due.astimezone(tz)
            if action.status == Status.OVERDUE or when.date() <= last:
                items.append(Item(entry.slug, action, when))
    return sorted(items, key=lambda i: (not i.overdue, i.overdue or i.when.date(), i.when, i.action.priority, i.slug))


def use_colour(stream: TextIO) -> bool:
    """Colour on a terminal only, and never when NO_COLOR is set (https://no-color.org)."""
    return not os.environ.get("NO_COLOR") and stream.isatty()


def _time(item: Item) -> str:
    """'18:00 EST', after the day for an overdue item: the application's local time, saying which zone."""
    clock = f"{item.when:%H:%M} {item.when.tzname()}"
    return f"{dates.day(item.when, year=False)} {clock}" if item.overdue else clock


def _line(item: Item, width: int, time_width: int) -> str:
    action = item.action
    when = _time(item).ljust(time_width)
    label = " (milestone)" if action.kind == Kind.MILESTONE else ""
    status = action.status if action.status != Status.UPCOMING or action.kind != Kind.MILESTONE else "expected"
    return f"  {when}  {item.slug.ljust(width)}  {action.title}{label} — {status}"


def _paint(text: str, item: Item, today: date, colour: bool) -> str:
    if not colour:
        return text
    if item.overdue:
        return f"{RED}{BOLD}{text}{RESET}"
    if item.when.date() == today:
        return f"{YELLOW}{text}{RESET}"
    return text


def _section(item: Item, today: date) -> str:
    if item.overdue:
        return "Overdue"
    label = dates.relative_day(item.when.date(), today)
    return label[0].upper() + label[1:]


def render_agenda(items: list[Item], now: datetime, *, open_count: int, days: int, colour: bool = False) -> str:
    """The agenda as text; each action with a message draft names the command that prints it."""
    today = now.date()
    if not open_count:
        return "No open applications. Add one with 'afterview add'.\n"
    if not items:
        span = "today" if days == 0 else f"in the next {days} day{'s' * (days != 1)}"
        return f"Nothing due {span} across {open_count} open application{'s' * (open_count != 1)}.\n"
    width = max(len(i.slug) for i in items)
    time_widths = {overdue: max((len(_time(i)) for i in items if i.overdue == overdue), default=0)
                   for overdue in (True, False)}  # overdue items show their day too
    lines: list[str] = []
    section = None
    for item in items:
        heading = _section(item, today)
        if heading != section:
            lines += ([""] if lines else []) + [f"{BOLD}{heading}{RESET}" if colour else heading]
            section = heading
        lines.append(_paint(_line(item, width, time_widths[item.overdue]), item, today, colour))
        if item.action.has_draft:
            lines.append(f"      draft: afterview draft {item.slug} {item.action.rule_id}")
    return "\n".join(lines) + "\n"


"""The agenda across applications: overdue first, then today, then the coming days, one line per action.

Each time is shown in its application's timezone, with the zone's abbreviation
(``18:00 EST``), as ``status``, ``plan`` and the drafts show it: "follow up at
09:00" means 09:00 where the hiring team works. The days are the reader's: an
action is listed under the reader's date of its moment (``--now``'s timezone,
else the system's), so "today" holds what falls due within the reader's day.
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
    day: date  # the reader's date of that moment, which places it under a heading

    @property
    def overdue(self) -> bool:
        return self.action.status == Status.OVERDUE


def agenda_items(entries: list[Summary], now: datetime, days: int) -> list[Item]:
    """Pending dated actions due by the end of the day ``days`` days after today (quiet periods left out).

    Days are the reader's dates (see the module docstring); within a day, the earliest moment first.
    """
    today = now.date()
    last = today + timedelta(days=days)
    items = []
    for entry in entries:
        tz = entry.tz
        for action in entry.steps:
            if action.kind == Kind.QUIET or action.status not in PENDING:
                continue
            when = action.due.astimezone(tz)
            # a pending step is never headed "yesterday": one not yet overdue is due from today on
            day = max(when.astimezone(now.tzinfo).date(), today)
            if action.status == Status.OVERDUE or day <= last:
                items.append(Item(entry.slug, action, when, day))
    return sorted(items, key=lambda i: (not i.overdue, i.overdue or i.day, i.when, i.action.priority, i.slug))


def use_colour(stream: TextIO) -> bool:
    """Colour on a terminal only, and never when NO_COLOR is set (https://no-color.org)."""
    return not os.environ.get("NO_COLOR") and stream.isatty()


def _time(item: Item, today: date) -> str:
    """'18:00 EST', the application's time, after its day (with its year if not this year) for an overdue item
    and for one whose local date is not the reader's date it is listed under."""
    clock = f"{item.when:%H:%M} {item.when.tzname()}"
    dated = item.overdue or item.when.date() != item.day
    return f"{dates.day_near(item.when, today)} {clock}" if dated else clock


def _line(item: Item, width: int, time_width: int, today: date) -> str:
    action = item.action
    when = _time(item, today).ljust(time_width)
    label = " (milestone)" if action.kind == Kind.MILESTONE else ""
    status = action.status if action.status != Status.UPCOMING or action.kind != Kind.MILESTONE else "expected"
    return f"  {when}  {item.slug.ljust(width)}  {action.title}{label} — {status}"


def _paint(text: str, item: Item, today: date, colour: bool) -> str:
    if not colour:
        return text
    if item.overdue:
        return f"{RED}{BOLD}{text}{RESET}"
    if item.day == today:
        return f"{YELLOW}{text}{RESET}"
    return text


def _section(item: Item, today: date) -> str:
    if item.overdue:
        return "Overdue"
    label = dates.relative_day(item.day, today)
    return label[0].upper() + label[1:]


def render_agenda(items: list[Item], now: datetime, *, open_count: int, days: int, closed_count: int = 0,
                  colour: bool = False) -> str:
    """The agenda as text; each action with a message draft names the command that prints it.

    A closed application (its stage terminal: rejected, withdrawn, ...) is not counted as open, though its
    last steps are listed while they are due.
    """
    from afterview.journal.summary import tally_text

    today = now.date()
    if not open_count and not closed_count:
        return "No open applications. Add one with 'afterview add'.\n"
    if not items:
        span = "today" if days == 0 else f"in the next {days} day{'s' * (days != 1)}"
        if not closed_count:
            return f"Nothing due {span} across {tally_text(open_count, 0)}.\n"
        more = "" if open_count else " Add one with 'afterview add'."
        return f"Nothing due {span}: {tally_text(open_count, closed_count)}.{more}\n"
    width = max(len(i.slug) for i in items)
    time_widths = {overdue: max((len(_time(i, today)) for i in items if i.overdue == overdue), default=0)
                   for overdue in (True, False)}  # overdue items show their day too
    lines: list[str] = []
    section = None
    for item in items:
        heading = _section(item, today)
        if heading != section:
            lines += ([""] if lines else []) + [f"{BOLD}{heading}{RESET}" if colour else heading]
            section = heading
        lines.append(_paint(_line(item, width, time_widths[item.overdue], today), item, today, colour))
        if item.action.has_draft:
            lines.append(f"      draft: afterview draft {item.slug} {item.action.rule_id}")
    return "\n".join(lines) + "\n"


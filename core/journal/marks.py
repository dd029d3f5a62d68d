"""``done:`` marks in a facts file: actions the candidate marked done that no event covers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from afterview.text import dates

if TYPE_CHECKING:
    from afterview.planning.actions import Action, Plan


def apply_done_marks(plan: Plan, marks: list[dict[str, Any]]) -> None:
    """Set each marked action's status to done and say so in its explanation (in place)."""
    from afterview.facts.model import EVENT_TIME, parse_moment

    for mark in marks:
        action = plan.action(str(mark.get("rule", "")))
        at = parse_moment(mark.get("at", ""), plan.facts.tz, default_time=EVENT_TIME)
        if action is None or at is None or action.status in ("done", "skipped"):
            continue
        action.status = "done"
        _explain_done(action, f"done: marked done {dates.moment(at)}")


def _explain_done(action: Action, line: str) -> None:
    # The explanation is built on first use; replace its last line (the status) when it is.
    before = action.explain
    action.explain = lambda: [*before()[:-1], line]
    vars(action).pop("explanation", None)

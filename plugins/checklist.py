"""The ``checklist`` format: plain text for a terminal, grouped by day."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from afterview import Afterview, Kind, OutputFormat, Plan, RenderOptions, Status, hookimpl
from afterview.text import day, moment, relative_day, strip_controls

MARKS = {Status.UPCOMING: "[ ]", Status.OPEN: "[ ]", Status.OVERDUE: "[!]", Status.DONE: "[x]", Status.SKIPPED: "[-]",
         Status.LAPSED: "[~]", Status.PASSED: "[.]"}
ENDED = (Status.SKIPPED, Status.LAPSED)  # their line says why: the status line of the explanation


def heading(plan: Plan, clock_note: str | None = None) -> list[str]:
    """The application, its interview, and the moment planned for (saying how a naive --now was read)."""
    facts = plan.facts
    who = " — ".join(x for x in (facts.company, facts.role) if x) or "Your interview"
    note = f" ({clock_note})" if clock_note else ""
    return [
        who,
        f"Interview {moment(facts.interview_start)} ({facts.tz.key}); "
        f"planned {moment(plan.now)}{note}; ruleset {plan.ruleset.id}",
        *stage_lines(plan),
        *(f"Note: {notice}" for notice in plan.ruleset.notices),
    ]


def stage_lines(plan: Plan) -> list[str]:
    """The lifecycle stage once an event moved it, and what the plan assumed (said once)."""
    lines = [f"Note: {note}" for note in plan.notes]
    if plan.stage_event is not None and plan.stage is not None:
        event = plan.stage_event
        round_ = f"; round {plan.round}" if plan.round else ""
        lines.insert(0, f"Stage: {plan.stage.title} ({event.type} recorded {moment(event.at)}){round_}")
    return lines


def render_plan(plan: Plan, clock_note: str | None = None) -> str:
    lines = heading(plan, clock_note)
    today = plan.now.date()
    for on, actions in groupby(plan.actions, key=lambda a: a.sort_moment.date()):
        lines += ["", relative_day(on, today)]
        for action in actions:
            lines += _action_lines(action)
    if plan.earlier:
        lines += ["", "Earlier rounds (superseded by the new interview)"]
        lines += [f"  {MARKS[a.status]} {a.title} — {a.status}" for a in plan.earlier]
    if plan.guidance:
        lines += ["", "Without a date"] + [f"  - {g.title}" for g in plan.guidance]
    if plan.conditional:
        lines += ["", "If things change"] + [f"  - {g.condition}: {g.title}" for g in plan.conditional]
    return "\n".join(lines) + "\n"


def _action_lines(action: Any) -> list[str]:
    if action.kind == Kind.QUIET:
        until = day(action.closes, year=False) if action.closes else "?"
        head = f"  {MARKS[action.status]} {action.title} (quiet period until {until}) — {action.status}"
    else:
        label = " (milestone)" if action.kind == Kind.MILESTONE else ""
        head = f"  {MARKS[action.status]} {action.due:%H:%M}  {action.title}{label} — {action.status}"
    lead = ("due: ", "closes: " if action.kind == Kind.QUIET else "due: ")
    why = next((line for line in action.explanation if line.startswith(lead)), None)
    if action.status in ENDED:  # skipped or lapsed with the reason (the explanation's last line)
        why = action.explanation[-1]
    # Only rules with a length limit render their drafts here: the checklist otherwise never needs Jinja2.
    limited = any(t.max_chars for t in action.rule.templates)
    warnings = [d.limit_warning for d in action.drafts if d.limit_warning] if limited else []
    return [head] + ([f"        {why}"] if why else []) + [f"        warning: {w}" for w in warnings]


def render(plans: list[Plan], app: Afterview, options: RenderOptions) -> str:
    return strip_controls("\n".join(render_plan(plan, options.clock_note) for plan in plans))


@hookimpl
def register_output_formats(app: Afterview) -> list[OutputFormat]:
    return [OutputFormat("checklist", render, "plain text for a terminal, grouped by day", ".txt")]

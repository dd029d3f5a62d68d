"""The ``markdown`` format: a task list with dates, advice and message drafts."""

from __future__ import annotations

from typing import Any

from afterview import Afterview, Kind, OutputFormat, Plan, RenderOptions, Status, hookimpl
from afterview.plugins.checklist import stage_lines
from afterview.text import day, markdown_fence, markdown_inline, moment, no_raw_html, strip_controls


def render_plan(plan: Plan, clock_note: str | None = None) -> str:
    facts = plan.facts
    note = f" ({clock_note})" if clock_note else ""
    who = " — ".join(markdown_inline(x) for x in (facts.company, facts.role) if x) or "your interview"
    lines = [f"# After the interview: {who}", "",
             f"Interview {moment(facts.interview_start)} ({facts.tz.key});"
             f" planned {moment(plan.now)}{note}; ruleset {plan.ruleset.id}.", "",
             *(f"> {line}\n" for line in stage_lines(plan)),
             *(f"> Note: {notice}.\n" for notice in plan.ruleset.notices),
             "## Actions", ""]
    for action in plan.actions:
        box = "x" if action.status == Status.DONE else " "
        when = moment(action.due)
        if action.kind == Kind.QUIET and action.opens and action.closes:
            when = f"{day(action.opens)} → {day(action.closes)}"
        # skipped or lapsed: with the reason (the explanation's status line)
        status = action.explanation[-1] if action.status in (Status.SKIPPED, Status.LAPSED) else action.status
        lines.append(f"- [{box}] **{when}** — {markdown_inline(action.title)} _({markdown_inline(status)})_")
        lines += _indented(action.body)
        lines += _sources(plan, action.rule)
        for draft in action.drafts:
            body = ([f"Subject: {' '.join(draft.subject.split())}"] if draft.subject else []) + draft.text.splitlines()
            fence = markdown_fence(body)
            lines += ["", f"  {markdown_inline(draft.title or draft.id)}:", "", f"  {fence}text"]
            lines += [f"  {line}".rstrip() for line in body] + [f"  {fence}"]
            if draft.limit_warning:
                lines += ["", f"  > Warning: {markdown_inline(draft.limit_warning)}."]
    if plan.guidance:
        lines += ["", "## Without a date", ""]
        for item in plan.guidance:
            lines += [f"- **{markdown_inline(item.title)}**", *_indented(item.body), *_sources(plan, item.rule)]
    if plan.conditional:
        lines += ["", "## If things change", ""]
        for item in plan.conditional:
            condition = markdown_inline((item.condition or "").capitalize())
            lines += [f"- **{condition}:** {markdown_inline(item.title)}", *_indented(item.body)]
    return "\n".join(lines) + "\n"


def _sources(plan: Plan, rule: Any) -> list[str]:
    """Each citation with its kind, so a measured fact never reads like advice."""
    cited = plan.ruleset.cited(rule)
    if not cited:
        return []
    return ["", "  Sources: " + "; ".join(f"{markdown_inline(s.title)} ({s.label})" for s in cited)]


def _indented(text: str) -> list[str]:
    body = [f"  {line}".rstrip() for line in no_raw_html(text).strip().splitlines()]
    return ["", *body] if body else []


def render(plans: list[Plan], app: Afterview, options: RenderOptions) -> str:
    return strip_controls("\n".join(render_plan(plan, options.clock_note) for plan in plans))


@hookimpl
def register_output_formats(app: Afterview) -> list[OutputFormat]:
    return [OutputFormat("markdown", render, "a Markdown task list with advice and drafts", ".md")]

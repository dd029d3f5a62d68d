"""The text of ``afterview explain RULE``: outcome, date arithmetic, and which layer set each field."""

from __future__ import annotations

from afterview.planning.actions import Plan
from afterview.rules.model import Rule


def explain_rule(plan: Plan, rule: Rule) -> str:
    lines = [f"{rule.id}: {rule.title} ({rule.kind})", f"  defined at {rule.origin.path}:{rule.origin.line}"]
    lines += ["", "Outcome:"] + [f"  {line}" for line in _outcome(plan, rule)]
    lines += ["", "Fields (where each value was last set):"]
    width = max(len(key) for key in rule.origins)
    for key in sorted(rule.origins):
        loc = rule.origins[key]
        lines.append(f"  {key.ljust(width)}  {loc.path}:{loc.line}  [{rule.origin_layers[key]}]")
    return "\n".join(lines)


def _outcome(plan: Plan, rule: Rule) -> list[str]:
    action = plan.action(rule.id)
    if action is not None:
        return [f"status: {action.status}", *action.explanation[1:]]
    waiting = next((g for g in plan.conditional if g.rule_id == rule.id), None)
    if waiting is not None:
        return [f"not dated yet: it applies {waiting.condition} (record a '{waiting.event}' event to date it)"]
    if any(g.rule_id == rule.id for g in plan.guidance):
        return ["guidance with no date: it is listed under 'Without a date'"]
    return ["does not apply to these facts:", *[f"  {why}" for why in plan.not_applicable.get(rule.id, [])]]

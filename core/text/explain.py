"""The text of ``afterview explain RULE``: outcome, date arithmetic, and which layer set each field."""

from __future__ import annotations

from afterview.planning.actions import Plan
from afterview.rules.model import Rule
from afterview.text import dates
from afterview.text.timing_in_words import timing_words


def explain_rule(plan: Plan, rule: Rule) -> str:
    lines = [f"{rule.id}: {rule.title} ({rule.kind})", f"  defined at {rule.origin.path}:{rule.origin.line}"]
    lines += ["", "Outcome:"] + [f"  {line}" for line in _outcome(plan, rule)]
    return "\n".join([*lines, "", *_field_origins(rule)])


def _outcome(plan: Plan, rule: Rule) -> list[str]:
    state = plan.state_of(rule.id)
    if state.action is not None:
        return [f"status: {state.action.status}", *state.action.explanation[1:]]
    if state.waiting is not None:
        waiting = state.waiting
        return [f"not dated yet: it applies {waiting.condition} (record a '{waiting.event}' event to date it)"]
    if state.name == "guidance":
        return ["guidance with no date: it is listed under 'Without a date'"]
    return ["does not apply to these facts:", *[f"  {why}" for why in state.why_not]]


def explain_rule_alone(plan: Plan, rule: Rule, sample: str) -> str:
    """``explain RULE`` without facts: the rule, its layers, its timing in words, and the sample interview's dates."""
    layers = dict.fromkeys(rule.origin_layers.values())
    lines = [f"{rule.id}: {rule.title} ({rule.kind})", f"  defined at {rule.origin.path}:{rule.origin.line}",
             f"  layers: {', '.join(layers)} (of {', '.join(layer.id for layer in plan.ruleset.layers)})"]
    lines += [f"  note: {notice}" for notice in plan.ruleset.notices]
    timing = timing_words(rule)
    lines += ["", "Timing:"] + ([f"  {label}: {words}" for label, words in timing] or ["  no date: general advice"])
    facts = plan.facts
    lines += ["", f"With the sample interview ({sample}): {dates.moment(facts.interview_start)} ({facts.tz.key}),"
                  f" planned {dates.moment(plan.now)}"]
    lines += [f"  {line}" for line in _outcome(plan, rule)]
    return "\n".join([*lines, "", *_field_origins(rule)])


def _field_origins(rule: Rule) -> list[str]:
    """Where each field's value was last set: file, line and layer."""
    width = max(len(key) for key in rule.origins)
    return ["Fields (where each value was last set):", *(
        f"  {key.ljust(width)}  {rule.origins[key].path}:{rule.origins[key].line}  [{rule.origin_layers[key]}]"
        for key in sorted(rule.origins))]

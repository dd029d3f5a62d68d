"""How two layerings of rulesets differ: field by field, and in the dates they give for the same interviews."""

from __future__ import annotations

from typing import Any

from afterview.planning.actions import Plan
from afterview.rules.model import Rule, Ruleset
from afterview.rules.vocabulary import Kind
from afterview.text import dates
from afterview.text.timing_in_words import point_words

Change = tuple[str, str, str]  # (what, left, right)


def field_changes(left: Ruleset, right: Ruleset) -> list[Change]:
    """Each rule field and calendar setting whose value differs, in rule order; new and removed rules too."""
    changes: list[Change] = []
    for attr in ("country", "timezone", "weekend", "closed"):
        before, after = getattr(left.calendar, attr), getattr(right.calendar, attr)
        if before != after:
            changes.append((f"calendar.{attr}", _short(before), _short(after)))
    ids = list(dict.fromkeys([r.id for r in left.rules] + [r.id for r in right.rules]))
    for rule_id in ids:
        changes += _rule_changes(rule_id, left.rule(rule_id), right.rule(rule_id))
    return changes


def _rule_changes(rule_id: str, left: Rule | None, right: Rule | None) -> list[Change]:
    if left is None or right is None:
        present = left or right
        assert present is not None
        words = f"{present.title} ({present.kind})"
        return [(rule_id, "—", words) if left is None else (rule_id, words, "— (removed)")]
    changes = []
    for key in dict.fromkeys([*left.raw, *right.raw]):
        if key in ("id", "timing") or left.raw.get(key) == right.raw.get(key):
            continue
        changes.append((f"{rule_id}.{key}", _short(left.raw.get(key)), _where(right, key, _short(right.raw.get(key)))))
    for name in ("opens", "due", "closes", "at", "roll"):
        before, after = _timing_part(left, name), _timing_part(right, name)
        if before != after:
            changes.append((f"{rule_id}.timing.{name}", before, _where(right, f"timing.{name}", after)))
    return changes


def _timing_part(rule: Rule, name: str) -> str:
    timing = rule.timing
    if timing is None:
        return "—"
    if name in timing.points:
        return point_words(timing.points[name])
    if name == "at":
        return f"{timing.at:%H:%M}" if timing.at else "—"
    return str((rule.raw.get("timing") or {}).get(name, "—")) if name == "roll" else "—"


def _where(rule: Rule, key: str, words: str) -> str:
    origin = rule.origins.get(key)
    return f"{words}  ({origin.path}:{origin.line})" if origin and origin.line else words


def _short(value: Any, width: int = 70) -> str:
    if value is None:
        return "—"
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        value = ", ".join(map(str, value))
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def date_changes(left: Plan, right: Plan) -> list[Change]:
    """(rule, left outcome, right outcome) for each rule whose status or dates differ between two plans."""
    ids = list(dict.fromkeys([r.id for r in left.ruleset.rules] + [r.id for r in right.ruleset.rules]))
    return [(rule_id, a, b) for rule_id in ids
            if (a := outcome(left, rule_id)) != (b := outcome(right, rule_id))]


def outcome(plan: Plan, rule_id: str) -> str:
    """A rule's result in a plan, in a few words: 'due Wed 25 Nov 2026 09:00 (upcoming)'."""
    state = plan.state_of(rule_id)
    action = state.action
    if action is not None:
        if action.kind == Kind.QUIET:
            until = dates.moment(action.closes) if action.closes else "?"
            return f"quiet until {until} ({action.status})"
        opens = f"opens {dates.moment(action.opens)}, " if action.opens else ""
        return f"{opens}due {dates.moment(action.due)} ({action.status})"
    if state.name == "guidance":
        return "guidance, no date"
    if state.name == "conditional":
        return "waits on an event"
    return "does not apply" if plan.ruleset.rule(rule_id) else "not in this layering"

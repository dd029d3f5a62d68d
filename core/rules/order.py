"""The order rules are evaluated in: each rule after every rule its timing anchors on.

Computed once when a ruleset compiles (Kahn's algorithm, no recursion), so
the planner walks a plain list and a chain of any length plans without deep
calls. Ties keep the ruleset's own order, so the result is the same in any
evaluator that follows these steps.
"""

from __future__ import annotations

from collections.abc import Sequence

from afterview.errors import Problem, RulesetError, did_you_mean
from afterview.rules.model import Rule


def rule_refs(rule: Rule) -> list[tuple[str, str]]:
    """(point name, referenced rule id) for every rule.<id>.<x> anchor in the rule's timing."""
    if rule.timing is None:
        return []
    points = rule.timing.points.items()
    return [(name, a.rule) for name, p in points for a in p.anchors() if a.rule is not None]


def check_references(rules: list[Rule], known: set[str]) -> list[Problem]:
    """Unknown rule anchors; rules that failed to compile are known but not checked."""
    problems = []
    for rule in rules:
        for name, ref in rule_refs(rule):
            if ref not in known:
                problems.append(Problem(rule.origins.get(f"timing.{name}", rule.origin),
                                        f"rule '{rule.id}': timing.{name} refers to unknown rule '{ref}'"
                                        f"{did_you_mean(ref, known)}",
                                        "anchor on a rule of this ruleset, rule.ID.opens|due|closes"
                                        " ('afterview rules' lists the ids)"))
    return problems


def evaluation_order(rules: list[Rule]) -> tuple[tuple[int, ...], list[Problem]]:
    """Rule indices, dependencies first; or a problem naming a cycle."""
    index = {r.id: i for i, r in enumerate(rules)}
    needs = [sorted({index[ref] for _, ref in rule_refs(r) if ref in index}) for r in rules]
    users: list[list[int]] = [[] for _ in rules]
    for i, deps in enumerate(needs):
        for d in deps:
            users[d].append(i)
    waiting = [len(deps) for deps in needs]
    ready = [i for i, n in enumerate(waiting) if n == 0]
    order: list[int] = []
    while ready:
        ready.sort(reverse=True)  # smallest index first: ties keep the file order
        i = ready.pop()
        order.append(i)
        for u in users[i]:
            waiting[u] -= 1
            if waiting[u] == 0:
                ready.append(u)
    if len(order) == len(rules):
        return tuple(order), []
    return (), [_cycle_problem(rules, needs, {i for i, n in enumerate(waiting) if n})]


def _cycle_problem(rules: list[Rule], needs: list[list[int]], stuck: set[int]) -> Problem:
    """Walk dependencies among the stuck rules until one repeats: that loop is a cycle."""
    here, path = min(stuck), list[int]()
    seen: dict[int, int] = {}
    while here not in seen:
        seen[here] = len(path)
        path.append(here)
        here = next(d for d in needs[here] if d in stuck)
    loop = [*path[seen[here]:], here]
    names = [rules[i].id for i in loop]
    last = rules[loop[-2]]
    return Problem(last.origins.get("timing", last.origin),
                   f"rule '{last.id}': timing refers to itself through other rules: {' → '.join(names)}",
                   "anchor one of these rules on the interview, the decision date or an event instead")


def fits(order: Sequence[int], rules: list[Rule]) -> bool:
    """Is ``order`` an evaluation order of ``rules``: each once, each after the rules its timing anchors on?
    (A ruleset's rules may have changed since its order was computed.)"""
    if sorted(order) != list(range(len(rules))):
        return False
    place = {rules[i].id: n for n, i in enumerate(order)}
    # An anchor on a rule no longer there does not fit: the caller then orders afresh, and ``require_anchors``
    # names it.
    return all(ref in place and place[ref] < n for n, i in enumerate(order) for _, ref in rule_refs(rules[i]))


def require_anchors(rules: list[Rule]) -> None:
    """Raise a RulesetError naming each rule whose timing anchors on a rule the list no longer holds (a ruleset
    given a new ``rules`` list, or replaced by ``dataclasses.replace``, after it loaded)."""
    problems = check_references(rules, {rule.id for rule in rules})
    if problems:
        hint = "keep the rule it anchors on, or change or drop the rules that anchor on it"
        raise RulesetError(problems=[Problem(p.location, p.message, hint) for p in problems])

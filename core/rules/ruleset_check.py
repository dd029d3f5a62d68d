"""Every problem in one ruleset or overlay, stage by stage; each stage runs on what the last left usable.

Stages: the schema and the templates (on the file alone), then its
``extends``, then merging it over its parents, then compiling rules
(references, events, fields, sources, timing and other invariants), then
the drafts' lengths with sample facts. A problem that only follows from an
earlier one (a reference to a rule that was left out) is not reported twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from afterview.errors import AfterviewError, Problem
from afterview.rules.documents import Document
from afterview.rules.model import Layer
from afterview.rules.problem_codes import named


def check_ruleset(app: Any, doc: Document, identity: str, *, checked: bool = False) -> tuple[list[Problem], Any]:
    """(every problem, the compiled ruleset or None) for a parsed ruleset file.

    ``checked``: the file already passed the schema and template checks (it came from the cache).
    """
    from afterview.rules.load import template_problem_paths
    from afterview.rules.schema import check_paths
    from afterview.rules.usable import usable_layer

    found = [] if checked else check_paths(doc, "ruleset") + template_problem_paths(doc)
    problems = [problem for _, problem in found]
    layer, dropped = usable_layer(doc, [path for path, _ in found])
    parents, parent_problems = _parents(layer, identity)
    problems += parent_problems
    complete = not parent_problems
    merged, merge_problems = _merge(parents, layer)
    problems += [named(p) for p in merge_problems if complete]
    if merged is None:
        return problems, None
    ruleset, compile_problems = _compile(app, merged)
    problems += [named(p) for p in compile_problems if _independent(p, dropped | merged.dropped, complete)]
    if ruleset is None and compile_problems:
        ruleset = _without_broken_rules(app, merged, compile_problems)
    return problems, ruleset


def _without_broken_rules(app: Any, merged: _Merged, problems: list[Problem]) -> Any:
    """The ruleset compiled without the rules that have problems, for the checks that need compiled rules
    (drafts' lengths); None if that still fails, e.g. because other rules' timing refers to them."""
    import re
    from dataclasses import replace

    found = [re.match(r"rule '([^']+)'", p.message) for p in problems]
    if not all(found):  # a problem with the ruleset as a whole
        return None
    broken = {m[1] for m in found if m}
    rules = {rule_id: rule for rule_id, rule in merged.merged.rules.items() if rule_id not in broken}
    ruleset, more = _compile(app, _Merged(replace(merged.merged, rules=rules), set()))
    return None if more else ruleset


def _parents(layer: Layer, identity: str) -> tuple[list[Layer], list[Problem]]:
    """The layers ``extends`` names, loaded one by one so that one bad name hides none of the others."""
    from afterview.rules.load import load_layers

    order: dict[str, Layer] = {}
    problems: list[Problem] = []
    folder = Path(layer.path).parent
    for i, ref in enumerate(layer.data.get("extends", [])):
        try:
            found = load_layers([ref], folder, referrers=[layer.location(("extends", i))],
                                stack=((identity, layer.path),))
        except AfterviewError as exc:
            problems += exc.problems
            continue
        for parent in found:
            order.setdefault(parent.path, parent)
    return list(order.values()), problems


@dataclass
class _Merged:
    """The merge result plus the ids of rules left out because they named no parent rule."""

    merged: Any
    dropped: set[str]


def _merge(parents: list[Layer], layer: Layer) -> tuple[_Merged | None, list[Problem]]:
    """Merge ``layer`` over its parents; if that fails, again without its changes to rules no parent has."""
    from afterview.rules.merge import merge
    from afterview.rules.usable import usable_layer

    try:
        return _Merged(merge([*parents, layer]), set()), []
    except AfterviewError as exc:
        problems = exc.problems
    try:
        known = set(merge(parents).rules) if parents else set()
    except AfterviewError:  # a parent's own problems are reported when it is checked
        return None, problems
    bad: list[tuple[Any, ...]] = []
    for i, rule in enumerate(layer.data.get("rules", [])):
        if rule["id"] in known or ("title" in rule and "kind" in rule):
            known.add(rule["id"])
        else:
            bad.append(("rules", i))
    bad += [("remove", i) for i, rule_id in enumerate(layer.data.get("remove", [])) if rule_id not in known]
    trimmed, dropped = usable_layer(layer, bad)
    try:
        return _Merged(merge([*parents, trimmed]), dropped), problems
    except AfterviewError:
        return None, problems


def _compile(app: Any, merged: _Merged) -> tuple[Any, list[Problem]]:
    from afterview.facts.model import FIELDS
    from afterview.rules.compile import build_ruleset

    try:
        return build_ruleset(merged.merged, FIELDS, app.condition_operators), []
    except AfterviewError as exc:
        return None, exc.problems


def _independent(problem: Problem, dropped: set[str], parents_complete: bool) -> bool:
    """False for a problem that only follows from a part left out earlier, or from a missing parent."""
    text = problem.message
    if not parents_complete and ("unknown rule" in text or "to change" in text or "to remove" in text):
        return False
    return not any(f"unknown rule '{name}'" in text or f"unknown source '{name}'" in text for name in dropped)

"""Stable codes for every kind of problem ``afterview validate`` reports (listed in docs/errors.md).

Stages that build their own problems set the code; problems raised while
merging and compiling rules are named here from their wording, so the
compiler stays free of reporting concerns.
"""

from __future__ import annotations

import re
from dataclasses import replace

from afterview.errors import Problem

CODES: dict[str, str] = {
    "file.unreadable": "the file cannot be read",
    "yaml.syntax": "the YAML is malformed or unsafe (bad syntax, duplicate key, tag, encoding, size)",
    "yaml.not-a-mapping": "the file's top level is not a mapping of keys to values",
    "schema.unknown-key": "a key the schema does not know, often a misspelling",
    "schema.missing-key": "a required key is missing",
    "schema.type": "a value of the wrong type (text, number, list, mapping)",
    "schema.enum": "a value that is not one of the allowed words",
    "schema.pattern": "a value in the wrong form: an id, a duration such as 5bd, a time such as 09:00",
    "schema.invalid": "any other schema problem (too short, out of range, ...)",
    "template.syntax": "a message template that Jinja2 cannot parse",
    "template.too-long": "a template that renders over its max_chars with sample facts",
    "template.failed": "a template that fails with sample facts, or does more work than the sandbox allows",
    "extends.unknown": "extends names a built-in ruleset that does not exist",
    "extends.unreadable": "extends names a file that cannot be read",
    "extends.cycle": "rulesets extend one another in a loop",
    "merge.unknown-rule": "an overlay changes or removes a rule that no parent defines",
    "rule.unknown-anchor": "timing refers to a rule that does not exist",
    "rule.anchor-cycle": "rules' timings refer to one another in a loop",
    "rule.unknown-event": "an event name that afterview does not know",
    "rule.unknown-field": "a when condition tests a field that facts do not have",
    "rule.unknown-operator": "a when condition uses an operator that does not exist",
    "rule.unknown-source": "a rule cites a source the ruleset does not list",
    "rule.condition": "any other problem in a when condition",
    "rule.timing": "timing that does not fit the rule's kind, or a malformed point",
    "rule.invalid": "any other problem the compiler finds in a rule or the ruleset",
    "facts.invalid": "a facts file whose values do not make sense together",
    "test.unknown-rule": "a test case expects a rule that the rulesets do not have",
    "test.invalid": "any other problem in a test file",
}

# Compiler and merge wording -> code; first match wins.
_WORDING = [
    (r"no rule '[^']*' to (change|remove)|new rule '[^']*' needs", "merge.unknown-rule"),
    (r"refers to unknown rule", "rule.unknown-anchor"),
    (r"refers to itself", "rule.anchor-cycle"),
    (r"unknown event", "rule.unknown-event"),
    (r"unknown field", "rule.unknown-field"),
    (r"unknown operator|unknown condition", "rule.unknown-operator"),
    (r"unknown source", "rule.unknown-source"),
    (r"\bwhen\b|condition", "rule.condition"),
    (r"timing|guidance has no date|a point needs|a fraction needs|needs timing", "rule.timing"),
]


def named(problem: Problem, default: str = "rule.invalid") -> Problem:
    """``problem`` with a code: its own, or one read from its wording."""
    if problem.code:
        return problem
    code = next((code for pattern, code in _WORDING if re.search(pattern, problem.message)), default)
    return replace(problem, code=code)


def codes_markdown() -> str:
    """The table of codes for docs/errors.md; a test keeps the two equal."""
    rows = "\n".join(f"| `{code}` | {meaning} |" for code, meaning in CODES.items())
    return f"| code | what it means |\n| --- | --- |\n{rows}\n"

"""The `when` language: structured tests over the facts, with no expressions and no eval.

A condition is a mapping with exactly one form:
``{field: F, <op>: V}`` with op in eq, ne, in, not_in, lt, lte, gt, gte, present;
``{event: TYPE}`` or ``{event: TYPE, present: false}``;
``{all: [...]}``, ``{any: [...]}`` or ``{not: {...}}``.
The same small set could be evaluated by a browser.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol


def is_in(value: Any, choices: Any) -> bool:
    """Named rather than a lambda, so the snapshot pickles it by reference (``afterview.snapshot``)."""
    return value in choices


def is_not_in(value: Any, choices: Any) -> bool:
    return value not in choices


OPERATORS: dict[str, tuple[str, Callable[[Any, Any], bool]]] = {
    "eq": ("is", operator.eq),
    "ne": ("is not", operator.ne),
    "in": ("is one of", is_in),
    "not_in": ("is not one of", is_not_in),
    "lt": ("<", operator.lt),
    "lte": ("<=", operator.le),
    "gt": (">", operator.gt),
    "gte": (">=", operator.ge),
}


class FactView(Protocol):
    def value(self, name: str) -> Any: ...
    def event(self, kind: str) -> Any: ...


class Condition:
    """Base: ``test`` says whether the facts match; ``trace`` says why, leaf by leaf."""

    def test(self, facts: FactView) -> bool:
        raise NotImplementedError

    def trace(self, facts: FactView) -> list[str]:
        raise NotImplementedError


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if value is None:
        return "unset"
    return str(value).lower() if isinstance(value, bool) else str(value)


Operator = tuple[str, Callable[[Any, Any], bool]]  # (words for explanations, test(actual, expected))


@dataclass(frozen=True)
class FieldTest(Condition):
    """A fact compared with a value by an operator, or ``present``: whether the fact is set."""

    field: str
    op: str  # an operator's name, or 'present'
    expected: Any
    operator: Operator | None = None

    def test(self, facts: FactView) -> bool:
        actual = facts.value(self.field)
        if self.op == "present":
            return (actual is not None) == bool(self.expected)
        if actual is None:
            return self.op in ("ne", "not_in")
        assert self.operator is not None
        try:
            return bool(self.operator[1](actual, self.expected))
        except (TypeError, ValueError):  # e.g. comparing text with a number: not a match, rather than a crash
            return False

    def describe(self) -> str:
        if self.op == "present":
            return f"{self.field} is {'set' if self.expected else 'not set'}"
        assert self.operator is not None
        return f"{self.field} {self.operator[0]} {_show(self.expected)}"

    def trace(self, facts: FactView) -> list[str]:
        mark = "matched" if self.test(facts) else "did not match"
        return [f"{self.describe()}: {mark} ({self.field} = {_show(facts.value(self.field))})"]


@dataclass(frozen=True)
class EventTest(Condition):
    """Whether an event of one type is recorded (``present``) or not."""

    event: str
    present: bool = True

    def test(self, facts: FactView) -> bool:
        return (facts.event(self.event) is not None) == self.present

    def trace(self, facts: FactView) -> list[str]:
        mark = "matched" if self.test(facts) else "did not match"
        return [f"{self.event} {'is' if self.present else 'is not'} recorded: {mark}"]


@dataclass(frozen=True)
class _Group(Condition):
    """Conditions combined: ``AllOf`` or ``AnyOf``."""

    parts: tuple[Condition, ...]

    def part_traces(self, facts: FactView) -> list[str]:
        return [line for p in self.parts for line in p.trace(facts)]


@dataclass(frozen=True)
class AllOf(_Group):
    """Every part matches."""

    def test(self, facts: FactView) -> bool:
        return all(p.test(facts) for p in self.parts)

    def trace(self, facts: FactView) -> list[str]:
        return self.part_traces(facts)


@dataclass(frozen=True)
class AnyOf(_Group):
    """At least one part matches."""

    def test(self, facts: FactView) -> bool:
        return any(p.test(facts) for p in self.parts)

    def trace(self, facts: FactView) -> list[str]:
        lines = self.part_traces(facts)
        return [f"any of ({'; '.join(lines)}): {'matched' if self.test(facts) else 'did not match'}"]


@dataclass(frozen=True)
class Not(Condition):
    """The part does not match."""

    part: Condition

    def test(self, facts: FactView) -> bool:
        return not self.part.test(facts)

    def trace(self, facts: FactView) -> list[str]:
        inner = "; ".join(self.part.trace(facts))
        return [f"not ({inner}): {'matched' if self.test(facts) else 'did not match'}"]


class ConditionProblem(Exception):
    """Internal: a malformed condition at ``path`` (relative to the condition)."""

    def __init__(self, path: tuple[Any, ...], message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.path, self.message, self.hint = path, message, hint


def compile_condition(raw: dict[str, Any], fields: Any, events: Any, path: tuple[Any, ...] = (),
                      operators: dict[str, Operator] = OPERATORS) -> Condition:
    """Build a Condition, checking field, event and operator names (plugins may add operators)."""
    from afterview.errors import did_you_mean

    forms = [k for k in ("all", "any", "not", "field", "event") if k in raw]
    if len(forms) != 1:
        raise ConditionProblem(path, "a condition needs exactly one of all, any, not, field or event",
                               "for example {field: industry, equals: tech} or {event: rejected}")
    form = forms[0]
    if form in ("all", "any"):
        parts = tuple(compile_condition(c, fields, events, (*path, form, i), operators)
                      for i, c in enumerate(raw[form]))
        return AllOf(parts) if form == "all" else AnyOf(parts)
    if form == "not":
        return Not(compile_condition(raw["not"], fields, events, (*path, "not"), operators))
    if form == "event":
        if raw["event"] not in events:
            name = raw["event"]
            raise ConditionProblem((*path, "event"), f"unknown event type '{name}'{did_you_mean(name, events)}",
                                   f"events: {', '.join(events)}")
        extra = set(raw) - {"event", "present"}
        if extra:
            raise ConditionProblem(path, f"an event test takes only 'present', not '{sorted(extra)[0]}'",
                                   "for example {event: rejected} or {event: rejected, present: false}")
        return EventTest(raw["event"], raw.get("present", True))
    if raw["field"] not in fields:
        raise ConditionProblem((*path, "field"), f"unknown field '{raw['field']}'{did_you_mean(raw['field'], fields)}",
                               f"fields: {', '.join(fields)}")
    ops = [k for k in raw if k != "field"]
    known = [*operators, "present"]
    if len(ops) != 1:
        raise ConditionProblem(path, f"a field test needs exactly one operator: {', '.join(known)}",
                               "for example {field: industry, equals: tech}")
    op = ops[0]
    if op not in known:
        raise ConditionProblem((*path, op), f"unknown operator '{op}'{did_you_mean(op, known)}",
                               f"operators: {', '.join(known)}")
    return FieldTest(raw["field"], op, raw[op], operators.get(op))

"""The domain's words: kinds of rule, statuses of an action, and anchors parsed once when a ruleset compiles.

``Kind`` and ``Status`` are ``StrEnum``: they compare equal to their text, so
JSON output, templates and rulesets keep the plain words. An ``Anchor`` is
also its own text ("rule.follow-up.due"), with its parts read once.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """What a rule produces: a task to do, a moment to expect, a period to keep quiet, or undated guidance."""

    TASK = "task"
    MILESTONE = "milestone"
    QUIET = "quiet"
    GUIDANCE = "guidance"


class Status(StrEnum):
    """Where an action stands at ``now``."""

    UPCOMING = "upcoming"
    OPEN = "open"
    OVERDUE = "overdue"
    DONE = "done"
    SKIPPED = "skipped"
    LAPSED = "lapsed"  # a task tied to its moment (timing.lapses) past its window: never overdue
    PASSED = "passed"  # a milestone whose moment has come and gone: nothing to do, never overdue


PENDING = frozenset({Status.UPCOMING, Status.OPEN, Status.OVERDUE})


class Source(StrEnum):
    """What an anchor reads: a fact of the interview, a recorded event, or another rule's point."""

    INTERVIEW_START = "interview.start"
    INTERVIEW_END = "interview.end"
    DECISION_BY = "decision.by"
    EVENT = "event"
    RULE = "rule"


class Anchor(str):
    """An anchor's text with its parts: ``source``, and for events the ``event``, for rules ``rule`` and ``point``."""

    source: Source
    event: str | None
    rule: str | None
    point: str | None  # opens, due or closes

    def __new__(cls, text: str) -> Anchor:
        self = super().__new__(cls, text)
        head, _, rest = text.partition(".")
        self.event = self.rule = self.point = None
        if head == "event":
            self.source, self.event = Source.EVENT, rest
        elif head == "rule":
            self.source = Source.RULE
            self.rule, _, self.point = rest.rpartition(".")
        else:
            self.source = Source(text)  # the schema's pattern allows nothing else
        return self

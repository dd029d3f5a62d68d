"""What planning produces: dated actions, undated guidance, and guidance that waits on an event."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING

from afterview.rules.vocabulary import Kind, Status

if TYPE_CHECKING:
    from afterview.facts.model import Event, Facts
    from afterview.rules.lifecycle import Stage
    from afterview.rules.model import Rule, Ruleset
    from afterview.text.drafts import Draft, DraftRenderer


@dataclass
class _FromRule:
    """What an action and a piece of guidance both read from their rule and facts."""

    rule: Rule
    facts: Facts
    # The host's template sandbox, set after planning; None renders with no plugin filters.
    renderer: DraftRenderer | None = field(default=None, kw_only=True, repr=False, compare=False)

    @property
    def rule_id(self) -> str:
        return self.rule.id

    @property
    def title(self) -> str:
        return self.rule.title

    @property
    def kind(self) -> Kind:
        return self.rule.kind

    @property
    def source(self) -> str:
        """The rule's ``path:line``."""
        return f"{self.rule.origin.path}:{self.rule.origin.line}"

    @property
    def body(self) -> str:
        """The advice, in Markdown."""
        return self.rule.body

    @cached_property
    def drafts(self) -> list[Draft]:
        """Message drafts rendered with the facts (Jinja2 is imported on first use)."""
        from afterview.text.drafts import PLAIN

        return (self.renderer or PLAIN).render_drafts(self.rule, self.facts)

    @property
    def summary(self) -> str:
        """The rule's one-line summary template rendered with the facts (calendar titles), else its title."""
        from afterview.text.drafts import PLAIN

        if not self.rule.summary:
            return self.title
        where = self.rule.origins.get("summary", self.rule.origin)
        what = f"rule '{self.rule.id}': summary"
        return (self.renderer or PLAIN).render_text(self.rule.summary, self.facts, where=where, what=what)


@dataclass
class Action(_FromRule):
    """A dated step. ``explanation`` says where the rule came from, what matched and how dates were computed."""

    due: datetime
    status: Status
    opens: datetime | None = None
    closes: datetime | None = None
    explain: Callable[[], list[str]] = field(default=list, repr=False, compare=False)

    @cached_property
    def explanation(self) -> list[str]:
        """Lines saying where the rule came from, what matched and how each date was computed.

        Built on first use (planning is hot; most plans are never explained).
        A ``prepare_plan`` plugin may assign a new list.
        """
        return self.explain()

    @property
    def sort_moment(self) -> datetime:
        """Where the action sits in a timeline: a quiet period from when it starts, anything else when due."""
        return self.opens if self.kind == Kind.QUIET and self.opens else self.due


@dataclass
class Guidance(_FromRule):
    """Advice with no date, or advice that waits on an event (``condition`` says which)."""

    condition: str | None = None  # e.g. "if you are rejected"
    event: str | None = None


@dataclass
class Plan:
    """The result of ``plan(ruleset, facts, now)``."""

    ruleset: Ruleset
    facts: Facts
    now: datetime
    actions: list[Action] = field(default_factory=list)
    guidance: list[Guidance] = field(default_factory=list)
    conditional: list[Guidance] = field(default_factory=list)
    not_applicable: dict[str, list[str]] = field(default_factory=dict)  # rule id -> why not
    stage: Stage | None = None  # where the application stands in the ruleset's lifecycle
    stage_event: Event | None = None  # the event that moved it there
    round: int | None = None  # the interview round the actions are for
    earlier: list[Action] = field(default_factory=list)  # earlier rounds' actions, each done or skipped
    notes: list[str] = field(default_factory=list)  # said once in the plan's header (defaults used, overlays missing)

    def action(self, rule_id: str) -> Action | None:
        return next((a for a in self.actions if a.rule.id == rule_id), None)

    def state_of(self, rule_id: str) -> RuleState:
        """Where one rule stands in this plan (a rule is in at most one of the lists)."""
        action = self.action(rule_id)
        if action is not None:
            return RuleState(action.status, action=action)
        if any(g.rule_id == rule_id for g in self.guidance):
            return RuleState("guidance")
        waiting = next((g for g in self.conditional if g.rule_id == rule_id), None)
        if waiting is not None:
            return RuleState("conditional", waiting=waiting)
        return RuleState("absent", why_not=tuple(self.not_applicable.get(rule_id, ())))


@dataclass(frozen=True)
class RuleState:
    """One rule in a plan: dated (its action's status), ``guidance``, ``conditional`` (waiting) or ``absent``."""

    name: str
    action: Action | None = None
    waiting: Guidance | None = None  # conditional: the guidance, with the event it waits on
    why_not: tuple[str, ...] = ()  # absent: why the rule does not apply to these facts

"""The ``json`` format: ``{"version": 1, "plans": [...]}`` for one plan or many, as ``afterview schema plan`` says."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from afterview import Action, Afterview, Guidance, OutputFormat, Plan, RenderOptions, hookimpl

# The envelope's version: bumped only when a key changes meaning or goes away.
VERSION = 1


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def action_json(action: Action, drafts: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": action.rule.id, "title": action.title, "kind": action.kind,
        "opens": _iso(action.opens), "due": _iso(action.due), "closes": _iso(action.closes),
        "status": action.status, "source": action.source, "explanation": action.explanation,
        "priority": action.rule.priority, "tags": list(action.rule.tags), "sources": list(action.rule.sources),
        "body": action.body, "why": action.rule.why,
    }
    if drafts:  # rendering drafts needs Jinja2, which a cold run otherwise never imports
        data["drafts"] = [_draft(d) for d in action.drafts]
    return data


def guidance_json(item: Guidance, drafts: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rule": item.rule.id, "title": item.title, "kind": item.rule.kind, "condition": item.condition,
        "event": item.event, "source": item.source,
        "body": item.body, "why": item.rule.why,
    }
    if drafts:
        data["drafts"] = [_draft(d) for d in item.drafts]
    return data


def _draft(draft: Any) -> dict[str, Any]:
    return {"id": draft.id, "title": draft.title, "channel": draft.channel, "subject": draft.subject,
            "text": draft.text, "max_chars": draft.max_chars, "chars": len(draft.text), "over_limit": draft.over_limit}


def plan_json(plan: Plan, drafts: bool = False) -> dict[str, Any]:
    facts = plan.facts
    return {
        "ruleset": plan.ruleset.id,
        "layers": [layer.id for layer in plan.ruleset.layers],
        "notices": list(plan.ruleset.notices),
        "now": _iso(plan.now),
        **({"stage": _stage(plan)} if plan.stage else {}),
        "notes": list(plan.notes),
        "application": {
            "company": facts.company, "role": facts.role, "industry": facts.industry,
            "country": facts.country + (f"-{facts.subdivision}" if facts.subdivision else ""),
            "timezone": facts.tz.key, "interview_start": _iso(facts.interview_start),
            "interview_end": _iso(facts.interview_end),
            "decision_by": facts.decision_by.isoformat() if facts.decision_by else None,
        },
        "actions": [action_json(a, drafts) for a in plan.actions],
        **({"earlier": [action_json(a, False) for a in plan.earlier]} if plan.earlier else {}),
        "guidance": [guidance_json(g, drafts) for g in [*plan.guidance, *plan.conditional]],
    }


def _stage(plan: Plan) -> dict[str, Any]:
    stage, event = plan.stage, plan.stage_event
    assert stage is not None
    return {"id": stage.id, "title": stage.title, "terminal": stage.terminal,
            "event": event.type if event else None, "at": _iso(event.at) if event else None, "round": plan.round}


def render(plans: list[Plan], app: Afterview, options: RenderOptions) -> str:
    drafts = options.drafts
    data = {"version": VERSION, "plans": [plan_json(p, drafts) for p in plans]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@hookimpl
def register_output_formats(app: Afterview) -> list[OutputFormat]:
    return [OutputFormat("json", render, "machine-readable plan (see 'afterview schema plan')", ".json", recognizes)]


def recognizes(head: bytes) -> bool:
    """The envelope as written here: ``{"version": N, "plans": [`` on its first lines."""
    return re.match(rb'\{\n  "version": \d+,\n  "plans": \[', head) is not None

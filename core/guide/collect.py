"""Gather a guide's pages from the rulesets, the authored content and plugins."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from afterview.guide.content import read_pages
from afterview.guide.front_matter import FrontMatter
from afterview.guide.model import Page, Site
from afterview.guide.svg import timeline
from afterview.rules.locate import builtin_names
from afterview.rules.model import Rule, Ruleset
from afterview.rules.vocabulary import Kind
from afterview.text.markdown_text import unwrap
from afterview.text.timing_in_words import timing_words

# A typical interview for the pictures and samples: the guide must not depend on today's date.
SAMPLE_FACTS: dict[str, Any] = {
    "company": "Acme", "role": "Data Engineer", "country": "US", "timezone": "America/New_York",
    "candidate": {"name": "Sam Taylor"},
    "interview": {"start": "2026-11-17T14:00",
                  "interviewers": [{"name": "Jane Doe", "title": "Head of Data", "topics": ["data pipelines"]}]},
}
SAMPLE_NOW = datetime(2026, 11, 17, 9, 0, tzinfo=ZoneInfo("America/New_York"))
KIND_LABELS = {Kind.TASK: "Task", Kind.MILESTONE: "Milestone", Kind.QUIET: "Quiet period", Kind.GUIDANCE: "Guidance"}


@dataclass
class GuideOptions:
    rulesets: list[str]
    content: Path | None = None
    theme: Path | None = None
    base_url: str | None = None
    developer_docs: bool = False


def sample_plan(app: Any, ruleset: Ruleset, **overrides: Any) -> Any:
    """The sample interview planned with ``ruleset``.

    The facts are our own constant (a test holds them to the facts schema), so they skip the JSON Schema check,
    whose import alone is some 40 ms of a build, and use the host's holiday store, which the CLI caches on disk.
    """
    from afterview.facts.model import build_facts
    from afterview.rules.documents import Document

    facts = build_facts(Document("sample facts", {**SAMPLE_FACTS, **overrides}),
                        default_country=ruleset.calendar.country, holidays=app.holidays)
    return app.plan(ruleset, facts, SAMPLE_NOW)


def collect(app: Any, options: GuideOptions,
            content: Callable[[FrontMatter], list[Page]] | None = None) -> tuple[Site, dict[str, Ruleset]]:
    """The site's pages (and the overlays' merged rulesets, for the calendars).

    ``content`` gives the authored pages (content_reader.py reads them in another process meanwhile);
    by default they are read here.
    """
    base = app.load_ruleset(options.rulesets)
    overlays = _overlays(app, options.rulesets)
    site = Site(base_url=options.base_url)
    plan = sample_plan(app, base)
    start = plan.facts.interview_end
    site.add(Page("index.html", "What to do after a job interview", "home.html",
                  {"ruleset": base, "plan": plan, "picture": timeline(plan.actions, start)},
                  order=0, search_text=base.description or ""))
    for i, rule in enumerate(base.rules):
        site.add(_rule_page(app, rule, base, plan, start, order=i))
    for i, (name, merged) in enumerate(overlays.items()):
        site.add(Page(f"overlays/{name}/index.html", merged.title, "overlay.html",
                      {"overlay": merged, "changes": _changes(base, merged), "layer": merged.layers[-1]},
                      section="Industries and countries", order=i, search_text=merged.description or ""))
    drafts = [(rule, app.drafts.render_drafts(rule, plan.facts)) for rule in base.rules if rule.templates]
    site.add(Page("templates/index.html", "Message templates", "templates.html", {"drafts": drafts},
                  section="Reference", order=1, search_text="thank-you email LinkedIn note follow-up call script"))
    from afterview.guide.planner_data import planner_context

    # After the drafts have rendered, so a template that fails says so before the planner's subset check.
    planner, planner_data = planner_context(app, options.rulesets, base, overlays)
    site.files.append(planner_data)
    site.add(Page("planner/index.html", "Plan my follow-up", "planner.html", planner, order=1,
                  search_text="plan my follow-up dates calendar drafts planner your own interview",
                  description="Your own follow-up dates after a job interview, with the reason for each, drafts "
                              "and a calendar file, worked out in your browser: nothing is sent anywhere."))
    site.add(Page("lifecycle/index.html", "From interview to outcome", "lifecycle.html", _lifecycle(base),
                  section="Reference", order=0, search_text="lifecycle stages events rejected offer withdrawn round"))
    site.add(Page("sources/index.html", "Sources", "sources.html", {"sources": _sources(base, overlays)},
                  section="Reference", order=2, search_text="citations measured fact survey advice rule"))
    site.add(Page("calendars/index.html", "Calendar downloads", "calendars.html",
                  {"calendars": ["default", *[n for n in overlays if n.startswith("industry-")]], "overlays": overlays},
                  section="Reference", order=3, search_text="ics calendar download Google Apple Outlook Thunderbird"))
    for page in _authored(options, content):
        site.add(page)
    if options.developer_docs:
        _developer_pages(site)
    site.add(Page("404.html", "Page not found", "404.html", in_nav=False))
    return site, overlays


def _lifecycle(ruleset: Ruleset) -> dict[str, Any]:
    """Each stage with the advice live in it, and each event with what it does."""
    from afterview.facts.events import EVENTS

    lifecycle = ruleset.lifecycle
    stages = [{"stage": stage, "initial": stage.id == lifecycle.initial,
               "rules": [r for r in ruleset.rules if r.phase in stage.phases and r.kind != Kind.GUIDANCE]}
              for stage in lifecycle.stages.values()]
    events = [{"effect": effect, "phrase": EVENTS.get(effect.event, ""),
               "stage": lifecycle.stages[effect.stage] if effect.stage else None,
               "after": [lifecycle.stages[s] for s in effect.after]}
              for effect in lifecycle.effects.values()]
    return {"stages": stages, "events": events}


def _developer_pages(site: Site) -> None:
    """The plugin author's guide and the hook reference generated from the hookspecs."""
    from afterview.guide.content import read_page
    from afterview.guide.render import builtin_site_dir
    from afterview.hook_docs import hook_reference

    folder = builtin_site_dir()
    site.add(read_page(folder / "developer" / "writing-plugins.md", folder))
    site.add(Page("developer/hooks/index.html", "Plugin hooks", "page.html", {"markdown": hook_reference()},
                  section="Developers", order=2))


def _authored(options: GuideOptions, content: Callable[[FrontMatter], list[Page]] | None) -> list[Page]:
    """The built-in pages, then the --content folder's, which adds pages: one of its pages at a built-in
    page's address (``about.md``) replaces that page. Their front matter is kept once, for both."""
    front = FrontMatter()
    builtin = read_pages(builtin_content_dir(), front=front)
    mine = content(front) if content is not None else read_pages(options.content, front=front)
    front.save()
    taken = {page.path for page in mine}
    return [page for page in builtin if page.path not in taken] + mine


def builtin_content_dir() -> Path:
    from afterview.guide.render import builtin_site_dir

    return builtin_site_dir() / "content"


def _overlays(app: Any, refs: list[str]) -> dict[str, Ruleset]:
    if refs != ["default"]:
        return {}
    return {name: app.load_ruleset(["default", name]) for name in builtin_names() if name != "default"}


def _rule_page(app: Any, rule: Rule, base: Ruleset, plan: Any, start: datetime, *, order: int) -> Page:
    state = plan.state_of(rule.id)
    action, waiting = state.action, state.waiting
    context = {
        "rule": rule, "kind": KIND_LABELS[rule.kind], "timing": timing_words(rule), "action": action,
        "condition": waiting.condition if waiting else None,
        "picture": timeline([action], start, labels=False) if action else None,
        "drafts": app.drafts.render_drafts(rule, plan.facts),
        "sources": base.cited(rule),
    }
    return Page(f"rules/{rule.id}/index.html", rule.title, "rule.html", context, section="Rules", order=order,
                search_text=f"{unwrap(rule.body)} {rule.why}")


def _changes(base: Ruleset, merged: Ruleset) -> list[dict[str, Any]]:
    """What the overlay changes, rule by rule, with both versions side by side."""
    before = {r.id: r for r in base.rules}
    changes = []
    for rule in merged.rules:
        old = before.get(rule.id)
        if old is None:
            changes.append({"rule": rule, "status": "added", "fields": [], "timing": timing_words(rule)})
            continue
        fields = [k for k in rule.raw if k != "id" and rule.raw.get(k) != old.raw.get(k)]
        if fields:
            changes.append({"rule": rule, "old": old, "status": "changed", "fields": fields,
                            "timing": timing_words(rule), "old_timing": timing_words(old)})
    kept = {r.id for r in merged.rules}
    changes += [{"rule": r, "status": "removed", "fields": []} for r in base.rules if r.id not in kept]
    return changes


def _sources(base: Ruleset, overlays: dict[str, Ruleset]) -> list[Any]:
    found = dict(base.sources)
    for merged in overlays.values():
        for key, source in merged.sources.items():
            found.setdefault(key, source)
    return sorted(found.values(), key=lambda s: (s.kind, s.title.lower()))

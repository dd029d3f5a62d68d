"""Calendar titles and message drafts, rendered once and then read back from the user cache.

Rendering them needs Jinja2, whose import and template compilation cost a
cold ``--format ics`` about 25 ms. What they say depends only on the rule's
templates, the facts they are rendered with (``afterview.text.drafts.context``),
the template filters' names and afterview's version; the calendar's texts are
cached under a hash of all of those, so re-writing an unchanged calendar (a
daily ``-o`` or subscription feed) never imports Jinja2.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from afterview import Action, __version__, _cache

KEEP = 20  # cached calendars' texts kept; older ones are removed when a new one is written
Words = tuple[str, list[tuple[str, str | None, str]]]  # (summary, [(draft heading, subject, text)])


def _key(action: Action) -> str:
    from afterview.text.drafts import context

    rule = action.rule
    filters = sorted(action.renderer.filters) if action.renderer is not None else []
    inputs = [__version__, filters, rule.title, rule.summary,
              [[t.id, t.title, t.subject, t.text] for t in rule.templates], context(action.facts)]
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()


def rendered(actions: list[Action]) -> list[Words]:
    """Each action's (summary, drafts), from the cache when this calendar's texts were rendered before."""
    digest = hashlib.sha256("\n".join(_key(a) for a in actions).encode()).hexdigest()[:32]
    name = f"ics-text-{digest}.json"
    cached = _cache.read_json(name)
    if isinstance(cached, list) and len(cached) == len(actions):
        try:
            return [(str(s), [(str(h), None if b is None else str(b), str(t)) for h, b, t in d]) for s, d in cached]
        except (TypeError, ValueError):
            pass
    words: list[Words] = [(a.summary, [(d.title or d.id, d.subject, d.text) for d in a.drafts]) for a in actions]
    _cache.write_json(name, words)
    _prune()
    return words


def _prune() -> None:
    folder = _cache.cache_dir()
    if folder is None:
        return
    try:
        found: list[Any] = sorted(folder.glob("ics-text-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in found[KEEP:]:
            old.unlink()
    except OSError:
        pass

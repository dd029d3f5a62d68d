"""Calendar titles and message drafts, rendered once and then read back from beside the calendar.

Rendering them needs Jinja2, whose import and template compilation cost a
cold ``--format ics`` about 25 ms. What they say depends only on the rule's
templates, the facts they are rendered with (``afterview.text.drafts.template_context``),
the template filters' names and afterview's version. They are kept in
``FILE.texts.json`` beside a calendar written with ``-o FILE``, under a hash of
all of those, so re-writing an unchanged calendar (a daily ``-o`` or a
subscription feed) never imports Jinja2. They hold what the calendar itself
holds, in the user's own folder: nothing personal goes to the shared cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from typing import Any

from afterview import Action, __version__

Words = tuple[str, list[tuple[str, str | None, str]]]  # (summary, [(draft heading, subject, text)])


def _key(action: Action) -> str:
    from afterview.text import template_context

    rule = action.rule
    filters = sorted(action.renderer.filters) if action.renderer is not None else []
    inputs = [__version__, filters, rule.title, rule.summary,
              [[t.id, t.title, t.subject, t.text] for t in rule.templates], template_context(action.facts)]
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()


def rendered(actions: list[Action], store: str | None = None) -> list[Words]:
    """Each action's (summary, drafts): from ``store`` when this calendar's texts were rendered before."""
    if store is None:
        return _render(actions)
    digest = hashlib.sha256("\n".join(_key(a) for a in actions).encode()).hexdigest()
    cached = _read(store)
    if cached is not None and cached.get("digest") == digest:
        words = _words(cached.get("texts"), len(actions))
        if words is not None:
            return words
    words = _render(actions)
    from afterview import AfterviewError, write_atomic

    with contextlib.suppress(AfterviewError):  # only a cache: the next run renders the texts again
        write_atomic(store, json.dumps({"digest": digest, "texts": words}, ensure_ascii=False, indent=0).encode())
    return words


def _render(actions: list[Action]) -> list[Words]:
    return [(a.summary, [(d.title or d.id, d.subject, _with_warning(d)) for d in a.drafts]) for a in actions]


def _with_warning(draft: Any) -> str:
    return f"{draft.text}\n\n(Warning: {draft.limit_warning}.)" if draft.limit_warning else draft.text


def _read(store: str) -> dict[str, object] | None:
    try:
        with open(store, "rb") as file:
            data = json.loads(file.read(4_000_000))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _words(texts: object, count: int) -> list[Words] | None:
    """The cached texts, if they are of the shape written here; a file edited by hand is ignored."""
    if not isinstance(texts, list) or len(texts) != count:
        return None
    try:
        return [(str(s), [(str(h), None if b is None else str(b), str(t)) for h, b, t in d]) for s, d in texts]
    except (TypeError, ValueError):
        return None

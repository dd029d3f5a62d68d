"""The built-in rulesets as they passed validation, shipped with the package.

Parsing and schema-checking the 14 built-in files (and importing PyYAML and
jsonschema to do it) is about 130 ms, which every command paid once per
machine and the guide paid on every build with an empty cache. The package
ships what validation made of each file instead, keyed by the file's content
digest (``load.content_digest``: its bytes, display path, schema and
afterview's version). A file whose digest differs, because someone edited a
built-in ruleset or the version changed, is validated as before, so the shipped
data can go stale but never wrong. ``tests/test_prebuilt.py`` fails when it is
stale; write it again with::

    python -m afterview.rules.prebuilt core/rules/builtin-rulesets.json
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

from afterview.rules.documents import Document

SHIPPED = Path(__file__).parent / "builtin-rulesets.json"


@cache
def _shipped() -> dict[str, Any]:
    try:
        found = json.loads(SHIPPED.read_bytes())
    except (OSError, ValueError):  # a checkout before it was first written, or a damaged install
        return {}
    return found if isinstance(found, dict) else {}


def document(display: str, digest: str) -> Document | None:
    """The validated document of the built-in file shown as ``display``, if its content digest is ``digest``."""
    entry = _shipped().get(display) if display.startswith("rulesets/") else None
    if not isinstance(entry, dict) or entry.get("digest") != digest:
        return None
    from afterview.rules.load import from_cache

    try:
        return from_cache(display, entry)
    except (KeyError, TypeError, ValueError, IndexError):
        return None


def build() -> dict[str, Any]:
    """What ``SHIPPED`` should hold: each built-in ruleset file, validated now, by display path."""
    from afterview.rules.load import content_digest, parsed_document, template_problems, to_cache
    from afterview.rules.locate import builtin_dir
    from afterview.rules.schema import check

    found = {}
    for path in sorted(builtin_dir().iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".yaml") or path.name.endswith(".test.yaml"):
            continue
        display, raw = f"rulesets/{path.name}", path.read_bytes()
        doc = parsed_document(display, raw)
        if check(doc, "ruleset") or template_problems(doc):
            raise SystemExit(f"{display} does not validate: run 'afterview validate {display}'")
        found[display] = {"digest": content_digest(display, raw, "ruleset"), **to_cache(doc)}
    return found


def text(found: dict[str, Any]) -> str:
    return json.dumps(found, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


if __name__ == "__main__":
    Path(sys.argv[1] if len(sys.argv) > 1 else SHIPPED).write_text(text(build()), encoding="utf-8")

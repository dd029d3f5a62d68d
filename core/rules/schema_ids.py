"""Where the JSON Schemas live on the web: their ``$id`` URLs, for editors' YAML language servers.

Published guide sites serve them under ``/schemas/``; their ``$id`` is then
resolved against the site's base URL. Without a site, the ``$id`` is a
stable default address.
"""

from __future__ import annotations

import json
from typing import Any

DEFAULT_BASE = "https://afterview.dev/"  # stable: editors and modelines may refer to it
SCHEMA_FILES = {"ruleset": "ruleset", "facts": "facts", "plan": "plan", "test": "ruleset-test"}


def schema_url(which: str, base: str | None = None) -> str:
    """The URL of one schema ('ruleset', 'facts', 'plan' or 'test') under ``base`` (a site's base URL)."""
    root = (base or DEFAULT_BASE).rstrip("/") + "/"
    return f"{root}schemas/{SCHEMA_FILES[which]}.schema.json"


def schema_document(which: str, base: str | None = None) -> str:
    """The schema's JSON text with its ``$id`` set for ``base``."""
    from afterview.rules.schema import load_schema

    schema: dict[str, Any] = load_schema(SCHEMA_FILES[which])
    schema["$id"] = schema_url(which, base)
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"

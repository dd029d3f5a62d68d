"""Sample interviews for commands that show a ruleset without a real application (explain, diff, new)."""

from __future__ import annotations

from typing import Any

SAMPLE_NOW = "2026-11-18T09:00"  # the morning after the sample interview
SAMPLE_TIMEZONE = "America/New_York"  # when the rulesets name none

_BASE: dict[str, Any] = {
    "company": "Northwind Analytics",
    "role": "Data Engineer",
    "candidate": {"name": "Sam Taylor"},
    "interview": {"start": "2026-11-17T14:00",
                  "interviewers": [{"name": "Alex Morgan", "email": "alex@northwind.example"}]},
}

# (label, facts) pairs: one with no decision date, one with a stated one.
SAMPLE_INTERVIEWS: list[tuple[str, dict[str, Any]]] = [
    ("no decision date stated", _BASE),
    ("decision promised by Tue 1 Dec", {**_BASE, "decision": {"by": "2026-12-01"}}),
]


def sample_facts_data(index: int = 0, **extra: Any) -> dict[str, Any]:
    """A copy of one sample interview's facts, with ``extra`` top-level values (industry, country, timezone)."""
    import copy

    data = copy.deepcopy(SAMPLE_INTERVIEWS[index][1])
    data.update({key: value for key, value in extra.items() if value is not None})
    return data

"""afterview-csv: `afterview plan --format csv`, one row per action, for spreadsheets."""

from __future__ import annotations

import csv
import io
from typing import Any

from afterview import OutputFormat, hookimpl

COLUMNS = ["company", "role", "rule", "title", "kind", "status", "opens", "due", "closes", "source"]


def _iso(moment: Any) -> str:
    return moment.isoformat(timespec="minutes") if moment else ""


def render(plans: list[Any], app: Any, options: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, what spreadsheets expect
    writer.writerow(COLUMNS)
    for plan in plans:
        for action in plan.actions:
            writer.writerow([plan.facts.company or "", plan.facts.role or "", action.rule_id, action.title, action.kind,
                             action.status, _iso(action.opens), _iso(action.due), _iso(action.closes), action.source])
    return out.getvalue()


def recognizes(head: bytes) -> bool:
    """A file this format wrote (its header row), which ``-o`` may therefore replace."""
    return head.startswith(",".join(COLUMNS).encode() + b"\r\n")


@hookimpl
def register_output_formats(app: Any) -> list[OutputFormat]:
    return [OutputFormat("csv", render, "one row per action, for spreadsheets", ".csv", recognizes)]

"""The usable part of a ruleset that failed its schema, so that later checks can still run on it.

A rule with a bad id, kind, timing or condition is left out whole; a bad
text field is blanked; a bad optional field is dropped. Positions are kept:
marks are renumbered when list items go, so later problems still point at
the right line.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from afterview.rules.documents import Document
from afterview.rules.model import Layer

DataPath = tuple[Any, ...]

_BLANKED = {"title": "?"}  # required for a new rule: keep the key, blank the value
_STRUCTURAL = {"id", "kind", "when"}  # without these a rule means nothing: leave it out
_TOP_REQUIRED = ("id", "title")


def usable_layer(doc: Document, bad: list[DataPath]) -> tuple[Layer, set[str]]:
    """(a layer without the parts at the ``bad`` paths, the ids of rules and sources left out)."""
    if not bad and isinstance(doc.data.get("id"), str) and isinstance(doc.data.get("title"), str):
        return Layer(doc.path, doc.data, doc.marks, doc.key_marks, id=doc.data["id"]), set()
    data = copy.deepcopy(doc.data)
    gone: set[DataPath] = set()  # list items to delete, as paths
    dropped: set[str] = set()
    for path in bad:
        _prune(data, path, gone, dropped)
    if not isinstance(data.get("id"), str):
        data["id"] = Path(doc.path).stem.removesuffix(".test")
    if not isinstance(data.get("title"), str):
        data["title"] = data["id"]
    marks, key_marks = _renumber(doc.marks, gone), _renumber(doc.key_marks, gone)
    for path in sorted(gone, key=lambda p: (len(p), p[-1]), reverse=True):
        del _at(data, path[:-1])[path[-1]]
    return Layer(doc.path, data, marks, key_marks, id=data["id"]), dropped


def _prune(data: dict[str, Any], path: DataPath, gone: set[DataPath], dropped: set[str]) -> None:
    if not path:
        return
    top = path[0]
    if len(path) == 1 or not isinstance(data.get(top), (list, dict)):
        if top not in _TOP_REQUIRED:
            data.pop(top, None)
        return
    if top in ("rules", "sources") and isinstance(path[1], int):
        _prune_item(data[top], top, path[1:], gone, dropped)
    elif isinstance(path[1], int):  # extends[i], remove[i]
        gone.add(path[:2])
    elif top == "calendar":
        data[top].pop(path[1], None)


def _prune_item(items: list[Any], top: str, path: DataPath, gone: set[DataPath], dropped: set[str]) -> None:
    index = path[0]
    item = items[index]
    field = path[1] if len(path) > 1 else None
    timing_at = path[1:3] == ("timing", "at") and isinstance(item, dict) and isinstance(item.get("timing"), dict)
    structural = field is None or field in _STRUCTURAL or (field == "timing" and not timing_at)
    if top == "rules" and isinstance(item, dict) and not structural:
        if timing_at:
            item["timing"].pop("at", None)
        elif field in _BLANKED and len(path) == 2:
            item[field] = _BLANKED[field]
        else:
            item.pop(field, None)
    else:
        gone.add((top, index))
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            dropped.add(item["id"])


def _at(data: Any, path: DataPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _renumber(marks: dict[DataPath, tuple[int, int]], gone: set[DataPath]) -> dict[DataPath, tuple[int, int]]:
    """Marks with deleted list items' marks removed and later siblings' indices moved down."""
    result = {}
    for path, mark in marks.items():
        new = _moved(path, gone)
        if new is not None:
            result[new] = mark
    return result


def _moved(path: DataPath, gone: set[DataPath]) -> DataPath | None:
    parts = list(path)
    for depth in range(len(path)):
        if not isinstance(path[depth], int):
            continue
        parent = path[:depth]
        if path[: depth + 1] in gone:
            return None
        parts[depth] = path[depth] - sum(1 for g in gone if len(g) == depth + 1 and g[:-1] == parent
                                         and g[-1] < path[depth])
    return tuple(parts)

"""A ruleset's settings and declared timing checks, each located in the file that set it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Any

from afterview.errors import Location, Problem, did_you_mean
from afterview.rules.merge import Merged
from afterview.rules.model import Check, Rule, Settings
from afterview.rules.vocabulary import Kind


def meta_where(merged: Merged, key: str) -> Callable[[tuple[Any, ...]], Location]:
    """A function locating a path under a top-level key, in the layer that set it."""

    def where(path: tuple[Any, ...]) -> Location:
        origin = merged.meta_origins.get(key) or merged.meta_origins.get(".".join(str(p) for p in path[:2]))
        if origin is None:
            return Location(merged.layers[-1].path if merged.layers else "ruleset")
        layer, _ = origin
        return layer.location(path)

    return where


def _hours(raw: list[str] | None) -> tuple[time, time] | None:
    return (time.fromisoformat(raw[0]), time.fromisoformat(raw[1])) if raw else None


def build_settings(merged: Merged, rules: dict[str, Rule]) -> tuple[Settings, tuple[Check, ...], list[Problem]]:
    raw = merged.meta.get("settings") or {}
    settings = Settings(raw.get("employer_contacts"), _hours(raw.get("working_hours")), _hours(raw.get("quiet_hours")))
    where = meta_where(merged, "checks")
    problems, checks = [], []
    for i, item in enumerate(merged.meta.get("checks") or []):
        for key in ("rule", "not_before", "no_contact_during"):
            ref = item.get(key)
            if ref is not None and ref not in rules:
                problems.append(Problem(where(("checks", i, key)), f"checks: unknown rule '{ref}'"
                                        f"{did_you_mean(ref, rules)}"))
        if item.get("no_contact_during") and rules.get(item["no_contact_during"]) is not None \
                and rules[item["no_contact_during"]].kind != Kind.QUIET:
            problems.append(Problem(where(("checks", i, "no_contact_during")),
                                    f"checks: '{item['no_contact_during']}' is not a quiet period"))
        checks.append(Check(where(("checks", i)), item.get("rule"), item.get("not_before"),
                            item.get("no_contact_during")))
    return settings, tuple(checks), problems

"""Merge ruleset layers: later layers change rules field by field, remove them, or add new ones.

Each merged field remembers the layer and position that set it, so
``afterview explain`` can say which file and line a value came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from afterview.errors import Location, Problem, RulesetError, did_you_mean
from afterview.rules.model import Layer

Origin = tuple[Layer, tuple[Any, ...]]


@dataclass
class MergingRule:
    data: dict[str, Any]
    origins: dict[str, Origin] = field(default_factory=dict)

    def location(self, key: str = "id") -> Location:
        layer, path = self.origins.get(key) or self.origins["id"]
        return layer.location(path)


@dataclass
class Merged:
    meta: dict[str, Any]
    calendar: dict[str, Any]
    calendar_origins: dict[str, Origin]
    sources: dict[str, tuple[dict[str, Any], Origin]]
    rules: dict[str, MergingRule]
    layers: list[Layer]
    meta_origins: dict[str, Origin] = field(default_factory=dict)


def merge(layers: list[Layer]) -> Merged:
    """Apply layers in order; raise RulesetError listing every bad reference."""
    layers = by_precedence(layers)
    merged = Merged({}, {}, {}, {}, {}, layers)
    problems: list[Problem] = []
    for layer in layers:
        data = layer.data
        problems.extend(_duplicates(layer, "rules", "rule") + _duplicates(layer, "sources", "source"))
        for key in ("id", "title", "version", "description", "notes", "lifecycle", "settings", "checks"):
            if key == "settings" and key in data:  # settings merge one by one, like calendar fields
                merged.meta.setdefault(key, {}).update(data[key])
                merged.meta_origins.update({f"settings.{k}": (layer, (key, k)) for k in data[key]})
            elif key in data:
                merged.meta[key] = data[key]
                merged.meta_origins[key] = (layer, (key,))
        for key, value in (data.get("calendar") or {}).items():
            merged.calendar[key] = value
            merged.calendar_origins[key] = (layer, ("calendar", key))
        for i, source in enumerate(data.get("sources", [])):
            merged.sources[source["id"]] = (source, (layer, ("sources", i)))
        for i, rule_id in enumerate(data.get("remove", [])):
            if merged.rules.pop(rule_id, None) is None:
                problems.append(Problem(layer.location(("remove", i)),
                                        f"remove: no rule '{rule_id}' to remove{did_you_mean(rule_id, merged.rules)}"))
        for i, rule in enumerate(data.get("rules", [])):
            problem = _apply_rule(merged.rules, rule, layer, ("rules", i))
            if problem:
                problems.append(problem)
    if problems:
        raise RulesetError(problems=problems)
    return merged


def by_precedence(layers: list[Layer]) -> list[Layer]:
    """Move a layer whose figures come from other countries before the country layer it would override.

    An industry overlay measured in the US (``figures_from: [US]``) merged
    with the India overlay goes before it, so India's own figures win; with
    the US overlay, or one that names no country, it stays where it is.
    """
    ordered = list(layers)
    for layer in layers:
        origin = layer.data.get("figures_from")
        if not origin:
            continue
        here = ordered.index(layer)
        country = next((i for i, other in enumerate(ordered[:here]) if _country_of(other) not in (None, *origin)),
                       None)
        if country is not None:
            ordered.insert(country, ordered.pop(here))
    return ordered


def _country_of(layer: Layer) -> str | None:
    """The country a country overlay is for: it sets calendar.country and extends another ruleset."""
    country = (layer.data.get("calendar") or {}).get("country")
    return country if country and layer.data.get("extends") else None


def _apply_rule(rules: dict[str, MergingRule], rule: dict[str, Any], layer: Layer,
                path: tuple[Any, ...]) -> Problem | None:
    rule_id = rule["id"]
    draft = rules.get(rule_id)
    if draft is None:
        if "title" not in rule or "kind" not in rule:
            close = did_you_mean(rule_id, rules)
            if close or rules:
                return Problem(layer.location((*path, "id")), f"rules: no rule '{rule_id}' to change{close}",
                               "to add a new rule, give it a title and a kind")
            return Problem(layer.location(path), f"rules: new rule '{rule_id}' needs a title and a kind")
        rules[rule_id] = draft = MergingRule({})
    for key, value in rule.items():
        if key == "timing" and "timing" in draft.data:
            timing = dict(draft.data["timing"])
            for sub, sub_value in value.items():
                timing[sub] = sub_value
                draft.origins[f"timing.{sub}"] = (layer, (*path, "timing", sub))
            draft.data["timing"] = timing
        elif key == "templates" and "templates" in draft.data:
            draft.data["templates"] = _merge_templates(draft, value, layer, path)
        else:
            draft.data[key] = value
            if key == "timing":
                for sub in value:
                    draft.origins[f"timing.{sub}"] = (layer, (*path, "timing", sub))
            if key == "templates":
                for j, t in enumerate(value):
                    draft.origins[f"templates.{t['id']}"] = (layer, (*path, "templates", j))
        draft.origins[key] = (layer, (*path, key)) if key != "id" else draft.origins.get("id", (layer, (*path, "id")))
    return None


def _merge_templates(draft: MergingRule, patch: list[dict[str, Any]], layer: Layer,
                     path: tuple[Any, ...]) -> list[dict[str, Any]]:
    by_id = {t["id"]: dict(t) for t in draft.data["templates"]}
    for j, template in enumerate(patch):
        by_id.setdefault(template["id"], {}).update(template)
        draft.origins[f"templates.{template['id']}"] = (layer, (*path, "templates", j))
    return list(by_id.values())


def _duplicates(layer: Layer, key: str, what: str) -> list[Problem]:
    """Two entries with one id in one file: later layers change rules, but one file says each once."""
    first: dict[str, int] = {}
    problems = []
    for i, item in enumerate(layer.data.get(key, [])):
        if item["id"] in first:
            line = layer.location((key, first[item["id"]], "id")).line
            problems.append(Problem(layer.location((key, i, "id")),
                                    f"{key}: duplicate {what} id '{item['id']}' (first on line {line})",
                                    "give it another id, or merge the two entries"))
        first.setdefault(item["id"], i)
    return problems

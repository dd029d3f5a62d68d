"""Validate a parsed YAML document against a shipped JSON Schema, in people's words.

jsonschema is imported here only, and only when a document is not already in
the validation cache: it costs ~100 ms to import.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from typing import Any

from afterview.errors import Problem, did_you_mean
from afterview.rules.documents import Document
from afterview.rules.offsets import suggest_offset

_TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "array": "a list", "object": "a mapping", "null": "null"}


@cache
def schema_text(name: str) -> str:
    """The text of a shipped schema: 'ruleset', 'facts' or 'plan'."""
    return (files("afterview.schemas") / f"{name}.schema.json").read_text(encoding="utf-8")


def load_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_text(name))
    return schema


def dotted(path: Iterable[Any]) -> str:
    """('rules', 2, 'timing') -> 'rules[2].timing'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def check(doc: Document, schema_name: str) -> list[Problem]:
    """Every schema problem in ``doc``, sorted by position."""
    return [problem for _, problem in check_paths(doc, schema_name)]


def check_paths(doc: Document, schema_name: str) -> list[tuple[tuple[Any, ...], Problem]]:
    """Every schema problem in ``doc`` with the data path it is about, sorted by position.

    An unknown key's path ends with the key; a missing key's path ends with it too.
    """
    from jsonschema.validators import validator_for

    schema = load_schema(schema_name)
    validator = validator_for(schema)(schema)
    found = [pair for error in validator.iter_errors(doc.data) for pair in _explain(error, doc, schema_name)]
    return sorted(found, key=lambda pair: _line_col(pair[1]))


def _line_col(problem: Problem) -> tuple[int, int]:
    where = problem.location
    return (where.line or 0, where.col or 0) if where else (0, 0)


def _explain(error: Any, doc: Document, schema_name: str) -> list[tuple[tuple[Any, ...], Problem]]:
    path = tuple(error.absolute_path)
    where = f"{dotted(path)}: " if path else ""
    value, kind = error.instance, error.validator
    if kind == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        allowed = [k for k in known if not k.startswith("$")]
        hint = f"keys allowed here: {', '.join(allowed)}" if allowed else _see(schema_name)
        return [
            ((*path, key), Problem(doc.location((*path, key), key=True),
                                   f"{where}unknown key '{key}'{did_you_mean(key, known)}", hint,
                                   code="schema.unknown-key"))
            for key in value
            if key not in known
        ]
    if kind == "required":
        missing = [k for k in error.validator_value if k not in value]
        return [((*path, k), Problem(doc.location(path, key=True), f"{where}missing required key '{k}'",
                                     _add_hint(k, error.schema, schema_name), code="schema.missing-key"))
                for k in missing]
    if kind == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        message = f"expected {' or '.join(_TYPE_NAMES[t] for t in wanted)}, got {_describe(value)}"
    elif kind == "enum":
        options = [str(o) for o in error.validator_value]
        message = f"'{value}' is not one of {', '.join(options)}{did_you_mean(value, options)}"
    elif kind == "pattern":
        message = _pattern_message(value, error.schema)
    elif kind in ("anyOf", "oneOf") and error.schema.get("description"):
        message = f"{_describe(value)} is not valid here: {error.schema['description']}"
    else:
        message = error.message
    code = f"schema.{kind}" if kind in ("type", "enum", "pattern") else "schema.invalid"
    return [(path, Problem(doc.location(path), where + message, _value_hint(error.schema, schema_name), code=code))]


# The ``afterview schema`` argument that prints each schema.
_SCHEMA_COMMAND = {"ruleset-test": "test"}


def _see(schema_name: str) -> str:
    return f"'afterview schema {_SCHEMA_COMMAND.get(schema_name, schema_name)}' describes every field"


def _example(value: Any) -> str:
    """An example as written in YAML; text YAML would read as a number or true/false is quoted."""
    if isinstance(value, str):
        plain = not value.replace(".", "", 1).lstrip("-+").isdigit() and value.lower() not in ("true", "false", "null")
        return value if plain else json.dumps(value)
    return json.dumps(value, ensure_ascii=False)


def _resolved(schema: dict[str, Any], schema_name: str) -> dict[str, Any]:
    """A sub-schema with its local ``$ref`` (direct, or the first of an ``allOf``) followed once."""
    ref = schema.get("$ref") or next((s["$ref"] for s in schema.get("allOf", []) if "$ref" in s), None)
    if isinstance(ref, str) and ref.startswith("#/definitions/"):
        target: dict[str, Any] = load_schema(schema_name).get("definitions", {}).get(ref.rsplit("/", 1)[1], {})
        return {**target, **{k: v for k, v in schema.items() if k not in ("$ref", "allOf")}}
    return schema


def _value_hint(schema: dict[str, Any], schema_name: str) -> str:
    """'for example: …' from the schema's own examples, else where to read about the field."""
    examples = _resolved(schema, schema_name).get("examples")
    return f"for example: {_example(examples[0])}" if examples else _see(schema_name)


def _add_hint(key: str, schema: dict[str, Any], schema_name: str) -> str:
    """How to add a missing key: its example from the schema, else where to read about it."""
    examples = _resolved(schema.get("properties", {}).get(key, {}), schema_name).get("examples")
    if examples:
        return f"add it, for example: {key}: {_example(examples[0])}"
    return f"add '{key}'; {_see(schema_name)}"


def _pattern_message(value: str, schema: dict[str, Any]) -> str:
    description = schema.get("description", "")
    if "business days" in description:
        return f"'{value}' is not a duration{suggest_offset(value)}; use a number and h, d, w or bd, e.g. 5bd"
    if schema.get("pattern", "").startswith("^[a-z0-9]+"):
        return f"'{value}' is not a valid id: use lowercase letters, digits and single hyphens, e.g. follow-up"
    if "HH:MM" in description:
        return f"'{value}' is not a time of day: write it as HH:MM, e.g. 09:00"
    if description:
        return f"'{value}' is not valid here: {description}"
    return f"'{value}' does not match the pattern {schema.get('pattern')}"


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value}'"
    return "a list" if isinstance(value, list) else "a mapping"

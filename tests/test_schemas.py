"""The JSON Schemas serve editors: draft-07, URL ids, a description and an example for every field."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

NAMES = {"ruleset": "ruleset", "facts": "facts", "plan": "plan", "test": "ruleset-test"}


def fields(node: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, schema) of every property and definition, however deep."""
    if not isinstance(node, dict):
        return
    for key, child in node.get("properties", {}).items():
        yield f"{path}.{key}", child
        yield from fields(child, f"{path}.{key}")
    for key, child in node.get("definitions", {}).items():
        yield f"#{key}", child
        yield from fields(child, f"#{key}")
    if isinstance(node.get("items"), dict):
        yield from fields(node["items"], f"{path}[]")
    for key in ("anyOf", "oneOf", "allOf"):
        for i, child in enumerate(node.get(key, [])):
            yield from fields(child, f"{path}|{i}")


@pytest.mark.parametrize("which", list(NAMES))
def test_every_field_has_a_description_and_a_valid_example(afterview_cli: Any, which: str) -> None:
    from jsonschema import Draft7Validator

    schema = json.loads(afterview_cli("schema", which).out)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["$id"] == f"https://afterview.dev/schemas/{NAMES[which]}.schema.json"
    Draft7Validator.check_schema(schema)
    found = list(fields(schema, which))
    assert len(found) > 10
    for path, node in found:
        assert node.get("description") and node.get("examples"), path
        for example in node["examples"]:
            errors = list(Draft7Validator({**node, "definitions": schema.get("definitions", {})}).iter_errors(example))
            assert not errors, (path, example, errors[0].message)


def test_schema_write_puts_all_four_in_a_folder_with_ids_from_the_base_url(afterview_cli: Any, tmp_path: Path) -> None:
    result = afterview_cli("schema", "--write", str(tmp_path / "s"), "--base-url", "https://coach.example/guide/")
    assert result.code == 0
    written = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert written == ["facts.schema.json", "plan.schema.json", "ruleset-test.schema.json", "ruleset.schema.json"]
    test_schema = json.loads((tmp_path / "s" / "ruleset-test.schema.json").read_text())
    assert test_schema["$id"] == "https://coach.example/guide/schemas/ruleset-test.schema.json"


@pytest.mark.slow
def test_the_guide_site_publishes_the_schemas(afterview_cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = afterview_cli("site", "build", "-o", str(out), "--base-url", "https://coach.example/")
    assert result.code == 0, result.err
    ruleset = json.loads((out / "schemas" / "ruleset.schema.json").read_text())
    assert ruleset["$id"] == "https://coach.example/schemas/ruleset.schema.json"
    assert sorted(p.name for p in (out / "schemas").iterdir()) == [
        "facts.schema.json", "plan.schema.json", "ruleset-test.schema.json", "ruleset.schema.json"]

"""The built-in rulesets ship validated: used only for the exact bytes they were made from, and kept fresh."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from afterview.errors import RulesetError
from afterview.rules import prebuilt
from afterview.rules.load import content_digest, validated_document
from afterview.rules.locate import builtin_dir


def test_the_shipped_documents_are_what_validation_makes_of_the_files_now() -> None:
    shipped = prebuilt.SHIPPED.read_text(encoding="utf-8")
    assert shipped == prebuilt.text(prebuilt.build()), (
        "a built-in ruleset changed: run python -m afterview.rules.prebuilt core/rules/builtin-rulesets.json")
    names = sorted(p.name for p in builtin_dir().iterdir() if p.name.endswith(".yaml")
                   and not p.name.endswith(".test.yaml"))
    assert sorted(json.loads(shipped)) == [f"rulesets/{name}" for name in names]


def test_an_empty_cache_loads_the_built_ins_without_parsing_or_schema_checking(tmp_path: Path) -> None:
    code = """
import json, sys
from afterview import Afterview, get_plugin_manager
app = Afterview(get_plugin_manager(load_entrypoints=False))
ruleset = app.load_ruleset(["default", "country-us", "industry-tech"])
print(json.dumps([len(ruleset.rules), str(ruleset.rule("thank-you-note").origin), "yaml" in sys.modules,
                  "jsonschema" in sys.modules]))
"""
    env = {**os.environ, "AFTERVIEW_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    count, origin, yaml_loaded, jsonschema_loaded = json.loads(done.stdout)
    assert count > 20 and origin.startswith("rulesets/default.yaml:")
    assert (yaml_loaded, jsonschema_loaded) == (False, False)


def test_a_built_in_file_with_other_bytes_is_validated_again() -> None:
    raw = (builtin_dir() / "country-de.yaml").read_bytes()
    broken = raw.replace(b"\nid: ", b"\nnot_a_field: 1\nid: ", 1)
    assert broken != raw
    with pytest.raises(RulesetError) as raised:
        validated_document("rulesets/country-de.yaml", broken, "ruleset")
    assert "not_a_field" in str(raised.value)


def test_a_shipped_entry_serves_only_its_own_digest_and_path() -> None:
    raw = (builtin_dir() / "country-de.yaml").read_bytes()
    digest = content_digest("rulesets/country-de.yaml", raw, "ruleset")
    doc = prebuilt.document("rulesets/country-de.yaml", digest)
    assert doc is not None and doc.data["id"] == "country-de" and doc.path == "rulesets/country-de.yaml"
    assert prebuilt.document("rulesets/country-de.yaml", "0" * 64) is None
    assert prebuilt.document("elsewhere/country-de.yaml", digest) is None

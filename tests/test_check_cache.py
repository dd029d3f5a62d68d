"""``afterview validate`` keeps each file's result by content (rules/check_cache.py): the same errors warm or cold."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.resources import files
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from afterview import _cache, cache_stamps, hookimpl

pytestmark = pytest.mark.cold_cache  # these tests look into the cache folder and break its entries

PARENT = """
    id: parent
    title: Parent
    rules:
      - id: thanks
        title: Thank-you note
        kind: task
        timing: {due: {anchor: interview.end, offset: 1d}}
"""
CHILD = """
    id: child
    title: Child
    extends: [parent.yaml]
    rules:
      - id: nudge
        title: Nudge
        kind: taks
      - id: after
        title: After thanks
        kind: task
        timing: {due: {anchor: rule.thanks.due, offset: 2bd}}
      - id: tech
        title: Tech
        kind: task
        when: {field: industry, eqq: tech}
        timing: {due: {anchor: interview.end, offset: 3d}}
"""
KIND = ("child.yaml:7:11: rules[0].kind: 'taks' is not one of task, milestone, quiet, guidance (did you mean 'task'?)"
        "\n  hint: for example: task")
OPERATOR = ("child.yaml:15:34: rule 'tech': unknown operator 'eqq' (did you mean 'eq'?)"
            "\n  hint: operators: eq, ne, in, not_in, lt, lte, gt, gte, present")
CLEAN = CHILD.replace("kind: taks", "kind: guidance").replace("eqq: tech", "eq: tech")
ANCHOR = ("child.yaml:11:19: rule 'after': timing.due refers to unknown rule 'thanks' (did you mean 'thanx'?)"
          "\n  hint: anchor on a rule of this ruleset, rule.ID.opens|due|closes ('afterview rules' lists the ids)")


def _ok(name: str, kind: str) -> str:
    return f"{name}: ok ({kind})\n1 file checked, no errors\n"


def _entries() -> list[Path]:
    folder = _cache.cache_dir()
    assert folder is not None
    return sorted(folder.glob("checked-*.json"))


@pytest.fixture
def project(afterview_project: Any) -> Any:
    afterview_project.write("parent.yaml", PARENT)
    afterview_project.write("child.yaml", CHILD)
    return afterview_project


def test_a_cached_validate_reports_the_same_located_errors(afterview_cli: Any, project: Any,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_NO_CACHE", "1")
    uncached = afterview_cli("validate", "--format", "json", "child.yaml", "parent.yaml")
    monkeypatch.delenv("AFTERVIEW_NO_CACHE")
    cold = afterview_cli("validate", "--format", "json", "child.yaml", "parent.yaml")
    assert len(_entries()) == 1  # parent.yaml's verdict: a file with problems is checked every time
    warm = afterview_cli("validate", "--format", "json", "child.yaml", "parent.yaml")
    assert uncached == cold == warm
    assert [(p["path"], p["line"], p["column"], p["code"]) for p in json.loads(warm.out)] == [
        ("child.yaml", 7, 11, "schema.enum"), ("child.yaml", 15, 34, "rule.unknown-operator")]
    text = afterview_cli("validate", "child.yaml", "parent.yaml")
    assert (text.code, text.out, text.err) == (1, "parent.yaml: ok (ruleset)\n", f"{KIND}\n{OPERATOR}\n2 errors in 1 file\n")


def test_the_warm_run_reads_the_entry(afterview_cli: Any, project: Any) -> None:
    afterview_cli("validate", "parent.yaml")
    [entry] = _entries()
    data = json.loads(entry.read_text())
    assert data == {"kind": "ruleset", "deps": []}
    entry.write_text(json.dumps({**data, "kind": "overlay"}))
    assert afterview_cli("validate", "parent.yaml").out == _ok("parent.yaml", "overlay")


def test_editing_one_byte_of_the_file_or_of_a_parent_checks_it_again(afterview_cli: Any, project: Any) -> None:
    child = project.write("child.yaml", CLEAN)
    assert afterview_cli("validate", "child.yaml").out == _ok("child.yaml", "overlay")
    assert len(_entries()) == 1
    parent = project.root / "parent.yaml"
    parent.write_bytes(parent.read_bytes().replace(b"id: thanks", b"id: thanx", 1))
    assert afterview_cli("validate", "child.yaml").err == f"{ANCHOR}\n1 error\n"
    parent.write_bytes(parent.read_bytes().replace(b"id: thanx", b"id: thanks", 1))
    assert afterview_cli("validate", "child.yaml").out == _ok("child.yaml", "overlay")
    child.write_bytes(child.read_bytes().replace(b"eq: tech", b"eqq: tech", 1))
    assert afterview_cli("validate", "child.yaml").err == f"{OPERATOR}\n1 error\n"
    parent.unlink()
    assert "cannot read ruleset 'parent.yaml'" in afterview_cli("validate", "child.yaml").err


@pytest.mark.parametrize("damage", [b"", b'{"kind": "ruleset", "de', b'{"kind": "ruleset"}',
                                    b'{"kind": "ruleset", "deps": [[1, 2, 3, 4]]}', b'{"kind": "facts", "deps": []}'])
def test_a_damaged_entry_is_ignored_and_rewritten(afterview_cli: Any, project: Any, damage: bytes) -> None:
    project.write("child.yaml", CLEAN)
    first = afterview_cli("validate", "child.yaml")
    [entry] = _entries()
    good = entry.read_bytes()
    entry.write_bytes(damage)
    assert afterview_cli("validate", "child.yaml") == first
    assert entry.read_bytes() == good


def test_a_different_plugin_set_is_never_trusted(afterview_cli: Any, project: Any, file_plugin: Any) -> None:
    module = file_plugin("eqq_plugin", "from afterview import hookimpl\n\n\n@hookimpl\n"
                         "def register_condition_operators(app):\n"
                         "    return {'eqq': ('is', lambda actual, expected: actual == expected)}\n")
    project.write("child.yaml", CLEAN.replace("eq: tech", "eqq: tech"))
    assert afterview_cli("validate", "child.yaml", plugins=[module]).out == _ok("child.yaml", "overlay")
    assert len(_entries()) == 1
    assert afterview_cli("validate", "child.yaml").err == f"{OPERATOR}\n1 error\n"  # not the verdict with eqq
    assert afterview_cli("validate", "child.yaml", plugins=[module]).out == _ok("child.yaml", "overlay")


def test_a_plugin_built_at_run_time_turns_the_cache_off(afterview_cli: Any, project: Any) -> None:
    module = ModuleType("eqq_at_run_time")
    module.register_condition_operators = hookimpl(lambda app: {"eqq": ("is", lambda a, b: a == b)})  # type: ignore[attr-defined]
    project.write("child.yaml", CLEAN.replace("eq: tech", "eqq: tech"))
    assert afterview_cli("validate", "child.yaml", plugins=[module]).out == _ok("child.yaml", "overlay")
    assert _entries() == []


def test_a_test_file_is_kept_only_as_a_verdict(afterview_cli: Any, project: Any) -> None:
    project.write("child.test.yaml", """
        rulesets: [parent.yaml]
        facts: {company: Initech, candidate: {name: Jane Example}, interview: {start: 2026-11-17T14:00}}
        cases:
          - name: thanks the next day
            now: 2026-11-17T16:00
            expect: [{rule: thanks, status: upcoming}]
    """)
    assert afterview_cli("validate", "child.test.yaml").code == 0
    [entry] = _entries()
    assert "Jane" not in entry.read_text() and json.loads(entry.read_text())["kind"] == "test"
    test = project.root / "child.test.yaml"
    test.write_text(test.read_text().replace("rule: thanks", "rule: thank"))
    assert "unknown rule 'thank'" in afterview_cli("validate", "child.test.yaml").err
    assert len(_entries()) == 1  # a test file with problems is not kept


def test_the_builtin_folder_warm_reads_as_cold(afterview_cli: Any) -> None:
    folder = str(files("afterview.rulesets"))
    cold = afterview_cli("validate", folder)
    assert len(_entries()) == 28
    assert afterview_cli("validate", folder) == cold


def test_another_afterview_version_never_reads_the_entries(afterview_cli: Any, project: Any,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    afterview_cli("validate", "parent.yaml")
    [entry] = _entries()
    entry.write_text(json.dumps({**json.loads(entry.read_text()), "kind": "overlay"}))  # what this version says
    monkeypatch.setattr("afterview._version.__version__", "99.0")
    cache_stamps.code_stamp.cache_clear()
    try:
        assert afterview_cli("validate", "parent.yaml").out == _ok("parent.yaml", "ruleset")
    finally:
        cache_stamps.code_stamp.cache_clear()
    assert len(_entries()) == 2


NEAR = CLEAN.replace("eq: tech", "near: tech")
NEAR_ERROR = ("near.yaml:15:35: rule 'tech': unknown operator 'near' (did you mean 'ne'?)\n"
              "  hint: operators: eq, ne, in, not_in, lt, lte, gt, gte, present\n1 error\n")
# A plugin package whose hook takes its operators from a helper module.
PLUGIN = """
from afterview import hookimpl
from myplug import ops


@hookimpl
def register_condition_operators(app):
    return ops.table()
"""
# The same, with a lambda and a set in the hook's code (constants whose repr changes from one process to the next).
PLUGIN_WITH_CONSTANTS = PLUGIN.replace("    return ops.table()", """    if type(app).__name__ in {"Host", "Application", "Embedded"}:
        return {}
    return {**ops.table(), "close": ("is close to", lambda actual, expected: actual == expected)}""")
WITH_NEAR = "def table():\n    return {'near': ('is near', lambda actual, expected: actual == expected)}\n"
RUN = ("import sys; sys.path.insert(0, sys.argv[1]); import myplug; from afterview.cli import main; "
       "sys.exit(main(sys.argv[2:], plugins=[myplug]))")


def _validate_with_myplug(project: Any, *args: str, seed: str = "0") -> tuple[int, str, str]:
    """``afterview validate ARGS`` in a new process, with the package ``myplug`` (in the project folder) as a plugin."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-c", RUN, str(project.root / "plugins"), "validate", *args],
                          cwd=project.root, env=env, capture_output=True, text=True, timeout=60, check=False)
    return done.returncode, done.stdout, done.stderr


@pytest.fixture
def myplug(project: Any) -> Path:
    project.write("near.yaml", NEAR)
    project.write("plugins/myplug/__init__.py", PLUGIN)
    return project.write("plugins/myplug/ops.py", WITH_NEAR)


@pytest.mark.slow
def test_an_edit_to_a_plugins_helper_module_checks_again(project: Any, myplug: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    assert _validate_with_myplug(project, "near.yaml") == (0, _ok("near.yaml", "overlay"), "")
    assert len(_entries()) == 1
    myplug.write_text("def table():\n    return {}\n")  # only the helper changes, not the hook's module
    assert _validate_with_myplug(project, "near.yaml") == (1, "", NEAR_ERROR)
    monkeypatch.setenv("AFTERVIEW_NO_CACHE", "1")
    assert _validate_with_myplug(project, "near.yaml") == (1, "", NEAR_ERROR)


@pytest.mark.slow
def test_a_plugin_with_a_lambda_and_a_set_hits_in_the_next_process(project: Any, myplug: Path) -> None:
    project.write("plugins/myplug/__init__.py", PLUGIN_WITH_CONSTANTS)
    assert _validate_with_myplug(project, "near.yaml", seed="1") == (0, _ok("near.yaml", "overlay"), "")
    [entry] = _entries()
    entry.write_text(json.dumps({**json.loads(entry.read_text()), "kind": "ruleset"}))
    assert _validate_with_myplug(project, "near.yaml", seed="2") == (0, _ok("near.yaml", "ruleset"), "")
    assert len(_entries()) == 1


def test_a_file_holding_facts_leaves_none_of_them_in_the_cache(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("jane.yaml", """
        id: Jane Doe at Acme
        company: Acme
        candidate: {name: Jane Doe}
        interview: {start: 2026-11-17T14:00}
    """)
    result = afterview_cli("validate", "jane.yaml")
    assert result.code == 1 and "Jane Doe at Acme" in result.err  # checked as a ruleset, quoting its id
    folder = _cache.cache_dir()
    assert folder is not None
    assert [path.name for path in folder.rglob("*") if path.is_file() and b"Jane" in path.read_bytes()] == []
    assert afterview_cli("validate", "jane.yaml") == result

"""Every error a user can cause says how to fix it: a hint line under each message, never "hint": null."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parents[1]
# Where the facts, the journal and the documents a user writes are read and checked.
CHECKED = sorted([*ROOT.glob("core/facts/*.py"), *ROOT.glob("core/journal/*.py"),
                  *(ROOT / "core" / "rules" / name for name in ("schema.py", "order.py", "conditions.py", "load.py",
                                                               "yaml_parser.py", "documents.py")),
                  ROOT / "plugins" / "journal_commands.py", ROOT / "plugins" / "agenda_commands.py"])
ERRORS = {"AfterviewError", "FactsError", "UsageError", "RulesetError", "JournalError", "NoAnswer",
          "ConditionProblem", "YAMLProblem"}
# How many positional arguments reach the hint: Problem(location, message, hint), fail(path, message, hint), ...
HINT_POSITION = {"Problem": 3, "fail": 3, "ConditionProblem": 3, "YAMLProblem": 4}


def _hintless(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        keywords = {k.arg for k in node.keywords}
        if name not in ERRORS | {"Problem", "fail"} or not node.args or keywords & {"hint", "problems"}:
            continue
        if len(node.args) < HINT_POSITION.get(name, 99):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {name}(...) without a hint")
    return found


def test_every_error_raised_while_reading_what_a_user_wrote_has_a_hint() -> None:
    assert [line for path in CHECKED for line in _hintless(path)] == []


def _every_message_has_a_hint(err: str) -> None:
    lines = err.splitlines()
    messages = [i for i, line in enumerate(lines) if not line.startswith("  hint: ") and " error" not in line[-10:]]
    assert messages, err
    assert all(i + 1 < len(lines) and lines[i + 1].startswith("  hint: ") for i in messages), err


FACTS = "company: Acme\ntimezone: America/New_York\ninterview:\n  start: 2026-11-17T14:00\n"
# (name, the file's text, the message the CLI prints first): the tester's list of messages that had no hint.
BAD_FACTS = [
    ("invalid-yaml", "company: [Acme\ninterview: {start: 2026-11-17T14:00}\n", "invalid YAML"),
    ("empty", "", "expected a mapping of keys to values, not an empty file"),
    ("list", "- 1\n- 2\n", "expected a mapping of keys to values, not list"),
    ("no-interview", "company: Acme\n", "missing required key 'interview'"),
    ("by-and-within", FACTS + "decision: {by: 2026-12-01, within: 2 weeks}\n", "not both"),
    ("decision-before", FACTS + "decision: {by: 2026-11-10}\n", "is before the interview (2026-11-17)"),
    ("end-before", FACTS + "  end: 2026-11-17T13:00\n", "interview.end is before interview.start"),
    ("event-before", FACTS + "events: [{type: rejected, at: 2026-11-16T10:00}]\n", "rejected is dated before"),
    ("unknown-key", FACTS + "compnay: Acme\n", "unknown key 'compnay'"),
    ("unknown-event", FACTS + "events: [{type: rejectd, at: 2026-11-18T10:00}]\n", "unknown event type 'rejectd'"),
]


@pytest.mark.parametrize(("text", "message"), [case[1:] for case in BAD_FACTS], ids=[c[0] for c in BAD_FACTS])
def test_a_broken_facts_file_gets_a_hint(afterview_cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          text: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f.yaml").write_text(text, encoding="utf-8")
    result = afterview_cli("plan", "f.yaml")
    assert result.code == 1 and message in result.err.splitlines()[0], result.err
    _every_message_has_a_hint(result.err)
    checked = afterview_cli("validate", "--format", "json", "f.yaml")
    assert [p["hint"] for p in json.loads(checked.out) if p["hint"] is None] == []


def test_a_folder_given_as_a_facts_file_gets_a_hint(afterview_cli: Any, tmp_path: Path) -> None:
    result = afterview_cli("plan", str(tmp_path))
    assert (result.code, result.err) == (1, f"{tmp_path}: this is a folder, not a facts file\n"
                                            "  hint: give the .yaml file inside it, e.g. acme.yaml\n")


RULESET = "id: mine\ntitle: Mine\nextends: [default]\n"
BAD_RULESETS = [
    ("closed-day-as-text", RULESET + "calendar:\n  closed: ['2026-02-30']\n",
     "calendar.closed[0]: expected a mapping, got the text '2026-02-30'"),
    ("anchor-loop", RULESET + "rules:\n"
     "  - {id: a, title: A, kind: task, timing: {due: {anchor: rule.b.due}}}\n"
     "  - {id: b, title: B, kind: task, timing: {due: {anchor: rule.a.due}}}\n",
     "timing refers to itself through other rules"),
    ("unknown-field-and-event", RULESET + "rules:\n"
     "  - {id: a, title: A, kind: guidance, when: {all: [{field: seniorty, eq: senior}, {event: rejectd}]}}\n",
     "unknown field 'seniorty'"),
]


@pytest.mark.parametrize(("text", "message"), [case[1:] for case in BAD_RULESETS], ids=[c[0] for c in BAD_RULESETS])
def test_a_broken_ruleset_gets_a_hint(afterview_cli: Any, tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "mine.yaml").write_text(text, encoding="utf-8")
    result = afterview_cli("validate", str(tmp_path / "mine.yaml"))
    assert result.code == 1 and message in result.err, result.err
    _every_message_has_a_hint(result.err)
    checked = afterview_cli("validate", "--format", "json", str(tmp_path / "mine.yaml"))
    problems = json.loads(checked.out)
    assert problems and all(p["hint"] for p in problems), problems

"""Plugins: the hooks work for third parties as for built-ins, and failures name the plugin."""

from __future__ import annotations

import inspect
import json
import re
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from afterview import OutputFormat, hookimpl, hookspecs
from afterview.manager import DEFAULT_PLUGINS, get_plugin_manager


def plugin(name: str, **hooks: Any) -> Any:
    """A plugin module named ``name`` whose attributes are hook implementations."""
    module = ModuleType(name)
    for hook, function in hooks.items():
        setattr(module, hook, hookimpl(function))
    return module


def test_a_plugin_adds_an_output_format(afterview_cli: Any) -> None:
    def render(plans: Any, app: Any, options: Any) -> str:
        return f"{sum(len(p.actions) for p in plans)} actions\n"

    counter = plugin("afterview_count", register_output_formats=lambda app: [OutputFormat("count", render)])
    result = afterview_cli("plan", "--interview", "2026-11-17T14:00", "--format", "count", plugins=[counter])
    planned = json.loads(afterview_cli("plan", "--interview", "2026-11-17T14:00", "--format", "json").out)
    assert (result.code, result.out) == (0, f"{len(planned['plans'][0]['actions'])} actions\n")
    listing = afterview_cli("plugins", plugins=[counter]).out
    assert listing == "afterview_count ?: register_output_formats\n"


def test_a_plugin_adds_a_command(afterview_cli: Any) -> None:
    from afterview import Command

    def run(app: Any, args: Any) -> int:
        print(f"hello {args.who}")
        return 3

    hello = Command("hello", "say hello", lambda parser: parser.add_argument("who"), run)
    result = afterview_cli("hello", "world", plugins=[plugin("afterview_hello", register_commands=lambda app: [hello])])
    assert (result.code, result.out) == (3, "hello world\n")


def test_prepare_plan_adjusts_the_plan(afterview_cli: Any) -> None:
    def prepare_plan(app: Any, plan: Any) -> None:
        plan.actions = [a for a in plan.actions if "linkedin" not in a.rule.tags]

    result = afterview_cli("plan", "--interview", "2026-11-17T14:00", "--format", "json",
                           plugins=[plugin("no_linkedin", prepare_plan=prepare_plan)])
    rules = [a["rule"] for a in json.loads(result.out)["plans"][0]["actions"]]
    assert "linkedin-connect" not in rules and "thank-you-note" in rules


def test_template_filters(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("shout.yaml", """
        id: shout
        title: Shout
        extends: [default]
        rules:
          - id: thank-you-note
            templates:
              - {id: email, text: "THANK YOU {{ company | shout }}"}
    """)
    shouty = plugin("shouty", register_template_filters=lambda app: {"shout": lambda s: str(s).upper() + "!"})
    result = afterview_cli("plan", "--interview", "2026-11-17T14:00", "--company", "Acme", "--ruleset", "shout.yaml",
                           "--format", "json", "--drafts", plugins=[shouty])
    thanks = next(a for a in json.loads(result.out)["plans"][0]["actions"] if a["rule"] == "thank-you-note")
    assert thanks["drafts"][0]["text"] == "THANK YOU ACME!"


SENIORITY = ["intern", "entry", "mid", "senior", "lead", "executive"]
LEAD = "seniority: lead\ntimezone: America/New_York\ninterview: {start: 2026-11-17T14:00}\n"


def test_plugins_add_condition_operators(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("senior.yaml", """
        id: senior
        title: Senior roles
        extends: [default]
        rules:
          - id: reference-from-a-manager
            title: Line up a reference from a former manager
            kind: task
            when: {field: seniority, at_least: senior}
            timing: {due: {anchor: interview.end, offset: 1bd}}
    """)
    at_least = ("is at least", lambda actual, expected: SENIORITY.index(actual) >= SENIORITY.index(expected))
    levels = plugin("afterview_levels", register_condition_operators=lambda app: {"at_least": at_least})

    facts = afterview_project.write("lead.yaml", LEAD)
    result = afterview_cli("explain", "reference-from-a-manager", str(facts), "--ruleset", "senior.yaml",
                           "--now", "2026-11-18T08:00", plugins=[levels])
    assert "  when seniority is at least senior: matched (seniority = lead)" in result.out.splitlines()
    facts.write_text(LEAD.replace("lead", "mid"))
    result = afterview_cli("explain", "reference-from-a-manager", str(facts), "--ruleset", "senior.yaml", plugins=[levels])
    assert "    seniority is at least senior: did not match (seniority = mid)" in result.out.splitlines()
    without = afterview_cli("validate", "senior.yaml")
    assert (without.code, without.err) == (1, "senior.yaml:8:40: rule 'reference-from-a-manager': unknown operator "
                                              "'at_least'\n  hint: operators: eq, ne, in, not_in, lt, lte, gt,"
                                              " gte, present\n1 error\n")


def test_a_failing_plugin_is_named_and_leaves_no_file(afterview_cli: Any, afterview_project: Any) -> None:
    def render(plans: Any, app: Any, options: Any) -> str:
        raise ZeroDivisionError("division by zero")

    broken = plugin("afterview_broken", register_output_formats=lambda app: [OutputFormat("broken", render)])
    result = afterview_cli("plan", "--interview", "2026-11-17T14:00", "--format", "broken", "-o", "out.txt",
                           plugins=[broken])
    assert (result.code, result.err) == (1, "afterview: plugin afterview_broken failed rendering format 'broken': "
                                            "ZeroDivisionError: division by zero\n"
                                            "  hint: run with --debug for the traceback\n")
    assert not (afterview_project.root / "out.txt").exists()


def test_a_plugin_raising_in_a_hook_is_named(afterview_cli: Any) -> None:
    def prepare_plan(app: Any, plan: Any) -> None:
        raise KeyError("oops")

    result = afterview_cli("plan", "--interview", "2026-11-17T14:00", plugins=[plugin("afterview_oops", prepare_plan=prepare_plan)])
    assert result.code == 1
    assert result.err.splitlines()[0] == "afterview: plugin afterview_oops failed in hook prepare_plan: KeyError: 'oops'"


def test_misspelt_hooks_and_bad_signatures_fail_at_startup(afterview_cli: Any) -> None:
    typo = plugin("afterview_typo", register_output_format=lambda app: [])
    result = afterview_cli("rulesets", plugins=[typo])
    assert (result.code, result.err.splitlines()[0]) == (
        1, "afterview: plugin afterview_typo: unknown hook 'register_output_format' (did you mean 'register_output_formats'?)")

    def register_output_formats(app: Any, colour: str) -> list[Any]:
        return []

    result = afterview_cli("rulesets", plugins=[plugin("afterview_sig", register_output_formats=register_output_formats)])
    assert result.err.splitlines()[0] == (
        "afterview: plugin afterview_sig: hook register_output_formats has no argument(s) colour; "
        "it is called with the arguments in afterview.hookspecs")


def test_trace_prints_hook_calls(afterview_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_TRACE_PLUGINS", "1")
    result = afterview_cli("plan", "--interview", "2026-11-17T14:00")
    hooks = [line.split()[2] for line in result.err.splitlines()]
    assert hooks[:4] == ["register_commands", "register_output_formats", "register_condition_operators",
                         "register_template_filters"]
    assert "prepare_plan" in hooks


def test_built_ins_are_plugins_registered_through_the_hooks() -> None:
    pm = get_plugin_manager(load_entrypoints=False)
    names = [name for name, _ in pm.list_name_plugin()]
    assert names == list(DEFAULT_PLUGINS)


def test_plugins_command_says_when_plugins_are_disabled(afterview_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_DISABLE_PLUGINS", "1")
    assert afterview_cli("plugins").out == "installed plugins are disabled (AFTERVIEW_DISABLE_PLUGINS=1)\n"


def test_disable_env_skips_entry_points(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    monkeypatch.setattr("afterview.plugin_discovery.entry_points", lambda: calls.append("afterview") or [])
    monkeypatch.setenv("AFTERVIEW_DISABLE_PLUGINS", "1")
    get_plugin_manager()
    monkeypatch.setenv("AFTERVIEW_DISABLE_PLUGINS", "0")
    get_plugin_manager()
    assert calls == ["afterview"]


def hook_specs() -> list[Any]:
    return [f for name, f in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(f, "afterview_spec")]


def test_every_hook_is_documented() -> None:
    for spec in hook_specs():
        doc = textwrap.dedent(spec.__doc__ or "")
        assert ("Called" in doc and ":return:" in doc) or "return value is ignored" in doc, spec.__name__
        for arg in inspect.signature(spec).parameters:
            assert f":param {arg}:" in doc, (spec.__name__, arg)


def test_every_hook_has_a_test() -> None:
    tests = "".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    for spec in hook_specs():
        assert re.search(rf"\b{spec.__name__}\s*=", tests), f"no test registers a {spec.__name__} implementation"

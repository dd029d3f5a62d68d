"""``--debug`` works wherever a user types it, and only where it is the flag."""

from __future__ import annotations

import argparse
from types import ModuleType
from typing import Any

import pytest

from afterview import AfterviewError, Command, FactsError, PluginError, UsageError, hookimpl


def plugin(name: str, **hooks: Any) -> Any:
    module = ModuleType(name)
    for hook, function in hooks.items():
        setattr(module, hook, hookimpl(function))
    return module


@pytest.mark.parametrize("words", [
    ("--debug", "site", "build", "-o", "out", "--content", "missing"),
    ("site", "--debug", "build", "-o", "out", "--content", "missing"),
    ("site", "build", "--debug", "-o", "out", "--content", "missing"),
    ("site", "build", "-o", "out", "--content", "missing", "--debug"),
    ("site", "serve", "--content", "missing", "--debug"),
])
def test_debug_anywhere_in_site_commands_shows_the_traceback(afterview_cli: Any, afterview_project: Any,
                                                             words: tuple[str, ...]) -> None:
    with pytest.raises(UsageError, match=r"^--content: 'missing' is not a folder"):
        afterview_cli(*words)
    assert not (afterview_project.root / "out").exists()


def test_without_debug_the_site_error_is_printed(afterview_cli: Any) -> None:
    result = afterview_cli("site", "build", "-o", "out", "--content", "missing")
    assert (result.code, result.err) == (2, "--content: 'missing' is not a folder\n")


class DeployFailed(AfterviewError):
    """This test plugin's error."""


def _deploy_configure(parser: argparse.ArgumentParser) -> None:
    targets = parser.add_subparsers(dest="target", required=True)
    push = targets.add_parser("push", aliases=["p"])
    when = push.add_subparsers(dest="when", required=True)
    now = when.add_parser("now")
    now.add_argument("--force", action="store_true")


def _deploy_run(app: Any, args: argparse.Namespace) -> int:
    raise DeployFailed(f"cannot {args.target} {args.when}", hint="try later")


DEPLOY = plugin("afterview_deploy",
                register_commands=lambda app: [Command("deploy", "deploy", _deploy_configure, _deploy_run)])


@pytest.mark.parametrize("words", [
    ("deploy", "push", "now", "--debug"),
    ("deploy", "p", "now", "--force", "--debug"),
    ("deploy", "push", "--debug", "now"),
    ("--debug", "deploy", "push", "now"),
])
def test_debug_reaches_a_plugin_commands_nested_sub_commands(afterview_cli: Any, words: tuple[str, ...]) -> None:
    with pytest.raises(DeployFailed, match=r"^cannot (push|p) now\n  hint: try later$"):
        afterview_cli(*words, plugins=[DEPLOY])


def test_a_plugin_commands_nested_error_without_debug_is_printed(afterview_cli: Any) -> None:
    result = afterview_cli("deploy", "push", "now", plugins=[DEPLOY])
    assert (result.code, result.err) == (1, "afterview: cannot push now\n  hint: try later\n")


def test_a_plugin_with_its_own_debug_flag_keeps_it(afterview_cli: Any) -> None:
    def configure(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--debug", dest="verbose_log", action="store_true")

    def run(app: Any, args: argparse.Namespace) -> int:
        print(f"verbose log: {args.verbose_log}")
        return 0

    own = plugin("afterview_own", register_commands=lambda app: [Command("own", "own flag", configure, run)])
    result = afterview_cli("own", "--debug", plugins=[own])
    assert (result.code, result.out) == (0, "verbose log: True\n")


@pytest.mark.parametrize("option", [False, True])
def test_a_plugin_commands_own_debug_value_is_not_the_flag(afterview_cli: Any, option: bool) -> None:
    def configure(parser: argparse.ArgumentParser) -> None:
        if option:
            parser.add_argument("--session", dest="debug", metavar="SESSION")
        else:
            parser.add_argument("debug", metavar="SESSION", help="the debug session to open")

    def run(app: Any, args: argparse.Namespace) -> int:
        raise UsageError(f"no session {args.debug!r}", hint="list them with 'sessions'")

    sessions = plugin("afterview_sessions", register_commands=lambda app: [Command("open", "open", configure, run)])
    words = ("open", "--session", "s1") if option else ("open", "s1")
    result = afterview_cli(*words, plugins=[sessions])
    assert (result.code, result.err) == (2, "afterview: no session 's1'\n  hint: list them with 'sessions'\n")
    with pytest.raises(UsageError, match=r"^no session 's1'\n"):
        afterview_cli(*words, "--debug", plugins=[sessions])


def test_a_facts_file_named_debug_is_a_file_not_the_flag(afterview_cli: Any) -> None:
    result = afterview_cli("plan", "--interview", "2026-11-17T14:00", "--now", "2026-11-18T08:00", "--", "--debug")
    assert (result.code, result.err) == (1, "--debug: no such facts file\n"
                                            "  hint: check the path; 'afterview schema facts' shows what a facts file holds\n")


def test_debug_as_the_flag_before_a_facts_file(afterview_cli: Any) -> None:
    with pytest.raises(FactsError, match=r"^missing\.yaml: no such facts file"):
        afterview_cli("plan", "--debug", "--", "missing.yaml")


def test_debug_before_parsing_a_plugin_that_fails_to_load(afterview_cli: Any) -> None:
    typo = plugin("afterview_typo", register_output_format=lambda app: [])
    with pytest.raises(PluginError, match="unknown hook 'register_output_format'"):
        afterview_cli("rulesets", "--debug", plugins=[typo])
    assert afterview_cli("rulesets", "--", "--debug", plugins=[typo]).code == 1


def test_the_debug_flag_stays_hidden_from_sub_command_help(afterview_cli: Any) -> None:
    help_text = afterview_cli("site", "build", "--help").out
    assert help_text.startswith("usage: afterview site build [-h] [-o DIR]")
    assert "--debug" not in help_text


def test_every_built_in_parser_accepts_debug() -> None:
    from afterview.app import Afterview
    from afterview.cli import build_parser
    from afterview.manager import get_plugin_manager

    def parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
        found = [parser]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for child in action.choices.values():
                    found.extend(parsers(child))
        return found

    every = parsers(build_parser(Afterview(get_plugin_manager())))
    assert len(every) > 25
    assert [p.prog for p in every if "--debug" not in p._option_string_actions] == []

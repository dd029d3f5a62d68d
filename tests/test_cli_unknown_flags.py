"""A flag no parser knows is rejected by the command that was given it, with that command's usage and a guess."""

from __future__ import annotations

import argparse
from types import ModuleType
from typing import Any

import pytest

from afterview import Command, hookimpl


@pytest.mark.parametrize(("words", "usage", "error"), [
    (("plan", "acme.yaml", "--formt", "ics"), "usage: afterview plan [-h]",
     "afterview plan: error: unrecognized arguments: --formt ics (did you mean '--format'?)"),
    (("plan", "--formt=ics", "acme.yaml"), "usage: afterview plan [-h]",
     "afterview plan: error: unrecognized arguments: --formt=ics (did you mean '--format'?)"),
    (("site", "build", "--contnt", "pages"), "usage: afterview site build [-h]",
     "afterview site build: error: unrecognized arguments: --contnt pages (did you mean '--content'?)"),
    (("record", "acme", "thank_you_sent", "--att", "2026-11-18T09:00"), "usage: afterview record [-h]",
     "afterview record: error: unrecognized arguments: --att 2026-11-18T09:00 (did you mean '--at'?)"),
    (("diff", "--industy=tech", "--ountry=DE"), "usage: afterview diff [-h]",
     "afterview diff: error: unrecognized arguments: --industy=tech --ountry=DE "
     "(did you mean '--industry' for --industy, '--country' for --ountry?)"),
    (("rules", "--zzz"), "usage: afterview rules [-h]", "afterview rules: error: unrecognized arguments: --zzz"),
])
def test_an_unknown_flag_gets_the_commands_own_usage_and_the_closest_flag(
        afterview_cli: Any, words: tuple[str, ...], usage: str, error: str) -> None:
    result = afterview_cli(*words)
    assert result.code == 2
    assert result.err.startswith(usage)
    assert result.err.splitlines()[-1] == error
    assert "COMMAND ..." not in result.err  # not the top-level usage


def _deploy_configure(parser: argparse.ArgumentParser) -> None:
    when = parser.add_subparsers(dest="target", required=True).add_parser("push").add_subparsers(dest="when")
    when.add_parser("now").add_argument("--force", action="store_true")


def _deploy_run(app: Any, args: argparse.Namespace) -> int:
    print(sorted(vars(args)))
    return 0


def _deploy_plugin() -> ModuleType:
    module = ModuleType("afterview_deploy")
    module.register_commands = hookimpl(  # type: ignore[attr-defined]
        lambda app: [Command("deploy", "deploy", _deploy_configure, _deploy_run)])
    return module


def test_a_plugin_commands_nested_sub_command_names_its_own_usage(afterview_cli: Any) -> None:
    result = afterview_cli("deploy", "push", "now", "--forse", plugins=[_deploy_plugin()])
    assert result.code == 2
    assert result.err == ("usage: afterview deploy push now [-h] [--force]\n"
                          "afterview deploy push now: error: unrecognized arguments: --forse "
                          "(did you mean '--force'?)\n")


def test_the_parsed_arguments_carry_nothing_of_the_check(afterview_cli: Any) -> None:
    result = afterview_cli("deploy", "push", "now", "--force", plugins=[_deploy_plugin()])
    assert (result.code, result.out) == (0, "['_afterview_debug', '_run', 'command', 'force', 'target', 'when']\n")

"""A misspelt command or sub-command is rejected by the parser given it, with its usage and the closest name."""

from __future__ import annotations

import argparse
import subprocess
import sys
from types import ModuleType
from typing import Any

import pytest

from afterview import Command, hookimpl

TOP_USAGE = "usage: afterview [-h] [--version] [--debug] COMMAND ...\n"


def _deploy_configure(parser: argparse.ArgumentParser) -> None:
    when = parser.add_subparsers(dest="target", required=True).add_parser("push").add_subparsers(dest="when")
    when.add_parser("now").add_argument("--force", action="store_true")


def _deploy_plugin() -> ModuleType:
    module = ModuleType("afterview_deploy")
    module.register_commands = hookimpl(  # type: ignore[attr-defined]
        lambda app: [Command("deploy", "deploy", _deploy_configure, lambda app, args: 0)])
    return module


@pytest.mark.parametrize(("words", "err"), [
    (("plna", "acme.yaml"), f"{TOP_USAGE}afterview: error: no command 'plna' (did you mean 'plan'?)\n"),
    (("plna", "--debug"), f"{TOP_USAGE}afterview: error: no command 'plna' (did you mean 'plan'?)\n"),
    (("--debug", "valdate", "acme.yaml"), f"{TOP_USAGE}afterview: error: no command 'valdate' (did you mean 'validate'?)\n"),
    (("site", "biuld"), "usage: afterview site [-h] ACTION ...\n"
                        "afterview site: error: no action 'biuld' (did you mean 'build'?)\n"),
    (("site", "serv", "--port", "8000"), "usage: afterview site [-h] ACTION ...\n"
                                         "afterview site: error: no action 'serv' (did you mean 'serve'?)\n"),
])
def test_a_misspelt_command_names_the_closest_one(afterview_cli: Any, words: tuple[str, ...], err: str) -> None:
    result = afterview_cli(*words)
    assert (result.code, result.out, result.err) == (2, "", err)


def test_a_plugins_commands_are_the_candidates(afterview_cli: Any) -> None:
    result = afterview_cli("deplyo", "push", plugins=[_deploy_plugin()])
    assert (result.code, result.err) == (2, f"{TOP_USAGE}afterview: error: no command 'deplyo' (did you mean 'deploy'?)\n")
    alone = afterview_cli("deplyo").err.splitlines()[-1]  # without the plugin, no command is close
    assert alone.startswith("afterview: error: no command 'deplyo' (choose from 'plan', ") and "deploy" not in alone.split("(")[1]


def test_a_plugin_commands_nested_sub_command_names_the_closest_one(afterview_cli: Any) -> None:
    result = afterview_cli("deploy", "push", "nwo", "--force", plugins=[_deploy_plugin()])
    assert (result.code, result.err) == (2, "usage: afterview deploy push [-h] {now} ...\n"
                                            "afterview deploy push: error: no command 'nwo' (did you mean 'now'?)\n")


def test_with_no_close_name_every_name_is_listed(afterview_cli: Any) -> None:
    result = afterview_cli("deploy", "zzz", plugins=[_deploy_plugin()])
    assert (result.code, result.err) == (2, "usage: afterview deploy [-h] {push} ...\n"
                                            "afterview deploy: error: no command 'zzz' (choose from 'push')\n")
    top = afterview_cli("zzz", plugins=[_deploy_plugin()]).err.splitlines()[-1]
    assert top.startswith("afterview: error: no command 'zzz' (choose from 'plan', 'explain', ")
    assert top.endswith(", 'calendar', 'sync', 'deploy')")  # the built-ins, then the plugin's


def test_the_program_itself_exits_2_without_a_traceback() -> None:
    done = subprocess.run([sys.executable, "-m", "afterview", "plna", "acme.yaml"], capture_output=True, text=True,
                          check=False)
    assert (done.returncode, done.stdout, done.stderr) == (
        2, "", f"{TOP_USAGE}afterview: error: no command 'plna' (did you mean 'plan'?)\n")


def test_a_correct_command_still_runs(afterview_cli: Any) -> None:
    result = afterview_cli("deploy", "push", "now", "--force", plugins=[_deploy_plugin()])
    assert (result.code, result.err) == (0, "")

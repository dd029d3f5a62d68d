"""The ``afterview`` command. Subcommands come from plugins (``register_commands``), built-ins included.

Only ``sys`` and the version are imported up front: ``afterview --version`` is
answered before the plugin manager exists, and everything else is imported
by the function that needs it. Plugins import the command-line helpers in
``__all__`` from this package (each on first use), never its modules.
"""

from __future__ import annotations

import _thread  # built in, already loaded: a lock without importing threading
import sys

from afterview import _lazy_dir, _lazy_getattr
from afterview._version import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a few ms at start-up)

__all__ = [
    "add_fact_flags", "add_facts_arguments", "add_layer_arguments", "check_country", "chosen_layers", "http_url",
    "load_layering", "main", "plans_from_args", "port_number", "process_count", "read_clock", "sample_plans",
    "system_timezone",
]

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator, Sequence
    from contextlib import AbstractContextManager
    from typing import Any

    from afterview.cli.application_flags import add_fact_flags as add_fact_flags
    from afterview.cli.application_flags import add_facts_arguments as add_facts_arguments
    from afterview.cli.application_flags import chosen_layers as chosen_layers
    from afterview.cli.application_flags import plans_from_args as plans_from_args
    from afterview.cli.clock import read_clock as read_clock
    from afterview.cli.clock import system_timezone as system_timezone
    from afterview.cli.flag_types import http_url as http_url
    from afterview.cli.flag_types import port_number as port_number
    from afterview.cli.flag_types import process_count as process_count
    from afterview.cli.layer_flags import add_layer_arguments as add_layer_arguments
    from afterview.cli.layer_flags import check_country as check_country
    from afterview.cli.layer_flags import load_layering as load_layering
    from afterview.cli.layer_flags import sample_plans as sample_plans

# Each module's exported names; a test holds them equal to __all__ and the imports above.
_EXPORTS = {
    "application_flags": ("add_fact_flags", "add_facts_arguments", "chosen_layers", "plans_from_args"),
    "clock": ("read_clock", "system_timezone"),
    "flag_types": ("http_url", "port_number", "process_count"),
    "layer_flags": ("add_layer_arguments", "check_country", "load_layering", "sample_plans"),
}
__getattr__ = _lazy_getattr(__name__, _EXPORTS, globals())
__dir__ = _lazy_dir(globals())


def _holiday_cache(store: Any) -> AbstractContextManager[None]:
    """Reuse the holiday tables earlier runs computed into the host's store; save new ones afterwards."""
    from contextlib import contextmanager

    from afterview import _cache, cache_stamps

    @contextmanager
    def cached() -> Iterator[None]:
        name = f"holidays-{cache_stamps.holidays_stamp()}.json"
        found = _cache.read_json(name)
        if _holiday_shape(found):
            store.data, store.dirty = found, False
        try:
            yield
        finally:
            if store.dirty:
                _cache.write_json(name, store.data)

    return cached()


def _holiday_shape(cached: Any) -> bool:
    """A cache file from another version, or edited by hand, is ignored rather than trusted."""
    if not isinstance(cached, dict) or not {"countries", "weekends", "years"} <= set(cached):
        return False
    countries, weekends, years = cached["countries"], cached["weekends"], cached["years"]
    return (
        (countries is None or (isinstance(countries, dict) and bool(countries)
                               and all(isinstance(v, list) for v in countries.values())))
        and isinstance(weekends, dict) and all(isinstance(v, list) and all(isinstance(d, int) for d in v)
                                               for v in weekends.values())
        and isinstance(years, dict) and all(isinstance(v, dict) and all(_iso_day(d) for d in v) for v in years.values())
    )


def _iso_day(text: Any) -> bool:
    from datetime import date

    try:
        date.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return True


def build_parser(app: Any, only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that command's arguments are configured (a cold start's saving)."""
    import argparse
    from functools import partial

    from afterview.cli.debug_flag import DEST, add_debug_flag
    from afterview.cli.parser_tree import CommandParser

    # argparse has a help formatter check each argument as it is added; its default width asks the terminal through
    # shutil, whose import (bz2, lzma, fnmatch) costs a cold start 2 ms. Below, help and usage get the default back.
    checking = partial(argparse.HelpFormatter, width=80)
    parser = CommandParser(
        prog="afterview",
        description="What to do after a job interview, and when.",
        epilog="Run 'afterview COMMAND --help' for a command's options.",
        formatter_class=checking,
    )
    parser.add_argument("--version", action="version", version=f"afterview {__version__}")
    parser.add_argument("--debug", action="store_true", dest=DEST, help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    commands = app.commands
    # A known command needs only its own parser; help and unknown commands list them all.
    chosen = [commands[only]] if only in commands else list(commands.values())
    for command in chosen:
        child = sub.add_parser(command.name, help=command.help, description=command.help, formatter_class=checking)
        if only is None or command.name == only:  # the others' arguments are never parsed in this run
            command.configure(child)
        add_debug_flag(child)  # after configure: into the command's own sub-commands too
        child.set_defaults(_run=command.run)
        if child.formatter_class is checking:  # not a formatter the command chose for itself
            child.formatter_class = argparse.HelpFormatter
    parser.formatter_class = argparse.HelpFormatter
    return parser


def _command_name(argv: list[str]) -> str:
    """The subcommand argv names: the first word that is not an option (global options take no value).

    "" when ``-h`` comes first: the top-level help lists every command.
    """
    for arg in argv:
        if arg in ("-h", "--help"):
            return ""
        if not arg.startswith("-"):
            return arg
    return ""


def main(argv: Sequence[str] | None = None, *, plugins: Sequence[Any] = ()) -> int:
    """Run the CLI; ``plugins`` are registered after the built-ins (for tests and embedding).

    Called with no ``argv`` (as the ``afterview`` program), it ends the process itself once
    the command is done: atexit handlers run and output is flushed, but the interpreter's
    teardown of every module and object, a quarter of a cold plan's CPU time, is skipped.
    """
    code = _run(list(sys.argv[1:] if argv is None else argv), plugins, exiting=argv is None)
    if argv is None:
        _exit_now(code)
    return code


def _exit_now(code: int) -> None:
    import atexit
    import os
    from contextlib import suppress

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError, AttributeError):  # a closed pipe, or None when closed at the start
            stream.flush()
    os._exit(code)


def _run(argv: list[str], plugins: Sequence[Any], *, exiting: bool = False) -> int:
    """The command's exit code; ``exiting``: the process ends right after, so the collector is not restored."""
    if argv == ["--version"]:  # before any plugin is loaded: the version is the package's
        print(f"afterview {__version__}")
        return 0
    _raise_thresholds()
    from afterview.dataclass_code import cached_dataclass_code

    try:
        with cached_dataclass_code():  # the model's classes are made from code compiled on an earlier run
            return _command(argv, plugins)
    finally:
        _restore_thresholds(exiting=exiting)


# Runs in progress (threads embedding the CLI run at once) and the collector's thresholds before the first.
_runs: dict[str, Any] = {"count": 0, "thresholds": (700, 10, 10)}
_runs_lock = _thread.allocate_lock()


def _raise_thresholds() -> None:
    """Fewer collections while commands run; the last run to end restores the thresholds.

    A short-lived process building many small objects: the default thresholds spent more time in full
    collections than in planning (1,000 applications: 1.5 s against 0.4 s of CPU). Raised before the
    imports, which alone made a cold start collect (a few ms).
    """
    import gc

    with _runs_lock:
        if not _runs["count"]:
            _runs["thresholds"] = gc.get_threshold()
            gc.set_threshold(50_000, 50, 1000)
        _runs["count"] += 1


def _restore_thresholds(*, exiting: bool) -> None:
    """``exiting``: the process ends right after, so the collector is turned off rather than restored
    (which would collect every young object just before os._exit)."""
    import gc

    with _runs_lock:
        _runs["count"] -= 1
        if exiting:
            gc.disable()
        elif not _runs["count"]:
            gc.set_threshold(*_runs["thresholds"])


def _command(argv: list[str], plugins: Sequence[Any]) -> int:
    """Run the command ``argv`` names; a user's error is printed (its traceback too with --debug)."""
    from afterview.errors import AfterviewError

    args: argparse.Namespace | None = None  # until parsed, only the words tell whether --debug was asked for
    try:
        from afterview.app import Afterview
        from afterview.cli.parser_tree import parse_words
        from afterview.manager import get_plugin_manager

        app = Afterview(get_plugin_manager(extra_plugins=plugins))
        with _holiday_cache(app.holidays):
            args = parse_words(build_parser(app, only=_command_name(argv)), argv)
            return int(args._run(app, args) or 0)
    except AfterviewError as exc:
        from afterview.cli.debug_flag import wants_traceback

        if wants_traceback(argv, args):
            raise
        from afterview.text.safe_text import visible_controls

        text = visible_controls(exc.render())
        print(text if exc.location else f"afterview: {text}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0

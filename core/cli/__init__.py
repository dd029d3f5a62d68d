"""The ``afterview`` command. Subcommands come from plugins (``register_commands``), built-ins included."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from afterview import _cache
from afterview._version import __version__
from afterview.errors import AfterviewError


@contextmanager
def _holiday_cache(store: Any) -> Iterator[None]:
    """Reuse the holiday tables earlier runs computed into the host's store; save new ones afterwards."""
    name = f"holidays-{_cache.holidays_stamp()}.json"
    cached = _cache.read_json(name)
    if _holiday_shape(cached):
        store.data, store.dirty = cached, False
    try:
        yield
    finally:
        if store.dirty:
            _cache.write_json(name, store.data)


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


def build_parser(app: Any) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="afterview",
        description="What to do after a job interview, and when.",
        epilog="Run 'afterview COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"afterview {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in app.commands.values():
        child = sub.add_parser(command.name, help=command.help, description=command.help)
        child.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        command.configure(child)
        child.set_defaults(_run=command.run)
    return parser


def main(argv: Sequence[str] | None = None, *, plugins: Sequence[Any] = ()) -> int:
    """Run the CLI; ``plugins`` are registered after the built-ins (for tests and embedding)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        from afterview.app import Afterview
        from afterview.manager import get_plugin_manager

        app = Afterview(get_plugin_manager(extra_plugins=plugins))
        with _holiday_cache(app.holidays):
            args = build_parser(app).parse_args(argv)
            return int(args._run(app, args) or 0)
    except AfterviewError as exc:
        if debug:
            raise
        from afterview.text.safe_text import visible_controls

        text = visible_controls(exc.render())
        print(text if exc.location else f"afterview: {text}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


"""``--debug`` in every parser a command builds, and whether a run asked for it."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

# afterview's own name for the flag's value: a command's positional or option named ``debug`` sets
# ``args.debug``, which must not ask for tracebacks.
DEST = "_afterview_debug"


def add_debug_flag(parser: argparse.ArgumentParser) -> None:
    """Accept ``--debug`` in ``parser`` and in every sub-command parser beneath it, however deep.

    A command's ``configure`` may add sub-commands of its own (``site build``); argparse hands the words
    after a sub-command's name to that sub-command's parser alone, so each parser needs the flag. Its
    default is suppressed: a parser that did not see it leaves the value an outer parser set alone.
    """
    from afterview.cli.parser_tree import every_parser

    for current in every_parser(parser):
        if "--debug" not in current._option_string_actions and "-" in current.prefix_chars:
            current.add_argument("--debug", action="store_true", dest=DEST, default=argparse.SUPPRESS,
                                 help=argparse.SUPPRESS)


def wants_traceback(argv: Sequence[str], args: argparse.Namespace | None) -> bool:
    """Whether the user asked for ``--debug``: the parsed flag once ``argv`` is parsed.

    Before then (a plugin that fails to load, a flag that fails its check) only the words can tell:
    ``--debug`` before a ``--``, after which every word is a value (a file named ``--debug``).
    """
    if args is not None:
        return bool(getattr(args, DEST, False))
    words = list(argv)
    return "--debug" in (words[:words.index("--")] if "--" in words else words)

"""The tree of parsers a command line is parsed by: every parser in it, and words no parser knew.

argparse hands the words after a sub-command's name to that sub-command's parser, which keeps the ones it
does not know for the top-level parser to reject with the top-level usage (``usage: afterview [-h] ...``).
Here the parser that read the command's own words rejects them, with its usage and the flag meant; a
misspelt command or sub-command is rejected by the parser it was given to, with the name meant.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence

# The namespace attribute each parser's defaults set to itself: the deepest parser used sets it last.
_READER = "_afterview_parser"


class CommandParser(argparse.ArgumentParser):
    """A parser that names the closest real sub-command to a misspelt one; the parsers of its sub-commands
    are of this class too (argparse makes them of their parent's class unless a plugin chooses another)."""

    def _check_value(self, action: argparse.Action, value: object) -> None:
        if isinstance(action, argparse._SubParsersAction) and value not in action.choices:
            self.error(_no_such(action, value))
        super()._check_value(action, value)


def _no_such(action: argparse.Action, word: object) -> str:
    """The error for a misspelt sub-command, "no command 'plna' (did you mean 'plan'?)", naming the argument as
    the usage does ("action" for ACTION); with no name close, the names there are, as argparse lists them."""
    from afterview.errors import did_you_mean

    names = list(action.choices or ())
    noun = action.metavar.lower() if isinstance(action.metavar, str) else "command"
    meant = did_you_mean(str(word), names) or f" (choose from {', '.join(map(repr, names))})"
    return f"no {noun} {word!r}{meant}"


def every_parser(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    """``parser`` and every sub-command parser beneath it, however deep, each once (aliases repeat one)."""
    seen: set[int] = set()
    pending = [parser]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                pending.extend(action.choices.values())


def parse_words(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    """``argv`` parsed; words no parser knew are an error of the innermost sub-command's parser (exit 2)."""
    for each in every_parser(parser):
        each.set_defaults(**{_READER: each})
    args, unknown = parser.parse_known_args(argv)
    reader = vars(args).pop(_READER, parser)
    if unknown:
        reader.error(f"unrecognized arguments: {' '.join(unknown)}{_meant(reader, unknown)}")
    return args


def _meant(parser: argparse.ArgumentParser, unknown: list[str]) -> str:
    """The closest real flag to each unknown one, as " (did you mean '--format'?)", or ''."""
    from afterview.errors import closest

    flags = [word for word in parser._option_string_actions if word.startswith("--")]
    guesses = []
    for word in unknown:
        flag = word.split("=", 1)[0]
        meant = closest(flag, flags) if flag.startswith("--") else None
        if meant is not None:
            guesses.append((flag, meant))
    if len(guesses) == 1:
        return f" (did you mean '{guesses[0][1]}'?)"
    return f" (did you mean {', '.join(f'{meant!r} for {flag}' for flag, meant in guesses)}?)" if guesses else ""

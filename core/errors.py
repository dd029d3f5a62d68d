"""The one exception family for errors a user can cause.

The CLI prints these as ``path:line:col: message`` lines, without a traceback,
and exits with the error's ``exit_code``. Anything else that escapes is a bug.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file (or a CLI flag), and optionally a line and column (1-based)."""

    path: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, with where it is and how to fix it."""

    location: Location | None
    message: str
    hint: str | None = None
    code: str | None = None  # a stable name for the kind of problem (docs/errors.md), for editors and CI

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class AfterviewError(Exception):
    """Base class. Raised for any input a user can get wrong; never for our own bugs."""

    exit_code = 1

    def __init__(
        self,
        message: str | None = None,
        *,
        location: Location | None = None,
        hint: str | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        if message is not None:
            problems = [Problem(location, message, hint), *problems]
        self.problems: list[Problem] = list(problems)
        super().__init__(self.render())

    @property
    def location(self) -> Location | None:
        return self.problems[0].location if self.problems else None

    @property
    def message(self) -> str:
        return self.problems[0].message if self.problems else ""

    @property
    def hint(self) -> str | None:
        return self.problems[0].hint if self.problems else None

    def render(self) -> str:
        lines = [str(p) for p in self.problems]
        if len(self.problems) > 1:
            files = {p.location.path for p in self.problems if p.location and p.location.line}
            where = f" in {len(files)} file{'s' * (len(files) != 1)}" if files else ""
            lines.append(f"{len(self.problems)} errors{where}")
        return "\n".join(lines)


class RulesetError(AfterviewError):
    """Raised by the ruleset loader and validator: bad YAML, schema errors, bad extends."""


class FactsError(AfterviewError):
    """Raised when the facts (a facts file or CLI flags) are missing, malformed or inconsistent."""


class UsageError(AfterviewError):
    """Raised for bad command-line usage: unknown formats, conflicting flags."""

    exit_code = 2


class PluginError(AfterviewError):
    """Raised when a plugin fails to load or raises inside a hook; names the plugin and hook."""


class RulesetTestError(AfterviewError):
    """Raised by ``afterview test`` when a ruleset test file itself is malformed."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """Return ' (did you mean 'x'?)' for the closest candidate, or ''."""
    match = closest(word, candidates)
    return f" (did you mean '{match}'?)" if match is not None else ""


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to ``word``, if any is close enough to be what was meant."""
    import difflib  # only on the error path

    matches = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None

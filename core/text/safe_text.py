"""Text from facts and rulesets made safe for where it goes: terminals, Markdown, calendars.

A company name such as ``"\\x1b]0;pwned\\x07\\x1b[2J"`` would retitle and
clear a terminal; RFC 5545 forbids control characters in calendars; and a name
like ``<script>`` or a line of backticks would inject HTML into, or break out
of, a Markdown document.
"""

from __future__ import annotations

import re
from functools import cache

# The patterns are compiled on first use, not at every start.


@cache
def _controls() -> re.Pattern[str]:
    """C0 controls except tab and line feed, DEL, and C1 controls (U+0080–U+009F)."""
    return re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@cache
def _markdown_special() -> re.Pattern[str]:
    """What can start markup mid-line."""
    return re.compile(r"([\\`*_\[\]#<>|~&])")


@cache
def _html_start() -> re.Pattern[str]:
    """An HTML tag, comment or declaration: '<' and a letter, '/', '!' or '?'; autolinks such as
    <https://example.com> stay links, as on the site."""
    return re.compile(r"<(?![A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|[^\s<>@]+@[^\s<>]+>)(?=[A-Za-z/!?])")


def strip_controls(text: str) -> str:
    """Drop control characters, keeping tabs and line feeds (a CR LF becomes LF)."""
    return _controls().sub("", text.replace("\r\n", "\n"))


def visible_controls(text: str) -> str:
    """Show control characters as escapes (``\\x1b``) instead of letting a terminal act on them."""
    return _controls().sub(lambda m: f"\\x{ord(m[0]):02x}", text)


def markdown_inline(text: str) -> str:
    """A value from the facts as literal Markdown text on one line: no HTML, heading or emphasis."""
    one_line = " ".join(strip_controls(text).split())
    return _markdown_special().sub(r"\\\1", one_line)


def markdown_fence(lines: list[str]) -> str:
    """A backtick fence longer than any run of backticks in ``lines``, so they cannot close it."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    return "`" * max(3, longest + 1)


def no_raw_html(markdown: str) -> str:
    """Escape raw HTML in a ruleset's Markdown, as the site does (markdown-it with html off)."""
    return _html_start().sub("&lt;", markdown)

"""Text from facts and rulesets made safe for where it goes: terminals, Markdown, calendars.

A company name such as ``"\\x1b]0;pwned\\x07\\x1b[2J"`` would retitle and
clear a terminal; RFC 5545 forbids control characters in calendars; and a name
like ``<script>`` or a line of backticks would inject HTML into, or break out
of, a Markdown document.
"""

from __future__ import annotations

import re

# C0 controls except tab and line feed, DEL, and C1 controls (U+0080–U+009F).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#<>|~&])")  # what can start markup mid-line
# An HTML tag, comment or declaration starts with '<' and a letter, '/', '!' or '?';
# autolinks such as <https://example.com> stay links, as on the site.
_HTML_START = re.compile(r"<(?![A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|[^\s<>@]+@[^\s<>]+>)(?=[A-Za-z/!?])")


def strip_controls(text: str) -> str:
    """Drop control characters, keeping tabs and line feeds (a CR LF becomes LF)."""
    return _CONTROLS.sub("", text.replace("\r\n", "\n"))


def visible_controls(text: str) -> str:
    """Show control characters as escapes (``\\x1b``) instead of letting a terminal act on them."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m[0]):02x}", text)


def markdown_inline(text: str) -> str:
    """A value from the facts as literal Markdown text on one line: no HTML, heading or emphasis."""
    one_line = " ".join(strip_controls(text).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line)


def markdown_fence(lines: list[str]) -> str:
    """A backtick fence longer than any run of backticks in ``lines``, so they cannot close it."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    return "`" * max(3, longest + 1)


def no_raw_html(markdown: str) -> str:
    """Escape raw HTML in a ruleset's Markdown, as the site does (markdown-it with html off)."""
    return _HTML_START.sub("&lt;", markdown)

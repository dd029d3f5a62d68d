"""Markdown bodies as plain text for places that wrap text themselves (calendar descriptions)."""

from __future__ import annotations


def unwrap(markdown: str) -> str:
    """Join hard-wrapped lines into paragraphs; keep list items and blank-line breaks."""
    paragraphs = []
    for block in markdown.strip().split("\n\n"):
        lines: list[str] = []
        for line in block.splitlines():
            stripped = line.strip()
            if lines and not stripped.startswith(("- ", "* ")):
                lines[-1] += " " + stripped  # a wrapped line of a paragraph or of a list item
            else:
                lines.append(stripped)
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)

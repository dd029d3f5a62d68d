"""Values from facts and rulesets cannot act on a terminal, inject Markdown or HTML, or break a calendar."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from afterview.text.safe_text import markdown_fence, markdown_inline, no_raw_html, strip_controls, visible_controls

EVIL = "\x1b]0;pwned\x07\x1b[2J<img src=x onerror=alert(1)>\n# Owned\u009b"
PLAN = ("--interview", "2026-11-17T14:00", "--timezone", "UTC", "--now", "2026-11-17T15:00")


def _html_tokens(markdown: str) -> list[str]:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(markdown)
    found = [t.type for t in tokens if t.type == "html_block"]
    for token in tokens:
        found += [c.type for c in token.children or [] if c.type == "html_inline"]
    return found


def test_the_text_helpers() -> None:
    assert strip_controls("a\x1b[2Jb\tc\r\nd\x7f\x9b") == "a[2Jb\tc\nd"
    assert visible_controls("a\x1bb\x07") == "a\\x1bb\\x07"
    assert markdown_inline("<b>x</b>\n# h *y*") == "\\<b\\>x\\</b\\> \\# h \\*y\\*"
    assert markdown_fence(["plain", "a ``` b", "````"]) == "`````"
    assert markdown_fence(["plain"]) == "```"
    assert no_raw_html("see <b>this</b> and <https://example.org> or <a@b.org>") == (
        "see &lt;b>this&lt;/b> and <https://example.org> or <a@b.org>")


def test_markdown_output_escapes_facts(afterview_cli: Any) -> None:
    result = afterview_cli("plan", *PLAN, "--format", "markdown", "--company", EVIL, "--name", "Sam ````\n# Pwned")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "# After the interview: \\]0;pwned\\[2J\\<img src=x onerror=alert(1)\\> \\# Owned"
    assert _html_tokens(result.out) == []
    assert not any(line.startswith("# Owned") or line.startswith("# Pwned") for line in lines)
    assert "\x1b" not in result.out and "\x07" not in result.out and "\u009b" not in result.out


def test_a_name_cannot_close_the_fenced_draft(afterview_cli: Any) -> None:
    from markdown_it import MarkdownIt

    result = afterview_cli("plan", *PLAN, "--format", "markdown", "--interviewer", "Jane ```` Doe",
                           "--event", "follow_up_sent=2026-11-25T09:00", "--now", "2026-11-18T08:00")  # the call's script
    fences = [t for t in MarkdownIt("commonmark").parse(result.out) if t.type == "fence"]
    assert fences and any("Jane ```` Doe" in f.content for f in fences)
    assert all(f.markup.startswith("`````") for f in fences if "````" in f.content)


def test_raw_html_in_a_ruleset_body_is_escaped_in_markdown(afterview_cli: Any, afterview_project: Any) -> None:
    afterview_project.write("r.yaml", "id: r\ntitle: R\nextends: [default]\nrules:\n"
                                      "  - {id: thank-you-note, body: 'Say thanks <script>alert(1)</script>.'}\n")
    result = afterview_cli("plan", *PLAN, "--ruleset", "r.yaml", "--format", "markdown", "--now", "2026-11-18T08:00")
    assert "  Say thanks &lt;script>alert(1)&lt;/script>." in result.out.splitlines()
    assert _html_tokens(result.out) == []


def test_checklist_and_calendar_drop_control_characters(afterview_cli: Any, tmp_path: Path) -> None:
    from icalendar import Calendar

    checklist = afterview_cli("plan", *PLAN, "--company", EVIL)
    assert checklist.out.splitlines()[0] == "]0;pwned[2J<img src=x onerror=alert(1)>"
    assert all(ch == "\n" or ord(ch) >= 32 for ch in checklist.out)
    ics = afterview_cli("plan", *PLAN, "--company", EVIL, "--format", "ics", "-o", str(tmp_path / "a.ics"))
    assert ics.code == 0
    raw = (tmp_path / "a.ics").read_bytes()
    assert not any(b < 32 and b not in (9, 10, 13) for b in raw)
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(raw).walk("VEVENT")]
    assert summaries and all("\x1b" not in s for s in summaries)
    assert any(s.endswith("(]0;pwned[2J<img src=x onerror=alert(1)>\n# Owned)") for s in summaries)


def test_errors_show_control_characters_as_escapes(afterview_cli: Any) -> None:
    result = afterview_cli("plan", "--interview", "2026-11-17T14:00", "--timezone", "\x1b[2J\x07")
    assert result.err.startswith("--timezone: unknown timezone '\\x1b[2J\\x07'")

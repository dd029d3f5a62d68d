"""The coach's tutorial (site/content/adapt-the-advice.md) runs as written, so it cannot go stale.

Its ``sh`` blocks run in order in a fresh folder; a ``yaml file=NAME`` block
is written to NAME first; a ``text`` block right after an ``sh`` block is
that command's exact output (stdout, then stderr). ``sh exit=N`` expects
exit status N instead of 0. After a deliberate change to the advice, run it
once with AFTERVIEW_UPDATE_TUTORIAL=1 to write the new outputs into the page,
then read the diff of the page before committing it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

TUTORIAL = Path(__file__).parents[1] / "site" / "content" / "adapt-the-advice.md"


def blocks() -> list[tuple[str, dict[str, str], str, tuple[int, int]]]:
    """(language, options, content, (first, last) line of the content) of each fenced block, as markdown-it reads them."""
    from markdown_it import MarkdownIt

    found = []
    for token in MarkdownIt().parse(TUTORIAL.read_text(encoding="utf-8")):
        if token.type == "fence" and token.map:
            lang, *words = token.info.split()
            options = dict(w.split("=", 1) for w in words if "=" in w)
            found.append((lang, options, token.content, (token.map[0] + 1, token.map[1] - 1)))
    return found


def run_tutorial(folder: Path) -> list[tuple[str, str, str, tuple[int, int]]]:
    """Run every block; return (command, expected output, actual output, lines) for each checked output."""
    folder.mkdir(exist_ok=True)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("AFTERVIEW_RULESETS", None)
    checks, last = [], None
    for lang, options, content, lines in blocks():
        if lang == "yaml" and "file" in options:
            (folder / options["file"]).write_text(content, encoding="utf-8")
        elif lang == "sh":
            done = subprocess.run(["bash", "-e", "-c", content], cwd=folder, env=env, capture_output=True, text=True,
                                  check=False)
            assert done.returncode == int(options.get("exit", 0)), (content, done.stdout, done.stderr)
            last = (content, done.stdout + done.stderr)
        elif lang == "text" and last is not None:
            checks.append((last[0], content, last[1], lines))
            last = None
        else:
            last = None
    return checks


@pytest.mark.slow
def test_the_tutorial_runs_as_written(tmp_path: Path) -> None:
    checks = run_tutorial(tmp_path)
    assert len(checks) >= 4
    if os.environ.get("AFTERVIEW_UPDATE_TUTORIAL") == "1":
        _write_outputs(checks)
        checks = run_tutorial(tmp_path / "again")  # the page as written now must pass as it stands
    for command, expected, actual, _ in checks:
        assert actual == expected, command
    assert (tmp_path / "public" / "schemas" / "ruleset.schema.json").is_file()


def _write_outputs(checks: list[tuple[str, str, str, tuple[int, int]]]) -> None:
    lines = TUTORIAL.read_text(encoding="utf-8").splitlines(keepends=True)
    for _, _, actual, (first, last) in reversed(checks):
        lines[first:last] = actual.splitlines(keepends=True)
    TUTORIAL.write_text("".join(lines), encoding="utf-8")


def test_the_tutorial_is_a_page_of_the_guide(guide_site: Path) -> None:
    from html.parser import HTMLParser

    page = (guide_site / "adapt-the-advice" / "index.html").read_text(encoding="utf-8")

    class Headings(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.h1: list[str] = []
            self.inside = False

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            self.inside = tag == "h1"

        def handle_data(self, data: str) -> None:
            if self.inside:
                self.h1.append(data.strip())
                self.inside = False

    parser = Headings()
    parser.feed(page)
    assert "Adapt the advice for your field" in parser.h1


def test_the_tutorial_states_one_follow_up_date_everywhere() -> None:
    """The test file it writes, the diff and the plan it shows give the same follow-up date (Fri 4 Dec 2026 09:00).

    The Friday after Thanksgiving is closed in the US overlay, which ``plan`` layers for a New York interview:
    ``diff`` and the test file must count on the same calendar (UAT 12).
    """
    import re

    texts = [content for lang, _, content, _ in blocks() if lang in {"text", "yaml"}]
    test_file = next(t for t in texts if t.startswith("# yaml-language-server") and "cases:" in t and "12-0" in t)
    assert "rulesets: [default, country-us, industry-nonprofit.yaml]" in test_file
    assert "{rule: follow-up, status: upcoming, due: 2026-12-04T09:00}" in test_file
    diff = next(t for t in texts if t.startswith("left:"))
    assert "+ opens Thu 3 Dec 2026 15:00, due Fri 4 Dec 2026 09:00 (upcoming)" in diff
    planned = next(t for t in texts if "Follow up by email" in t)
    assert re.search(r"skipping Thu 26 Nov 2026 \(Thanksgiving Day\) and Fri 27 Nov 2026 \(Friday after Thanksgiving,"
                     r" offices thin\) → Fri 4 Dec 2026 15:00 .*at 09:00 → Fri 4 Dec 2026 09:00$", planned.strip())

"""pytest fixtures for testing afterview rulesets and plugins. Registered as a pytest plugin.

- ``afterview_cli``: run ``afterview ARGS`` in-process (``plugins=[...]`` registers extra plugin
  objects); returns ``.code``, ``.out``, ``.err``.
- ``afterview_facts``: build ``Facts`` for a Tue 17 Nov 2026 14:00 New York interview, with overrides.
- ``afterview_now``: 2026-11-18 08:00 New York, a fixed moment for plans.
- ``afterview_project``: a temporary folder with a helper to write dedented files into it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

FIXED_NOW = datetime(2026, 11, 18, 8, 0, tzinfo=ZoneInfo("America/New_York"))
BASE_FACTS: dict[str, Any] = {
    "company": "Acme",
    "role": "Data Engineer",
    "country": "US",
    "timezone": "America/New_York",
    "interview": {
        "start": "2026-11-17T14:00",
        "interviewers": [{"name": "Jane Doe", "email": "jane@acme.example", "topics": ["data mesh"]}],
    },
}


@dataclass
class CLIResult:
    code: int
    out: str
    err: str


@pytest.fixture
def afterview_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CLIResult]:
    """Run the afterview CLI in-process and capture exit code, stdout and stderr."""
    from afterview.cli import main

    def run(*args: str, plugins: Any = ()) -> CLIResult:
        try:
            code = main(list(args), plugins=plugins)
        except SystemExit as exc:  # argparse exits for --help, --version and usage errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return CLIResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def afterview_now() -> datetime:
    return FIXED_NOW


@pytest.fixture
def afterview_facts() -> Callable[..., Any]:
    """afterview_facts(company="Initech", decision={"by": "2026-12-01"}) -> Facts; top-level keys replace BASE_FACTS."""
    from afterview import load_facts

    def build(**overrides: Any) -> Any:
        return load_facts({**BASE_FACTS, **overrides})

    return build


class Project:
    """A temporary folder for rulesets and facts files."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path


@pytest.fixture
def afterview_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A temporary working directory; ``.write(name, text)`` adds files to it."""
    monkeypatch.chdir(tmp_path)
    return Project(tmp_path)

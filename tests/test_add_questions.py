"""Interactive ``afterview add``: the timezone question follows the country, as ``add --country`` decides.

A country with one zone proposes it; one with several lists them and needs an answer; the computer's zone
is proposed only when no country is given, and the question says so.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest

US_ZONES = ("America/New_York, America/Chicago, America/Denver, America/Phoenix, America/Los_Angeles,"
            " America/Anchorage, America/Adak, Pacific/Honolulu")
DECISION = "What did they say about a decision? (e.g. '2 weeks'; empty if nothing): "
ASKED_FIRST = "Company: Role: Interview start (e.g. 2026-11-17T14:00): Country (ISO code, e.g. US): "


class _Keyboard(io.StringIO):
    """Typed answers on a terminal: ``input`` reads them line by line and raises EOFError after the last."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TZ", "America/Los_Angeles")  # this computer's zone, never the answer for DE or US
    monkeypatch.setenv("AFTERVIEW_JOURNAL", str(tmp_path / "journal"))
    return tmp_path / "journal"


def _add(afterview_cli: Any, monkeypatch: pytest.MonkeyPatch, *typed: str) -> Any:
    monkeypatch.setattr(sys, "stdin", _Keyboard("".join(f"{line}\n" for line in typed)))
    return afterview_cli("add", "--now", "2026-11-17T16:00")


def _facts(journal: Path) -> list[str]:
    return (journal / "foo-dev.yaml").read_text(encoding="utf-8").splitlines()[2:]


def test_a_country_with_one_zone_proposes_it(journal: Path, afterview_cli: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    result = _add(afterview_cli, monkeypatch, "Foo", "Dev", "2026-11-17 14:00", "DE", "", "")
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[0] == (f"{ASKED_FIRST}Timezone (DE keeps one time) [Europe/Berlin]: {DECISION}"
                                          f"added foo-dev ({journal / 'foo-dev.yaml'})")
    assert _facts(journal) == ["company: Foo", "role: Dev", "country: DE", "timezone: Europe/Berlin", "interview:",
                               "  start: 2026-11-17 14:00"]


def test_a_country_with_several_zones_lists_them_and_needs_one(journal: Path, afterview_cli: Any,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    result = _add(afterview_cli, monkeypatch, "Foo", "Dev", "2026-11-17 14:00", "US", "", "Mars/Olympus",
                  "America/Chicago", "2 weeks")
    assert result.code == 0, result.err
    question = f"Timezone (US has 8: {US_ZONES}): "
    assert result.out.splitlines()[0] == f"{ASKED_FIRST}{question}{question}{question}{DECISION}added foo-dev " \
                                         f"({journal / 'foo-dev.yaml'})"
    assert result.err == (f"  US has 8 timezones; say which one\n  hint: answer with one of: {US_ZONES}\n"
                          "  unknown timezone 'Mars/Olympus'\n"
                          "  hint: use an IANA name such as Europe/Berlin\n")
    assert _facts(journal) == ["company: Foo", "role: Dev", "country: US", "timezone: America/Chicago", "interview:",
                               "  start: 2026-11-17 14:00", "decision:", "  within: 2 weeks"]


def test_without_a_country_the_computers_zone_is_proposed_and_said_to_be(
        journal: Path, afterview_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _add(afterview_cli, monkeypatch, "Foo", "Dev", "2026-11-17 14:00", "", "", "")
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[0] == (f"{ASKED_FIRST}Timezone (no country given: this computer's)"
                                          f" [America/Los_Angeles]: {DECISION}added foo-dev"
                                          f" ({journal / 'foo-dev.yaml'})")
    assert _facts(journal) == ["company: Foo", "role: Dev", "timezone: America/Los_Angeles", "interview:",
                               "  start: 2026-11-17 14:00"]


def test_with_nothing_known_the_rulesets_default_is_said(journal: Path, afterview_cli: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")  # a bare UTC says nothing about where the computer is
    result = _add(afterview_cli, monkeypatch, "Foo", "Dev", "2026-11-17 14:00", "", "", "")
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[:2] == [
        f"{ASKED_FIRST}Timezone (e.g. America/New_York; empty: the ruleset's default): {DECISION}added foo-dev"
        f" ({journal / 'foo-dev.yaml'})",
        "Note: timezone America/New_York: the ruleset's default (pass --timezone to change)"]


def test_the_questions_without_a_terminal(tmp_path: Path) -> None:
    """``ask`` itself: a prompt and the system zone are passed in; the latter is read only when needed."""
    from afterview.journal import ask

    asked: list[str] = []
    answers = iter(["Acme", "Data Engineer", "2026-11-17T14:00", "gb", "", ""])

    def prompt(question: str) -> str:
        asked.append(question)
        return next(answers)

    def no_system_zone() -> str | None:
        raise AssertionError("the country says the zone: the computer's is not read")

    values = ask(prompt, system_zone=no_system_zone)
    assert asked[4] == "Timezone (GB keeps one time) [Europe/London]: "
    assert values == {("company",): "Acme", ("role",): "Data Engineer", ("interview", "start"): "2026-11-17T14:00",
                      ("country",): "gb", ("timezone",): "Europe/London"}

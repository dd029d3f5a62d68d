"""The engine is pure: planning reads no clock and opens no file, whatever the facts."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

import pytest

from afterview import load_facts, load_ruleset, plan

ACME = {"company": "Acme", "timezone": "America/New_York", "country": "US",
        "interview": {"start": "2026-11-17T14:00", "interviewers": [{"name": "Jane Doe"}]},
        "decision": {"by": "2026-12-01"}, "events": [{"type": "thank_you_sent", "at": "2026-11-18T09:10"}]}
NOW = datetime.fromisoformat("2026-11-20T08:00:00-05:00")
_GUARD = {"active": False}  # audit hooks cannot be removed: this one acts only while a guard is on


class ClockRead(AssertionError):
    pass


class _NoClockDatetime(datetime):
    @classmethod
    def now(cls, tz: Any = None) -> Any:
        raise ClockRead("datetime.now() called")

    @classmethod
    def utcnow(cls) -> Any:
        raise ClockRead("datetime.utcnow() called")

    @classmethod
    def today(cls) -> Any:
        raise ClockRead("datetime.today() called")


class _NoClockDate(date):
    @classmethod
    def today(cls) -> Any:
        raise ClockRead("date.today() called")


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _GUARD["active"] and event in ("open", "os.listdir", "os.scandir", "socket.connect", "subprocess.Popen"):
        raise ClockRead(f"I/O during planning: {event} {args[:1]}")


sys.addaudithook(_audit)


@contextmanager
def no_clock_no_io(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Replace every clock an afterview module can reach, and refuse file opens, for the block."""
    for name, module in list(sys.modules.items()):
        if name == "afterview" or name.startswith("afterview."):
            if getattr(module, "datetime", None) is datetime:
                monkeypatch.setattr(module, "datetime", _NoClockDatetime)
            if getattr(module, "date", None) is date:
                monkeypatch.setattr(module, "date", _NoClockDate)
    for clock in ("time", "time_ns", "monotonic", "perf_counter", "localtime", "gmtime"):
        monkeypatch.setattr(time, clock, _refuse(f"time.{clock}()"))
    _GUARD["active"] = True
    try:
        yield
    finally:
        _GUARD["active"] = False


def _refuse(what: str) -> Any:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise ClockRead(f"{what} called")
    return refuse


def test_planning_reads_no_clock_and_opens_no_file(monkeypatch: pytest.MonkeyPatch) -> None:
    ruleset = load_ruleset(["default", "country-us"])
    facts = load_facts(ACME)
    warm = plan(ruleset, facts, NOW)  # imports and holiday tables happen here, outside the guard
    expected = [(a.rule_id, a.due, a.status, a.explanation) for a in warm.actions]
    with no_clock_no_io(monkeypatch):
        result = plan(ruleset, facts, NOW)
        actual = [(a.rule_id, a.due, a.status, a.explanation) for a in result.actions]
    assert actual == expected


def test_the_guard_catches_a_clock_read_and_a_file_open(monkeypatch: pytest.MonkeyPatch) -> None:
    from afterview.planning import engine

    with no_clock_no_io(monkeypatch):
        with pytest.raises(ClockRead, match=r"datetime.now\(\) called"):
            engine.datetime.now()
        with pytest.raises(ClockRead, match="I/O during planning: open"):
            open(__file__)  # noqa: SIM115 - the open itself is what is being refused
        with pytest.raises(ClockRead, match=r"time.time\(\) called"):
            time.time()

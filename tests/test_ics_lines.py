"""The hand-written content lines are icalendar's bytes: folding, escaping, dates and durations."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Event, vDuration

from afterview.plugins.ics_lines import duration, escape, fold, moment_property

TEXTS = {
    "ascii": "Follow up with the hiring team, politely; mention the offer deadline \\ and the trip. " * 4,
    "accents": "Société Générale — Ingénieure données, équipe Zoë Ångström-Nguyễn, café crème. " * 3,
    "cjk": "株式会社テスト 東京 データメッシュ の 面接 フォローアップ メール を 送る " * 4,
    "emoji": "🚀 launch 🧩 puzzle 🎉 done — 👩🏽‍💻 engineer 🇫🇷 " * 5,
    "escape at the fold": "x" * 72 + ";" + "y" * 80 + "," + "z" * 60,
    "backslash at the fold": "a" * 73 + "\\" + "b" * 100,
    "newlines": "line one\nline two\r\nline three\rline four",
}


def icalendar_line(name: str, value: object) -> bytes:
    event = Event()
    event.add(name, value)
    lines = event.to_ical().split(b"\r\n")
    return b"\r\n".join(lines[1:-2])  # between BEGIN:VEVENT and END:VEVENT


@pytest.mark.parametrize("text", TEXTS.values(), ids=list(TEXTS))
def test_folded_text_is_icalendars_bytes(text: str) -> None:
    for cut in range(0, len(text), 7):
        value = text[:cut]
        assert fold(f"DESCRIPTION:{escape(value)}").encode() == icalendar_line("description", value)


def test_no_folded_line_exceeds_75_octets_or_splits_a_character() -> None:
    for text in TEXTS.values():
        for line in fold(f"SUMMARY:{escape(text)}").encode().split(b"\r\n"):
            assert len(line) <= 75
            line.decode("utf-8")


@pytest.mark.parametrize("value", [
    date(2026, 11, 17), datetime(2026, 12, 3, 9, 0, tzinfo=ZoneInfo("America/New_York")),
    datetime(2026, 11, 18, 14, 10, tzinfo=UTC)])
def test_moments_are_icalendars_bytes(value: date) -> None:
    assert moment_property("DTSTART", value).encode() == icalendar_line("dtstart", value)


@pytest.mark.parametrize("minutes", [30, -1, 9 * 60, 24 * 60, 24 * 60 + 5, -(2 * 60 + 3)])
def test_durations_are_icalendars(minutes: int) -> None:
    delta = timedelta(minutes=minutes)
    assert duration(delta).encode() == vDuration(delta).to_ical()


def test_random_text_folds_like_icalendar() -> None:
    import random

    rng = random.Random(5545)
    alphabet = "ab ,;:\\^\n\r" + "éü—→" + "東京株" + "🚀🧩"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        assert fold(f"SUMMARY:{escape(text)}").encode() == icalendar_line("summary", text), text

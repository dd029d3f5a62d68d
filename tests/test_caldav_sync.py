"""`afterview sync` against a real CalDAV server: Radicale, started on 127.0.0.1 for the test."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _new_york_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A naive --now is read in the system's timezone: here New York, the timezone of these tests' facts."""
    monkeypatch.setenv("TZ", "America/New_York")

USER, PASSWORD = "sam", "not-a-real-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[str]:
    """A Radicale server with a plain htpasswd user and its own storage folder; yields its URL."""
    port = free_port()
    (tmp_path / "users").write_text(f"{USER}:{PASSWORD}\n")
    config = tmp_path / "radicale.conf"
    config.write_text(f"[server]\nhosts = 127.0.0.1:{port}\n"
                      f"[auth]\ntype = htpasswd\nhtpasswd_filename = {tmp_path / 'users'}\nhtpasswd_encryption = plain\n"
                      f"[storage]\nfilesystem_folder = {tmp_path / 'collections'}\n[logging]\nlevel = error\n")
    server = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(config)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"radicale did not start: {server.communicate()[1]!r}")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/"
    server.terminate()
    server.wait(timeout=10)


def server_events(url: str, name: str = "After the interview") -> dict[str, str]:
    """UID -> SUMMARY of the events on the server, read back with the caldav client."""
    from caldav import DAVClient
    from icalendar import Calendar

    client: Any = DAVClient(url=url, username=USER, password=PASSWORD)  # type: ignore[operator]
    calendar = next(c for c in client.principal().calendars() if c.get_display_name() == name)
    found = {}
    for obj in calendar.events():
        for event in Calendar.from_ical(obj.data).walk("VEVENT"):
            found[str(event["UID"])] = str(event["SUMMARY"])
    return found


@pytest.mark.slow
def test_the_server_follows_the_journal(radicale: str, afterview_cli: Any, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_JOURNAL", str(tmp_path / "journal"))
    monkeypatch.setenv("AFTERVIEW_CALDAV_USER", USER)
    monkeypatch.setenv("AFTERVIEW_CALDAV_PASSWORD", PASSWORD)
    now = ("--now", "2026-11-19T09:00")

    def sync() -> str:
        result = afterview_cli("sync", "--caldav", radicale, *now)
        assert (result.code, result.err) == (0, ""), result.err
        return result.out

    def plan_count(slug: str) -> int:
        import json

        out = afterview_cli("plan", str(tmp_path / "journal" / f"{slug}.yaml"), *now, "--format", "json").out
        # skipped and done steps are not on the calendar
        return sum(a["status"] not in ("skipped", "done") for a in json.loads(out)["plans"][0]["actions"])

    afterview_cli("add", "--company", "Acme", "--role", "Data Engineer", "--interview", "2026-11-17T14:00",
                  "--timezone", "America/New_York", "--country", "US", "--decision-by", "2026-12-01")
    acme = plan_count("acme-data-engineer")
    assert sync() == f"{acme} created, 0 updated, 0 cancelled, 0 unchanged\n"
    assert len(server_events(radicale)) == acme
    assert sync() == f"0 created, 0 updated, 0 cancelled, {acme} unchanged\n"  # idempotent

    afterview_cli("add", "--company", "Globex", "--interview", "2026-11-18T10:00", "--timezone", "Europe/Berlin",
                  "--country", "DE")
    globex = plan_count("globex")
    assert sync() == f"{globex} created, 0 updated, 0 cancelled, {acme} unchanged\n"
    assert len(server_events(radicale)) == acme + globex

    afterview_cli("record", "acme-data-engineer", "thank_you_sent", "--at", "2026-11-18T09:00")
    out = sync()  # the thank-you is done: it leaves the calendar; the steps that follow it move
    assert out.startswith("0 created, ") and ", 1 cancelled, " in out and not out.startswith("0 created, 0 updated")
    acme -= 1
    assert plan_count("acme-data-engineer") == acme
    assert len(server_events(radicale)) == acme + globex

    afterview_cli("record", "globex", "rejected", "--at", "2026-11-19T08:00")
    after = plan_count("globex")
    assert after != globex
    sync()
    events = server_events(radicale)
    assert len(events) == acme + after
    globex_titles = sorted(title for title in events.values() if "Globex" in title)
    assert not any("Follow up" in t for t in globex_titles)
    assert sync().endswith(f"0 cancelled, {acme + after} unchanged\n")

    afterview_cli("archive", "globex")
    assert sync().startswith("0 created, 0 updated, ")
    assert len(server_events(radicale)) == acme


def test_sync_without_a_server_is_a_located_error(afterview_cli: Any, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_JOURNAL", str(tmp_path / "journal"))
    (tmp_path / "journal").mkdir()  # an empty journal: a missing one is an error of its own
    url = f"http://127.0.0.1:{free_port()}/"
    result = afterview_cli("sync", "--caldav", url)
    assert result.code == 1
    assert result.err.startswith("--caldav: cannot use the CalDAV calendar: ")
    assert "hint: check the URL; set AFTERVIEW_CALDAV_USER and AFTERVIEW_CALDAV_PASSWORD" in result.err


@pytest.mark.slow
def test_sync_pushes_to_dos_where_the_calendar_takes_them(radicale: str, afterview_cli: Any, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from caldav import DAVClient

    monkeypatch.setenv("AFTERVIEW_JOURNAL", str(tmp_path / "journal"))
    monkeypatch.setenv("AFTERVIEW_CALDAV_USER", USER)
    monkeypatch.setenv("AFTERVIEW_CALDAV_PASSWORD", PASSWORD)
    afterview_cli("add", "--company", "Acme", "--interview", "2026-11-17T14:00", "--timezone", "America/New_York")
    plan = json.loads(afterview_cli("plan", str(tmp_path / "journal" / "acme.yaml"), "--now", "2026-11-19T09:00",
                                    "--format", "json").out)["plans"][0]
    # a lapsed step's to-do is CANCELLED, which sync deletes (or never creates): it is no longer to do
    tasks = sum(a["kind"] == "task" and a["status"] not in ("skipped", "lapsed") for a in plan["actions"])
    assert sum(a["status"] == "lapsed" for a in plan["actions"]) == 2  # asking at the interview, the debrief
    events = sum(a["status"] != "skipped" for a in plan["actions"])
    result = afterview_cli("sync", "--caldav", radicale, "--tasks", "--now", "2026-11-19T09:00")
    assert result.out == f"{events + tasks} created, 0 updated, 0 cancelled, 0 unchanged\n"
    client: Any = DAVClient(url=radicale, username=USER, password=PASSWORD)  # type: ignore[operator]
    calendar = next(c for c in client.principal().calendars() if c.get_display_name() == "After the interview")
    assert (len(calendar.events()), len(calendar.todos(include_completed=True))) == (events, tasks)


def test_sync_without_the_caldav_client_says_how_to_install_it(afterview_cli: Any, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_JOURNAL", str(tmp_path / "journal"))
    (tmp_path / "journal").mkdir()  # an empty journal: a missing one is an error of its own
    monkeypatch.setitem(sys.modules, "caldav", None)  # as if the 'sync' extra were not installed
    result = afterview_cli("sync", "--caldav", "http://127.0.0.1:1/")
    assert (result.code, result.err) == (1, "--caldav: the CalDAV client is not installed\n"
                                            '  hint: pip install "afterview[sync]"\n')


def test_a_password_never_goes_over_plain_http_to_another_machine(afterview_cli: Any, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFTERVIEW_JOURNAL", str(tmp_path / "journal"))
    (tmp_path / "journal").mkdir()  # an empty journal: a missing one is an error of its own
    monkeypatch.setenv("AFTERVIEW_CALDAV_USER", USER)
    monkeypatch.setenv("AFTERVIEW_CALDAV_PASSWORD", PASSWORD)
    result = afterview_cli("sync", "--caldav", "http://dav.example.com/sam/")
    assert (result.code, result.err) == (1, "--caldav: http would send your password unencrypted\n"
                                            "  hint: use https://dav.example.com/sam/\n")

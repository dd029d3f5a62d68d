"""`afterview import`: Huntr, Teal and --map CSV exports into journal entries; bad rows named by line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _new_york_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A naive --now is read in the system's timezone: here New York, the timezone of these tests' facts."""
    monkeypatch.setenv("TZ", "America/New_York")


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AFTERVIEW_JOURNAL", str(tmp_path / "journal"))
    monkeypatch.chdir(tmp_path)
    return tmp_path / "journal"


def test_huntr_export(journal: Path, afterview_cli: Any, tmp_path: Path) -> None:
    (tmp_path / "huntr.csv").write_text(
        "Company,Job Title,List,Interview Date,Location\n"
        "Acme,Data Engineer,Interviewing,2026-11-17 14:00,New York\n"
        "Globex,Analyst,Rejected,11/18/2026 2:30 PM,Berlin\n", encoding="utf-8")
    result = afterview_cli("import", "huntr.csv", "--timezone", "America/New_York", "--now", "2026-11-20T09:00")
    assert (result.code, result.out, result.err) == (0, "imported 2 applications: acme-data-engineer, globex-analyst\n", "")
    assert (journal / "globex-analyst.yaml").read_text(encoding="utf-8").splitlines()[2:] == [
        "company: Globex", "role: Analyst", "timezone: America/New_York", "interview:", "  start: 2026-11-18T14:30",
        "events:", "  - {type: rejected, at: 2026-11-20T09:00, note: imported}"]


def test_teal_export_is_recognised_by_its_columns(journal: Path, afterview_cli: Any, tmp_path: Path) -> None:
    (tmp_path / "teal.csv").write_text(
        "\ufeffJob Position,Company,Status,Interview Date\n"
        "Platform Engineer,Initech,Offer,2026-11-24\n", encoding="utf-8")
    result = afterview_cli("import", "teal.csv", "--timezone", "America/Chicago", "--now", "2026-11-20T09:00")
    assert result.out == "imported 1 application: initech-platform-engineer\n"
    text = (journal / "initech-platform-engineer.yaml").read_text(encoding="utf-8")
    assert "  start: 2026-11-24T09:00\n" in text  # a date alone means 09:00
    assert "  - {type: offer_received, at: 2026-11-24T09:00, note: imported}\n" in text  # not before the interview


def test_a_generic_map_and_every_unreadable_row_reported_by_line(journal: Path, afterview_cli: Any,
                                                                 tmp_path: Path) -> None:
    (tmp_path / "sheet.csv").write_text(
        "Employer,Job,When,Stage\n"
        "Acme,Data Engineer,2026-11-17T14:00,applied\n"
        ",Nobody,2026-11-18T10:00,applied\n"
        "Hooli,\"Staff\nEngineer\",next week,applied\n"
        "Initech,Engineer,,applied\n"
        "Acme,Data Engineer,2026-11-17T14:00,applied\n", encoding="utf-8")
    result = afterview_cli("import", "sheet.csv", "--map", "Employer=company,Job=role,When=interview,Stage=status",
                           "--timezone", "America/New_York")
    assert result.code == 1
    assert result.out == "imported 1 application: acme-data-engineer\n"
    assert result.err == (
        "sheet.csv:3: no company\n"
        "  hint: fix the row, then import the file again (rows already added are refused, never doubled)\n"
        "sheet.csv:4: interview date 'next week' is not a date (write 2026-11-17 14:00)\n"
        "  hint: fix the row, then import the file again (rows already added are refused, never doubled)\n"
        "sheet.csv:6: no interview date for Initech (afterview plans from an interview)\n"
        "  hint: fix the row, then import the file again (rows already added are refused, never doubled)\n"
        "sheet.csv:7: 'acme-data-engineer' is already in the journal"
        f" ({journal / 'acme-data-engineer.yaml'})\n"
        "  hint: this row was left out; fix the row, then import the file again (rows already added are refused,"
        " never doubled)\n"
        "4 errors in 1 file\n")


def test_a_csv_without_the_needed_columns(journal: Path, afterview_cli: Any, tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_text("Name,Date\nAcme,2026-11-17\n", encoding="utf-8")
    result = afterview_cli("import", "x.csv")
    assert (result.code, result.err) == (2, "x.csv:1: no company or interview column among: Name, Date\n"
                                            "  hint: name them with --map, e.g. --map 'Employer=company,When=interview'\n")
    bad_map = afterview_cli("import", "x.csv", "--map", "Name=employer")
    assert bad_map.err.startswith("--map: 'Name=employer' is not COLUMN=FIELD\n")

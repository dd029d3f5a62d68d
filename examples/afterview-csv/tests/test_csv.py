"""The plugin's own tests, using afterview's pytest fixtures (afterview.testing)."""

import csv
import io

import afterview_csv


def test_one_row_per_action(afterview_cli):
    result = afterview_cli("plan", "--interview", "2026-11-17T14:00", "--timezone", "America/New_York",
                           "--company", "Acme", "--now", "2026-11-18T08:00", "--format", "csv",
                           plugins=[afterview_csv])
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert result.code == 0
    thanks = next(r for r in rows if r["rule"] == "thank-you-note")
    assert (thanks["company"], thanks["due"], thanks["status"]) == ("Acme", "2026-11-18T15:00-05:00", "open")


def test_writing_its_own_file_again_replaces_it(afterview_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = ("plan", "--interview", "2026-11-17T14:00", "--timezone", "America/New_York", "--format", "csv",
            "-o", "plan.csv")
    for now in ("2026-11-18T08:00", "2026-11-20T08:00"):  # overdue, not yet lapsed (the window closes after 5bd)
        assert afterview_cli(*args, "--now", now, plugins=[afterview_csv]).code == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "plan.csv").read_text())))
    assert next(r for r in rows if r["rule"] == "thank-you-note")["status"] == "overdue"

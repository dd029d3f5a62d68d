"""Two processes recording into one application at once: the file lock makes every event land."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

RECORDS = 200
WORKER = textwrap.dedent("""
    import sys
    from afterview.cli import main
    journal, name = sys.argv[1], sys.argv[2]
    for i in range({records}):
        code = main(["record", "acme", "reply_received", "--at", "2026-11-20T10:00", "--note", f"{{name}}-{{i}}",
                     "--journal", journal])
        if code:
            sys.exit(code)
""").format(records=RECORDS)


@pytest.mark.slow
def test_two_processes_racing_200_records_each_lose_no_event(tmp_path: Path) -> None:
    from ruamel.yaml import YAML

    journal = tmp_path / "journal"
    journal.mkdir()
    entry = journal / "acme.yaml"
    entry.write_text("# racing\ncompany: Acme\ntimezone: America/New_York\ninterview: {start: 2026-11-17T14:00}\n"
                     "events: []\n", encoding="utf-8")
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(journal), name], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True) for name in ("a", "b")]
    errors = [w.communicate(timeout=600)[1] for w in workers]
    assert [w.returncode for w in workers] == [0, 0], errors
    data = YAML(typ="safe").load(entry.read_text(encoding="utf-8"))
    notes = sorted(e["note"] for e in data["events"])
    assert notes == sorted(f"{name}-{i}" for name in ("a", "b") for i in range(RECORDS))
    assert entry.read_text(encoding="utf-8").startswith("# racing\n")

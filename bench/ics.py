"""ICS speed: milliseconds per application for a calendar of 1,000 applications, whole processes.

Budget (issue 14): at most 3 ms per application at 1,000 applications. Times
`afterview plan F1 … F1000 --format ics -o FILE` in a new process: the first
write, and a re-write over the previous file (which reads the state file
beside it). Prints the median of BENCH_RUNS runs of each. The last line is
machine-readable for bench/run_all.py.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchtools import afterview_program

APPLICATIONS = int(os.environ.get("BENCH_APPLICATIONS", "1000"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
ZONES = [("America/New_York", "US"), ("Europe/Paris", "FR"), ("Asia/Tokyo", "JP"), ("America/Chicago", "US")]


def write_facts(folder: Path) -> list[str]:
    names = []
    for i in range(APPLICATIONS):
        tz, country = ZONES[i % len(ZONES)]
        start = datetime(2026, 11, 2, 10) + timedelta(days=i % 40, hours=i % 6)
        sent = start + timedelta(hours=20)
        # Only what has happened by --now (a day's margin for the zones): a later event is refused.
        recorded = i % 3 and sent < datetime(2026, 11, 19)
        events = f"events:\n  - {{type: thank_you_sent, at: {sent:%Y-%m-%dT%H:%M}}}\n" if recorded else ""
        name = f"app-{i:04d}.yaml"
        (folder / name).write_text(
            f"company: Company {i}\nrole: Engineer {i % 7}\ntimezone: {tz}\ncountry: {country}\n"
            f"interview:\n  start: {start:%Y-%m-%dT%H:%M}\n"
            f"  interviewers: [{{name: Person {i}, topics: [topic {i}]}}]\n"
            f"{events}")
        names.append(name)
    return names


CPU: list[float] = []  # user + system ms of each timed child, from getrusage


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, check=True)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    return wall


def main() -> None:
    exe = afterview_program(Path(sys.executable).parent)
    work = Path(tempfile.mkdtemp(prefix="afterview-ics-bench-"))
    env = {**os.environ, "AFTERVIEW_CACHE_DIR": str(work / "cache")}
    names = write_facts(work)
    command = [exe, "plan", *names, "--now", "2026-11-20T09:00", "--format", "ics", "-o", "out.ics"]
    subprocess.run(command, cwd=work, env=env, stdout=subprocess.DEVNULL, check=True)  # warm caches
    first, again = [], []
    for _ in range(RUNS):  # paired: a fresh file, then a re-write over it
        (work / "out.ics").unlink()
        (work / "out.ics.state.json").unlink()
        first.append(timed(command, work, env))
        again.append(timed(command, work, env))
    size = (work / "out.ics").stat().st_size
    per_app, per_app_again = statistics.median(first) / APPLICATIONS, statistics.median(again) / APPLICATIONS
    print(f"ICS, {APPLICATIONS} applications ({size / 1e6:.1f} MB): new file {per_app:.2f} ms/application, "
          f"re-write over it {per_app_again:.2f} ms/application (medians of {RUNS}); budget 3 ms")
    print(f"  CPU time (user + system) {statistics.median(CPU) / APPLICATIONS:.2f} ms/application; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"RESULT ics_ms_per_application={max(per_app, per_app_again):.3f}")
    print(f"RESULT ics_cpu_ms_per_application={statistics.median(CPU) / APPLICATIONS:.3f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

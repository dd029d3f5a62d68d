"""Cold `afterview today` over a journal of 500 applications, as a whole new process.

Budget (issue 12): at most 300 ms on the 2-core machine. Builds the journal
in a temporary folder, then times pairs of runs, each `python -c pass`
followed by `afterview today`, and prints the medians of both and of their
difference (afterview's own share). The first run, with an empty cache, is
shown separately. It times a wheel of this checkout in a fresh venv with only
the runtime dependencies (bench/user_install.py); `--here` times the
environment running the bench instead.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchtools import afterview_program, timed
from user_install import bench_environment

RUNS = int(os.environ.get("BENCH_RUNS", "15"))
APPLICATIONS = 500
BUDGET_MS = 300
PLACES = [("US", "America/New_York", "tech"), ("DE", "Europe/Berlin", None), ("GB", "Europe/London", "finance"),
          ("US-CA", "America/Los_Angeles", None), ("FR", "Europe/Paris", "government")]


def entry(i: int) -> str:
    country, timezone, industry = PLACES[i % len(PLACES)]
    day = 2 + i % 27
    lines = [f"company: Company {i}", f"role: Role {i % 7}", f"country: {country}", f"timezone: {timezone}",
             *([f"industry: {industry}"] if industry else []),
             "interview:", f"  start: 2026-11-{day:02d}T{9 + i % 8:02d}:00",
             "  interviewers:", f"    - {{name: Person {i}, email: p{i}@example.com}}",
             "decision:", "  within: 2 weeks"]
    if i % 3 == 0:
        lines += ["events:", f"  - {{type: thank_you_sent, at: 2026-11-{day + 1:02d}T09:00}}"]
    return "\n".join(lines) + "\n"


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="afterview-bench-today-"))
    journal = work / "journal"
    journal.mkdir()
    for i in range(APPLICATIONS):
        (journal / f"company-{i}.yaml").write_text(entry(i), encoding="utf-8")
    bin_dir, python, env = bench_environment(sys.argv[1:], AFTERVIEW_CACHE_DIR=str(work / "cache"),
                                             AFTERVIEW_JOURNAL=str(journal), TZ="America/New_York", NO_COLOR="1")
    exe = afterview_program(bin_dir)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed afterview has its bytecode; let the first run write it
    command = [exe, "today", "--now", "2026-11-30T09:00"]
    first = timed(command, env)
    pairs = [(timed([python, "-c", "pass"], env), timed(command, env)) for _ in range(RUNS)]
    bare = statistics.median(p[0] for p in pairs)
    whole = sorted(p[1] for p in pairs)
    own = statistics.median(p[1] - p[0] for p in pairs)
    verdict = "within" if statistics.median(whole) <= BUDGET_MS else "OVER"
    print(f"journal of {APPLICATIONS} applications in {journal}")
    print(f"first run, empty cache          {first:7.1f} ms")
    print(f"python -c pass (median)         {bare:7.1f} ms")
    print(f"afterview today (median)        {statistics.median(whole):7.1f} ms over {RUNS} paired runs "
          f"(min {whole[0]:.1f}, max {whole[-1]:.1f}); budget {BUDGET_MS} ms: {verdict}")
    print(f"afterview's own share (median)  {own:7.1f} ms (each run minus its paired python -c pass)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

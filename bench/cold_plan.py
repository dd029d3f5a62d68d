"""Cold start: wall time of whole `afterview` processes, paired with bare `python -c pass` in the same run.

Budgets (issue 14): `afterview plan --format json` on the built-in rulesets at most 80 ms median and
at most 7x bare Python; `afterview --version` at most 30 ms; `--format ics` at most 100 ms. Each round
runs every command once, in turn, so a busy machine weighs on all of them alike; medians of wall and of CPU
time (the child's user + system, steadier on a shared machine) are printed. `python -S -c pass` shows what
the interpreter's `site` (the environment's .pth files) adds to every run, bare Python's included.
The caches (plugins, rulesets snapshot, holidays, VTIMEZONEs) are warmed first, as after any first run.
Then `python -X importtime` names the imports that remain: the floor. The RESULT lines are for run_all.py.

It measures what a user gets: a wheel of this checkout in a fresh venv with only the runtime dependencies
(bench/user_install.py, kept between runs), against that venv's bare Python. `--here` measures the
environment running the bench instead (a development venv's .pth files slow bare Python as much as afterview).

    python bench/cold_plan.py [--here]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchtools import afterview_program, measured, results, timed
from user_install import bench_environment

RUNS = int(os.environ.get("BENCH_RUNS", "21"))
PLAN = ["plan", "--interview", "2026-11-17T14:00", "--timezone", "America/New_York", "--now", "2026-11-19T08:00"]


def importtime(python: str, command: list[str], env: dict[str, str], cwd: str) -> list[tuple[int, int, str]]:
    """(cumulative µs, own µs, module) of every import of one run, top-level ones with an unindented name
    (from ``cwd``: not a source checkout)."""
    done = subprocess.run([python, "-X", "importtime", "-m", "afterview", *command[1:]], env=env, cwd=cwd,
                          capture_output=True, text=True, check=True)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[2].startswith(" "):
            try:
                rows.append((int(parts[1]), int(parts[0].rpartition(":")[2]), parts[2][1:]))
            except ValueError:
                continue
    return rows


def main() -> None:
    cache = tempfile.mkdtemp(prefix="afterview-bench-")
    bin_dir, python, env = bench_environment(sys.argv[1:], AFTERVIEW_CACHE_DIR=cache)
    exe = afterview_program(bin_dir)
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "python -S -c pass": [python, "-S", "-c", "pass"],
        "afterview --version": [exe, "--version"],
        "plan --format json": [exe, *PLAN, "--format", "json"],
        "plan --format ics": [exe, *PLAN, "--format", "ics"],
    }
    first = timed(commands["plan --format json"], env)
    timed(commands["plan --format ics"], env)
    runs: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(RUNS):
        for name, command in commands.items():
            wall, used = measured(command, env)
            runs[name].append(wall)
            cpu[name].append(used)
    median = {name: statistics.median(times) for name, times in runs.items()}
    cpu_median = {name: statistics.median(times) for name, times in cpu.items()}
    bare, bare_cpu = median["python -c pass"], cpu_median["python -c pass"]
    print(f"first run, empty cache: plan --format json {first:.1f} ms")
    budgets = {"afterview --version": 30, "plan --format json": 80, "plan --format ics": 100}
    for name, value in median.items():
        budget = f"; budget {budgets[name]} ms" if name in budgets else ""
        print(f"{name:22} {value:7.1f} ms median of {RUNS} (min {min(runs[name]):.1f}), "
              f"{value / bare:4.1f}x bare python; CPU {cpu_median[name]:6.1f} ms, "
              f"{cpu_median[name] / bare_cpu:4.1f}x{budget}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("remaining floor, plan --format json (python -X importtime, top-level imports, cumulative, "
          "median of 5 runs):")
    samples: dict[str, list[int]] = {}
    own: dict[str, list[int]] = {}
    for _ in range(5):
        for micros, alone, module in importtime(python, commands["plan --format json"], env, cache):
            if not module.startswith(" "):
                samples.setdefault(module, []).append(micros)
            own.setdefault(module.strip(), []).append(alone)
    for title, found in (("", samples), ("the largest on their own (without what they import):", own)):
        if title:
            print(title)
        floor = sorted(((int(statistics.median(v)), m) for m, v in found.items()), reverse=True)
        for micros, module in floor[:12]:
            print(f"  {micros / 1000:6.1f} ms  {module}")
    results(python_pass_ms=bare, version_ms=median["afterview --version"],
            cold_plan_json_ms=median["plan --format json"], cold_plan_ics_ms=median["plan --format ics"],
            python_pass_cpu_ms=bare_cpu, cold_plan_json_cpu_ms=cpu_median["plan --format json"],
            cold_plan_ics_cpu_ms=cpu_median["plan --format ics"])
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()

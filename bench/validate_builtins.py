"""Warm `afterview validate` over the built-in rulesets folder, in a new process each run.

Budget (issue 15): median at most 120 ms with a warm cache on the 2-core
machine. Prints the median of bare `python -c pass` for comparison, the first
run with an empty cache, then the median and spread of warm runs. It times a wheel
of this checkout in a fresh venv with only the runtime dependencies
(bench/user_install.py); `--here` times the environment running the bench instead.
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


def main() -> None:
    cache = tempfile.mkdtemp(prefix="afterview-bench-")
    bin_dir, python, env = bench_environment(sys.argv[1:], AFTERVIEW_CACHE_DIR=cache)
    exe = afterview_program(bin_dir)
    rulesets = subprocess.run([python, "-c", "from importlib.resources import files; "
                               "print(files('afterview.rulesets'))"], env=env, capture_output=True, text=True,
                              check=True).stdout.strip()
    command = [exe, "validate", rulesets]
    baseline = statistics.median(timed([python, "-c", "pass"], env) for _ in range(RUNS))
    first = timed(command, env)
    measures = [measured(command, env) for _ in range(RUNS)]
    runs = sorted(wall for wall, _ in measures)
    cpu = statistics.median(used for _, used in measures)
    print(f"python -c pass (median)        {baseline:7.1f} ms")
    print(f"first run, empty cache         {first:7.1f} ms")
    print(f"warm validate rulesets/        {statistics.median(runs):7.1f} ms median over {RUNS} runs "
          f"(min {runs[0]:.1f}, max {runs[-1]:.1f}); budget 120 ms; CPU {cpu:.1f} ms; "
          f"load average {os.getloadavg()[0]:.1f}")
    results(python_pass_ms=baseline, validate_warm_ms=statistics.median(runs), validate_warm_cpu_ms=cpu)
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()

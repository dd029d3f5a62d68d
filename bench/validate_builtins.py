"""Warm `afterview validate` over the built-in rulesets folder, in a new process each run.

Budget (issue 15): median at most 120 ms with a warm cache on the 2-core
machine. Prints the median of bare `python -c pass` for comparison, the first
run with an empty cache, then the median and spread of warm runs.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from importlib.resources import files
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchtools import measured, timed

RUNS = int(os.environ.get("BENCH_RUNS", "21"))


def main() -> None:
    exe = shutil.which("afterview", path=str(Path(sys.executable).parent)) or "afterview"
    command = [exe, "validate", str(files("afterview.rulesets"))]
    cache = tempfile.mkdtemp(prefix="afterview-bench-")
    env = {**os.environ, "AFTERVIEW_CACHE_DIR": cache}
    baseline = statistics.median(timed([sys.executable, "-c", "pass"], env) for _ in range(RUNS))
    first = timed(command, env)
    measures = [measured(command, env) for _ in range(RUNS)]
    runs = sorted(wall for wall, _ in measures)
    cpu = statistics.median(used for _, used in measures)
    print(f"python -c pass (median)        {baseline:7.1f} ms")
    print(f"first run, empty cache         {first:7.1f} ms")
    print(f"warm validate rulesets/        {statistics.median(runs):7.1f} ms median over {RUNS} runs "
          f"(min {runs[0]:.1f}, max {runs[-1]:.1f}); budget 120 ms; CPU {cpu:.1f} ms; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"RESULT python_pass_ms={baseline:.1f}")
    print(f"RESULT validate_warm_ms={statistics.median(runs):.1f}")
    print(f"RESULT validate_warm_cpu_ms={cpu:.1f}")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()

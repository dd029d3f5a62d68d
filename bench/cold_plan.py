"""Cold start: wall time of `afterview plan --interview … --format json` in a new process.

Budget (issue 2): median at most 150 ms on the 2-core machine. Prints the
first run with an empty cache, then the median and spread of warm-cache runs.
Run with the Python of the environment afterview is installed in.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = int(os.environ.get("BENCH_RUNS", "21"))
ARGS = ["plan", "--interview", "2026-11-17T14:00", "--timezone", "America/New_York", "--format", "json"]


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    exe = shutil.which("afterview", path=str(Path(sys.executable).parent)) or "afterview"
    cache = tempfile.mkdtemp(prefix="afterview-bench-")
    env = {**os.environ, "AFTERVIEW_CACHE_DIR": cache}
    baseline = statistics.median(timed([sys.executable, "-c", "pass"], env) for _ in range(RUNS))
    first = timed([exe, *ARGS], env)
    runs = sorted(timed([exe, *ARGS], env) for _ in range(RUNS))
    print(f"python -c pass (median)      {baseline:7.1f} ms")
    print(f"first run, empty cache       {first:7.1f} ms")
    print(f"cold plan --format json      {statistics.median(runs):7.1f} ms median over {RUNS} runs "
          f"(min {runs[0]:.1f}, max {runs[-1]:.1f}); budget 150 ms")
    shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()

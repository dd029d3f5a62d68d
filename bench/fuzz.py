"""Fuzz afterview in-process: ``python bench/fuzz.py N [SEED] [--jobs J]`` runs N inputs, prints the count and crashes.

Inputs mix facts documents, rulesets and command lines (see tests/fuzzing.py).
A crash is any exception other than AfterviewError (or argparse's exit 2).
Each distinct crash is printed once with the input that caused it; add it
to tests/hostile/cases.yaml as a ``fuzz-…`` case when fixed.

The N inputs are shared among J worker processes (default: one per CPU), so
a million inputs take minutes rather than hours. Worker ``j`` draws from seed
``SEED + j * 1_000_003``; each crash names its worker seed, and
``python bench/fuzz.py N WORKER_SEED --jobs 1`` replays that worker alone.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

PROGRESS_EVERY = 10_000
SEED_STRIDE = 1_000_003


def fuzz(count: int, seed: int) -> tuple[int, dict[str, tuple[str, str]]]:
    """Run ``count`` inputs from ``seed``; return the count and the distinct crashes (kind, input) by signature."""
    memory = "/dev/shm" if os.path.isdir("/dev/shm") else None  # files are written per input: keep them off disk
    with tempfile.TemporaryDirectory(prefix="afterview-fuzz-", dir=memory) as tmp:
        os.environ["AFTERVIEW_CACHE_DIR"] = str(Path(tmp) / "cache")
        import fuzzing

        folder = Path(tmp)
        app, ruleset, facts = fuzzing.setup(folder)
        rng = random.Random(seed)
        crashes: dict[str, tuple[str, str]] = {}
        total, start = 0, time.perf_counter()
        for total in range(1, count + 1):
            crash = fuzzing.one(rng, folder, app, ruleset, facts)
            if total % PROGRESS_EVERY == 0:  # long runs take many minutes: show each worker is alive
                rate = total / (time.perf_counter() - start)
                print(f"seed {seed}: {total:,} inputs, {rate:,.0f}/s, {len(crashes)} crashes so far", flush=True)
            if crash and crash.signature not in crashes:
                crashes[crash.signature] = (crash.kind, crash.detail)
                print(f"seed {seed}: crash: {crash.kind}: {crash.signature}\n  input: {crash.detail[:600]!r}",
                      flush=True)
    return total, crashes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, nargs="?", default=1000)
    parser.add_argument("seed", type=int, nargs="?", default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    jobs = max(1, min(args.jobs, args.count))
    shares = [args.count // jobs + (j < args.count % jobs) for j in range(jobs)]
    seeds = [args.seed + j * SEED_STRIDE for j in range(jobs)]
    start = time.perf_counter()
    if jobs == 1:
        results = [fuzz(shares[0], seeds[0])]
    else:
        with ProcessPoolExecutor(jobs) as pool:
            results = list(pool.map(fuzz, shares, seeds))
    took = time.perf_counter() - start
    total = sum(count for count, _ in results)
    crashes: dict[str, str] = {}
    for seed, (_, found) in zip(seeds, results, strict=True):
        for signature in found:
            crashes.setdefault(signature, f"seed {seed}")
    for signature, where in crashes.items():
        print(f"crash ({where}): {signature}")
    print(f"{total:,} inputs in {took:.1f} s ({total / took:,.0f}/s), seed {args.seed}, {jobs} "
          f"worker{'s' * (jobs != 1)}: {len(crashes)} distinct crash{'es' * (len(crashes) != 1)}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())

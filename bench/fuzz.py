"""Fuzz afterview in-process: ``python bench/fuzz.py N [SEED]`` runs N inputs and prints the count and crashes.

Inputs mix facts documents, rulesets and command lines (see tests/fuzzing.py).
A crash is any exception other than AfterviewError (or argparse's exit 2).
Each distinct crash is printed once with the input that caused it; add it
to tests/hostile/cases.yaml as a ``fuzz-…`` case when fixed.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


PROGRESS_EVERY = 10_000


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    memory = "/dev/shm" if os.path.isdir("/dev/shm") else None  # files are written per input: keep them off disk
    with tempfile.TemporaryDirectory(prefix="afterview-fuzz-", dir=memory) as tmp:
        os.environ["AFTERVIEW_CACHE_DIR"] = str(Path(tmp) / "cache")
        import fuzzing

        folder = Path(tmp)
        app, ruleset, facts = fuzzing.setup(folder)
        rng = random.Random(seed)
        crashes: dict[str, fuzzing.Crash] = {}
        total, start = 0, time.perf_counter()
        for total in range(1, count + 1):
            crash = fuzzing.one(rng, folder, app, ruleset, facts)
            if total % PROGRESS_EVERY == 0:  # a run of a million inputs takes hours: show it is alive
                rate = total / (time.perf_counter() - start)
                print(f"{total:,} inputs, {rate:,.0f}/s, {len(crashes)} crashes so far", flush=True)
            if crash and crash.signature not in crashes:
                crashes[crash.signature] = crash
                print(f"crash {len(crashes)}: {crash.kind}: {crash.signature}\n  input: {crash.detail[:600]!r}",
                      flush=True)
        took = time.perf_counter() - start
    print(f"{total:,} inputs in {took:.1f} s ({total / took:,.0f}/s), seed {seed}: "
          f"{len(crashes)} distinct crash{'es' * (len(crashes) != 1)}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())

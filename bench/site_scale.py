"""The guide at 1,000 and 10,000 pages, against Hugo (Debian's `hugo`) building the same pages with the same
navigation and furniture (bench/site_anchor.py defines that Hugo site and compares the two sites' pages).

Budgets (issue 14): 1,000 pages first build <= 1.5 s and <= 1.5x Hugo; one page changed, rebuild
<= 0.5 s; 10,000 pages <= 15 s, <= 500 MB peak RSS, <= 300 MB output, time growing at most x11.
Whole processes only: wall time from time.perf_counter, CPU time (user + system) and peak RSS from
resource.getrusage of a wrapper process that runs exactly one build. Up to 2,000 pages, Hugo and
afterview's first build run BENCH_RUNS times as interleaved pairs (each afterview build with a new
empty cache and a new output folder), and the ratio is the median of the pairs' ratios; the
one-page-changed rebuilds follow, with the cache warm, into the first build's folder. afterview's
10,000-page build runs under a 3 GB address-space limit and a time limit (BENCH_SITE_TIMEOUT,
default 240 s) so it cannot take the shared machine down; hitting either is reported as a miss.
At 1,000 pages Hugo also builds the same corpus with one link per section and nothing else (the
earlier, lighter anchor) in the first BENCH_LINK_RUNS (default 2) pairs, printed for information only.
The corpus is bench/site_anchor.py's, as bench/site_build.py's.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchtools import afterview_program
from site_anchor import HUGO, hugo_site, write_corpus

SIZES = [int(n) for n in os.environ.get("BENCH_SITE_SIZES", "1000,10000").split(",")]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))  # pairs up to 2,000 pages: their median ratio is the figure
LINK_RUNS = int(os.environ.get("BENCH_LINK_RUNS", "2"))
TIMEOUT = float(os.environ.get("BENCH_SITE_TIMEOUT", "240"))
LIMIT = 3 * 1024**3
# Runs one command, then prints its wall seconds, peak RSS (MiB) and exit status as JSON.
WRAPPER = """
import json, resource, subprocess, sys, time
limit = int(sys.argv[1])
def cap():
    if limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
start = time.perf_counter()
try:
    code = subprocess.run(sys.argv[3:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=cap,
                          timeout=float(sys.argv[2])).returncode
except subprocess.TimeoutExpired:
    code = "timeout"
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mib": usage.ru_maxrss / 1024,
                  "code": code}))
"""


def measure(command: list[str], *, limit: int = 0, cwd: Path | None = None) -> dict[str, float | str]:
    done = subprocess.run([sys.executable, "-c", WRAPPER, str(limit), str(TIMEOUT), *command], cwd=cwd,
                          capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout))


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def one_size(pages: int, exe: str) -> dict[str, float | str]:
    work = Path(tempfile.mkdtemp(prefix=f"afterview-scale-{pages}-"))
    try:
        write_corpus(work / "content", pages)
        site = hugo_site(work / "hugo", work / "content")
        links = hugo_site(work / "hugo-links", work / "content", section_links=True)
        runs = RUNS if pages <= 2000 else 1
        pairs, link_runs, load = [], [], os.getloadavg()[0]
        for i in range(runs):  # interleaved, so each pair shares the machine's load of its moment
            hugo_run = measure([HUGO, "--quiet", "-d", str(work / f"hugo-public-{i}")], cwd=site)
            if pages <= 1000 and i < LINK_RUNS:
                link_runs.append(measure([HUGO, "--quiet", "-d", str(work / f"links-public-{i}")], cwd=links))
            if hugo_run["code"] != 0 or any(run["code"] != 0 for run in link_runs):
                raise SystemExit(f"hugo failed on the {pages}-page corpus")
            os.environ["AFTERVIEW_CACHE_DIR"] = str(work / f"cache-{i}")  # cold: a new, empty cache
            first = measure([exe, "site", "build", "-o", str(work / f"public-{i}"), "--content", str(work / "content")],
                            limit=LIMIT)
            pairs.append((hugo_run, first))
            if first["code"] != 0:
                break
        hugo_runs, firsts = [h for h, _ in pairs], [f for _, f in pairs]
        first = firsts[len(firsts) // 2] if all(f["code"] == 0 for f in firsts) else next(
            f for f in firsts if f["code"] != 0)
        result: dict[str, float | str] = {
            "pages": pages, "hugo_s": _median(hugo_runs, "seconds"), "hugo_cpu_s": _median(hugo_runs, "cpu"),
            "first_s": _median(firsts, "seconds"), "first_cpu_s": _median(firsts, "cpu"),
            "ratio": statistics.median(float(f["seconds"]) / float(h["seconds"]) for h, f in pairs),
            "cpu_ratio": statistics.median(float(f["cpu"]) / float(h["cpu"]) for h, f in pairs),
            "rss_mib": max(float(f["rss_mib"]) for f in firsts), "code": first["code"],
            "load_before": load, "load_after": os.getloadavg()[0]}
        if link_runs:
            result["hugo_links_s"] = _median(link_runs, "seconds")
            result["hugo_links_cpu_s"] = _median(link_runs, "cpu")
            result["links_ratio"] = statistics.median(float(f["seconds"]) / float(h["seconds"])
                                                      for h, (_, f) in zip(link_runs, pairs, strict=False))
        if first["code"] == 0:
            result["output_mb"] = size_mb(work / "public-0")
            page = work / "content" / "section-00" / "page-0005.md"
            if pages <= 1000:
                os.environ["AFTERVIEW_CACHE_DIR"] = str(work / "cache-0")
                build = [exe, "site", "build", "-o", str(work / "public-0"), "--content", str(work / "content")]
                rebuilds = []
                for i in range(RUNS):
                    page.write_text(page.read_text().replace("Part one", f"Part one ({i})"))
                    rebuilds.append(measure(build))
                result["rebuild_s"] = _median(rebuilds, "seconds")
                result["rebuild_cpu_s"] = _median(rebuilds, "cpu")
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _median(runs: list[dict[str, float | str]], key: str) -> float:
    return statistics.median(float(run[key]) for run in runs)


def main() -> None:
    exe = afterview_program(Path(sys.executable).parent)
    if not Path(HUGO).is_file():
        raise SystemExit(f"no {HUGO} (apt-get install hugo): no anchor to measure against")
    results = [one_size(n, exe) for n in SIZES]
    for r in results:
        status = "ok" if r["code"] == 0 else f"FAILED ({r['code']}; limits: 3 GB address space, {TIMEOUT:.0f} s)"
        line = (f"{r['pages']} pages: afterview first build {float(r['first_s']):.2f} s "
                f"(CPU {float(r['first_cpu_s']):.2f} s), "
                f"peak RSS {float(r['rss_mib']):.0f} MiB, {status}; Hugo {float(r['hugo_s']):.2f} s "
                f"(CPU {float(r['hugo_cpu_s']):.2f} s), same pages and navigation; ratio of the pairs "
                f"x{float(r['ratio']):.2f} (CPU x{float(r['cpu_ratio']):.2f}); "
                f"load average {float(r['load_before']):.1f} before, {float(r['load_after']):.1f} after")
        if "output_mb" in r:
            line += f"; output {float(r['output_mb']):.1f} MB"
        if "rebuild_s" in r:
            line += f"; one page changed: rebuild {float(r['rebuild_s']):.2f} s (CPU {float(r['rebuild_cpu_s']):.2f} s)"
        print(line)
        if "hugo_links_s" in r:
            print(f"  information, not budgeted: Hugo with one link per section only {float(r['hugo_links_s']):.2f} s "
                  f"(CPU {float(r['hugo_links_cpu_s']):.2f} s), median of {LINK_RUNS}; ratio of the pairs "
                  f"x{float(r['links_ratio']):.2f}")
        key = f"site{r['pages']}"
        for name in ("first_s", "first_cpu_s", "hugo_s", "hugo_cpu_s", "ratio", "cpu_ratio", "rss_mib"):
            print(f"RESULT {key}_{name}={float(r[name]):.3f}")
        print(f"RESULT {key}_ok={1 if r['code'] == 0 else 0}")
        for name in ("output_mb", "rebuild_s", "rebuild_cpu_s", "hugo_links_s", "hugo_links_cpu_s", "links_ratio"):
            if name in r:
                print(f"RESULT {key}_{name}={float(r[name]):.3f}")
    if len(results) == 2 and all(r["code"] == 0 for r in results):
        growth = float(results[1]["first_s"]) / float(results[0]["first_s"])
        print(f"growth from {SIZES[0]} to {SIZES[1]} pages: x{growth:.1f}; budget x11")
        print(f"RESULT site_growth={growth:.2f}")


if __name__ == "__main__":
    main()

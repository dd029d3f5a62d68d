"""The guide at 1,000 and 10,000 pages, against Hugo (Debian's `hugo`, minimal theme) on the same corpus.

Budgets (issue 14): 1,000 pages first build <= 1.5 s and <= 1.5x Hugo; one page changed, rebuild
<= 0.5 s; 10,000 pages <= 15 s, <= 500 MB peak RSS, <= 300 MB output, time growing at most x11.
Whole processes only: wall time from time.perf_counter, CPU time (user + system) and peak RSS from
resource.getrusage of a wrapper process that runs exactly one build. Up to 2,000 pages, Hugo and
afterview's first build run BENCH_RUNS times as interleaved pairs (each afterview build with a new
empty cache and a new output folder), and the ratio is the median of the pairs' ratios; the
one-page-changed rebuilds follow, with the cache warm, into the first build's folder. afterview's
10,000-page build runs under a 3 GB address-space limit and a time limit (BENCH_SITE_TIMEOUT,
default 240 s) so it cannot take the shared machine down; hitting either is reported as a miss.
The corpus is bench/site_build.py's.
"""

from __future__ import annotations

import importlib.util
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

HERE = Path(__file__).parent
SIZES = [int(n) for n in os.environ.get("BENCH_SITE_SIZES", "1000,10000").split(",")]
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
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
HUGO_CONFIG = ('baseURL = "https://example.org/"\ntitle = "bench"\n'
               'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
HUGO_LAYOUTS = {
    "_default/baseof.html": '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
                            "</head><body><nav>{{ range .Site.Sections }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}"
                            "</a> {{ end }}</nav><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
    "_default/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n',
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="'
                          '{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
    "index.html": '{{ define "main" }}<h1>{{ .Site.Title }}</h1>{{ end }}\n',
}


def write_corpus(root: Path, pages: int) -> None:
    """bench/site_build.py's corpus, at ``pages`` pages."""
    spec = importlib.util.spec_from_file_location("site_build", HERE / "site_build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.PAGES = pages
    module.write_corpus(root)


def measure(command: list[str], *, limit: int = 0, cwd: Path | None = None) -> dict[str, float | str]:
    done = subprocess.run([sys.executable, "-c", WRAPPER, str(limit), str(TIMEOUT), *command], cwd=cwd,
                          capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout))


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def hugo_site(work: Path, corpus: Path) -> Path:
    site = work / "hugo"
    shutil.copytree(corpus, site / "content")
    (site / "hugo.toml").write_text(HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / name).write_text(text)
    return site


def one_size(pages: int, exe: str) -> dict[str, float | str]:
    work = Path(tempfile.mkdtemp(prefix=f"afterview-scale-{pages}-"))
    try:
        write_corpus(work / "content", pages)
        site = hugo_site(work, work / "content")
        runs = RUNS if pages <= 2000 else 1
        pairs = []
        for i in range(runs):  # interleaved, so each pair shares the machine's load of its moment
            hugo_run = measure(["hugo", "--quiet", "-d", str(work / f"hugo-public-{i}")], cwd=site)
            if hugo_run["code"] != 0:
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
            "rss_mib": max(float(f["rss_mib"]) for f in firsts), "code": first["code"]}
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
    if shutil.which("hugo") is None:
        print("hugo is not installed (apt-get install hugo): no anchor")
    results = [one_size(n, exe) for n in SIZES]
    for r in results:
        status = "ok" if r["code"] == 0 else f"FAILED ({r['code']}; limits: 3 GB address space, {TIMEOUT:.0f} s)"
        line = (f"{r['pages']} pages: afterview first build {float(r['first_s']):.2f} s "
                f"(CPU {float(r['first_cpu_s']):.2f} s), "
                f"peak RSS {float(r['rss_mib']):.0f} MiB, {status}; Hugo {float(r['hugo_s']):.2f} s "
                f"(CPU {float(r['hugo_cpu_s']):.2f} s); ratio of the pairs x{float(r['ratio']):.2f}")
        if "output_mb" in r:
            line += f"; output {float(r['output_mb']):.1f} MB"
        if "rebuild_s" in r:
            line += f"; one page changed: rebuild {float(r['rebuild_s']):.2f} s (CPU {float(r['rebuild_cpu_s']):.2f} s)"
        print(line)
        key = f"site{r['pages']}"
        for name in ("first_s", "first_cpu_s", "hugo_s", "hugo_cpu_s", "ratio", "rss_mib"):
            print(f"RESULT {key}_{name}={float(r[name]):.3f}")
        print(f"RESULT {key}_ok={1 if r['code'] == 0 else 0}")
        for name in ("output_mb", "rebuild_s", "rebuild_cpu_s"):
            if name in r:
                print(f"RESULT {key}_{name}={float(r[name]):.3f}")
    if len(results) == 2 and all(r["code"] == 0 for r in results):
        growth = float(results[1]["first_s"]) / float(results[0]["first_s"])
        print(f"growth from {SIZES[0]} to {SIZES[1]} pages: x{growth:.1f}; budget x11")
        print(f"RESULT site_growth={growth:.2f}")


if __name__ == "__main__":
    main()

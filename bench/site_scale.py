"""The guide at 1,000 and 10,000 pages, against Hugo (Debian's `hugo`, minimal theme) on the same corpus.

Budgets (issue 14): 1,000 pages first build <= 1.5 s and <= 1.5x Hugo; one page changed, rebuild
<= 0.5 s; 10,000 pages <= 15 s, <= 500 MB peak RSS, <= 300 MB output, time growing at most x11.
Whole processes only: wall time from time.perf_counter, peak RSS from resource.getrusage of a
wrapper process that runs exactly one build. afterview's 10,000-page build runs under a 3 GB
address-space limit and a time limit (BENCH_SITE_TIMEOUT, default 240 s) so it cannot take the
shared machine down; hitting either is reported as a miss. The corpus is bench/site_build.py's.
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
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": wall, "rss_mib": rss, "code": code}))
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
        hugo_build = ["hugo", "--quiet", "-d", str(work / "hugo-public")]
        hugo_runs = [measure(hugo_build, cwd=site) for _ in range(RUNS)]
        if any(run["code"] != 0 for run in hugo_runs):
            raise SystemExit(f"hugo failed on the {pages}-page corpus")
        hugo = statistics.median(float(run["seconds"]) for run in hugo_runs)
        env_cache = str(work / "cache")
        os.environ["AFTERVIEW_CACHE_DIR"] = env_cache
        build = [exe, "site", "build", "-o", str(work / "public"), "--content", str(work / "content")]
        first = measure(build, limit=LIMIT)  # cold cache: the first build
        result: dict[str, float | str] = {"pages": pages, "hugo_s": hugo, "first_s": first["seconds"],
                                          "rss_mib": first["rss_mib"], "code": first["code"]}
        if first["code"] == 0:
            result["output_mb"] = size_mb(work / "public")
            page = work / "content" / "section-00" / "page-0005.md"
            if pages <= 1000:
                rebuilds = []
                for i in range(RUNS):
                    page.write_text(page.read_text().replace("Part one", f"Part one ({i})"))
                    rebuilds.append(float(measure(build)["seconds"]))
                result["rebuild_s"] = statistics.median(rebuilds)
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    exe = shutil.which("afterview", path=str(Path(sys.executable).parent)) or "afterview"
    if shutil.which("hugo") is None:
        print("hugo is not installed (apt-get install hugo): no anchor")
    results = [one_size(n, exe) for n in SIZES]
    for r in results:
        status = "ok" if r["code"] == 0 else f"FAILED ({r['code']}; limits: 3 GB address space, {TIMEOUT:.0f} s)"
        line = (f"{r['pages']} pages: afterview first build {float(r['first_s']):.2f} s, "
                f"peak RSS {float(r['rss_mib']):.0f} MiB, {status}; Hugo {float(r['hugo_s']):.2f} s "
                f"(x{float(r['first_s']) / float(r['hugo_s']):.1f})")
        if "output_mb" in r:
            line += f"; output {float(r['output_mb']):.1f} MB"
        if "rebuild_s" in r:
            line += f"; one page changed: rebuild {float(r['rebuild_s']):.2f} s"
        print(line)
        key = f"site{r['pages']}"
        print(f"RESULT {key}_first_s={float(r['first_s']):.3f}")
        print(f"RESULT {key}_hugo_s={float(r['hugo_s']):.3f}")
        print(f"RESULT {key}_rss_mib={float(r['rss_mib']):.1f}")
        print(f"RESULT {key}_ok={1 if r['code'] == 0 else 0}")
        for name in ("output_mb", "rebuild_s"):
            if name in r:
                print(f"RESULT {key}_{name}={float(r[name]):.3f}")
    if len(results) == 2 and all(r["code"] == 0 for r in results):
        growth = float(results[1]["first_s"]) / float(results[0]["first_s"])
        print(f"growth from {SIZES[0]} to {SIZES[1]} pages: x{growth:.1f}; budget x11")
        print(f"RESULT site_growth={growth:.2f}")


if __name__ == "__main__":
    main()

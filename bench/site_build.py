"""Guide build time, memory and output size for N authored Markdown pages (~500 words each) plus the built-in rulesets,
against Hugo (Debian's /usr/bin/hugo) building the same pages with the same navigation in the same run
(bench/site_anchor.py compares the two sites' pages); Hugo with one link per section is printed for information.

    python bench/site_build.py          # 1,000 pages
    python bench/site_build.py 10000    # 10,000 pages

Budgets (issue 14), printed, never asserted: 1,000 pages first build ≤ 1.5 s and ≤ 1.5× Hugo; one page changed
≤ 0.5 s; 10,000 pages ≤ 15 s, ≤ 500 MB peak RSS, output ≤ 300 MB. "First build" is a cold start: a new output
folder and an empty cache of what was kept of the pages (rendered Markdown, front matter); what is kept of the
rulesets (compiled snapshots, the planner's data, sample calendars) and holidays is warm, as after any build
(bench/site_scale.py starts from an empty cache). The one-page rebuilds run with the cache warm: the CLI build
(which writes the whole site again, atomically) and `site serve`'s in-memory re-render.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchtools import afterview_program
from site_anchor import HUGO, PAGES, hugo_site, hugo_version, write_corpus


class Run(NamedTuple):
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and its children (Hugo's threads, our workers)
    peak: float  # MiB


def timed(command: list[str], env: dict[str, str] | None = None) -> Run:
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    took = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed with status {status}")
    return Run(took, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def median(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda r: r.wall)[len(runs) // 2]


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    pages = int(sys.argv[1]) if len(sys.argv) > 1 else PAGES
    work = Path(tempfile.mkdtemp(prefix="afterview-site-bench-"))
    write_corpus(work / "content", pages)
    exe = afterview_program(Path(sys.executable).parent)
    env = {**os.environ, "AFTERVIEW_CACHE_DIR": str(work / "cache")}
    build = [exe, "site", "build", "--content", str(work / "content"), "-o"]
    runs = 3 if pages <= 2000 else 1
    subprocess.run([*build, str(work / "public-warm")], check=True, stdout=subprocess.DEVNULL, env=env)
    shutil.rmtree(work / "public-warm")  # the rulesets' and holidays' caches are warm now, as after any command
    hugo = hugo_site(work / "hugo", work / "content")
    links = hugo_site(work / "hugo-links", work / "content", section_links=True)

    def first_build(name: str, jobs: str = "") -> Run:
        for pattern in ("markdown-*", "front-matter-*"):  # what is kept of the pages: every page parses and renders
            for stored in (work / "cache").glob(pattern):
                stored.unlink()
        return timed([*build, str(work / name)], {**env, "AFTERVIEW_SITE_JOBS": jobs})

    # Interleaved, so each pair shares the machine's load at that moment; the ratio is the median of the pairs'.
    load_before = os.getloadavg()[0]
    firsts, serial, hugos, bare = [], [], [], []
    for i in range(runs):
        firsts.append(first_build(f"public-{i}"))
        serial.append(first_build(f"serial-{i}", "1"))
        hugos.append(timed([HUGO, "--quiet", "-s", str(hugo), "-d", str(hugo / f"public-{i}")]))
        bare.append(timed([HUGO, "--quiet", "-s", str(links), "-d", str(links / f"public-{i}")]))
    ratio = sorted(f.wall / h.wall for f, h in zip(firsts, hugos, strict=True))[runs // 2]
    first, one, hugo_run = median(firsts), median(serial), median(hugos)
    changed = sorted((work / "content").rglob("*.md"))[pages // 2]
    rebuilds = []
    for i in range(runs):
        changed.write_text(changed.read_text().replace("Part one", f"Part one, revision {i}"))
        rebuilds.append(timed([*build, str(work / "public-0")], env))
    rebuild = median(rebuilds)
    html = sum(1 for _ in (work / "public-0").rglob("*.html"))
    size = folder_size(work / "public-0") / 1e6
    print(f"site build, {pages:,} authored pages + rulesets ({html:,} HTML pages), median of {runs}, same run; "
          f"wall time (CPU time); load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")
    budget = "1.5" if pages <= 1000 else "15"
    print(f"  first build (cold Markdown cache, new folder): {first.wall:.2f} s ({first.cpu:.2f} s)   "
          f"budget {budget} s")
    print(f"  the same with AFTERVIEW_SITE_JOBS=1 (one process): {one.wall:.2f} s ({one.cpu:.2f} s)")
    print(f"  Hugo {hugo_version()}, same pages and navigation: {hugo_run.wall:.2f} s ({hugo_run.cpu:.2f} s)   "
          f"ratio {ratio:.2f}× (budget 1.5×)")
    print(f"    information: Hugo with one link per section only: {median(bare).wall:.2f} s ({median(bare).cpu:.2f} s)")
    print(f"  one page changed, CLI build (warm cache): {rebuild.wall:.2f} s ({rebuild.cpu:.2f} s)   budget 0.5 s")
    print(f"  one page changed, `site serve` re-render: {serve_rerender(work, changed) * 1000:.0f} ms")
    print(f"  peak RSS of the first build: {first.peak:.0f} MiB   budget 500 MB")
    print(f"  output: {size:.1f} MB   budget 300 MB at 10,000 pages")
    fixed = work / "public-0" / "section-00" / "page-0000" / "index.html"
    print(f"  page size, section-00/page-0000: {fixed.stat().st_size:,} bytes")
    shutil.rmtree(work, ignore_errors=True)


def serve_rerender(work: Path, page: Path) -> float:
    from afterview import Afterview, get_plugin_manager
    from afterview.guide.collect import GuideOptions
    from afterview.guide.serve import DevSite

    os.environ["AFTERVIEW_CACHE_DIR"] = str(work / "cache")
    dev = DevSite(Afterview(get_plugin_manager()), GuideOptions(["default"], content=work / "content"))
    page.write_text(page.read_text().replace("Part one", "Part one, revised"))
    stamp = time.time_ns() + 10_000_000
    os.utime(page, ns=(stamp, stamp))
    start = time.perf_counter()
    dev.poll()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()

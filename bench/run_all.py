"""Every figure of issue 14 in one table: measured, budget, ratio to the anchor of the same run.

Runs the individual bench scripts (each times whole processes with subprocess and
time.perf_counter, and resource.getrusage for memory) and reads their output: `RESULT name=value`
lines where a script prints them, else the sentences they print. A script that is absent, or a
figure no script printed, is reported as "not measured". Exits 1 if any measured figure misses its
budget. Slow (minutes, the 10,000-page build most of all); CI does not run it.

    python bench/run_all.py            # BENCH_QUICK=1 for fewer runs and no 10,000-page build
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")


@dataclass
class Figure:
    label: str
    unit: str
    budget: float
    higher_is_better: bool = False
    value: float | None = None
    anchor: str = ""
    anchor_value: float | None = None
    ratio_budget: float | None = None  # a budget on the ratio to the anchor (x bare python, x Hugo)
    failed: str = ""  # the measured process failed (a limit hit): a miss, not "not measured"
    note: str = ""
    # the median of the ratios of runs paired with the anchor's, which share the machine's load of their moment:
    # the ratio, where a bench measures one (the brief: quote medians of paired runs on this noisy machine)
    paired: float | None = None

    def misses(self) -> list[str]:
        if self.failed:
            return [f"{self.label}: {self.failed}"]
        if self.value is None:
            return []
        found = []
        if (self.value < self.budget) if self.higher_is_better else (self.value > self.budget):
            found.append(f"{self.label}: {self.value:,.2f} {self.unit} against {self.budget:,g}")
        ratio = self.ratio()
        if self.ratio_budget is not None and ratio is not None and ratio > self.ratio_budget:
            found.append(f"{self.label}: x{ratio:.2f} {self.anchor} against x{self.ratio_budget:g}")
        return found

    def ratio(self) -> float | None:
        if self.value is None or not self.anchor_value:
            return None
        return self.paired if self.paired is not None else self.value / self.anchor_value


def run(script: str, env: dict[str, str] | None = None) -> str | None:
    """The script's output, or None if it is absent or failed (its error goes to stderr)."""
    path = HERE / script
    if not path.is_file():
        return None
    print(f"running {script} …", file=sys.stderr, flush=True)
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, check=False)
    if done.returncode != 0:
        print(f"{script} failed:\n{done.stderr[-2000:]}", file=sys.stderr)
        return None
    print(done.stdout, file=sys.stderr)
    return done.stdout


def results(output: str | None) -> dict[str, float]:
    return {m[1]: float(m[2]) for m in re.finditer(r"^RESULT (\w+)=([-\d.]+)$", output or "", re.M)}


def number(output: str | None, pattern: str) -> float | None:
    match = re.search(pattern, output or "")
    return float(match[1].replace(",", "")) if match else None


def measure() -> tuple[list[Figure], list[str]]:
    """The figures, and lines of information printed below the table (no budget)."""
    runs = {"BENCH_RUNS": "5"} if QUICK else {}
    cold = results(run("cold_plan.py", runs))
    bare = cold.get("python_pass_ms")
    figures = [
        Figure("cold plan --format json", "ms", 80, value=cold.get("cold_plan_json_ms"), anchor="bare python",
               anchor_value=bare, ratio_budget=7),
        Figure("afterview --version", "ms", 30, value=cold.get("version_ms"), anchor="bare python", anchor_value=bare),
        Figure("cold plan --format ics", "ms", 100, value=cold.get("cold_plan_ics_ms"), anchor="bare python",
               anchor_value=bare),
    ]
    planning = run("plans_per_second.py")
    figures.append(Figure("planning throughput", "plans/s", 20_000, higher_is_better=True,
                          value=results(planning).get("plans_per_second") or number(planning, r"([\d,]+) plans/s")))
    sizes = "1000" if QUICK else "1000,10000"
    site = results(run("site_scale.py", {**runs, "BENCH_SITE_SIZES": sizes}))
    hugo1, hugo10 = site.get("site1000_hugo_s"), site.get("site10000_hugo_s")
    information = []
    if "site1000_hugo_links_s" in site:
        information.append(f"Hugo with one link per section only, 1,000 pages (the earlier anchor): "
                           f"{site['site1000_hugo_links_s']:.2f} s (CPU {site['site1000_hugo_links_cpu_s']:.2f} s); "
                           f"afterview x{site['site1000_links_ratio']:.1f} of it")
    figures += [
        Figure("site 1,000 pages, first build", "s", 1.5, value=site.get("site1000_first_s"), anchor="Hugo",
               anchor_value=hugo1, ratio_budget=1.5, paired=site.get("site1000_ratio")),
        Figure("site 1,000 pages, one page changed", "s", 0.5, value=site.get("site1000_rebuild_s")),
        Figure("site 10,000 pages, build", "s", 15, value=site.get("site10000_first_s"), anchor="Hugo",
               anchor_value=hugo10,
               failed="" if site.get("site10000_ok", 1) else "failed: over 3 GB or 240 s"),
        Figure("site 10,000 pages, peak RSS", "MiB", 500, value=site.get("site10000_rss_mib")),
        Figure("site 10,000 pages, output", "MB", 300, value=site.get("site10000_output_mb")),
        Figure("site growth 1,000 -> 10,000 pages", "x", 11, value=site.get("site_growth")),
    ]
    ics = results(run("ics.py", {"BENCH_RUNS": "1"} if QUICK else {}))
    cpu = ics.get("ics_cpu_ms_per_application")
    figures.append(Figure("ICS at 1,000 applications", "ms/application", 3, value=ics.get("ics_ms_per_application"),
                          note=f"CPU {cpu:.2f} ms/application" if cpu is not None else ""))
    validate = run("validate_builtins.py", runs)
    figures.append(Figure("validate built-in rulesets, warm", "ms", 120,
                          value=results(validate).get("validate_warm_ms") or number(validate, r"warm validate[^\n]*?"
                                                                                               r"([\d.]+) ms median"),
                          anchor="bare python", anchor_value=number(validate, r"python -c pass[^\n]*?([\d.]+) ms")))
    today = run("today.py", runs)
    today_ms = results(today).get("today_ms") or number(today, r"afterview today \(median\)\s+([\d.]+)")
    figures.append(Figure("afterview today, 500 applications", "ms", 300, value=today_ms,
                          anchor="bare python", anchor_value=number(today, r"python -c pass[^\n]*?([\d.]+) ms")))
    planner = results(run("planner.py"))
    figures += [Figure("guide planner page, JS + data", "KB", 150, value=planner.get("planner_kb")),
                Figure("guide planner, plan drawn after an input (median)", "ms", 50,
                       value=planner.get("planner_render_ms"))]
    return figures, information


def table(figures: list[Figure]) -> str:
    rows = [("figure", "measured", "budget", "ratio to anchor", "")]
    for f in figures:
        if f.failed:
            rows.append((f.label, f.failed, f"{f.budget:,g} {f.unit}", f"Hugo {f.anchor_value or 0:.2f} s", "MISS"))
            continue
        if f.value is None:
            rows.append((f.label, "not measured", f"{f.budget:,g} {f.unit}", "", ""))
            continue
        ratio = f.ratio()
        anchor = f"x{ratio:.2f} {f.anchor}" if ratio is not None else f.note
        if ratio is not None and f.paired is not None:
            anchor += " (paired runs)"
        if f.ratio_budget is not None:
            anchor += f" (budget x{f.ratio_budget:g})"
        shown = f"{f.value:,.2f} {f.unit}"
        rows.append((f.label, shown, f"{f.budget:,g} {f.unit}", anchor, "MISS" if f.misses() else "ok"))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    figures, information = measure()
    load = os.getloadavg()
    print(f"afterview benchmarks on {platform.node()}: {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, load average {load[0]:.1f} at the end")
    print(table(figures))
    for line in information:
        print(f"information, not budgeted: {line}")
    missed = [m for f in figures for m in f.misses()]
    unmeasured = [f.label for f in figures if f.value is None]
    if unmeasured:
        print(f"not measured: {', '.join(unmeasured)}")
    if missed:
        print("budgets missed:\n  " + "\n  ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

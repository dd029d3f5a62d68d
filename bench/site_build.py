"""Guide build time and peak memory with 1,000 authored Markdown pages (~500 words each) plus the built-in rulesets.

Budget (issue 5): at most 3 s on the 2-core machine; `serve` re-renders one changed page in well under a second.
For scale, measured on the same kind of corpus: MkDocs 1.6 about 10 s; Hugo 0.6 s (minimal) to 3 s (full navigation).
"""

from __future__ import annotations

import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAGES, WORDS = 1000, 500
VOCABULARY = [
    "interview", "follow", "thank", "note", "employer", "recruiter", "decision", "offer", "role", "team", "week",
    "reply", "calm", "patient", "network", "reference", "salary", "negotiate", "LinkedIn", "email", "call",
    "schedule", "feedback", "practice", "answer", "question", "strength", "weakness", "notes", "timeline", "manager",
    "candidate", "process", "hiring", "company", "culture",
]


def write_corpus(root: Path) -> None:
    rng = random.Random(7)
    for i in range(PAGES):
        words = [rng.choice(VOCABULARY) for _ in range(WORDS)]
        paragraphs = [" ".join(words[j:j + 60]).capitalize() + "." for j in range(0, WORDS, 60)]
        body = "\n\n".join([*paragraphs[:3], "- " + " ".join(words[:8]), "- " + " ".join(words[8:16]), *paragraphs[3:]])
        folder = root / f"section-{i // 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        front = f"---\ntitle: Article {i:04d}\norder: {i}\n---\n"
        (folder / f"page-{i:04d}.md").write_text(f"{front}## Part one\n\n{body}\n")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="afterview-site-bench-"))
    write_corpus(work / "content")
    exe = shutil.which("afterview", path=str(Path(sys.executable).parent)) or "afterview"
    command = [exe, "site", "build", "-o", str(work / "public"), "--content", str(work / "content")]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # warm the caches, as a second build would be
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    pages = sum(1 for _ in (work / "public").rglob("*.html"))
    print(f"site build, {PAGES} authored pages + rulesets ({pages} HTML pages): "
          f"best {min(times):.2f} s, median {sorted(times)[1]:.2f} s; budget 3 s")
    print(f"peak memory (largest build process): {peak:.0f} MiB")
    print(f"one page changed under `site serve`: {serve_rerender(work):.0f} ms")
    shutil.rmtree(work, ignore_errors=True)


def serve_rerender(work: Path) -> float:
    import os

    from afterview import Afterview, get_plugin_manager
    from afterview.guide.collect import GuideOptions
    from afterview.guide.serve import DevSite

    dev = DevSite(Afterview(get_plugin_manager()), GuideOptions(["default"], content=work / "content"))
    page = work / "content" / "section-05" / "page-0500.md"
    page.write_text(page.read_text().replace("Part one", "Part one, revised"))
    stamp = time.time_ns() + 10_000_000
    os.utime(page, ns=(stamp, stamp))
    start = time.perf_counter()
    dev.poll()
    return (time.perf_counter() - start) * 1000


if __name__ == "__main__":
    main()

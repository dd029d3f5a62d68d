"""The hostile corpus (tests/hostile/cases.yaml): each case fails cleanly, where it says, within bounds.

``test_hostile_case`` runs each case in-process (``isolate: true`` ones in a
subprocess under a 1 GB address-space limit); ``test_hostile_case_bounded`` runs
every case that way (slow). The fast subset runs the first case of each family
(the name up to its second dash, such as ``yaml-tag`` or ``site-content``); the
full suite runs them all.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from afterview import _cache
from afterview.cli import main

CASES_FILE = Path(__file__).parent / "hostile" / "cases.yaml"
HEADER = "id: hostile\ntitle: Hostile\nextends: [default]\n"
PLAN_FLAGS = ["--interview", "2026-11-17T14:00", "--timezone", "UTC", "--now", "2026-11-17T16:00"]
MEMORY_LIMIT = 1 << 30
SECONDS = 20  # per run in a subprocess, interpreter start included
IN_PROCESS_SECONDS = 5


def load_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
    return cases


CASES = load_cases()


def family(name: str) -> str:
    return "-".join(name.split("-")[:2])


FIRST_OF_FAMILY = {family(c["name"]): c["name"] for c in reversed(CASES)}


def in_process_cases() -> list[Any]:
    """Every case; all but the first of each family are slow, and cases that poison the cache get their own."""
    fast = set(FIRST_OF_FAMILY.values())
    params = []
    for case in CASES:
        marks = [] if case["name"] in fast else [pytest.mark.slow]
        if case.get("cache_junk"):
            marks.append(pytest.mark.cold_cache)
        params.append(pytest.param(case, id=case["name"], marks=marks))
    return params


def content(spec: Any) -> bytes:
    """A file's bytes from text, ``{parts: [[text, times], ...]}``, ``{lines: N}`` of nesting, or ``{hex: ...}``."""
    if isinstance(spec, str):
        return spec.encode("utf-8")
    if "hex" in spec:
        return bytes.fromhex(spec["hex"])
    if "lines" in spec:
        return ("company:\n" + "".join(" " * (2 * i + 2) + "a:\n" for i in range(spec["lines"])) + "\n").encode()
    return "".join(text * times for text, times in spec["parts"]).encode("utf-8")


@dataclass
class Run:
    argv: list[str]
    code: int
    stderr: str


def runs_of(case: dict[str, Any]) -> list[list[str]]:
    if "facts" in case:
        return [["plan", "f.yaml", "--now", "2026-11-18T09:00"]]
    if "ruleset" in case:
        fmt = case.get("format", "markdown")
        return [["validate", "r.yaml"], ["plan", "--ruleset", "r.yaml", *PLAN_FLAGS, "--format", fmt]]
    return [list(case["argv"])]


def prepare(case: dict[str, Any], folder: Path) -> None:
    files = dict(case.get("files") or {})
    if "facts" in case:
        files["f.yaml"] = case["facts"]
    if "ruleset" in case:
        files["r.yaml"] = HEADER + case["ruleset"]
    for name, spec in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content(spec))
    for name, target in (case.get("links") or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, folder / name)


def run_in_process(argv: list[str], capsys: pytest.CaptureFixture[str]) -> Run:
    capsys.readouterr()
    try:
        code = main(argv)  # an exception other than AfterviewError escapes here and fails the test
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    return Run(argv, code, capsys.readouterr().err)


def run_isolated(argv: list[str], folder: Path) -> Run:
    """Run the CLI in a subprocess with a 1 GB address-space limit and a timeout."""
    code = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT}))\n"
        "from afterview.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    env = {**os.environ, "PYTHONSAFEPATH": "1"}
    done = subprocess.run([sys.executable, "-c", code, *argv], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=SECONDS, check=False)
    assert done.returncode >= 0, f"killed by signal {-done.returncode}: {done.stderr[-2000:]}"
    return Run(argv, done.returncode, done.stderr)


def check(case: dict[str, Any], run: Run, folder: Path, before: dict[str, bytes]) -> None:
    expect = case.get("expect") or {}
    assert "Traceback" not in run.stderr, run.stderr
    assert run.code == expect.get("exit", 1), f"{run.argv}: exit {run.code}\n{run.stderr}"
    for text in [expect["error"]] if isinstance(expect.get("error"), str) else expect.get("error", []):
        assert text in run.stderr, f"{run.argv}:\n{run.stderr}"
    for name in expect.get("unchanged", []):
        assert (folder / name).read_bytes() == before[name], f"{name} changed"
    for name in expect.get("absent", []):
        assert not (folder / name).exists(), f"{name} was written"


def snapshot(case: dict[str, Any], folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in (case.get("expect") or {}).get("unchanged", [])}


def poison_cache(junk: str) -> None:
    folder = _cache.cache_dir()
    assert folder is not None
    for path in folder.glob("*.json"):
        path.write_text(junk, encoding="utf-8")


@pytest.mark.parametrize("case", in_process_cases())
def test_hostile_case(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str], request: pytest.FixtureRequest) -> None:
    if case["name"].startswith(("site-", "serve-")):
        # Built once per session, it leaves in the shared cache what every guide build reads (compiled rulesets,
        # rendered Markdown), so the time bound below measures this input rather than a first, cold build.
        request.getfixturevalue("guide_site")
    prepare(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    before = snapshot(case, tmp_path)
    for argv in runs_of(case):
        if case.get("isolate"):
            run = run_isolated(argv, tmp_path)
        else:
            start = time.perf_counter()
            run = run_in_process(argv, capsys)
            assert time.perf_counter() - start < IN_PROCESS_SECONDS, f"{argv} took too long"
        check(case, run, tmp_path, before)
        for junk in case.get("cache_junk", []):
            poison_cache(junk)
            check(case, run_in_process(argv, capsys), tmp_path, before)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hostile_case_bounded(case: dict[str, Any], tmp_path: Path) -> None:
    """Every case again in a subprocess under the memory limit and timeout."""
    prepare(case, tmp_path)
    before = snapshot(case, tmp_path)
    for argv in runs_of(case):
        check(case, run_isolated(argv, tmp_path), tmp_path, before)


def test_the_corpus_is_large_and_names_are_unique() -> None:
    names = [c["name"] for c in CASES]
    assert len(names) >= 120
    assert len(set(names)) == len(names)
    groups = {name.split("-")[0] for name in names}
    assert {"yaml", "facts", "ruleset", "site", "serve"} <= groups


def test_the_fast_slice_keeps_each_way_of_running_a_case() -> None:
    """One case a family still runs one under the memory limit and one against a poisoned cache."""
    fast = [c for c in CASES if c["name"] in FIRST_OF_FAMILY.values()]
    assert any(c.get("isolate") for c in fast) and any(c.get("cache_junk") for c in fast)
    assert len(fast) == len({family(c["name"]) for c in CASES}) < len(CASES)

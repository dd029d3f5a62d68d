"""How many processes a big build uses: the cores this process may run on, within its cgroup's CPU quota."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from afterview.guide import parallel


def test_a_cpu_quota_caps_the_cores_rounding_up() -> None:
    assert parallel.usable_cores(8, []) == 8
    assert parallel.usable_cores(8, ["max 100000\n"]) == 8
    assert parallel.usable_cores(8, ["200000 100000\n"]) == 2
    assert parallel.usable_cores(8, ["150000 100000\n"]) == 2  # a core and a half: two processes
    assert parallel.usable_cores(8, ["50000 100000\n"]) == 1  # half a core: still one
    assert parallel.usable_cores(2, ["400000 100000\n"]) == 2  # the quota never adds cores
    assert parallel.usable_cores(8, ["300000 100000", "max 100000", "100000 50000"]) == 2  # the tightest level
    assert parallel.usable_cores(8, ["", "max", "12 0", "-5 100000", "lots 100000"]) == 8  # not quotas


def _cgroup(tmp_path: Path, group: str, limits: dict[str, str]) -> tuple[str, str]:
    """A fake /proc/self/cgroup naming ``group`` and a cgroup v2 tree whose folders hold ``limits``' cpu.max."""
    proc = tmp_path / "cgroup"
    proc.write_text(f"12:cpu,cpuacct:/v1/ignored\n0::{group}\n")
    root = tmp_path / "sys"
    for folder, text in limits.items():
        (root / folder.strip("/")).mkdir(parents=True, exist_ok=True)
        (root / folder.strip("/") / "cpu.max").write_text(text)
    return str(proc), str(root)


def test_the_quota_files_are_the_group_and_every_group_above_it(tmp_path: Path) -> None:
    proc, root = _cgroup(tmp_path, "/user.slice/build.scope",
                         {"/user.slice/build.scope": "max 100000\n", "/user.slice": "150000 100000\n",
                          "/other.slice": "100000 100000\n"})
    assert parallel._cpu_max_texts(proc, root) == ["max 100000\n", "150000 100000\n"]
    assert parallel.usable_cores(4, parallel._cpu_max_texts(proc, root)) == 2


def test_no_cgroup_v2_means_no_quota(tmp_path: Path) -> None:
    proc = tmp_path / "cgroup"
    proc.write_text("4:memory:/some/where\n1:cpu:/\n")  # cgroup v1 only
    assert parallel._cpu_max_texts(str(proc), str(tmp_path)) == []
    assert parallel._cpu_max_texts(str(tmp_path / "missing"), str(tmp_path)) == []
    proc.write_text("0::/\n")  # the root group has no cpu.max
    assert parallel._cpu_max_texts(str(proc), str(tmp_path)) == []


def test_jobs_is_this_process_s_cores_at_most_max_jobs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parallel.JOBS_ENV, raising=False)
    cores = parallel.usable_cores(len(os.sched_getaffinity(0)), parallel._cpu_max_texts())
    assert parallel.jobs() == max(1, min(cores, parallel.MAX_JOBS))

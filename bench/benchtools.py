"""What the bench scripts share: timing one whole process, as public tools would."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path


def afterview_program(bin_dir: Path) -> str:
    """The ``afterview`` program in ``bin_dir``; none ends the bench (rather than timing another one on PATH)."""
    found = shutil.which("afterview", path=str(bin_dir))
    if found is None:
        raise SystemExit(f"no afterview program in {bin_dir}: install this checkout there first")
    return found


def timed(command: list[str], env: dict[str, str]) -> float:
    """Wall milliseconds of one run of ``command``, its output thrown away; a failure stops the bench."""
    return measured(command, env)[0]


def measured(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) milliseconds of one run of ``command``: CPU is the child's user + system time (wait4).

    On a shared machine the CPU time moves far less than the wall time.
    """
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, command)
    return wall, (usage.ru_utime + usage.ru_stime) * 1000


def results(**figures: float) -> None:
    """Print ``RESULT name=value`` lines, which ``bench/run_all.py`` reads."""
    for name, value in figures.items():
        print(f"RESULT {name}={value:.1f}")

"""What the bench scripts share: timing one whole process, as public tools would."""

from __future__ import annotations

import os
import subprocess
import time


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

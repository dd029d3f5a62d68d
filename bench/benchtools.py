"""What the bench scripts share: timing one whole process, as public tools would."""

from __future__ import annotations

import subprocess
import time


def timed(command: list[str], env: dict[str, str]) -> float:
    """Wall milliseconds of one run of ``command``, its output thrown away; a failure stops the bench."""
    start = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000

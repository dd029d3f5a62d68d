"""A big build's pages rendered by this process and forked workers at once, each writing its share.

Rendering is pure Python, one page at a time, so one process uses one core. A build of
PARALLEL_FROM pages or more forks workers (forked.py) that inherit everything already prepared:
the pages, the navigation, the Jinja2 environment and the markdown-it parser. The pages are dealt
out in chunks through a pipe (Deal), so a process that the machine's load slows simply takes fewer. Each
process writes the pages it renders into the same staging folder; a worker then reports which
files it wrote and the Markdown it rendered, for the cache. The bytes of a page do not depend on
which process rendered it (a test compares the trees).

A failure is the one a serial build would report: every process stops at its first failing page,
and the earliest page's error wins. Workers never outlive the build: on an error or Ctrl-C the
build kills and reaps them before it removes the staging folder, and a worker whose build process
is gone stops at its next page.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

from afterview.errors import AfterviewError, Location
from afterview.guide.forked import Child, arrived, can_fork, portable
from afterview.guide.markdown_cache import MarkdownCache
from afterview.guide.tree_io import Reuse, TreeWriter

PARALLEL_FROM = 200  # fewer pages render faster in one process than a worker is forked and reaped
MAX_JOBS = 4
MAX_EXPLICIT = 64  # more processes than pages' chunks, or than any machine's cores, only cost forks
JOBS_ENV = "AFTERVIEW_SITE_JOBS"
CHUNKS = 255  # a chunk's number is one byte in the pipe, so every read takes a whole one


def jobs() -> int:
    """Processes for a big build: AFTERVIEW_SITE_JOBS (at most MAX_EXPLICIT), else the cores this process may
    use (at most MAX_JOBS)."""
    explicit = os.environ.get(JOBS_ENV, "").strip()
    if explicit:
        if not (explicit.isascii() and explicit.isdigit() and len(explicit) < 10 and int(explicit) > 0):
            raise AfterviewError(f"{explicit!r} is not a number of processes", location=Location(JOBS_ENV),
                                 hint=f"a whole number from 1 ({JOBS_ENV}=1 builds in one process); "
                                 f"unset, it is the cores this process may use, at most {MAX_JOBS}")
        return min(int(explicit), MAX_EXPLICIT)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(usable_cores(cores, _cpu_max_texts()), MAX_JOBS))


def usable_cores(cores: int, cpu_max: list[str]) -> int:
    """``cores`` (the CPUs this process may run on) capped by the tightest cgroup v2 CPU quota: each text is a
    ``cpu.max`` file's, ``"QUOTA PERIOD"`` or ``"max PERIOD"``. A quota of 1.5 cores allows 2 processes; a
    file that does not parse is no limit."""
    for text in cpu_max:
        words = text.split()
        if len(words) == 2 and words[0].isdigit() and words[1].isdigit() and int(words[1]) > 0:
            cores = min(cores, max(1, -(-int(words[0]) // int(words[1]))))
    return cores


def _cpu_max_texts(proc: str = "/proc/self/cgroup", root: str = "/sys/fs/cgroup") -> list[str]:
    """The ``cpu.max`` files of this process's cgroup v2 group and of each group above it (each quota applies)."""
    try:
        with open(proc) as listed:
            group = next((line[3:].strip() for line in listed if line.startswith("0::")), "")
    except OSError:
        return []
    found = []
    while group.startswith("/"):
        try:
            with open(f"{root}{group.rstrip('/')}/cpu.max") as limit:
                found.append(limit.read())
        except OSError:
            pass
        if group == "/":
            break
        group = group.rsplit("/", 1)[0] or "/"
    return found


@dataclass
class Report:
    """What a worker sends back when its share is done, or when it stopped at a failure."""

    paths: list[str] = field(default_factory=list)
    used: set[bytes] = field(default_factory=set)  # Markdown cache entries its pages used
    added: dict[bytes, str] = field(default_factory=dict)  # and those it rendered
    failure: tuple[int, BaseException] | None = None  # the first failing page's index (count: not a page)


class Deal:
    """The indices 0 to count - 1, dealt out in chunks through a pipe to whichever process asks next.

    Each process gets its indices in increasing order, and chunks go out in order: so when a process fails at
    an index, every chunk before it has been taken, and the earliest failure is among the indices taken.
    """

    def __init__(self, count: int) -> None:
        self.count, self.chunk = count, max(1, -(-count // CHUNKS))
        self.fd: int | None = None
        if count:
            read, write = os.pipe()
            os.write(write, bytes(range(-(-count // self.chunk))))  # at most CHUNKS bytes: never blocks
            os.close(write)
            self.fd = read

    def mine(self) -> Iterator[int]:
        while self.fd is not None and (token := os.read(self.fd, 1)):
            first = token[0] * self.chunk
            yield from range(first, min(first + self.chunk, self.count))

    def drain(self) -> None:
        """Take every chunk not yet taken, so that every process stops soon after a failure."""
        while self.fd is not None and os.read(self.fd, CHUNKS):
            pass

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class Share:
    """The ``count`` pages of one build, rendered by ``render(index) -> (path, bytes)`` in this process and,
    once ``start`` has forked them, in workers."""

    def __init__(self, count: int, render: Callable[[int], tuple[str, bytes]], cache: MarkdownCache,
                 processes: int | None = None) -> None:
        self.count, self.render, self.cache = count, render, cache
        self.processes = jobs() if processes is None else processes
        self.deal: Deal | None = None  # once the workers are forked
        self.workers: list[Child[Report]] = []
        self.paths: list[str] = []  # the files the workers wrote, once finished

    def forks(self) -> bool:
        """Will ``start`` fork workers: is this build big enough, and may this process fork?"""
        return self.processes >= 2 and self.count >= PARALLEL_FROM and can_fork()

    def start(self, staging: Path, reuse: Reuse, inside: Callable[[str], str]) -> None:
        """Fork the workers, if this build is big enough and this process may fork."""
        if not self.forks():
            return
        self.deal = Deal(self.count)
        for _ in range(self.processes - 1):
            try:
                Child(lambda: self._work(staging, reuse, inside), self.workers)
            except OSError:  # no more processes or memory: this process renders what the others leave
                break

    def mine(self) -> Iterator[int]:
        """The indices of the pages this process renders, in increasing order."""
        yield from range(self.count) if self.deal is None else self.deal.mine()

    def _work(self, staging: Path, reuse: Reuse, inside: Callable[[str], str]) -> Report:
        """A worker's share: render and write pages until none is left, the first failure, or the build is gone."""
        report, parent, inherited = Report(), os.getppid(), set(self.cache.fresh)
        writer = TreeWriter(staging, reuse)
        try:
            for index in self.mine():
                if os.getppid() != parent:
                    raise SystemExit(1)  # the build was killed: stop writing into its folder
                try:
                    path, data = self.render(index)
                    writer.write(inside(path), data)
                except Exception as exc:
                    report.failure = (index, portable(exc))
                    self._drain()  # the pages left are all after this one
                    break
            writer.close()
        except Exception as exc:  # a write failed
            report.failure = report.failure or (self.count, portable(exc))
        report.paths, report.used = writer.paths, self.cache.used
        report.added = {digest: self.cache.entries[digest] for digest in self.cache.fresh - inherited}
        return report

    def finish(self, failure: tuple[int, BaseException] | None = None) -> list[str]:
        """Wait for the workers; raise the earliest page's failure (``failure`` is this process's), else return
        the files the workers wrote, having added their Markdown to the cache."""
        try:
            reports = [worker.result() for worker in self.workers]
        finally:
            self.stop()
        failures = [r.failure for r in reports if r.failure] + ([failure] if failure else [])
        if failures:
            raise arrived(min(failures, key=lambda found: found[0])[1])
        for report in reports:
            self.cache.merge(report.used, report.added)
        self.paths = [path for report in reports for path in report.paths]
        return self.paths

    def failed(self, index: int, exc: BaseException) -> NoReturn:
        """This process's page ``index`` failed: raise that, or an earlier page's failure in a worker."""
        if self.workers:
            self._drain()
            self.finish((index, exc))
        raise exc

    def _drain(self) -> None:
        if self.deal is not None:
            self.deal.drain()

    def stop(self) -> None:
        """Kill and reap the workers still running (after an error or Ctrl-C); close the pipe."""
        for worker in self.workers:
            worker.kill()
        self.workers = []
        if self.deal is not None:
            self.deal.close()
            self.deal = None

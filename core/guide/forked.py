"""Work done by a forked child process, its value or exception pickled back through a pipe.

Fork, not spawn: the child inherits everything this process has prepared (pages, the Jinja2
environment, the markdown-it parser with every plugin's changes), so nothing is pickled on the way
in and no interpreter starts. A child never returns into its parent's code: it leaves with
``os._exit``, so it neither runs the parent's exit handlers nor flushes output the parent buffered.
The parent reaps every child it starts: ``result`` waits for one, ``kill`` ends one at once.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Generic, NoReturn, TypeVar

from afterview.errors import AfterviewError

T = TypeVar("T")
PIPE_BYTES = 1 << 20  # an answer of several MB (a big site's pages) then crosses in a few reads, not a hundred
BIG_PIPES = 4  # children of one list that get one


class WorkerError(AfterviewError):
    """A child ended without an answer (killed by a signal, out of memory), or its exception would not pickle."""

    def __init__(self, message: str) -> None:
        super().__init__(message, hint="AFTERVIEW_SITE_JOBS=1 builds in one process")


def can_fork() -> bool:
    """Only a process without other threads forks: a thread's lock held at the fork stays held in the child."""
    return hasattr(os, "fork") and threading.active_count() == 1


class Child(Generic[T]):
    """``work()`` running in a forked child process."""

    def __init__(self, work: Callable[[], T], into: list[Child[T]]) -> None:
        """Fork and append this child to ``into``; raises OSError (leaving nothing behind) if the system cannot.

        Ctrl-C waits until the child is in ``into``, so that whoever holds the list can always kill and reap it.
        """
        read, write = os.pipe()
        if len(into) < BIG_PIPES:  # Linux: a bigger pipe, for megabytes of pages (a user has 64 MB of them)
            with contextlib.suppress(ImportError, AttributeError, OSError):
                import fcntl  # not on Windows

                fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        for stream in (sys.stdout, sys.stderr):  # None when closed at the start (`>&-`)
            if stream is not None:
                stream.flush()
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            pid = os.fork()
        except OSError:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            os.close(read)
            os.close(write)
            raise
        if pid == 0:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            os.close(read)
            _run(work, write)
        self.pid: int | None = pid
        self.fd = read
        os.close(write)
        into.append(self)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

    def result(self) -> T:
        """Wait for the child: its value, or its exception raised here."""
        chunks = []
        while data := os.read(self.fd, 1 << 20):
            chunks.append(data)
        status = self._reap()
        try:
            ok, value = pickle.loads(b"".join(chunks))
        except Exception:
            raise WorkerError(f"a worker process of the build ended without an answer ({_ending(status)})") from None
        if not ok:
            raise arrived(value)
        return value  # type: ignore[no-any-return]

    def kill(self) -> None:
        """End the child now (after an error or Ctrl-C) and reap it; nothing if it was reaped already."""
        if self.pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        self._reap()

    def _reap(self) -> int:
        assert self.pid is not None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        os.close(self.fd)
        return status


def _ending(status: int) -> str:
    """How a child ended, from its wait status: the signal's name or the exit code."""
    code = os.waitstatus_to_exitcode(status)
    if code >= 0:
        return f"exit code {code}"
    try:
        return f"killed by {signal.Signals(-code).name}"
    except ValueError:
        return f"killed by signal {-code}"


def _run(work: Callable[[], object], out: int) -> NoReturn:
    code = 1
    try:
        try:
            outcome: tuple[bool, object] = (True, work())
        except Exception as exc:
            outcome = (False, exc)
        _send(out, outcome)
        code = 0
    finally:
        os._exit(code)


class WorkerTraceback(Exception):
    """The traceback, as text, of an exception a worker raised: the cause of that exception raised here."""

    def __str__(self) -> str:
        return f'\n"""\n{self.args[0]}"""'


class Unpicklable(Exception):
    """Stands in on the way back for a worker's exception that would not pickle: its class's names and text."""

    def rebuilt(self) -> Exception:
        """An exception that a traceback names as the original's class, with the original's text."""
        module, qualname, text = self.args
        kind = type(qualname.rpartition(".")[2], (Exception,), {"__module__": module, "__qualname__": qualname})
        return kind(text)  # type: ignore[no-any-return]


_TRACE = "afterview_worker_traceback"


def portable(exc: BaseException) -> BaseException:
    """In a worker: ``exc`` with its traceback's text, ready to pickle back (see ``arrived``), or an Unpicklable
    standing in for it if it does not survive pickling (some exceptions cannot be rebuilt)."""
    import traceback

    text = vars(exc).get(_TRACE) or "".join(traceback.format_exception(exc))
    try:
        setattr(exc, _TRACE, text)
        pickle.loads(pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:
        if isinstance(exc, AfterviewError):  # a user's error stays one, located, whatever its class does
            code, exc = exc.exit_code, AfterviewError(problems=exc.problems)
            exc.exit_code = code
        else:
            exc = Unpicklable(type(exc).__module__, type(exc).__qualname__, str(exc))
        setattr(exc, _TRACE, text)
    return exc


def arrived(exc: BaseException) -> BaseException:
    """In the build's process: a worker's exception as raised here, the same class and text as in one process,
    with the worker's traceback as its cause (shown with the traceback: always for a bug, with --debug for a
    user's error). Any other exception is returned as it is."""
    text = vars(exc).pop(_TRACE, None)
    if isinstance(exc, Unpicklable):
        exc = exc.rebuilt()
    if text:
        exc.__cause__ = WorkerTraceback(text)
    return exc


def _send(out: int, outcome: tuple[bool, object]) -> None:
    """Pickle ``outcome`` to the pipe ``out``."""
    if not outcome[0] and isinstance(outcome[1], BaseException):
        outcome = (False, portable(outcome[1]))
    try:
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        data = pickle.dumps((False, WorkerError(f"cannot send the answer: {exc}")), protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(data)
    while view:
        view = view[os.write(out, view):]
    os.close(out)

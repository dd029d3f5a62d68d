"""Dataclasses' generated methods, compiled once and kept in the user cache, while the CLI runs.

``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__``, ... as source text and
compiles it, a few times a class: some 45 classes, about 15 ms of a cold ``afterview plan``. The text
only changes with the classes and the Python, so for the duration of a command the ``dataclasses``
module's ``exec`` is given the code compiled from the same text on an earlier run (``marshal``, keyed
by the Python build; each entry is unmarshalled only when a class needs it, and only if it names that
very text). The code is what ``exec(text)`` would compile (same file name, no inherited
``__future__`` flags), so the classes are exactly the ones ``@dataclass`` makes. Outside the CLI (a
library import, a test), ``dataclasses`` is left alone; threads running the CLI at once share one
installed ``exec``, removed when the last leaves. Code is read and kept only in a cache folder that is the
user's own (``_cache.trusted``), as for the rulesets snapshot; a missing, unreadable, damaged or foreign
file only means compiling again, and the file keeps only the texts of recent runs.
"""

from __future__ import annotations

import _thread  # not threading: a warm start has no other use for it
import dataclasses
import marshal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import CodeType
from typing import Any

from afterview import _cache

MAX_ENTRIES = 4096  # the file's bound (classes made at run time, in a loop, could add texts without end)
KEEP_SAVES = 8  # a text no run has used for this many saves of the file is dropped from it


def _path(folder: Path) -> Path:
    return folder / f"dataclass-methods-{sys.implementation.cache_tag}-{sys.hexversion:x}.code"


def _read(path: Path) -> dict[Any, Any]:
    """text -> (generation of its last save, the text again, its marshalled code), as stored: each entry is
    checked only when a class needs it.

    The text in the entry says which text the code is for: marshal writes it as a reference to the key, so it
    costs the file five bytes and a check one string comparison (a BLAKE2b digest of each text instead cost a
    warm plan 2 million instructions, 0.7%).
    """
    try:
        data = _cache.read_code(path)  # marshalled code: only a file of the user's own
        found = marshal.loads(data) if data is not None else None
    except Exception:  # missing, unreadable, not marshal
        return {}
    return found if isinstance(found, dict) else {}


class _Compiled:
    """An ``exec`` for the ``dataclasses`` module: strings it has seen run from their compiled code."""

    def __init__(self, folder: Path) -> None:
        self.path = _path(folder)
        self.stored = _read(self.path) if _cache.trusted(folder) else {}  # code: only from the user's own folder
        self.used: dict[str, bytes] = {}  # the texts this run made methods from, and their marshalled code
        self.added = False  # some text was compiled: the file is saved

    def __call__(self, source: Any, /, *args: Any, **kwargs: Any) -> None:
        if isinstance(source, str):
            source = self._code(source)
        exec(source, *args, **kwargs)  # globals and locals, as dataclasses passes them

    def _code(self, source: str) -> CodeType:
        try:  # (try, not suppress(): no context manager per method on this path)
            code = self._stored(source)
        except Exception:  # whatever the file holds, the worst is compiling the text
            code = None
        if code is not None:
            return code
        # As exec(source) compiles it: file "<string>", no __future__ flags from this module.
        code = compile(source, "<string>", "exec", dont_inherit=True)
        try:
            if len(self.used) < MAX_ENTRIES:
                self.used[source], self.added = marshal.dumps(code), True
        except Exception:  # not saved: compiled again next time
            pass
        return code

    def _stored(self, source: str) -> CodeType | None:
        entry = self.stored.get(source)
        if entry is None:
            return None
        _, text, blob = entry
        if text != source:  # another text's code (a damaged file): compiled again
            return None
        code = marshal.loads(blob)
        if not isinstance(code, CodeType):
            return None
        self.used[source] = blob
        return code

    def save(self) -> None:
        """The texts used in this run, and those used in the last KEEP_SAVES saves, up to MAX_ENTRIES."""
        if not self.added:
            return
        now = 1 + max((e[0] for e in self.stored.values() if isinstance(e, tuple) and e and isinstance(e[0], int)),
                      default=0)
        recent = sorted(((entry[0], text) for text, entry in self.stored.items() if text not in self.used
                         and _recent(text, entry, now)), reverse=True)
        kept = {text: self.stored[text] for _, text in recent[:max(0, MAX_ENTRIES - len(self.used))]}
        kept.update((text, (now, text, blob)) for text, blob in self.used.items())
        _cache.write_bytes(self.path.name, marshal.dumps(kept), code=True)


def _recent(text: Any, entry: Any, now: int) -> bool:
    """An entry of the right shape, for its own text, saved or used in the last KEEP_SAVES saves."""
    return (isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[0], int) and entry[0] > now - KEEP_SAVES
            and isinstance(text, str) and entry[1] == text and isinstance(entry[2], bytes))


class _Installed:
    """The ``exec`` in ``dataclasses`` while any thread is in the block, and how many are."""

    lock = _thread.allocate_lock()
    compiled: _Compiled | None = None
    depth = 0


@contextmanager
def cached_dataclass_code() -> Iterator[None]:
    """Within the block, dataclasses run cached code for method texts seen before; new ones are saved after."""
    compiled = _enter()
    try:
        yield
    finally:
        if compiled is not None:
            _leave(compiled)


def _enter() -> _Compiled | None:
    """The shared ``exec``, installed by the first thread in; None if the cache is off or another ``exec``
    is there (someone else's)."""
    with _Installed.lock:
        if _Installed.compiled is not None:  # another thread's block, or this one's (a nested main())
            _Installed.depth += 1
            return _Installed.compiled
        folder = _cache.cache_dir()
        if folder is None or "exec" in vars(dataclasses):
            return None
        compiled = _Compiled(folder)  # never raises: a file it cannot read counts as empty
        dataclasses.exec = compiled  # type: ignore[attr-defined]  # the module's own name, shadowing the builtin
        _Installed.compiled, _Installed.depth = compiled, 1
        return compiled


def _leave(compiled: _Compiled) -> None:
    """The last thread out removes the ``exec`` and saves what the runs compiled."""
    with _Installed.lock:
        _Installed.depth -= 1
        if _Installed.depth:
            return
        _Installed.compiled = None
        if vars(dataclasses).get("exec") is compiled:
            del dataclasses.exec  # type: ignore[attr-defined]
    with suppress(Exception):  # a cache that cannot be saved is only slower next time
        compiled.save()

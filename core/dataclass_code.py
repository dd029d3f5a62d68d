"""Dataclasses' generated methods, compiled once and kept in the user cache, while the CLI runs.

``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__``, ... as source text and
compiles it, a few times a class: some 45 classes, about 15 ms of a cold ``afterview plan``. The text
only changes with the classes and the Python, so for the duration of a command the ``dataclasses``
module's ``exec`` is given the code compiled from the same text on an earlier run (``marshal``, keyed
by the Python build; each entry is unmarshalled only when a class needs it). The code is what
``exec(text)`` would compile (same file name, no inherited ``__future__`` flags), so the classes are
exactly the ones ``@dataclass`` makes. Outside the CLI (a library import, a test), ``dataclasses`` is
left alone. The cache folder is the user's own, as for the rulesets snapshot; a missing, unreadable or
foreign file only means compiling again.
"""

from __future__ import annotations

import dataclasses
import marshal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import CodeType
from typing import Any

from afterview import _cache

MAX_ENTRIES = 4096  # a development install's edits add texts; past this, new ones are compiled every run


def _path(folder: Path) -> Path:
    return folder / f"dataclass-methods-{sys.implementation.cache_tag}-{sys.hexversion:x}.code"


def _read(path: Path) -> dict[str, bytes]:
    """Each method text's code, still marshalled: a run unmarshals only the ones its classes need."""
    try:
        found = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, bytes)}


class _Compiled:
    """An ``exec`` for the ``dataclasses`` module: strings it has seen run from their compiled code."""

    def __init__(self, codes: dict[str, bytes]) -> None:
        self.codes = codes
        self.added = False

    def __call__(self, source: Any, /, *args: Any, **kwargs: Any) -> None:
        if isinstance(source, str):
            source = self._code(source)
        exec(source, *args, **kwargs)  # globals and locals, as dataclasses passes them

    def _code(self, source: str) -> CodeType:
        stored = self.codes.get(source)
        if stored is not None:
            with suppress(EOFError, ValueError, TypeError):
                code = marshal.loads(stored)
                if isinstance(code, CodeType):
                    return code
        # As exec(source) compiles it: file "<string>", no __future__ flags from this module.
        code = compile(source, "<string>", "exec", dont_inherit=True)
        if len(self.codes) < MAX_ENTRIES or source in self.codes:
            self.codes[source], self.added = marshal.dumps(code), True
        return code


@contextmanager
def cached_dataclass_code() -> Iterator[None]:
    """Within the block, dataclasses run cached code for method texts seen before; new ones are saved after."""
    folder = _cache.cache_dir()
    if folder is None or "exec" in vars(dataclasses):  # cache off, or already in a block (a nested main())
        yield
        return
    compiled = _Compiled(_read(_path(folder)))
    dataclasses.exec = compiled  # type: ignore[attr-defined]  # the module's own name, shadowing the builtin
    try:
        yield
    finally:
        del dataclasses.exec  # type: ignore[attr-defined]
        if compiled.added:
            _cache.write_bytes(_path(folder).name, marshal.dumps(compiled.codes))

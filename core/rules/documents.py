"""Parsed YAML documents that remember where every key and value came from.

The parser itself lives in ``yaml_parser`` and is imported on first use: a
warm cache answers most runs without PyYAML.
"""

from __future__ import annotations

import marshal
from dataclasses import dataclass, field
from os import PathLike
from typing import TYPE_CHECKING, Any

from afterview.errors import Location

MAX_BYTES = 1_000_000
MAX_NODES = 100_000
MAX_DEPTH = 64

Path = tuple[Any, ...]

class YAMLProblem(Exception):
    """Internal: a problem at a position; the caller wraps it in the right error class."""

    def __init__(self, message: str, line: int | None = None, col: int | None = None, hint: str | None = None):
        super().__init__(message)
        self.message, self.line, self.col, self.hint = message, line, col, hint


@dataclass
class Document:
    """Parsed YAML plus the position of each path's value and key."""

    path: str
    data: Any
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def location(self, path: Path = (), *, key: bool = False) -> Location:
        """The position of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            found = (self.key_marks.get(path) if key else None) or self.marks.get(path)
            if found or not path:
                break
            path = path[:-1]
        return Location(self.path, *found) if found else Location(self.path)

    # Pickled (the rulesets snapshot holds every layer) with the parsed data and positions in one marshal
    # blob, unpacked on first use: a plan reads a layer's id only, and this is most of the snapshot.
    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        if "_packed" not in state:
            try:
                state["_packed"] = marshal.dumps((state["data"], state["marks"], state["key_marks"]))
            except ValueError:  # a value marshal does not know: pickled as it is
                return state
            del state["data"], state["marks"], state["key_marks"]
        return state

    if not TYPE_CHECKING:  # a __getattr__ would hide misspelt attributes from mypy

        def __getattr__(self, name: str) -> Any:
            """Only for attributes not set: the packed ones of an unpickled document, on first use."""
            packed = self.__dict__.get("_packed") if name in _PACKED else None
            if packed is None:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            self.data, self.marks, self.key_marks = marshal.loads(packed)
            del self.__dict__["_packed"]
            return self.__dict__[name]


_PACKED = ("data", "marks", "key_marks")


def read_limited(path: str | PathLike[str]) -> bytes:
    """A file's bytes, reading at most one byte past MAX_BYTES (so /dev/zero is not read whole).

    Raises OSError as reading does, including IsADirectoryError for a folder.
    """
    with open(path, "rb") as stream:
        return stream.read(MAX_BYTES + 1)


def decode(raw: bytes) -> str:
    """Decode UTF-8 (with an optional BOM) or raise YAMLProblem at the first bad byte."""
    if len(raw) > MAX_BYTES:
        raise YAMLProblem(
            f"file is over the {MAX_BYTES:,}-byte limit",
            hint="split it into smaller files that extend one another",
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YAMLProblem(
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
            line,
            col,
            hint="save the file as UTF-8",
        ) from None


def parse(text: str, path: str) -> Document:
    """Parse one YAML document; raise YAMLProblem for anything unsafe or malformed."""
    from afterview.rules.yaml_parser import parse_document

    return parse_document(text, path)

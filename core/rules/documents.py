"""Load YAML safely, remembering where every key and value came from.

PyYAML accepts duplicate keys silently, expands alias bombs and, with the
wrong loader, runs code. This module composes the node graph itself so that it
can refuse all three and keep a ``file:line:col`` for every path in the result.
Values stay JSON-compatible (no implicit dates; only true/false are booleans,
so ``country: NO`` stays Norway), which keeps rulesets portable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from afterview.errors import Location

MAX_BYTES = 1_000_000
MAX_NODES = 100_000

Path = tuple[Any, ...]

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    pass


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


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


def decode(raw: bytes) -> str:
    """Decode UTF-8 (with an optional BOM) or raise YAMLProblem at the first bad byte."""
    if len(raw) > MAX_BYTES:
        raise YAMLProblem(
            f"file is {len(raw):,} bytes, over the {MAX_BYTES:,}-byte limit",
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
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        doc = Document(path, None)
        if node is not None:
            doc.data = _Builder(loader, doc).build(node, ())
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in message:
            message = f"tag {_short(message.split('tag ')[-1])} is not allowed"
            return _fail(message, mark, "rulesets and facts are plain data")
        raise YAMLProblem(
            f"invalid YAML: {message}",
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        ) from None
    finally:
        loader.dispose()


def _fail(message: str, mark: Any, hint: str) -> None:
    raise YAMLProblem(message, mark.line + 1, mark.column + 1, hint=hint) from None


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


class _Builder:
    def __init__(self, loader: Any, doc: Document) -> None:
        self.loader, self.doc, self.count = loader, doc, 0

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            # Aliased nodes carry their anchor's position; the top-level key is where the blow-up is.
            line, col = self.doc.key_marks.get(path[:1]) or (node.start_mark.line + 1, node.start_mark.column + 1)
            raise YAMLProblem(
                f"document expands to more than {MAX_NODES:,} values",
                line,
                col,
                hint="aliases that repeat aliases grow exponentially; write the values out",
            )
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        self.doc.marks.setdefault(path, (line, col))
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
            raise YAMLProblem(f"tag '{_short(node.tag)}' is not allowed", line, col, hint="rulesets and facts are plain data")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YAMLProblem("merge keys (<<) are not supported", line, col, hint="repeat the keys, or use 'extends'")
            key = self.loader.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                raise YAMLProblem("keys must be text", line, col)
            if key in result:
                first = self.doc.key_marks[(*path, key)][0]
                raise YAMLProblem(f"duplicate key '{key}' (first defined on line {first})", line, col)
            self.doc.key_marks[(*path, key)] = (line, col)
            result[key] = self.build(value_node, (*path, key))
        return result

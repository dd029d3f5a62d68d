"""Load YAML safely, keeping a ``line:col`` for every path in the result.

PyYAML accepts duplicate keys silently, expands alias bombs and, with the
wrong loader, runs code. This module composes the node graph itself so that it
can refuse all three. Values stay JSON-compatible (no implicit dates; only
true/false are booleans, so ``country: NO`` stays Norway), which keeps
rulesets portable.
"""

from __future__ import annotations

import contextlib
import math
import re
from typing import Any, NoReturn

import yaml  # noqa: TID253 - this module is the one place that parses YAML, and is itself imported lazily

from afterview.rules.documents import MAX_DEPTH, MAX_NODES, Document, Path, YAMLProblem

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

_SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null")}
# YAML's printable set (spec 5.1) minus NEL: anything else is a control character the reader refuses.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
LARGEST_NUMBER = 10**15  # beyond 2**53 a JSON reader (the site's JavaScript) loses digits


def parse_document(text: str, path: str) -> Document:
    """Parse one YAML document; raise YAMLProblem for anything unsafe or malformed."""
    _check_characters(text)
    with contextlib.suppress(yaml.MarkedYAMLError):  # malformed: the composer below reports it with its position
        if _indicators(text) > MAX_DEPTH:  # fewer cannot nest that deep: a front matter is not parsed twice
            _check_depth(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        doc = Document(path, None)
        if node is not None:
            doc.data = _Builder(loader, doc).build(node, ())
        return doc
    except yaml.MarkedYAMLError as exc:
        if "recursive" in str(exc.problem):
            _fail("an alias refers to the value that contains it", exc.problem_mark, "write the value out")
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in message:
            message = f"tag {_short(message.split('tag ')[-1])} is not allowed"
            _fail(message, mark, "rulesets and facts are plain data")
        raise YAMLProblem(
            f"invalid YAML: {message}",
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
            hint="check the brackets, quotes and indentation up to here; quote a value that holds ': ' or ' #'",
        ) from None
    finally:
        loader.dispose()


def _check_characters(text: str) -> None:
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        before = text[: bad.start()]
        line, col = before.count("\n") + 1, bad.start() - (before.rfind("\n") + 1) + 1
        raise YAMLProblem(f"control character U+{ord(bad[0]):04X} is not allowed", line, col,
                          hint="remove it, or write it as an escape such as \"\\t\" inside double quotes")


def _indicators(text: str) -> int:
    """How many characters could open a collection: each level of nesting takes one of its own ('[' or '{' for
    a flow collection, '-' for a block sequence, ':' or '?' for a mapping)."""
    return sum(text.count(c) for c in "[{-:?")


def _check_depth(text: str) -> None:
    """Refuse deep nesting from the event stream, before the (recursive) composer sees it."""
    depth = 0
    starts, ends = (yaml.SequenceStartEvent, yaml.MappingStartEvent), (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, starts):
            depth += 1
            if depth > MAX_DEPTH:
                _fail(f"values are nested more than {MAX_DEPTH} levels deep", event.start_mark,
                      "flatten the structure")
        elif isinstance(event, ends):
            depth -= 1


def _fail(message: str, mark: Any, hint: str) -> NoReturn:
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
        if len(path) > MAX_DEPTH:  # aliases can nest a value inside itself
            raise YAMLProblem(f"values are nested more than {MAX_DEPTH} levels deep", line, col,
                              hint="an alias may refer to the value that contains it")
        self.doc.marks.setdefault(path, (line, col))
        allowed = _SCALAR_TAGS if isinstance(node, yaml.ScalarNode) else _COLLECTION_TAGS
        if node.tag not in allowed:
            raise YAMLProblem(f"tag '{_short(node.tag)}' is not allowed", line, col,
                              hint="rulesets and facts are plain data")
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, line, col)

    def _scalar(self, node: Any, line: int, col: int) -> Any:
        shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        if node.tag in _NUMBER_TAGS and len(node.value) > 40:
            raise YAMLProblem(f"number '{shown}' is too large (the limit is {LARGEST_NUMBER:.0e})", line, col,
                              hint="quote it if it is text")
        try:
            value = self.loader.construct_object(node, deep=True)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            raise YAMLProblem(f"'{shown}' is not a valid {_short(node.tag)}", line, col,
                              hint="remove the tag, or quote the value to make it text") from None
        if isinstance(value, float) and not math.isfinite(value):
            raise YAMLProblem(f"'{shown}' is not a finite number", line, col, hint="write a number such as 0.5")
        if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= LARGEST_NUMBER:
            raise YAMLProblem(f"number '{shown}' is too large (the limit is {LARGEST_NUMBER:.0e})", line, col,
                              hint="quote it if it is text, such as a phone number")
        return value

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YAMLProblem("merge keys (<<) are not supported", line, col,
                                  hint="repeat the keys, or use 'extends'")
            plain = isinstance(key_node, yaml.ScalarNode) and key_node.tag in _SCALAR_TAGS
            key = self._scalar(key_node, line, col) if plain else None
            if not isinstance(key, str):
                raise YAMLProblem("keys must be text", line, col, hint="quote the key: '2026': value")
            if key in result:
                first = self.doc.key_marks[(*path, key)][0]
                raise YAMLProblem(f"duplicate key '{key}' (first defined on line {first})", line, col,
                                  hint="keep one of the two: a later value would silently replace the first")
            self.doc.key_marks[(*path, key)] = (line, col)
            result[key] = self.build(value_node, (*path, key))
        return result

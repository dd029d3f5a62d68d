"""Parse and validate ruleset files (cached by content hash), order their layers, and build a ruleset."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from afterview import _cache
from afterview._version import __version__
from afterview.errors import AfterviewError, Location, Problem, RulesetError
from afterview.rules.documents import Document, YAMLProblem, decode, parse
from afterview.rules.locate import display_name, locate
from afterview.rules.model import Layer, Ruleset
from afterview.rules.schema import dotted as schema_path


def validated_document(display: str, raw: bytes, schema: str, error: type[AfterviewError] = RulesetError) -> Document:
    """Parse and schema-check a YAML file; a file already checked is read back from the cache."""
    from afterview.rules.schema import check, schema_text

    key = hashlib.sha256(f"{__version__}\0{display}\0".encode() + schema_text(schema).encode() + raw).hexdigest()
    name = f"{schema}-{key[:32]}.json"
    # Only rulesets are cached: facts (and test files' facts) hold people's names and emails.
    cacheable = schema == "ruleset"
    cached = _cache.read_json(name) if cacheable else None
    if cached is not None:
        try:
            return _from_cache(display, cached)
        except (KeyError, TypeError, ValueError, IndexError):
            pass  # a cache file of the wrong shape is ignored and rewritten
    try:
        doc = parse(decode(raw), display)
    except YAMLProblem as exc:
        raise error(exc.message, location=Location(display, exc.line, exc.col), hint=exc.hint) from None
    if doc.data is None:
        raise error("file is empty", location=Location(display), hint="a ruleset needs at least an 'id'"
                    if schema == "ruleset" else "facts need at least interview.start")
    if not isinstance(doc.data, dict):
        raise error(f"expected a mapping of keys to values, not {type(doc.data).__name__}",
                    location=Location(display, 1, 1))
    # For facts only a mark that these exact bytes passed the schema is kept: it holds no data and saves
    # importing jsonschema (most of a cold run) the next time the same file is planned.
    passed = f"{schema}-passed-{key[:32]}.json"
    if cacheable or _cache.read_json(passed) is not True:
        problems = check(doc, schema)
        if not problems and schema == "ruleset":
            problems = template_problems(doc)
        if problems:
            raise error(problems=problems)
        if cacheable:
            _cache.write_json(name, _to_cache(doc))
        else:
            _cache.write_json(passed, True)
    return doc


def template_problems(doc: Document) -> list[Problem]:
    """Jinja2 syntax errors in a ruleset's message templates."""
    from afterview.text.drafts import syntax_problem

    problems = []
    for i, rule in enumerate(doc.data.get("rules", [])):
        texts: list[tuple[tuple[Any, ...], str]] = [
            (("rules", i, "templates", j, key), t.get(key, ""))
            for j, t in enumerate(rule.get("templates", [])) for key in ("text", "subject")]
        texts.append((("rules", i, "summary"), rule.get("summary", "")))
        for path, text in texts:
            found = syntax_problem(text) if "{" in text else None
            if found:
                # A block scalar's text starts on the line after its '|' or '>' indicator.
                block = 1 if "\n" in text else 0
                line = (doc.location(path).line or 1) + block + found[0] - 1
                problems.append(Problem(Location(doc.path, line), f"{schema_path(path)}: template error: {found[1]}"))
    return problems


def load_layer(display: str, raw: bytes) -> Layer:
    doc = validated_document(display, raw, "ruleset")
    return Layer(display, doc.data, doc.marks, doc.key_marks, id=doc.data["id"])


def _to_cache(doc: Document) -> dict[str, Any]:
    return {
        "data": doc.data,
        "marks": [[*path, *mark] for path, mark in doc.marks.items()],
        "key_marks": [[*path, *mark] for path, mark in doc.key_marks.items()],
    }


def _from_cache(display: str, cached: dict[str, Any]) -> Document:
    if not isinstance(cached["data"], dict) or "id" not in cached["data"]:
        raise ValueError("not a cached ruleset")
    marks = {tuple(m[:-2]): (m[-2], m[-1]) for m in cached["marks"]}
    key_marks = {tuple(m[:-2]): (m[-2], m[-1]) for m in cached["key_marks"]}
    return Document(display, cached["data"], marks, key_marks)


def load_layers(refs: list[str], base: Path | None = None) -> list[Layer]:
    """Every layer the references need, parents first, each once; cycles are errors."""
    order: list[Layer] = []
    seen: set[str] = set()

    def visit(ref: str, folder: Path | None, referrer: Location | None, stack: list[tuple[str, str]]) -> None:
        identity, display, raw, parent_dir = locate(ref, folder, referrer)
        if identity in [i for i, _ in stack]:
            chain = " → ".join([d for _, d in stack] + [display])
            raise RulesetError(f"extends forms a cycle: {chain}", location=referrer)
        if identity in seen:
            return
        layer = load_layer(display, raw)
        for i, parent in enumerate(layer.data.get("extends", [])):
            visit(parent, parent_dir, layer.location(("extends", i)), [*stack, (identity, display)])
        seen.add(identity)
        order.append(layer)

    for ref in refs:
        visit(ref, base, None, [])
    return order


def load_ruleset(refs: list[str] | str, base: Path | None = None, operators: dict[str, Any] | None = None) -> Ruleset:
    """Load, merge and check rulesets: built-in names or paths, later ones layered over earlier ones.

    ``operators`` replaces the built-in condition operators (the host passes its own plus plugins').
    """
    from afterview.facts.model import FIELDS
    from afterview.rules.compile import build_ruleset
    from afterview.rules.conditions import OPERATORS
    from afterview.rules.merge import merge

    refs = [refs] if isinstance(refs, str) else list(refs)
    layers = load_layers(refs, base)
    ruleset = build_ruleset(merge(layers), FIELDS, operators or OPERATORS)
    if len(refs) > 1:
        ids = {layer.path: layer.id for layer in layers}
        ruleset.id = "+".join(dict.fromkeys(ids.get(display_name(r, base), r) for r in refs))
    return ruleset

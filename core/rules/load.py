"""Parse and validate ruleset files (cached by content hash), order their layers, and build a ruleset."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from afterview import _cache
from afterview._version import __version__
from afterview.errors import AfterviewError, FactsError, Location, Problem, RulesetError
from afterview.rules.documents import Document, YAMLProblem, decode, parse
from afterview.rules.locate import display_name, locate
from afterview.rules.model import Layer, Ruleset
from afterview.rules.schema import dotted as schema_path


def content_digest(display: str, raw: bytes, schema: str) -> str:
    """A hash of a file's bytes, its display path (problems name it), the schema it passes and afterview's version."""
    from afterview.rules.schema import schema_text

    return hashlib.sha256(f"{__version__}\0{display}\0".encode() + schema_text(schema).encode() + raw).hexdigest()


def cache_name(display: str, raw: bytes, schema: str) -> str:
    """The cache file that holds ``raw`` once it has passed ``schema``."""
    return _cache_name(schema, content_digest(display, raw, schema))


def _cache_name(schema: str, digest: str) -> str:
    return f"{schema}-{digest[:32]}.json"


# Documents read back from the cache in this process, by cache name: one command
# (validate, a site build) loads the same parents many times. Never mutated.
_READ: dict[str, Document] = {}


def cached_document(display: str, raw: bytes, schema: str) -> Document | None:
    """The document, if these bytes already passed ``schema`` (here, on this machine, or as shipped); else None."""
    digest = content_digest(display, raw, schema)
    name = _cache_name(schema, digest)
    if name in _READ:
        return _READ[name]
    if schema == "ruleset":
        from afterview.rules.prebuilt import document

        shipped = document(display, digest)
        if shipped is not None:
            _READ[name] = shipped
            return shipped
    cached = _cache.read_json(name)
    if cached is True and schema != "ruleset":
        doc = _READ[name] = parsed_document(display, raw)  # passed before: parse again, skip jsonschema
        return doc
    if not isinstance(cached, dict) or schema != "ruleset":
        return None
    try:
        doc = _READ[name] = from_cache(display, cached)
    except (KeyError, TypeError, ValueError, IndexError):
        return None  # a cache file of the wrong shape is ignored and rewritten
    return doc


def remember(display: str, raw: bytes, schema: str, doc: Document) -> None:
    """Cache a document that passed ``schema``.

    Only rulesets are stored whole. Facts and test files hold people's names
    and emails: for them the cache keeps just ``true``, under a hash of the bytes.
    """
    name = cache_name(display, raw, schema)
    if schema == "ruleset":
        _READ[name] = doc  # the next layer that extends it in this process reads no file
    _cache.write_json(name, to_cache(doc) if schema == "ruleset" else True)


# What the top level of each kind of file looks like, keyed by the error its reader raises.
_MAPPING_HINTS: dict[type[AfterviewError], str] = {
    FactsError: "a facts file holds keys and values, starting with 'interview:' and '  start: 2026-11-17T14:00'"
                " ('afterview schema facts' shows every field)",
    RulesetError: "a ruleset holds keys and values, starting with 'id: my-overlay' and 'rules:'"
                  " ('afterview schema ruleset' shows every field)",
}


def parsed_document(display: str, raw: bytes, error: type[AfterviewError] = RulesetError) -> Document:
    """Parse a YAML file whose top level must be a mapping; raise ``error`` otherwise."""
    try:
        doc = parse(decode(raw), display)
    except YAMLProblem as exc:
        where = Location(display, exc.line, exc.col)
        raise error(problems=[Problem(where, exc.message, exc.hint, "yaml.syntax")]) from None
    if not isinstance(doc.data, dict):
        found = "an empty file" if doc.data is None else type(doc.data).__name__
        raise error(problems=[Problem(Location(display, 1, 1), f"expected a mapping of keys to values, not {found}",
                                      _MAPPING_HINTS.get(error, _MAPPING_HINTS[RulesetError]),
                                      code="yaml.not-a-mapping")])
    return doc


def validated_document(display: str, raw: bytes, schema: str, error: type[AfterviewError] = RulesetError) -> Document:
    """Parse and schema-check a YAML file; a file already checked is read back from the cache."""
    from afterview.rules.schema import check

    doc = cached_document(display, raw, schema)
    if doc is not None:
        return doc
    doc = parsed_document(display, raw, error)
    problems = check(doc, schema)
    if not problems and schema == "ruleset":
        problems = template_problems(doc)
    if problems:
        raise error(problems=problems)
    remember(display, raw, schema, doc)
    return doc


def template_problems(doc: Document) -> list[Problem]:
    """Jinja2 syntax errors in a ruleset's message templates."""
    return [problem for _, problem in template_problem_paths(doc)]


def template_problem_paths(doc: Document) -> list[tuple[tuple[Any, ...], Problem]]:
    """Jinja2 syntax errors in a ruleset's message templates, each with its data path."""
    from afterview.text.drafts import syntax_problem

    problems = []
    for path, text in _template_texts(doc.data):
        found = syntax_problem(text) if "{" in text else None
        if found:
            # A block scalar's text starts on the line after its '|' or '>' indicator.
            block = 1 if "\n" in text else 0
            line = (doc.location(path).line or 1) + block + found[0] - 1
            problems.append((path, Problem(Location(doc.path, line), f"{schema_path(path)}: template error: {found[1]}",
                                           "templates use Jinja2: {{ name }}, {% if name %}…{% endif %}",
                                           code="template.syntax")))
    return problems


def template_sources(doc: Document) -> list[tuple[tuple[Any, ...], str, int]]:
    """(data path, text, line of the text's first line) of every template and summary with a placeholder."""
    # A block scalar's text starts on the line after its '|' or '>' indicator.
    return [(path, text, (doc.location(path).line or 1) + (1 if "\n" in text else 0))
            for path, text in _template_texts(doc.data) if "{" in text]


def _template_texts(data: Any) -> list[tuple[tuple[Any, ...], str]]:
    """(path, text) of every template text, subject and summary; tolerant of a file that fails its schema."""
    rules = data.get("rules") if isinstance(data, dict) else None
    texts: list[tuple[tuple[Any, ...], str]] = []
    for i, rule in enumerate(rules if isinstance(rules, list) else []):
        if not isinstance(rule, dict):
            continue
        templates = rule.get("templates")
        for j, t in enumerate(templates if isinstance(templates, list) else []):
            if isinstance(t, dict):
                texts += [(("rules", i, "templates", j, key), t[key]) for key in ("text", "subject")
                          if isinstance(t.get(key), str)]
        if isinstance(rule.get("summary"), str):
            texts.append((("rules", i, "summary"), rule["summary"]))
    return texts


def load_layer(display: str, raw: bytes) -> Layer:
    doc = validated_document(display, raw, "ruleset")
    return Layer(display, doc.data, doc.marks, doc.key_marks, id=doc.data["id"],
                 digest=content_digest(display, raw, "ruleset"))


def to_cache(doc: Document) -> dict[str, Any]:
    return {
        "data": doc.data,
        "marks": [[*path, *mark] for path, mark in doc.marks.items()],
        "key_marks": [[*path, *mark] for path, mark in doc.key_marks.items()],
    }


def from_cache(display: str, cached: dict[str, Any]) -> Document:
    if not isinstance(cached["data"], dict) or "id" not in cached["data"]:
        raise ValueError("not a cached ruleset")
    marks = {tuple(m[:-2]): (m[-2], m[-1]) for m in cached["marks"]}
    key_marks = {tuple(m[:-2]): (m[-2], m[-1]) for m in cached["key_marks"]}
    return Document(display, cached["data"], marks, key_marks)


def load_layers(refs: list[str], base: Path | None = None, *, referrers: list[Location] | None = None,
                stack: tuple[tuple[str, str], ...] = ()) -> list[Layer]:
    """Every layer the references need, parents first, each once; cycles are errors.

    ``stack`` names the files already being loaded (identity, display), so a
    file's parents can be loaded on their own and still report a cycle back to it.
    """
    order: list[Layer] = []
    seen: set[str] = set()

    def visit(ref: str, folder: Path | None, referrer: Location | None, stack: list[tuple[str, str]]) -> None:
        identity, display, raw, parent_dir = locate(ref, folder, referrer)
        if identity in [i for i, _ in stack]:
            chain = " → ".join([d for _, d in stack] + [display])
            raise RulesetError(problems=[Problem(referrer, f"extends forms a cycle: {chain}",
                                                 "remove one of these files' extends of the next",
                                                 code="extends.cycle")])
        if identity in seen:
            return
        layer = load_layer(display, raw)
        for i, parent in enumerate(layer.data.get("extends", [])):
            visit(parent, parent_dir, layer.location(("extends", i)), [*stack, (identity, display)])
        seen.add(identity)
        order.append(layer)

    for i, ref in enumerate(refs):
        visit(ref, base, referrers[i] if referrers else None, list(stack))
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

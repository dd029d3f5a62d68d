"""Find ruleset files (built-in by name, or by path), parse and validate them, and order their layers."""

from __future__ import annotations

import hashlib
from importlib.resources import files
from pathlib import Path
from typing import Any

from . import _cache
from ._version import __version__
from .errors import AfterviewError, Location, Problem, RulesetError, did_you_mean
from .ruleset import Layer, Ruleset
from .schema_check import dotted as schema_path
from .yamlfile import Document, YAMLProblem, decode, parse


def builtin_dir() -> Any:
    return files("afterview.rulesets")


def builtin_names() -> list[str]:
    """Names of the built-in rulesets, e.g. 'default', 'industry-tech', 'country-de'."""
    return sorted(p.name[:-5] for p in builtin_dir().iterdir()
                  if p.name.endswith(".yaml") and not p.name.endswith(".test.yaml"))


def _is_path(ref: str) -> bool:
    return ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref


def locate(ref: str, base: Path | None, referrer: Location | None) -> tuple[str, str, bytes, Path | None]:
    """(identity, display path, bytes, folder for relative extends) of a ruleset reference."""
    if _is_path(ref):
        path = (base / ref) if base and not Path(ref).is_absolute() else Path(ref)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise RulesetError(f"cannot read ruleset '{ref}': {exc.strerror or exc}", location=referrer or Location(ref)) from None
        return str(path.resolve()), str(path), raw, path.parent
    resource = builtin_dir() / f"{ref}.yaml"
    if not resource.is_file():
        names = builtin_names()
        raise RulesetError(
            f"unknown ruleset '{ref}'{did_you_mean(ref, names)}",
            location=referrer,
            hint=f"built-in rulesets: {', '.join(names)}; or give a path to a .yaml file",
        )
    return f"builtin:{ref}", f"rulesets/{ref}.yaml", resource.read_bytes(), None


def validated_document(display: str, raw: bytes, schema: str, error: type[AfterviewError] = RulesetError) -> Document:
    """Parse and schema-check a YAML file; a file already checked is read back from the cache."""
    from .schema_check import check, schema_text

    key = hashlib.sha256(f"{__version__}\0{display}\0".encode() + schema_text(schema).encode() + raw).hexdigest()
    name = f"{schema}-{key[:32]}.json"
    cached = _cache.read_json(name)
    if cached is not None:
        return _from_cache(display, cached)
    try:
        doc = parse(decode(raw), display)
    except YAMLProblem as exc:
        raise error(exc.message, location=Location(display, exc.line, exc.col), hint=exc.hint) from None
    if not isinstance(doc.data, dict):
        raise error(f"expected a mapping of keys to values, not {type(doc.data).__name__}", location=Location(display, 1, 1))
    problems = check(doc, schema)
    if not problems and schema == "ruleset":
        problems = template_problems(doc)
    if problems:
        raise error(problems=problems)
    _cache.write_json(name, _to_cache(doc))
    return doc


def template_problems(doc: Document) -> list[Problem]:
    """Jinja2 syntax errors in a ruleset's message templates."""
    from .drafts import syntax_problem

    problems = []
    for i, rule in enumerate(doc.data.get("rules", [])):
        texts = [(("rules", i, "templates", j, key), t.get(key, "")) for j, t in enumerate(rule.get("templates", []))
                 for key in ("text", "subject")]
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
    from .compile import build_ruleset
    from .conditions import OPERATORS
    from .facts import FIELDS
    from .layering import merge

    refs = [refs] if isinstance(refs, str) else list(refs)
    layers = load_layers(refs, base)
    ruleset = build_ruleset(merge(layers), FIELDS, operators or OPERATORS)
    if len(refs) > 1:
        ids = {layer.path: layer.id for layer in layers}
        ruleset.id = "+".join(dict.fromkeys(ids.get(_display(r, base), r) for r in refs))
    return ruleset


def _display(ref: str, base: Path | None) -> str:
    if _is_path(ref):
        return str((base / ref) if base and not Path(ref).is_absolute() else Path(ref))
    return f"rulesets/{ref}.yaml"


# What people type for an industry -> the built-in overlay's name.
INDUSTRY_ALIASES = {
    "it": "tech", "software": "tech", "technology": "tech", "banking": "finance", "financial-services": "finance",
    "public-sector": "government", "public": "government", "education": "academia", "university": "academia",
    "health": "healthcare", "hospital": "healthcare", "hospitality": "retail", "restaurants": "retail",
}


def rulesets_for(industry: str | None, country: str | None) -> list[str]:
    """The default ruleset, then the country overlay, then the industry overlay that match the facts.

    The industry comes last: its figures (e.g. government's 54-day process)
    differ more from the default than any country's, so it wins where both
    set the same field. ``afterview explain`` shows which layer set what.
    """
    names = set(builtin_names())
    refs = ["default"]
    if country and f"country-{country[:2].lower()}" in names:
        refs.append(f"country-{country[:2].lower()}")
    if industry:
        key = industry.strip().lower().replace(" ", "-")
        key = INDUSTRY_ALIASES.get(key, key)
        if f"industry-{key}" in names:
            refs.append(f"industry-{key}")
    return refs

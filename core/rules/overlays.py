"""Find the overlays that apply to an application by what they declare (``applies_to``), on a search path.

The search path: the built-in rulesets, then each folder in
AFTERVIEW_RULESETS (``os.pathsep``-separated) and each ``--ruleset-path``,
then the journal's own folder. Every ``*.yaml`` there with an
``applies_to`` mapping is an overlay; the rest are ignored, so a folder
can hold facts and notes too.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from afterview import _cache
from afterview._version import __version__
from afterview.digest import blake2b, sha256
from afterview.rules.documents import read_limited

RULESETS_ENV = "AFTERVIEW_RULESETS"
JOURNAL_ENV = "AFTERVIEW_JOURNAL"

# What people type for an industry -> the word overlays are written for.
INDUSTRY_ALIASES = {
    "it": "tech", "software": "tech", "technology": "tech", "banking": "finance", "financial-services": "finance",
    "public-sector": "government", "public": "government", "education": "academia", "university": "academia",
    "health": "healthcare", "hospital": "healthcare", "hospitality": "retail", "restaurants": "retail",
}


@dataclass(frozen=True)
class Overlay:
    """An overlay found on the search path: how to load it, what it applies to, and where it was found."""

    ref: str  # a built-in name, or a path
    id: str
    industries: tuple[str, ...]
    countries: tuple[str, ...]
    found_in: str  # "built-in", "AFTERVIEW_RULESETS", "--ruleset-path" or "journal"


@dataclass(frozen=True)
class Layering:
    """The automatic layers for an application, and what had no overlay."""

    refs: list[str]
    notices: list[str]


def search_path(ruleset_paths: Sequence[str] = (), journal: str | None = None) -> list[tuple[str, Path | None]]:
    """(label, folder) in search order; the built-ins' folder is None."""
    folders: list[tuple[str, Path | None]] = [("built-in", None)]
    folders += [(RULESETS_ENV, Path(p)) for p in os.environ.get(RULESETS_ENV, "").split(os.pathsep) if p]
    folders += [("--ruleset-path", Path(p)) for p in ruleset_paths]
    journal = journal or os.environ.get(JOURNAL_ENV) or None
    if journal:
        folders.append(("journal", Path(journal) if Path(journal).is_dir() else Path(journal).parent))
    return folders


def find_overlays(folders: list[tuple[str, Path | None]]) -> list[Overlay]:
    """Every overlay with ``applies_to`` in the folders, in search order (by file name within a folder)."""
    from afterview.rules.locate import builtin_dir

    found = []
    for label, folder in folders:
        if folder is None:
            found += _builtin_overlays(sorted((p.name[:-5], Path(str(p))) for p in builtin_dir().iterdir()
                                              if p.name.endswith(".yaml") and not p.name.endswith(".test.yaml")))
            continue
        if folder.is_dir():
            files = [(str(p), p) for p in sorted(folder.glob("*.yaml")) if not p.name.endswith(".test.yaml")]
        else:
            continue
        for ref, path in files:
            overlay = _read(ref, path, label)
            if overlay is not None:
                found.append(overlay)
    return found


def _overlay_shape(meta: Any) -> bool:
    """What ``_applies_to`` writes: no ``applies_to``, or one with the overlay's id."""
    if not isinstance(meta, dict) or "applies_to" not in meta:
        return False
    return meta["applies_to"] is None or (isinstance(meta["applies_to"], dict) and isinstance(meta.get("id"), str))


def _builtin_overlays(files: list[tuple[str, Path]]) -> list[Overlay]:
    """The built-in overlays: one cache entry for the folder, under a hash of every file's name and bytes."""
    try:
        raws = {ref: read_limited(path) for ref, path in files}
    except OSError:
        return [o for ref, path in files if (o := _read(ref, path, "built-in")) is not None]
    digest = blake2b(__version__.encode(), digest_size=16)
    for ref, raw in raws.items():
        digest.update(f"\0{ref}\0{len(raw)}\0".encode() + raw)
    name = f"applies-builtin-{digest.hexdigest()}.json"
    cached = _cache.read_json(name)
    if isinstance(cached, dict) and cached.keys() == raws.keys() and all(map(_overlay_shape, cached.values())):
        metas: dict[str, Any] = cached
    else:
        metas = {ref: _meta(_builtin_display(ref), raw) for ref, raw in raws.items()}
        _cache.write_json(name, metas)
    return [o for ref in raws if (o := _overlay(ref, metas[ref], "built-in")) is not None]


def _read(ref: str, path: Path, label: str) -> Overlay | None:
    """The overlay in ``path``, or None if it declares no ``applies_to``."""
    try:
        raw = read_limited(path)
    except OSError:
        return None
    return _overlay(ref, _meta(_builtin_display(ref) if label == "built-in" else str(path), raw), label)


def _builtin_display(ref: str) -> str:
    """The name ``rules.load`` checks a built-in file under, so loading the overlay later finds it checked."""
    from afterview.rules.locate import display_name

    return display_name(ref, None)


def _meta(display: str, raw: bytes) -> dict[str, Any]:
    """``_applies_to`` of a file, remembered by content."""
    name = f"applies-{sha256(__version__.encode() + raw).hexdigest()[:32]}.json"
    cached = _cache.read_json(name)
    if _overlay_shape(cached):
        return dict(cached or {})
    meta = _applies_to(display, raw)  # missing, or a cache file of the wrong shape
    _cache.write_json(name, meta)
    return meta


def _overlay(ref: str, meta: dict[str, Any], label: str) -> Overlay | None:
    if not meta.get("applies_to"):
        return None
    applies = meta["applies_to"]
    industries, countries = _words(applies.get("industry"), str.lower), _words(applies.get("country"), str.upper)
    return Overlay(ref, meta["id"], industries, countries, label)


def _applies_to(display: str, raw: bytes) -> dict[str, Any]:
    """{'id', 'applies_to'} of a ruleset file; a file that is not one (facts, notes) applies to nothing."""
    from afterview.rules.documents import YAMLProblem, decode, parse
    from afterview.rules.load import cached_document, validated_document

    checked = cached_document(display, raw, "ruleset")  # a build has usually loaded the layer already
    if checked is not None:
        data = checked.data
        return {"id": data["id"], "applies_to": data["applies_to"]} if "applies_to" in data else {"applies_to": None}
    try:
        data = parse(decode(raw), display).data
    except YAMLProblem:
        return {"applies_to": None}
    if not isinstance(data, dict) or "applies_to" not in data:
        return {"applies_to": None}
    data = validated_document(display, raw, "ruleset").data  # an overlay that claims to apply must be valid
    return {"id": data["id"], "applies_to": data["applies_to"]}


def _words(value: Any, case: Any) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value] if value else []
    return tuple(case(str(v)) for v in values)


def industry_key(industry: str) -> str:
    key = industry.strip().lower().replace(" ", "-")
    return INDUSTRY_ALIASES.get(key, key)


def layering(industry: str | None, country: str | None, overlays: list[Overlay],
             given: Sequence[Overlay] = ()) -> Layering:
    """The default, then every overlay for the country, then every overlay for the industry.

    The industry comes last: its figures (e.g. government's 54-day process)
    differ more from the default than any country's, so it wins where both
    set the same field. ``afterview explain`` shows which layer set what.
    ``given``: the layers the user named (``--ruleset``); one that applies to the industry or country
    covers it, so no notice says it has no overlay.
    """
    from afterview.facts.places import canonical_country

    refs, notices = ["default"], []
    if country:
        code = canonical_country(country).partition("-")[0]  # 'uk-eng' is GB's
        matches = [o.ref for o in overlays if code in o.countries]
        refs += matches
        if not matches and not any(code in o.countries for o in given):
            notices.append(f"no overlay for country '{code}'")
    if industry:
        key, word = industry_key(industry), industry.strip().lower()
        matches = [o.ref for o in overlays if key in o.industries or word in o.industries]
        refs += matches
        if not matches and not any(key in o.industries or word in o.industries for o in given):
            notices.append(f"no overlay for industry '{industry}'")
    return Layering(list(dict.fromkeys(refs)), notices)


def named_overlays(refs: Sequence[str], overlays: list[Overlay]) -> list[Overlay]:
    """The overlays among ``refs`` (built-in names or paths, as ``--ruleset`` takes them): what each applies to."""
    from afterview.rules.locate import is_path

    found = {o.ref: o for o in overlays}
    named = [found.get(ref) or (_read(ref, Path(ref), "--ruleset") if is_path(ref) else None) for ref in refs]
    return [o for o in named if o is not None]


def automatic_layers(industry: str | None, country: str | None, ruleset_paths: Sequence[str] = (),
                     journal: str | None = None) -> Layering:
    """The layers afterview applies by itself for this industry and country."""
    return layering(industry, country, find_overlays(search_path(ruleset_paths, journal)))

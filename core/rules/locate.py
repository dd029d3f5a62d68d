"""Find ruleset files: built-in ones by name, others by path, and the overlays that match the facts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from afterview.errors import Location, RulesetError, did_you_mean


def builtin_dir() -> Any:
    """The built-in rulesets' folder: a plain path when installed as files (importlib.resources,
    needed only inside a zip, costs a cold start several ms to import)."""
    folder = Path(__file__).parent.parent / "rulesets"
    if folder.is_dir():
        return folder
    from importlib.resources import files

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
            raise RulesetError(f"cannot read ruleset '{ref}': {exc.strerror or exc}",
                               location=referrer or Location(ref)) from None
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


def display_name(ref: str, base: Path | None) -> str:
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

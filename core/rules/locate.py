"""Find ruleset files: built-in ones by name, others by path (``overlays`` finds the ones that match facts)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from afterview.errors import Location, Problem, RulesetError, did_you_mean
from afterview.rules.documents import read_limited


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


def is_path(ref: str) -> bool:
    return ref.endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref


Recorder = Callable[[str, Path | None, tuple[str, str, bytes, Path | None] | None], None]
# Told each reference located inside a ``recording`` block and what it resolved to (None if it failed): how
# ``check_cache`` learns the files a cached result depends on. A context variable, so that it belongs to the
# call that set it (and its thread), not to the process.
_RECORDER: ContextVar[Recorder | None] = ContextVar("afterview_locate_recorder", default=None)


@contextmanager
def recording(recorder: Recorder) -> Iterator[None]:
    """Tell ``recorder`` about every reference located inside the block (one recorder at a time)."""
    token = _RECORDER.set(recorder)
    try:
        yield
    finally:
        _RECORDER.reset(token)


def locate(ref: str, base: Path | None, referrer: Location | None) -> tuple[str, str, bytes, Path | None]:
    """(identity, display path, bytes, folder for relative extends) of a ruleset reference."""
    recorder = _RECORDER.get()
    if recorder is None:
        return _locate(ref, base, referrer)
    try:
        found = _locate(ref, base, referrer)
    except RulesetError:
        recorder(ref, base, None)
        raise
    recorder(ref, base, found)
    return found


def _locate(ref: str, base: Path | None, referrer: Location | None) -> tuple[str, str, bytes, Path | None]:
    if is_path(ref):
        path = (base / ref) if base and not Path(ref).is_absolute() else Path(ref)
        try:
            raw = read_limited(path)
        except OSError as exc:
            where = "the folder of the file that extends it" if referrer else "the current folder"
            raise RulesetError(problems=[Problem(referrer or Location(ref), f"cannot read ruleset '{ref}': "
                                                 f"{exc.strerror or exc}", f"check the path: it is relative to {where}",
                                                 code="extends.unreadable")]) from None
        return str(path.resolve()), str(path), raw, path.parent
    resource = builtin_dir() / f"{ref}.yaml"
    if not resource.is_file():
        names = builtin_names()
        raise RulesetError(problems=[Problem(
            referrer, f"unknown ruleset '{ref}'{did_you_mean(ref, names)}",
            f"built-in rulesets: {', '.join(names)}; or give a path to a .yaml file", "extends.unknown")])
    return f"builtin:{ref}", f"rulesets/{ref}.yaml", resource.read_bytes(), None


def display_name(ref: str, base: Path | None) -> str:
    if is_path(ref):
        return str((base / ref) if base and not Path(ref).is_absolute() else Path(ref))
    return f"rulesets/{ref}.yaml"

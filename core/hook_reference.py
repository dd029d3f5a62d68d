"""The hook reference, generated from the hookspec docstrings (``afterview hooks``)."""

from __future__ import annotations

import inspect
import re

from afterview import hookspecs

HEADER = """# Hook reference

Generated from `core/hookspecs.py` by `afterview hooks`; do not edit by hand
(a test fails when this file is stale). Implement a hook with
`@afterview.hookimpl` in a module registered under the `afterview` entry-point
group. Hooks are called with keyword arguments only, and an implementation
may accept fewer arguments than the spec lists.
"""


def _phases() -> dict[str, str]:
    """Hook name -> the banner comment (phase) it sits under in hookspecs.py."""
    source = inspect.getsource(hookspecs)
    phase, found = "", {}
    for line in source.splitlines():
        banner = re.match(r"# ---- (.+?) -+$", line)
        if banner:
            phase = banner[1][0].upper() + banner[1][1:]
        spec = re.match(r"def (\w+)\(", line)
        if spec:
            found[spec[1]] = phase
    return found


def specs() -> list[tuple[str, object]]:
    order = list(_phases())
    functions = {n: f for n, f in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(f, "afterview_spec")}
    return [(name, functions[name]) for name in order if name in functions]


def _describe(doc: str) -> tuple[str, list[tuple[str, str]], str]:
    """(when it is called, [(param, meaning)], what to return), from a spec's docstring."""
    text = inspect.cleandoc(doc).replace("``", "`")
    when, _, rest = text.partition("\n\n")
    fields = re.findall(r":(param \w+|return):\s*(.*?)(?=\n:|\Z)", rest, re.S)
    params = [(k.split()[1], " ".join(v.split()).replace("|", "\\|")) for k, v in fields if k.startswith("param")]
    returns = next((" ".join(v.split()) for k, v in fields if k == "return"), "")
    return " ".join(when.split()), params, returns


def hook_reference() -> str:
    lines = [HEADER]
    phase = None
    for name, function in specs():
        if _phases()[name] != phase:
            phase = _phases()[name]
            lines += [f"## {phase}", ""]
        signature = ", ".join(inspect.signature(function).parameters)  # type: ignore[arg-type]
        when, params, returns = _describe(function.__doc__ or "")
        first = getattr(function, "afterview_spec", {}).get("firstresult")
        lines += [f"### `{name}({signature})`", "", when, "", "| argument | meaning |", "| --- | --- |"]
        lines += [f"| `{p}` | {meaning} |" for p, meaning in params]
        lines += ["", f"**Returns:** {returns}" if returns else "**Returns:** nothing.", ""]
        lines += ["Stops at the first non-None result." if first else
                  "Every implementation is called; their results are collected in a list.", ""]
    return "\n".join(lines)

"""The hook reference, generated from the hookspec docstrings (``afterview hooks``)."""

from __future__ import annotations

import inspect
import re
from typing import Any

from afterview import hookspecs

HEADER = """# Hook reference

Generated from `core/hookspecs.py` by `afterview hooks`; do not edit by hand
(a test fails when this file is stale). Implement a hook with
`@afterview.hookimpl` in a module registered under the `afterview` entry-point
group. Hooks are called with keyword arguments only, and an implementation
may accept fewer arguments than the spec lists.
"""


def specs() -> list[tuple[str, Any]]:
    """Every hook spec, in the order hookspecs.py defines them."""
    functions = [f for _, f in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(f, "afterview_spec")]
    return [(f.__name__, f) for f in sorted(functions, key=lambda f: f.__code__.co_firstlineno)]


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
        if function.afterview_phase != phase:
            phase = function.afterview_phase
            lines += [f"## {phase}", ""]
        signature = ", ".join(inspect.signature(function).parameters)
        when, params, returns = _describe(function.__doc__ or "")
        options = function.afterview_spec
        first, deprecated = options.get("firstresult"), options.get("warn_on_impl")
        lines += [f"### `{name}({signature})`", ""]
        lines += [f"> **Deprecated:** {deprecated}", ""] if deprecated else []
        lines += [when, "", "| argument | meaning |", "| --- | --- |"]
        lines += [f"| `{p}` | {meaning} |" for p, meaning in params]
        lines += ["", f"**Returns:** {returns}" if returns else "**Returns:** nothing.", ""]
        lines += ["Stops at the first non-None result." if first else
                  "Every implementation is called; their results are collected in a list.", ""]
    return "\n".join(lines)

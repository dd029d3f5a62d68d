"""A Jinja2 sandbox whose templates do bounded work: ruleset templates come from files people share.

Jinja2's own sandbox stops attribute escapes but not work: ``range(100000)``
loops nested three deep, ``9 ** (9 ** 9)`` or ``'x' * 3000000000`` run it out
of time or memory. This one counts loop steps per render and refuses any
string, list or number past the limits in ``afterview.limits``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from afterview.limits import MAX_LOOP_STEPS, MAX_POWER_RESULT_BITS, MAX_RANGE, MAX_STRING

_WIDE_FORMAT = re.compile(r"%[^a-zA-Z%]*\d{6,}")  # '%0999999999d' pads to a billion characters


def make_sandbox(filters: dict[str, Any], undefined: Any) -> Any:
    """A SandboxedEnvironment with bounded work, the given undefined class and extra filters."""
    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator, Frame
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    class TooMuchWork(SecurityError):
        pass

    def refuse(what: str) -> TooMuchWork:
        return TooMuchWork(f"template does too much work: {what}")

    def sized(value: Any) -> Any:
        if isinstance(value, str | list | tuple | dict) and len(value) > MAX_STRING:
            raise refuse(f"a value of {len(value):,} items (the limit is {MAX_STRING:,})")
        return value

    def check_args(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        for arg in (*args, *kwargs.values()):
            if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > MAX_STRING:
                raise refuse(f"the argument {arg:,} (the limit is {MAX_STRING:,})")
            if isinstance(arg, str) and _WIDE_FORMAT.search(arg):
                raise refuse("a format width over five digits")

    class Generator(CodeGenerator):
        def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
            self.write("environment.checked(")
            super().visit_Concat(node, frame)
            self.write(")")

    class Bounded(SandboxedEnvironment):
        code_generator_class = Generator
        intercepted_binops = frozenset({"*", "**", "%", "+"})

        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            self.steps = 0
            self.globals.pop("lipsum", None)
            self.globals["range"] = self.bounded_range
            self.filters = {name: _checked_filter(f, check_args, sized) for name, f in self.filters.items()}

        def checked(self, value: Any) -> Any:
            return sized(value)

        def bounded_range(self, *args: int) -> Iterator[int]:
            span = range(*args)
            if len(span) > MAX_RANGE:
                raise refuse(f"range of {len(span):,} items (the limit is {MAX_RANGE:,})")
            for item in span:
                self.steps += 1
                if self.steps > MAX_LOOP_STEPS:
                    raise refuse(f"more than {MAX_LOOP_STEPS:,} loop steps")
                yield item

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if (operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0
                    and max(abs(left), 2).bit_length() * right > MAX_POWER_RESULT_BITS):
                raise refuse(f"{left} ** {right} is too large")
            if operator == "*":
                for seq, n in ((left, right), (right, left)):
                    if isinstance(seq, str | list | tuple) and isinstance(n, int) and len(seq) * n > MAX_STRING:
                        raise refuse(f"a value of {len(seq) * n:,} items (the limit is {MAX_STRING:,})")
            if operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
                raise refuse("a format width over five digits")
            if operator == "+" and isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
                sized(left), sized(right)
            return sized(super().call_binop(context, operator, left, right))

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            check_args(args, kwargs)
            return sized(super().call(__context, __obj, *args, **kwargs))

    env = Bounded(undefined=undefined, autoescape=False, trim_blocks=True, lstrip_blocks=True)
    env.filters.update({name: _checked_filter(f, check_args, sized) for name, f in filters.items()})
    return env


def _checked_filter(function: Any, check_args: Any, sized: Any) -> Any:
    """A filter that refuses huge widths and counts (``center(10**9)``) and huge results."""
    from jinja2 import Environment
    from jinja2.nodes import EvalContext
    from jinja2.runtime import Context

    @functools.wraps(function)  # keeps Jinja2's pass_context / pass_environment marks
    def checked(*args: Any, **kwargs: Any) -> Any:
        values = [a for a in args if not isinstance(a, Context | EvalContext | Environment)]
        if values and isinstance(values[0], str) and _WIDE_FORMAT.search(values[0]):  # '%0999999999d' | format(1)
            check_args((values[0],), {})
        check_args(tuple(values[1:]), kwargs)
        return sized(function(*args, **kwargs))

    return checked

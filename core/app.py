"""The host object every hook receives: the plugin manager plus the operations plugins need."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property, wraps
from typing import TYPE_CHECKING, Any, Protocol

import pluggy

from afterview.errors import AfterviewError, FactsError, Location, PluginError, UsageError, did_you_mean
from afterview.planning.actions import Plan
from afterview.planning.holiday_tables import HolidayStore
from afterview.rules.model import Ruleset

if TYPE_CHECKING:
    from afterview.text.drafts import DraftRenderer


@dataclass(frozen=True)
class Command:
    """A subcommand of ``afterview``: ``configure`` adds arguments, ``run`` returns the exit code."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[Afterview, argparse.Namespace], int]


@dataclass(frozen=True)
class RenderOptions:
    """What a command asks of an output format; each format reads the fields it understands."""

    drafts: bool = False  # json: include the rendered message drafts
    tasks: bool = False  # calendars: to-dos as well as events
    base_url: str | None = None  # link outputs to a published guide site
    clock_note: str | None = None  # how a naive --now was read, for the plan's header
    previous: bytes | None = None  # ics: the bytes of the calendar this output replaces
    state: str | None = None  # ics: the state file kept beside the output (plugins/ics_state.py)


class Renderer(Protocol):
    """An output format's function: the plans in, the file's text or bytes out."""

    def __call__(self, plans: list[Plan], *, app: Afterview, options: RenderOptions) -> str | bytes: ...


@dataclass(frozen=True)
class OutputFormat:
    """An output for ``plan --format NAME``: ``render(plans, app=..., options=RenderOptions(...))``."""

    name: str
    render: Renderer
    description: str = ""
    extension: str = ".txt"
    # Whether an existing file's first bytes (atomic.HEAD) are this format's output, so ``-o`` may replace it.
    # None: the format recognises nothing, and ``-o`` never replaces a non-empty file with it.
    recognizes: Callable[[bytes], bool] | None = None


class Afterview:
    """The application: what commands and plugins use to load rulesets, plan and render."""

    def __init__(self, pm: pluggy.PluginManager) -> None:
        self.pm = pm
        self.holidays = HolidayStore()
        self._owners: dict[int, str] = {}  # id of a registered format or command -> its plugin

    def call(self, hook: str, **kwargs: Any) -> list[Any]:
        """Call a hook by name, turning a plugin's exception into a PluginError naming it."""
        return self._call(getattr(self.pm.hook, hook), hook, kwargs)

    def call_each(self, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """``call``'s answers, in its order and through its wrappers, each with its plugin's name; None left out.

        pluggy drops None answers, so those of one call cannot be told apart by position. The hook is called
        once all the same (pluggy's ``subset_hook_caller`` without the plain implementations, then
        ``call_extra`` with each of them, in its place, called through a function that notes which plugin
        made which answer). An answer a wrapper put in place of another is the wrapper's plugin's.
        """
        caller = getattr(self.pm.hook, hook)
        impls = caller.get_hookimpls()
        plain = [impl for impl in impls if not (impl.wrapper or impl.hookwrapper)]
        wrappers = ", ".join(impl.plugin_name for impl in impls if impl.wrapper or impl.hookwrapper) or "?"
        made: dict[int, tuple[str, Any]] = {}  # id(answer) -> (plugin, answer), the answer kept alive

        def noted(impl: Any) -> Any:
            @wraps(impl.function)  # pluggy reads the arguments to pass from the wrapped signature
            def run(*args: Any) -> Any:
                answer = impl.function(*args)
                made[id(answer)] = (impl.plugin_name, answer)
                return answer
            return run

        outer = self.pm.subset_hook_caller(hook, remove_plugins=[impl.plugin for impl in plain])
        answers = self._call(lambda **given: outer.call_extra([noted(impl) for impl in plain], given), hook,
                             kwargs, culprits=caller)
        return [(made[id(a)][0] if made.get(id(a), (None, None))[1] is a else wrappers, a) for a in answers]

    def _call(self, caller: Any, hook: str, kwargs: dict[str, Any], culprits: Any = None) -> list[Any]:
        try:
            results: list[Any] = caller(app=self, **kwargs)
            return results
        except AfterviewError:
            raise
        except Exception as exc:
            culprit = self._culprit(culprits or caller, exc)
            raise PluginError(f"plugin {culprit} failed in hook {hook}: {type(exc).__name__}: {exc}",
                              hint="run with --debug for the traceback") from exc

    def _culprit(self, caller: Any, exc: Exception) -> str:
        """The plugin whose hook implementation is on the exception's traceback."""
        codes = {impl.function.__code__: impl.plugin_name for impl in caller.get_hookimpls()}
        name, tb = "?", exc.__traceback__
        while tb is not None:
            name = codes.get(tb.tb_frame.f_code, name)
            tb = tb.tb_next
        return name

    @cached_property
    def output_formats(self) -> dict[str, OutputFormat]:
        return self._collect("register_output_formats", "output format")

    @cached_property
    def commands(self) -> dict[str, Command]:
        return self._collect("register_commands", "command")

    def _collect(self, hook: str, what: str) -> dict[str, Any]:
        found: dict[str, Any] = {}
        batches = self.call(hook)
        impls = getattr(self.pm.hook, hook).get_hookimpls()
        # pluggy calls implementations last-registered first and drops None results, so the
        # owners line up with the batches only when every plugin answered; otherwise say "?".
        owners = [impl.plugin_name for impl in reversed(impls)] if len(impls) == len(batches) else ["?"] * len(batches)
        for owner, batch in reversed(list(zip(owners, batches, strict=True))):  # registration order: built-ins first
            for item in batch or []:
                if item.name in found:
                    raise PluginError(f"two plugins register the {what} '{item.name}'")
                found[item.name] = item
                self._owners[id(item)] = str(owner)
        return found

    @cached_property
    def condition_operators(self) -> dict[str, Any]:
        """Built-in ``when`` operators plus those plugins add (``register_condition_operators``)."""
        from afterview.rules.conditions import OPERATORS

        found = dict(OPERATORS)
        for batch in reversed(self.call("register_condition_operators")):
            for name, operator in (batch or {}).items():
                if name in found or name == "present":
                    raise PluginError(f"two plugins register the condition operator '{name}'")
                found[name] = operator if isinstance(operator, tuple) else (name.replace("_", " "), operator)
        return found

    def load_ruleset(self, refs: list[str] | str, *, keep: bool = True) -> Ruleset:
        """Built-in rulesets come from the compiled snapshot in the user cache (``afterview.snapshot``).

        ``keep=False``: a ruleset compiled now is not snapshotted, for a caller that caches what it derives.
        """
        from afterview import snapshot
        from afterview.rules.conditions import OPERATORS

        operators = self.condition_operators

        def compile_ruleset() -> Ruleset:
            from afterview.rules.load import load_ruleset

            return load_ruleset(refs, operators=operators)

        found: Ruleset = snapshot.load([refs] if isinstance(refs, str) else list(refs), operators, OPERATORS,
                                       compile_ruleset, keep=keep)
        return found

    def plan(self, ruleset: Ruleset, facts: Any, now: datetime) -> Plan:
        """Run the engine, then let plugins adjust the plan (``prepare_plan``)."""
        from afterview.planning.engine import plan

        try:
            result = plan(ruleset, facts, now, holidays=self.holidays)
        except OverflowError:  # validation bounds dates and offsets; this is the backstop
            raise FactsError("a date in the plan falls outside the supported years",
                             location=Location(getattr(facts, "source", "facts")),
                             hint="see 'Limits' in the README") from None
        for item in [*result.actions, *result.guidance, *result.conditional]:
            item.renderer = self.drafts
        self.call("prepare_plan", plan=result)
        return result

    def plan_many(self, ruleset: Ruleset, facts_list: list[Any], now: datetime, *, jobs: int = 1) -> list[Plan]:
        """``plan`` for many applications, in input order; ``jobs`` > 1 runs the engine in that many processes."""
        from afterview.planning.batch import plan_many

        results = plan_many(ruleset, facts_list, now, jobs=jobs, holidays=self.holidays)
        for result in results:
            for item in [*result.actions, *result.guidance, *result.conditional]:
                item.renderer = self.drafts
            self.call("prepare_plan", plan=result)
        return results

    @cached_property
    def drafts(self) -> DraftRenderer:
        """This host's template sandbox, with the filters its plugins register (``register_template_filters``)."""
        from afterview.text.drafts import DraftRenderer

        filters: dict[str, Any] = {}
        for batch in reversed(self.call("register_template_filters")):
            filters.update(batch or {})
        return DraftRenderer(filters)

    def wrote(self, head: bytes) -> bool:
        """True if an output format recognises ``head`` (an existing file's first bytes) as its own output."""
        for fmt in self.output_formats.values():
            try:
                if fmt.recognizes is not None and fmt.recognizes(head):
                    return True
            except Exception:  # a plugin's faulty check only means "not recognised"
                continue
        return False

    def render(self, format_name: str, plans: list[Plan], options: RenderOptions | None = None) -> str | bytes:
        formats = self.output_formats
        if format_name not in formats:
            raise UsageError(f"unknown format '{format_name}'{did_you_mean(format_name, formats)}",
                             location=Location("--format"), hint=f"formats: {', '.join(sorted(formats))}")
        fmt = formats[format_name]
        try:
            return fmt.render(plans, app=self, options=options or RenderOptions())
        except AfterviewError:
            raise
        except Exception as exc:
            owner = self._format_owner(fmt)
            raise PluginError(f"plugin {owner} failed rendering format '{format_name}': {type(exc).__name__}: {exc}",
                              hint="run with --debug for the traceback") from exc

    def _format_owner(self, fmt: OutputFormat) -> str:
        """The plugin that registered ``fmt``, remembered when the formats were collected."""
        return self._owners.get(id(fmt), "?")

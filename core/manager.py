"""Build the plugin manager: built-in plugins, then installed ones from the ``afterview`` entry-point group."""

from __future__ import annotations

import inspect
import os
import sys
import weakref
from collections.abc import Sequence
from importlib import import_module
from types import FunctionType, MethodType, ModuleType
from typing import Any

import pluggy

from afterview import hookspecs, plugin_discovery
from afterview.errors import PluginError, did_you_mean

# Built-ins are ordinary plugins, registered through the same hooks as anyone's.
DEFAULT_PLUGINS = (
    "afterview.plugins.commands",
    "afterview.plugins.info_commands",
    "afterview.plugins.test_command",
    "afterview.plugins.authoring_commands",
    "afterview.plugins.site_command",
    "afterview.plugins.journal_commands",
    "afterview.plugins.agenda_commands",
    "afterview.plugins.checklist",
    "afterview.plugins.markdown",
    "afterview.plugins.json_output",
    "afterview.plugins.ics",
)

DISABLE_ENV = "AFTERVIEW_DISABLE_PLUGINS"
TRACE_ENV = "AFTERVIEW_TRACE_PLUGINS"


class _PluginManager(pluggy.PluginManager):
    """pluggy's manager, finding a module's hook implementations among its globals directly.

    pluggy looks at each name a plugin has through ``inspect.getattr_static``, so that no property runs:
    about 2 ms for the built-in modules' 375 names on every start. A plain module has no properties,
    and what ``getattr_static`` finds for one of its names is the value in its ``__dict__``.
    """

    def parse_hookimpl_opts(self, plugin: Any, name: str) -> Any:
        if type(plugin) is ModuleType and name in vars(plugin):
            value = vars(plugin)[name]
            if isinstance(value, FunctionType):
                opts = getattr(value, f"{self.project_name}_impl", None)
                return opts if isinstance(opts, dict) else None
            if not isinstance(value, staticmethod | classmethod | MethodType):  # pluggy's own rules for those
                return None
        return super().parse_hookimpl_opts(plugin, name)


def get_plugin_manager(load_entrypoints: bool | None = None, extra_plugins: Sequence[Any] = ()) -> pluggy.PluginManager:
    """A new manager: the built-ins, ``extra_plugins``, and installed plugins unless AFTERVIEW_DISABLE_PLUGINS=1."""
    pm = _PluginManager("afterview")
    pm.add_hookspecs(hookspecs)
    for name in DEFAULT_PLUGINS:
        pm.register(import_module(name), name=name)
    if load_entrypoints is None:
        load_entrypoints = os.environ.get(DISABLE_ENV, "") in ("", "0")
    if load_entrypoints:
        _load_entrypoints(pm)
    for plugin in extra_plugins:
        if pm.is_registered(plugin):  # a test passing a plugin that is also installed
            continue
        try:
            pm.register(plugin, name=getattr(plugin, "__name__", None))
        except pluggy.PluginValidationError as exc:
            raise _validation_error(pm, exc) from None
    _check_pending(pm)
    if os.environ.get(TRACE_ENV, "") not in ("", "0"):
        _trace(pm)
    return pm


# Each manager's installed plugins: name -> (distribution, version), for `afterview plugins`.
_DISTRIBUTIONS: weakref.WeakKeyDictionary[pluggy.PluginManager, dict[str, tuple[str, str]]] = (
    weakref.WeakKeyDictionary())


def _load_entrypoints(pm: pluggy.PluginManager) -> None:
    """Register installed plugins as pluggy's ``load_setuptools_entrypoints`` would, from the cached list."""
    dists = _DISTRIBUTIONS.setdefault(pm, {})
    try:
        for name, value, project, version in plugin_discovery.entry_points():
            if pm.get_plugin(name) or pm.is_blocked(name):
                continue
            pm.register(plugin_discovery.load(value), name=name)
            dists[name] = (project, version)
    except pluggy.PluginValidationError as exc:
        raise _validation_error(pm, exc) from None
    except Exception as exc:  # a broken third-party import must name the plugin, not crash
        raise PluginError(f"an installed plugin failed to load: {type(exc).__name__}: {exc}",
                          hint=f"set {DISABLE_ENV}=1 to run without installed plugins") from None


def _check_pending(pm: pluggy.PluginManager) -> None:
    """Name the plugin and suggest the hook for every implementation of a hook that does not exist."""
    specs = [name for name in vars(hookspecs) if not name.startswith("_") and callable(getattr(hookspecs, name))]
    for name, caller in vars(pm.hook).items():
        if caller.has_spec():
            continue
        for impl in caller.get_hookimpls():
            if not impl.opts.get("optionalhook"):
                raise PluginError(f"plugin {impl.plugin_name}: unknown hook '{name}'{did_you_mean(name, specs)}",
                                  hint=f"set {DISABLE_ENV}=1 to run without installed plugins")
    pm.check_pending()


def _validation_error(pm: pluggy.PluginManager, exc: pluggy.PluginValidationError) -> PluginError:
    """Say which hook implementation takes arguments its spec does not offer, from the objects themselves."""
    for name, implementation in _hook_implementations(exc.plugin):
        spec = getattr(hookspecs, name, None)
        if spec is None:
            continue
        offered = inspect.signature(spec).parameters
        extra = [a for a in inspect.signature(implementation).parameters if a not in offered]
        if extra:
            message = (f"hook {name} has no argument(s) {', '.join(extra)}; "
                       "it is called with the arguments in afterview.hookspecs")
            break
    else:
        message = str(exc).replace("\n", "; ")
    return PluginError(f"plugin {_plugin_name(pm, exc.plugin)}: {message}",
                       hint=f"set {DISABLE_ENV}=1 to run without installed plugins")


def _hook_implementations(plugin: Any) -> list[tuple[str, Any]]:
    """(hook name, function) for each attribute of ``plugin`` marked with ``afterview.hookimpl``."""
    found = []
    for attribute in dir(plugin):
        function = getattr(plugin, attribute, None)
        options = getattr(function, "afterview_impl", None)
        if callable(function) and options is not None:
            found.append((options.get("specname") or attribute, function))
    return found


def _plugin_name(pm: pluggy.PluginManager, plugin: Any) -> str:
    return str(pm.get_name(plugin) or getattr(plugin, "__name__", repr(plugin)))


def _trace(pm: pluggy.PluginManager) -> None:
    import time

    starts: list[float] = []

    def before(hook_name: str, hook_impls: Any, kwargs: Any) -> None:
        starts.append(time.perf_counter())

    def after(outcome: Any, hook_name: str, hook_impls: Any, kwargs: Any) -> None:
        took = (time.perf_counter() - starts.pop()) * 1000
        names = ", ".join(impl.plugin_name for impl in hook_impls)
        print(f"afterview: hook {hook_name} [{names}] {took:.2f} ms", file=sys.stderr)

    pm.add_hookcall_monitoring(before, after)


def distribution(pm: pluggy.PluginManager, name: str) -> tuple[str, str] | None:
    """(distribution name, version) of the installed plugin ``name``; None for one registered otherwise."""
    return _DISTRIBUTIONS.get(pm, {}).get(name)


def plugin_table(pm: pluggy.PluginManager, *, include_builtins: bool = False) -> list[tuple[str, str, list[str]]]:
    """(name, version, hook names) for each plugin; built-ins only if asked."""
    from afterview._version import __version__

    dists = _DISTRIBUTIONS.get(pm, {})
    rows = []
    for name, plugin in pm.list_name_plugin():
        builtin = name in DEFAULT_PLUGINS
        if builtin and not include_builtins:
            continue
        hooks = sorted(h.name for h in pm.get_hookcallers(plugin) or [])
        dist = dists.get(name)
        if builtin:
            rows.append((name, __version__, hooks))
        else:  # an installed plugin is known by its distribution's name, e.g. afterview-csv
            rows.append((*dist, hooks) if dist else (name, "?", hooks))
    return rows

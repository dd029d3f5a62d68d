"""afterview: what to do after a job interview, and when.

The public API. Names are imported on first use so that ``import afterview``
stays cheap for the command line.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

_EXPORTS = {
    "plan": "engine",
    "Plan": "actions",
    "Action": "actions",
    "Guidance": "actions",
    "Facts": "facts",
    "build_facts": "facts",
    "Ruleset": "ruleset",
    "Rule": "ruleset",
    "load_ruleset": "loader",
    "builtin_names": "loader",
    "Afterview": "app",
    "Command": "app",
    "OutputFormat": "app",
    "get_plugin_manager": "manager",
    "hookimpl": "hookspecs",
    "hookspec": "hookspecs",
    "AfterviewError": "errors",
    "RulesetError": "errors",
    "FactsError": "errors",
    "UsageError": "errors",
    "PluginError": "errors",
    "Location": "errors",
    "Problem": "errors",
    "load_facts": "api",
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:
    from .api import load_facts
    from .app import Afterview, Command, OutputFormat
    from .engine import plan
    from .errors import AfterviewError, FactsError, Location, PluginError, Problem, RulesetError, UsageError
    from .facts import Facts, build_facts
    from .hookspecs import hookimpl, hookspec
    from .loader import builtin_names, load_ruleset
    from .manager import get_plugin_manager
    from .actions import Action, Guidance, Plan
    from .ruleset import Rule, Ruleset


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'afterview' has no attribute '{name}'")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value

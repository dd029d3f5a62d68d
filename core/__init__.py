"""afterview: what to do after a job interview, and when.

The public API. Names are imported on first use so that ``import afterview``
stays cheap for the command line; type checkers read the explicit imports
below.
"""

from __future__ import annotations

from importlib import import_module

from afterview._version import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a few ms at start-up)

__all__ = [
    "Action",
    "Afterview",
    "AfterviewError",
    "Command",
    "Facts",
    "FactsError",
    "Guidance",
    "Kind",
    "Location",
    "OutputFormat",
    "Plan",
    "PluginError",
    "Problem",
    "RenderOptions",
    "Renderer",
    "Rule",
    "Ruleset",
    "RulesetError",
    "Status",
    "UsageError",
    "__version__",
    "build_facts",
    "builtin_names",
    "get_plugin_manager",
    "hookimpl",
    "hookspec",
    "load_facts",
    "load_ruleset",
    "plan",
    "plan_many",
]

if TYPE_CHECKING:
    from typing import Any

    from afterview.app import Afterview as Afterview
    from afterview.app import Command as Command
    from afterview.app import OutputFormat as OutputFormat
    from afterview.app import Renderer as Renderer
    from afterview.app import RenderOptions as RenderOptions
    from afterview.errors import AfterviewError as AfterviewError
    from afterview.errors import FactsError as FactsError
    from afterview.errors import Location as Location
    from afterview.errors import PluginError as PluginError
    from afterview.errors import Problem as Problem
    from afterview.errors import RulesetError as RulesetError
    from afterview.errors import UsageError as UsageError
    from afterview.facts.model import Facts as Facts
    from afterview.facts.model import build_facts as build_facts
    from afterview.facts.sources import load_facts as load_facts
    from afterview.hookspecs import hookimpl as hookimpl
    from afterview.hookspecs import hookspec as hookspec
    from afterview.manager import get_plugin_manager as get_plugin_manager
    from afterview.planning.actions import Action as Action
    from afterview.planning.actions import Guidance as Guidance
    from afterview.planning.actions import Plan as Plan
    from afterview.planning.batch import plan_many as plan_many
    from afterview.planning.engine import plan as plan
    from afterview.rules.load import load_ruleset as load_ruleset
    from afterview.rules.locate import builtin_names as builtin_names
    from afterview.rules.model import Rule as Rule
    from afterview.rules.model import Ruleset as Ruleset
    from afterview.rules.vocabulary import Kind as Kind
    from afterview.rules.vocabulary import Status as Status

# Where each public name lives; kept beside __all__ so a test can hold them equal.
_HOMES = {
    "Afterview": "app", "Command": "app", "OutputFormat": "app", "RenderOptions": "app", "Renderer": "app",
    "AfterviewError": "errors", "FactsError": "errors", "Location": "errors", "PluginError": "errors",
    "Problem": "errors", "RulesetError": "errors", "UsageError": "errors",
    "Facts": "facts.model", "build_facts": "facts.model", "load_facts": "facts.sources",
    "hookimpl": "hookspecs", "hookspec": "hookspecs", "get_plugin_manager": "manager",
    "Action": "planning.actions", "Guidance": "planning.actions", "Plan": "planning.actions",
    "plan": "planning.engine", "plan_many": "planning.batch", "load_ruleset": "rules.load",
    "builtin_names": "rules.locate",
    "Rule": "rules.model", "Ruleset": "rules.model", "Kind": "rules.vocabulary", "Status": "rules.vocabulary",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'afterview' has no attribute '{name}'")
    value = getattr(import_module(f"afterview.{home}"), name)
    globals()[name] = value
    return value

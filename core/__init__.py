"""afterview: what to do after a job interview, and when.

The public API. Names are imported on first use so that ``import afterview``
stays cheap for the command line; type checkers read the explicit imports
below.
"""

from __future__ import annotations

import sys

from afterview._version import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (a few ms at start-up)

__all__ = [
    "DISABLE_ENV",
    "STDOUT",
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
    "did_you_mean",
    "get_plugin_manager",
    "hook_reference",
    "hookimpl",
    "hookspec",
    "load_facts",
    "load_ruleset",
    "plan",
    "plan_many",
    "plugin_table",
    "read_cache",
    "refuse_inputs",
    "refuse_output",
    "write_atomic",
    "write_cache",
]

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

    from afterview._cache import read_json as read_cache
    from afterview._cache import write_json as write_cache
    from afterview.app import Afterview as Afterview
    from afterview.app import Command as Command
    from afterview.app import OutputFormat as OutputFormat
    from afterview.app import Renderer as Renderer
    from afterview.app import RenderOptions as RenderOptions
    from afterview.atomic import STDOUT as STDOUT
    from afterview.atomic import refuse_inputs as refuse_inputs
    from afterview.atomic import refuse_output as refuse_output
    from afterview.atomic import write_atomic as write_atomic
    from afterview.errors import AfterviewError as AfterviewError
    from afterview.errors import FactsError as FactsError
    from afterview.errors import Location as Location
    from afterview.errors import PluginError as PluginError
    from afterview.errors import Problem as Problem
    from afterview.errors import RulesetError as RulesetError
    from afterview.errors import UsageError as UsageError
    from afterview.errors import did_you_mean as did_you_mean
    from afterview.facts.model import Facts as Facts
    from afterview.facts.model import build_facts as build_facts
    from afterview.facts.sources import load_facts as load_facts
    from afterview.hook_docs import hook_reference as hook_reference
    from afterview.hookspecs import hookimpl as hookimpl
    from afterview.hookspecs import hookspec as hookspec
    from afterview.manager import DISABLE_ENV as DISABLE_ENV
    from afterview.manager import get_plugin_manager as get_plugin_manager
    from afterview.manager import plugin_table as plugin_table
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

# Each module's public names ("name as alias" where the public name differs); a test holds them equal to
# __all__ and the imports above.
_EXPORTS = {
    "_cache": ("read_json as read_cache", "write_json as write_cache"),
    "app": ("Afterview", "Command", "OutputFormat", "RenderOptions", "Renderer"),
    "atomic": ("STDOUT", "refuse_inputs", "refuse_output", "write_atomic"),
    "errors": ("AfterviewError", "FactsError", "Location", "PluginError", "Problem", "RulesetError", "UsageError",
               "did_you_mean"),
    "facts.model": ("Facts", "build_facts"),
    "facts.sources": ("load_facts",),
    "hook_docs": ("hook_reference",),
    "hookspecs": ("hookimpl", "hookspec"),
    "manager": ("DISABLE_ENV", "get_plugin_manager", "plugin_table"),
    "planning.actions": ("Action", "Guidance", "Plan"),
    "planning.batch": ("plan_many",),
    "planning.engine": ("plan",),
    "rules.load": ("load_ruleset",),
    "rules.locate": ("builtin_names",),
    "rules.model": ("Rule", "Ruleset"),
    "rules.vocabulary": ("Kind", "Status"),
}


def _lazy_getattr(package: str, exports: Mapping[str, tuple[str, ...]],
                  namespace: dict[str, Any]) -> Callable[[str], Any]:
    """A package's ``__getattr__`` (PEP 562): each exported name's module is imported on first use, then kept."""
    homes = {}
    for module, names in exports.items():
        for entry in names:
            original, _, alias = entry.partition(" as ")
            homes[alias or original] = (module, original)

    def attribute(name: str) -> Any:
        if name not in homes:
            raise AttributeError(f"module '{package}' has no attribute '{name}'")
        module, original = homes[name]
        home = f"{package}.{module}"
        __import__(home)  # the import statement's path, which -X importtime reports (import_module's is not)
        value = getattr(sys.modules[home], original)
        namespace[name] = value
        return value

    return attribute


def _lazy_dir(namespace: dict[str, Any]) -> Callable[[], list[str]]:
    """A package's ``__dir__`` (PEP 562): its names, and those of ``__all__`` not yet imported, so that
    ``dir()`` and tab completion show the whole API before its first use."""
    return lambda: sorted({*namespace, *namespace["__all__"]})


__getattr__ = _lazy_getattr(__name__, _EXPORTS, globals())
__dir__ = _lazy_dir(globals())

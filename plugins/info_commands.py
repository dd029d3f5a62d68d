"""Built-in commands that inspect rather than plan: validate, rulesets, plugins, schema."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from afterview import Afterview, Command, hookimpl
from afterview.errors import AfterviewError, Problem
from afterview.text.safe_text import visible_controls


def _configure_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="ruleset files (or folders of them) to check")


def run_validate(app: Afterview, args: argparse.Namespace) -> int:
    from afterview.rules.validate import validate_file

    files = [f for p in args.paths for f in (sorted(Path(p).glob("*.y*ml")) if Path(p).is_dir() else [Path(p)])]
    problems: list[Problem] = []
    for path in files:
        found = validate_file(app, str(path))
        problems += found
        if not found:
            print(f"{path}: ok")
    if problems:
        print(visible_controls(AfterviewError(problems=problems).render()), file=sys.stderr)
        if len(problems) == 1:
            print("1 error", file=sys.stderr)
        return 1
    print(f"{len(files)} file{'s' * (len(files) != 1)} checked, no errors")
    return 0


def run_rulesets(app: Afterview, args: argparse.Namespace) -> int:
    from afterview.rules.locate import builtin_names

    names = sorted(builtin_names(), key=lambda n: (n != "default", n))  # the base first, then its overlays
    width = max(len(n) for n in names)
    for name in names:
        ruleset = app.load_ruleset(name)
        print(f"{name.ljust(width)}  {ruleset.title} ({len(ruleset.rules)} rules)")
    return 0


def _configure_plugins(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--all", action="store_true", help="include the built-in plugins")


def run_plugins(app: Afterview, args: argparse.Namespace) -> int:
    import os

    from afterview.manager import DISABLE_ENV, plugin_table

    rows = plugin_table(app.pm, include_builtins=args.all)
    if os.environ.get(DISABLE_ENV, "") not in ("", "0"):
        print(f"installed plugins are disabled ({DISABLE_ENV}=1)")
    elif not rows:
        print("no plugins installed (use --all to see the built-in ones)")
    for name, version, hooks in rows:
        print(f"{name} {version}: {', '.join(hooks)}")
    return 0


def _configure_schema(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("which", nargs="?", default="ruleset", choices=["ruleset", "facts", "plan"],
                        help="which JSON Schema to print (default: ruleset)")


def run_schema(app: Afterview, args: argparse.Namespace) -> int:
    from afterview.rules.schema import schema_text

    sys.stdout.write(schema_text(args.which))
    return 0


def run_hooks(app: Afterview, args: argparse.Namespace) -> int:
    from afterview.hook_reference import hook_reference

    sys.stdout.write(hook_reference())
    return 0


@hookimpl
def register_commands(app: Afterview) -> list[Command]:
    return [
        Command("hooks", "print the plugin hook reference (Markdown)", lambda parser: None, run_hooks),
        Command("validate", "check ruleset files and report every error as path:line:col", _configure_validate,
                run_validate),
        Command("rulesets", "list the built-in rulesets", lambda parser: None, run_rulesets),
        Command("plugins", "list installed plugins, their versions and hooks", _configure_plugins, run_plugins),
        Command("schema", "print a JSON Schema (for editors' YAML language servers)", _configure_schema, run_schema),
    ]

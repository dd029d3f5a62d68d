"""Built-in commands that inspect rather than plan: validate, rulesets, plugins, schema."""

from __future__ import annotations

import argparse
import json
import sys
from functools import partial
from pathlib import Path

from afterview import Afterview, AfterviewError, Command, Location, Problem, hookimpl
from afterview.text import visible_controls


def _configure_validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="rulesets, overlays, facts and *.test.yaml files, or folders of them")
    parser.add_argument("--format", choices=["text", "json"], default="text",
                        help="json: a list of problems (path, line, column, code, message, hint) on stdout")


def run_validate(app: Afterview, args: argparse.Namespace) -> int:
    from afterview.rules import validate_paths

    results, problems = validate_paths(app, args.paths)
    if args.format == "json":
        sys.stdout.write(json.dumps([_as_json(p) for p in problems], indent=2, ensure_ascii=False) + "\n")
        return 1 if problems else 0
    for result in results:
        if not result.problems:
            print(f"{result.path}: ok ({result.kind})")
    if problems:
        print(visible_controls(AfterviewError(problems=problems).render()), file=sys.stderr)
        if len(problems) == 1:
            print("1 error", file=sys.stderr)
        return 1
    print(f"{len(results)} file{'s' * (len(results) != 1)} checked, no errors")
    return 0


def _as_json(problem: Problem) -> dict[str, object]:
    where = problem.location
    return {"path": where.path if where else None, "line": where.line if where else None,
            "column": where.col if where else None, "code": problem.code, "message": problem.message,
            "hint": problem.hint}


def run_rulesets(app: Afterview, args: argparse.Namespace) -> int:
    from afterview import builtin_names
    from afterview.rules import find_overlays, search_path

    applies = {o.ref: o for o in find_overlays(search_path())}
    names = sorted(builtin_names(), key=lambda n: (n != "default", n))  # the base first, then its overlays
    width = max(len(n) for n in names)
    for name in names:
        ruleset = app.load_ruleset(name)
        overlay = applies.get(name)
        scope = ", ".join([*overlay.industries, *overlay.countries]) if overlay else ""
        print(f"{name.ljust(width)}  {ruleset.title} ({len(ruleset.rules)} rules)"
              + (f"; applies to {scope}" if scope else ""))
    return 0


def _configure_plugins(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--all", action="store_true", help="include the built-in plugins")


def run_plugins(app: Afterview, args: argparse.Namespace) -> int:
    import os

    from afterview import DISABLE_ENV, plugin_table

    rows = plugin_table(app.pm, include_builtins=args.all)
    if os.environ.get(DISABLE_ENV, "") not in ("", "0"):
        print(f"installed plugins are disabled ({DISABLE_ENV}=1)")
    elif not rows:
        print("no plugins installed (use --all to see the built-in ones)")
    for name, version, hooks in rows:
        print(f"{name} {version}: {', '.join(hooks)}")
    return 0


def _configure_schema(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("which", nargs="?", default="ruleset", choices=["ruleset", "facts", "plan", "test"],
                        help="which JSON Schema to print (default: ruleset)")
    parser.add_argument("--write", metavar="DIR", help="write all four schemas into DIR instead")
    parser.add_argument("--base-url", metavar="URL",
                        help="the site that will serve them; their $id is URL/schemas/NAME.schema.json")


def run_schema(app: Afterview, args: argparse.Namespace) -> int:
    from afterview.rules import SCHEMA_FILES, schema_document

    if args.write is None:
        sys.stdout.write(schema_document(args.which, args.base_url))
        return 0
    from afterview import refuse_output, write_atomic

    folder = Path(args.write)
    paths = {which: folder / f"{name}.schema.json" for which, name in SCHEMA_FILES.items()}
    if folder.is_dir():  # every file checked before any is written
        for which, path in paths.items():
            refuse_output(str(path), [], partial(_our_schema, name=SCHEMA_FILES[which]), "--write",
                          "remove the file first if you mean to replace it, or write into another folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        why = "is a file, not a folder" if folder.exists() else f"cannot make the folder: {exc.strerror or exc}"
        raise AfterviewError(why, location=Location(str(folder)),
                             hint="--write takes a folder: a new one, or one holding afterview's schemas") from None
    for which, path in paths.items():
        write_atomic(path, schema_document(which, args.base_url))
        print(f"wrote {path}")
    return 0


def _our_schema(head: bytes, name: str) -> bool:
    """A schema afterview wrote (any version or base URL): its title and its ``$id``'s file name say so."""
    import re

    title = re.search(rb'^  "title": "afterview [^"\n]*",?$', head, re.M)
    ident = re.search(rb'^  "\$id": "[^"\n]*/schemas/' + re.escape(name.encode()) + rb'\.schema\.json",?$', head, re.M)
    return title is not None and ident is not None


def run_hooks(app: Afterview, args: argparse.Namespace) -> int:
    from afterview import hook_reference

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

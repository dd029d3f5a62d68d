"""Built-in commands ``plan`` and ``explain``, registered like any plugin's."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from afterview import (
    STDOUT,
    Afterview,
    AfterviewError,
    Command,
    Location,
    RenderOptions,
    Rule,
    Ruleset,
    did_you_mean,
    hookimpl,
    refuse_output,
    write_atomic,
)
from afterview.cli import add_facts_arguments, http_url, plans_from_args, process_count, read_clock
from afterview.rules import is_path
from afterview.text import strip_controls


def _configure_plan(app: Afterview) -> Callable[[argparse.ArgumentParser], None]:
    def configure(parser: argparse.ArgumentParser) -> None:
        add_facts_arguments(parser)
        formats = app.output_formats
        parser.add_argument("--format", "-f", default="checklist", metavar="|".join(sorted(formats)),
                            help="output format (default: checklist)")
        parser.add_argument("-o", "--output", metavar="FILE",
                            help="write to FILE (atomically; '-' is stdout) instead of stdout; an existing FILE is"
                                 " replaced only if afterview wrote it")
        parser.add_argument("--drafts", action="store_true", help="json: include the rendered message drafts")
        parser.add_argument("--tasks", action="store_true", help="calendar formats: add tasks as well as events")
        parser.add_argument("--base-url", metavar="URL", type=http_url("--base-url"),
                            help="link outputs to a published guide site")
        parser.add_argument("--jobs", "-j", type=process_count, default=1, metavar="N",
                            help="plan in N processes (for many facts files; the output is the same)")

    return configure


def run_plan(app: Afterview, args: argparse.Namespace) -> int:
    if args.format not in app.output_formats:
        app.render(args.format, [])  # raises the usage error with suggestions
    ruleset_files = [ref for ref in args.ruleset or [] if is_path(ref)]
    # a built-in ruleset name such as 'default' is no file
    refuse_output(args.output, [*args.facts, *ruleset_files], app.wrote)
    clock = read_clock(args.now)
    plans = plans_from_args(app, args, clock)
    options = RenderOptions(drafts=args.drafts, tasks=args.tasks, base_url=args.base_url, clock_note=clock.note,
                            previous=_previous(args.output), state=_state(args))
    output = app.render(args.format, plans, options)
    if args.output and args.output != STDOUT:
        write_atomic(args.output, output)
    elif isinstance(output, bytes):
        sys.stdout.buffer.write(output)
    else:
        sys.stdout.write(output)
    return 0


def _previous(output: str | None) -> bytes | None:
    """The file being replaced lets a format carry state forward (ICS bumps SEQUENCE on changed events)."""
    if not output or output == STDOUT or not Path(output).is_file():
        return None  # a FIFO or device would block or hand back nothing useful
    return Path(output).read_bytes()


def _state(args: argparse.Namespace) -> str | None:
    """ICS keeps what it wrote in ``FILE.state.json`` beside a regular output file (see plugins/ics_state.py)."""
    out = args.output
    if args.format != "ics" or not out or out == STDOUT or (Path(out).exists() and not Path(out).is_file()):
        return None
    return f"{out}.state.json"


def _configure_explain(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", metavar="RULE_ID", help="the rule to explain, e.g. follow-up")
    add_facts_arguments(parser)


def run_explain(app: Afterview, args: argparse.Namespace) -> int:
    if not args.facts and args.interview is None:
        return _explain_alone(app, args)
    plans = plans_from_args(app, args)
    for i, plan in enumerate(plans):
        rule = _rule(plan.ruleset, args.rule)
        if i:
            print()
        from afterview.text import explain_rule  # on use: only 'explain' needs it

        print(strip_controls(explain_rule(plan, rule)))
    return 0


def _explain_alone(app: Afterview, args: argparse.Namespace) -> int:
    """Without facts: the rule, its layers, its timing in words, and what it gives for the sample interview."""
    from afterview.cli import chosen_layers, sample_plans
    from afterview.text import explain_rule_alone

    refs, notices = chosen_layers(args, args.industry, args.country)
    ruleset = app.load_ruleset(list(refs))
    ruleset.notices = notices
    rule = _rule(ruleset, args.rule)
    label, plan = sample_plans(app, ruleset, args.industry, args.country, args.now)[0]
    print(explain_rule_alone(plan, rule, label))
    return 0


def _rule(ruleset: Ruleset, rule_id: str) -> Rule:
    rule = ruleset.rule(rule_id)
    if rule is None:
        raise AfterviewError(f"no rule '{rule_id}' in ruleset {ruleset.id}"
                             f"{did_you_mean(rule_id, [r.id for r in ruleset.rules])}",
                             location=Location("RULE_ID"), hint="'afterview rules' lists the rule ids")
    return rule


@hookimpl
def register_commands(app: Afterview) -> list[Command]:
    return [
        Command("plan", "print a dated, explained checklist (or another format) for an interview",
                _configure_plan(app), run_plan),
        Command("explain", "why a rule fires or not, how its dates were computed, and where each field was set"
                " (without facts: its layers and timing in words, with a sample interview)",
                _configure_explain, run_explain),
    ]

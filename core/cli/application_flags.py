"""Command-line options that describe an application, shared by ``plan``, ``explain`` and plugin commands."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from afterview.cli.clock import Clock, place_zone_name, read_clock
from afterview.errors import Location, UsageError
from afterview.facts.application import checked_application
from afterview.facts.model import Facts
from afterview.facts.sources import FLAG_PATHS, STDIN, combine, flag_values, read_facts_file
from afterview.rules.overlays import RULESETS_ENV, find_overlays, layering, named_overlays, search_path

if TYPE_CHECKING:
    from datetime import datetime

    from afterview.app import Afterview
    from afterview.planning.actions import Plan
    from afterview.rules.documents import Document
    from afterview.rules.model import Ruleset
    from afterview.rules.overlays import Overlay

# Flags every application may share: the candidate is the same person in each.
SHARED_FLAGS = {("candidate", "name")}


def add_facts_arguments(parser: argparse.ArgumentParser) -> None:
    """Add FACTS files, the facts flags, --ruleset and --now to a command's parser."""
    parser.add_argument("facts", nargs="*", metavar="FACTS",
                        help="YAML facts files, one per application ('-' reads stdin)")
    add_fact_flags(parser, "facts (with one facts file they override its values; --event adds to its events)")
    parser.add_argument("--ruleset", metavar="NAME|PATH", action="append",
                        help="a ruleset to layer over the automatic ones (the default plus the overlays whose"
                             " applies_to matches the industry and country); repeat to add more")
    parser.add_argument("--only", action="store_true",
                        help="use only the --ruleset layers, without the automatic ones")
    parser.add_argument("--ruleset-path", metavar="DIR", action="append", default=[],
                        help=f"a folder of your own overlays to search after the built-ins and {RULESETS_ENV}")
    parser.add_argument("--now", metavar="DATETIME",
                        help="plan as if it were this moment (default: the clock); without an offset it is read"
                             " in this system's timezone")


def add_fact_flags(parser: argparse.ArgumentParser, title: str) -> None:
    """The flags that set one application's facts (``flag_values`` reads them back)."""
    group = parser.add_argument_group(title)
    group.add_argument("--interview", metavar="DATETIME", help="when the interview started, e.g. 2026-11-17T14:00")
    group.add_argument("--timezone", metavar="TZ", help="IANA timezone, e.g. America/New_York")
    group.add_argument("--company", metavar="NAME")
    group.add_argument("--role", metavar="TITLE")
    group.add_argument("--industry", metavar="NAME", help="tech, finance, government, academia, healthcare, ...")
    group.add_argument("--country", metavar="CC", help="ISO country code, optionally with subdivision: US-CA")
    group.add_argument("--interviewer", metavar='"NAME <EMAIL>"', action="append", help="repeat for each interviewer")
    group.add_argument("--name", metavar="NAME", help="your name, for message drafts")
    decision = group.add_mutually_exclusive_group()
    decision.add_argument("--decision-by", metavar="DATE", help="the date they said they would decide by")
    decision.add_argument("--decision-in", metavar="DURATION", help="what they said, e.g. '2 weeks' or '10bd'")
    group.add_argument("--event", metavar="TYPE=DATETIME", action="append",
                       help="something that happened, e.g. thank_you_sent=2026-11-18T09:10 (repeatable; added to"
                            " the file's events)")


def check_one_application(files: list[str], flags: dict[tuple[str, ...], object]) -> None:
    """Flags that describe one application make no sense with several facts files: say which."""
    if len(files) < 2:
        return
    conflicts = sorted({FLAG_PATHS[path] for path in flags if path not in SHARED_FLAGS})
    if conflicts:
        named = ", ".join(conflicts)
        raise UsageError(f"{named} describe{'s' * (len(conflicts) == 1)} one application, but {len(files)} facts"
                         f" files were given ({', '.join(files)})", location=Location(conflicts[0]),
                         hint="put the value in one facts file, or run the command once per file")


def chosen_layers(args: argparse.Namespace, industry: str | None, country: str | None,
                  overlays: list[Overlay] | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(ruleset references, notices such as "no overlay for industry 'fintech'") for these flags and facts.

    ``overlays``: those on the search path, when the caller has already found them (``search_overlays``).
    """
    given = list(getattr(args, "ruleset", None) or [])
    if getattr(args, "only", False):
        if not given:
            raise UsageError("--only needs at least one --ruleset", location=Location("--only"),
                             hint="e.g. --only --ruleset default")
        return tuple(given), ()
    found = search_overlays(args) if overlays is None else overlays
    auto = layering(industry, country, found, named_overlays(given, found) if given else ())
    return tuple(dict.fromkeys([*auto.refs, *given])), tuple(auto.notices)


def search_overlays(args: argparse.Namespace) -> list[Overlay]:
    """The overlays on the search path these flags (and the environment) give."""
    return find_overlays(search_path(getattr(args, "ruleset_path", None) or [], getattr(args, "journal", None)))


def plans_from_args(app: Afterview, args: argparse.Namespace, clock: Clock | None = None) -> list[Plan]:
    """One plan per facts file (or one from the flags alone), all for the same moment."""
    if args.facts.count(STDIN) > 1:  # stdin can be read only once
        raise UsageError("'-' (standard input) can be given only once", location=Location("FACTS"))
    flags = flag_values(args)
    check_one_application(list(args.facts), flags)
    # Each document, and whether it came from standard input ('-'), where no file name names the application.
    documents: list[tuple[Document | None, bool]] = [(read_facts_file(p), p == STDIN) for p in args.facts]
    clock = clock or read_clock(args.now)
    loaded: dict[tuple[tuple[str, ...], tuple[str, ...]], Ruleset] = {}
    work: list[tuple[Ruleset, Facts, list[str]]] = []
    overlays: list[Overlay] | None = None  # the same search path for every application: read once, not per file
    for document, stdin in documents or [(None, False)]:
        source = combine(document, flags, stdin=stdin)
        if overlays is None and not getattr(args, "only", False):
            overlays = search_overlays(args)

        def ruleset_for(data: dict[str, Any], found: list[Overlay] | None = overlays) -> Ruleset:
            refs, notices = chosen_layers(args, data.get("industry"), data.get("country"), found)
            if (refs, notices) not in loaded:
                loaded[refs, notices] = app.load_ruleset(list(refs))
                loaded[refs, notices].notices = notices
            return loaded[refs, notices]

        ruleset, facts, notes = checked_application(source, holidays=app.holidays, system_zone=place_zone_name,
                                                    ruleset_for=ruleset_for, now=clock.now)
        work.append((ruleset, facts, notes))
    return _plan_all(app, work, clock.now, getattr(args, "jobs", 1))


def _plan_all(app: Afterview, work: list[tuple[Ruleset, Facts, list[str]]], now: datetime, jobs: int) -> list[Plan]:
    """Plan each application with its ruleset (one batch per ruleset), keeping the input order."""
    plans: list[Plan | None] = [None] * len(work)
    for ruleset in {id(r): r for r, _, _ in work}.values():
        mine = [i for i, (r, _, _) in enumerate(work) if r is ruleset]
        for i, result in zip(mine, app.plan_many(ruleset, [work[i][1] for i in mine], now, jobs=jobs), strict=True):
            result.notes.extend(work[i][2])
            plans[i] = result
    return [p for p in plans if p is not None]

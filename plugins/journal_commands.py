"""Built-in journal commands: add, record, done, edit, archive and import."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any

from afterview import Afterview, AfterviewError, Command, Location, UsageError, did_you_mean, hookimpl
from afterview.journal import add_journal_arguments, journal_from, now_from

if TYPE_CHECKING:
    from pathlib import Path

    from afterview import Facts


def _configure_add(parser: argparse.ArgumentParser) -> None:
    from afterview.cli import add_fact_flags

    parser.add_argument("file", nargs="?", metavar="FACTS", help="a facts file to copy in (its comments are kept)")
    parser.add_argument("--slug", metavar="NAME", help="the application's name (default: company-role)")
    add_fact_flags(parser, "facts (override the facts file's values)")
    add_journal_arguments(parser)  # --now: the moment the 'next:' line is for


def run_add(app: Afterview, args: argparse.Namespace) -> int:
    from afterview.facts import flag_values
    from afterview.journal import ask, check_facts, create, entry_text, read_source

    source = read_source(args.file)
    values = flag_values(args)
    now = now_from(args)
    if source is None and not values:
        if not sys.stdin.isatty():
            raise UsageError("nothing describes the application", location=Location("add"),
                             hint="give a facts file, or flags such as --company Acme --interview 2026-11-17T14:00")

        def check(answers: dict[tuple[str, ...], Any]) -> None:
            check_facts(app, None, answers, now)  # each answer checked as given

        values = ask(check=check)  # the timezone question follows the country, as --country does
    # errors point at the flag or the file's line; the zone is the one plan would use, said in a note
    timezone, notes = check_facts(app, source, values, now)
    text = entry_text(source, values, timezone)
    slug, path = create(journal_from(args, create=True), args.slug, text)
    print(f"added {slug} ({path})")
    for note in notes:
        print(f"Note: {note}")
    print(_next(app, slug, path, now))
    return 0


def _next(app: Afterview, slug: str, path: Path, now: datetime) -> str:
    """The new application's first pending action, as its plan has it (not a guess from the events)."""
    from afterview.journal import Planner, next_hint

    try:
        plan = Planner(app, now).entry(path).plan
    except AfterviewError:  # written and checked; an overlay in the journal folder may still fail to load
        return "next: 'afterview today' shows what is due"
    return next_hint(slug, plan)


def _configure_record(parser: argparse.ArgumentParser) -> None:
    _configure_entry(parser, ("event", "EVENT", "what happened, e.g. thank_you_sent, rejected"),
                     "when it happened (default: now), e.g. 2026-11-18T09:10")
    parser.add_argument("--interview", metavar="DATETIME",
                        help="for next_round_scheduled: when the next round starts, e.g. 2026-12-03T14:00")


def _configure_entry(parser: argparse.ArgumentParser, what: tuple[str, str, str], when: str) -> None:
    """APP, then what to record, --at and --note: the arguments 'record' and 'done' share."""
    parser.add_argument("app", metavar="APP", help="the application, e.g. acme-data-engineer")
    name, metavar, help_text = what
    parser.add_argument(name, metavar=metavar, help=help_text)
    parser.add_argument("--at", metavar="WHEN", help=when)
    parser.add_argument("--note", metavar="TEXT", help="a note to keep with it")
    add_journal_arguments(parser)


def _moment_text(facts: Facts, when: str | None, now: datetime) -> str:
    """--at as written to the file: a date stays a date; a moment becomes the application's local time."""
    from afterview.facts import EVENT_TIME, parse_moment

    if when is None:
        return now.astimezone(facts.tz).strftime("%Y-%m-%dT%H:%M")
    try:
        moment = parse_moment(when, facts.tz, default_time=EVENT_TIME)
    except ValueError as exc:  # out of range, or a time the clocks skip
        raise AfterviewError(str(exc), location=Location("--at"), hint=getattr(exc, "hint", None)) from None
    if moment is None:
        raise AfterviewError(f"'{when}' is not a date or date and time", location=Location("--at"),
                             hint="write it as 2026-11-18T09:10 or 2026-11-18")
    if moment < facts.interview_start:
        raise AfterviewError("it is dated before the interview", location=Location("--at"),
                             hint=f"the interview started {facts.interview_start:%Y-%m-%dT%H:%M}")
    local_now = now.astimezone(facts.tz)
    if (moment.date() > local_now.date()) if len(when.strip()) == 10 else moment > local_now:
        raise AfterviewError(f"it is dated after now ({local_now:%Y-%m-%dT%H:%M} in {facts.tz.key})",
                             location=Location("--at"), hint="record what has happened, when it happened")
    return when.strip() if len(when.strip()) == 10 else moment.strftime("%Y-%m-%dT%H:%M")


def run_record(app: Afterview, args: argparse.Namespace) -> int:
    from afterview.facts import EVENTS
    from afterview.journal import add_event, check_text, update

    if args.event not in EVENTS:
        raise UsageError(f"unknown event '{args.event}'{did_you_mean(args.event, EVENTS)}", location=Location("EVENT"),
                         hint=f"events: {', '.join(EVENTS)}")
    path = journal_from(args).find(args.app)
    facts = check_text(str(path), path.read_text(encoding="utf-8"))
    at = _moment_text(facts, args.at, now_from(args))
    interview = _next_round_text(facts, args.interview, at) if args.interview is not None else None
    update(path, add_event(args.event, at, args.note, interview=interview))
    print(f"recorded {args.event} for {args.app} at {at}" + (f", next round {interview}" if interview else ""))
    return 0


def _next_round_text(facts: Facts, when: str, at: str) -> str:
    """--interview as written to the file: a moment in the application's timezone, not before it was arranged."""
    from afterview.facts import EVENT_TIME, parse_moment

    try:
        moment = parse_moment(when, facts.tz)
    except ValueError as exc:
        raise AfterviewError(str(exc), location=Location("--interview"), hint=getattr(exc, "hint", None)) from None
    if moment is None:
        raise AfterviewError(f"'{when}' is not a date and time", location=Location("--interview"),
                             hint="the next round's start: write it as 2026-12-03T14:00")
    arranged = parse_moment(at, facts.tz, default_time=EVENT_TIME)
    if arranged is not None and moment.date() < arranged.date():
        raise AfterviewError(f"the next round starts ({moment:%Y-%m-%dT%H:%M}) before it was arranged ({at})",
                             location=Location("--interview"),
                             hint="--interview is when the next round starts; --at is when it was arranged")
    return moment.strftime("%Y-%m-%dT%H:%M")


def _configure_done(parser: argparse.ArgumentParser) -> None:
    _configure_entry(parser, ("rule", "RULE", "the action's rule id, e.g. thank-you-note"),
                     "when you did it (default: now)")


def run_done(app: Afterview, args: argparse.Namespace) -> int:
    from afterview.journal import Planner, add_event, update

    path = journal_from(args).find(args.app)
    now = now_from(args)
    plan = Planner(app, now).entry(path).plan
    action = plan.action(args.rule)
    if action is None:
        ids = [a.rule.id for a in plan.actions]
        raise AfterviewError(f"no dated action '{args.rule}' in {args.app}'s plan{did_you_mean(args.rule, ids)}",
                             location=Location("RULE"), hint=f"its actions: {', '.join(ids)}")
    at = _moment_text(plan.facts, args.at, now)
    if action.rule.done_by:  # record the event itself, so rules that wait on it move too
        update(path, add_event(action.rule.done_by[0], at, args.note))
        print(f"recorded {action.rule.done_by[0]} for {args.app} at {at}: '{action.title}' is done")
    else:
        update(path, add_event("done", at, args.note, rule=action.rule.id))
        print(f"marked '{action.title}' done for {args.app} at {at}")
    return 0


def _configure_app(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("app", metavar="APP", help="the application, e.g. acme-data-engineer")
    add_journal_arguments(parser, now=False)


def run_edit(app: Afterview, args: argparse.Namespace) -> int:
    from afterview.journal import edit_in_editor

    path = journal_from(args).find(args.app)
    return edit_in_editor(path)


def run_archive(app: Afterview, args: argparse.Namespace) -> int:
    import os

    from afterview.journal import lock_path, locked

    journal = journal_from(args)
    path = journal.find(args.app)
    target = journal.archive_path(args.app)
    target.parent.mkdir(exist_ok=True)
    with locked(path):
        if target.exists():  # a file put there by hand: never replaced
            raise AfterviewError(f"'{args.app}' is already in the archive", location=Location(str(target)),
                                 hint="rename one of the two files, then archive again")
        os.replace(path, target)
        # The sidecar lock goes with the entry: a command waiting on it finds the entry gone, and nothing stays behind.
        lock_path(path).unlink(missing_ok=True)
    print(f"archived {args.app}: it no longer shows in today, agenda, status or the calendar ({target})")
    return 0


def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("csv", metavar="FILE.csv", help="the tracker's CSV export")
    parser.add_argument("--from", dest="tracker", choices=["auto", "huntr", "teal"], default="auto",
                        help="whose column names to expect (default: recognised from the header row)")
    parser.add_argument("--map", metavar="COL=FIELD,...",
                        help="your own columns, e.g. 'Employer=company,Job=role,When=interview,Stage=status'")
    parser.add_argument("--timezone", metavar="TZ", help="the timezone of the interview times (default: the system's)")
    add_journal_arguments(parser)


def run_import(app: Afterview, args: argparse.Namespace) -> int:
    from afterview.journal import import_csv

    return import_csv(app, journal_from(args, create=True), args)


@hookimpl
def register_commands(app: Afterview) -> list[Command]:
    return [
        Command("add", "add an application to the journal (from flags, a facts file, or questions)",
                _configure_add, run_add),
        Command("record", "record what happened in an application, e.g. thank_you_sent or rejected",
                _configure_record, run_record),
        Command("done", "mark an application's action done", _configure_done, run_done),
        Command("edit", "open an application's file in $EDITOR, then check it", _configure_app, run_edit),
        Command("archive", "hide a finished application from the agenda, status and calendar",
                _configure_app, run_archive),
        Command("import", "add applications from a job tracker's CSV export (Huntr, Teal, or --map)",
                _configure_import, run_import),
    ]

"""Built-in commands that read the whole journal: today, agenda, status, draft, calendar and sync."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from afterview import (
    STDOUT,
    Afterview,
    AfterviewError,
    Command,
    Location,
    Problem,
    RenderOptions,
    UsageError,
    hookimpl,
)
from afterview.journal import add_journal_arguments, journal_from, now_from


def _report(problems: Sequence[Problem]) -> int:
    """Files that could not be planned are listed after the output; the command then exits 1."""
    if problems:
        print(AfterviewError(problems=problems).render(), file=sys.stderr)
        return 1
    return 0


MAX_DAYS = 366


def _day_count(text: str) -> int:
    """``--days``: 0 (today only) up to a year ahead."""
    try:
        days = int(text)
    except ValueError:
        days = -1
    if not 0 <= days <= MAX_DAYS:
        raise UsageError(f"'{text}' is not a number of days from 0 to {MAX_DAYS}", location=Location("--days"),
                         hint="for example --days 14; 0 shows today only, as 'afterview today' does")
    return days


def _configure_agenda(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--days", type=_day_count, default=7, metavar="N",
                        help=f"how many days ahead, 0 to {MAX_DAYS} (default: 7)")
    add_journal_arguments(parser)


def run_agenda(app: Afterview, args: argparse.Namespace) -> int:
    from afterview.journal import agenda_items, render_agenda, summaries, tally, use_colour

    days = getattr(args, "days", 0)
    now = now_from(args)
    entries, problems = summaries(app, journal_from(args), now)
    items = agenda_items(entries, now, days)
    open_count, closed_count = tally(entries)
    sys.stdout.write(render_agenda(items, now, open_count=open_count, closed_count=closed_count, days=days,
                                   colour=use_colour(sys.stdout)))
    return _report(problems)


def run_status(app: Afterview, args: argparse.Namespace) -> int:
    from afterview.journal import render_status, summaries

    now = now_from(args)
    entries, problems = summaries(app, journal_from(args), now)
    sys.stdout.write(render_status(entries, now))
    return _report(problems)


def _configure_draft(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("app", metavar="APP", help="the application, e.g. acme-data-engineer")
    parser.add_argument("rule", metavar="RULE", help="the action's rule id, e.g. thank-you-note")
    parser.add_argument("--mailto", action="store_true", help="print a mailto: link with subject and body filled in;"
                             " one per interviewer for a note to each")
    add_journal_arguments(parser)


def run_draft(app: Afterview, args: argparse.Namespace) -> int:
    from afterview.journal import Planner, drafts_for, mailto_links, render_drafts

    plan = Planner(app, now_from(args)).entry(journal_from(args).find(args.app)).plan
    drafts = drafts_for(plan, args.rule, args.app)
    if args.mailto:  # a note to each interviewer is one link each, addressed to that person alone
        print("\n".join(mailto_links(plan, drafts, args.rule)))
    else:
        sys.stdout.write(render_drafts(drafts))
    return 0


def _configure_calendar(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", required=True,
                        help="the .ics file to write (atomically); run again on the same file to update it"
                             " (an existing FILE is replaced only if afterview wrote it)")
    parser.add_argument("--tasks", action="store_true", help="add to-dos as well as events")
    parser.add_argument("--base-url", metavar="URL", help="link each event to its page on a published guide site")
    add_journal_arguments(parser)


def run_calendar(app: Afterview, args: argparse.Namespace) -> int:
    from pathlib import Path

    from afterview import refuse_output, write_atomic
    from afterview.journal import plan_journal

    journal = journal_from(args)
    refuse_output(args.output, [str(path) for path in journal.paths()], app.wrote)  # before anything is written
    entries, problems = plan_journal(app, journal, now_from(args))
    if problems:  # a partial calendar would cancel a broken application's events
        raise AfterviewError(problems=problems)
    target = Path(args.output)
    # The file being replaced (and the state the ics format keeps beside it, as for 'plan -o') is the format's
    # memory: it bumps SEQUENCE only for changed events and writes the ones that left the plan as cancelled.
    previous = target.read_bytes() if args.output != STDOUT and target.is_file() else None
    if not entries and previous is None:
        raise AfterviewError("no open applications to put in a calendar",
                             location=Location(str(journal.root)), hint="add one with 'afterview add'")
    # '-o -', a device or a folder keeps no helper files beside it (as for 'plan -o')
    helpers = args.output != STDOUT and (target.is_file() or not target.exists())
    state = f"{target}.state.json" if helpers else None
    options = RenderOptions(tasks=args.tasks, base_url=args.base_url, previous=previous, state=state)
    data = app.render("ics", [e.plan for e in entries], options)
    write_atomic(target, data)
    print(f"wrote {len(entries)} application{'s' * (len(entries) != 1)} to {target}",
          file=sys.stderr if args.output == STDOUT else sys.stdout)  # stdout holds the calendar then
    return 0


def _configure_sync(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--caldav", metavar="URL", required=True,
                        help="the CalDAV server or calendar URL; the user name and password come from"
                             " AFTERVIEW_CALDAV_USER and AFTERVIEW_CALDAV_PASSWORD or the system keyring")
    parser.add_argument("--calendar", metavar="NAME", default="After the interview",
                        help="the calendar to keep in step (created if missing; default: 'After the interview')")
    parser.add_argument("--tasks", action="store_true", help="push to-dos too, where the calendar supports them")
    add_journal_arguments(parser)


def run_sync(app: Afterview, args: argparse.Namespace) -> int:
    from afterview.journal import plan_journal, sync

    entries, problems = plan_journal(app, journal_from(args), now_from(args))
    if problems:  # syncing without a broken application would cancel its events on the server
        raise AfterviewError(problems=problems)
    report = sync(app, [e.plan for e in entries], args.caldav, args.calendar, tasks=args.tasks)
    print(report)
    return 0


@hookimpl
def register_commands(app: Afterview) -> list[Command]:
    return [
        Command("today", "what is due today across every open application, overdue first",
                add_journal_arguments, run_agenda),
        Command("agenda", "what is due in the coming days across every open application", _configure_agenda,
                run_agenda),
        Command("status", "one line per application: stage, interview, next action, expected decision",
                add_journal_arguments, run_status),
        Command("draft", "print an action's message draft, or a mailto: link", _configure_draft, run_draft),
        Command("calendar", "write every open application into one calendar file that stays right",
                _configure_calendar, run_calendar),
        Command("sync", "keep a CalDAV calendar (Nextcloud, Fastmail, iCloud, Radicale) in step with the journal",
                _configure_sync, run_sync),
    ]

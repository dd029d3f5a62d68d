"""Options every journal command shares: where the journal is, and the moment to act for."""

from __future__ import annotations

import argparse
from datetime import datetime

from afterview.cli.clock import read_clock, system_timezone
from afterview.journal.store import JOURNAL_ENV, Journal, journal_dir


def add_journal_arguments(parser: argparse.ArgumentParser, *, now: bool = True) -> None:
    parser.add_argument("--journal", metavar="DIR",
                        help=f"the journal folder (default: ${JOURNAL_ENV}, else your user data folder)")
    if now:
        parser.add_argument("--now", metavar="DATETIME",
                            help="act as if it were this moment (for tests and planning ahead); without an offset"
                                 " it is read in this system's timezone")


def journal_from(args: argparse.Namespace) -> Journal:
    return Journal(journal_dir(args.journal))


def now_from(args: argparse.Namespace) -> datetime:
    """--now or the clock, on this system's wall clock (the agenda's days are the reader's days)."""
    return read_clock(getattr(args, "now", None)).now.astimezone(system_timezone())

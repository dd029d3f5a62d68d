"""Options every journal command shares: where the journal is, and the moment to act for.

The command plugins import this module when they are registered, on every
run: the journal store and the clock are imported by the functions that use them.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

    from afterview.journal.store import Journal

JOURNAL_ENV = "AFTERVIEW_JOURNAL"  # as journal.store reads it (and rules.overlays)


def add_journal_arguments(parser: argparse.ArgumentParser, *, now: bool = True) -> None:
    parser.add_argument("--journal", metavar="DIR",
                        help=f"the journal folder (default: ${JOURNAL_ENV}, else your user data folder)")
    if now:
        parser.add_argument("--now", metavar="DATETIME",
                            help="act as if it were this moment (for tests and planning ahead); without an offset"
                                 " it is read in this system's timezone")


def journal_from(args: argparse.Namespace, *, create: bool = False) -> Journal:
    """The journal folder; a located error if it is a file, or missing although named (unless ``create``)."""
    from afterview.journal.store import Journal, checked_journal_dir

    return Journal(checked_journal_dir(args.journal, create=create))


def now_from(args: argparse.Namespace) -> datetime:
    """--now or the clock, on this system's wall clock (the agenda's days are the reader's days)."""
    from afterview.cli.clock import read_clock, system_timezone

    return read_clock(getattr(args, "now", None)).now.astimezone(system_timezone())

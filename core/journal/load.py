"""Plan every open application in the journal for one moment, collecting broken files instead of stopping."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from afterview.errors import AfterviewError, Problem
from afterview.journal.store import Journal

if TYPE_CHECKING:
    from afterview.app import Afterview
    from afterview.planning.actions import Plan
    from afterview.rules.model import Ruleset


@dataclass
class Entry:
    """One application: its slug (the file's name), its file and its plan."""

    slug: str
    path: Path
    plan: Plan


class Planner:
    """Plans journal files, loading each distinct ruleset stack once."""

    def __init__(self, app: Afterview, now: datetime) -> None:
        self.app, self.now = app, now
        self.rulesets: dict[tuple[str, ...], Ruleset] = {}
        self.overlays: list[Any] | None = None

    def layers(self, path: Path, industry: str | None, country: str | None) -> tuple[tuple[str, ...], list[str]]:
        """The automatic layers, as ``plan`` chooses them; the overlay search path is read once."""
        from afterview.rules.overlays import find_overlays, layering, search_path

        if self.overlays is None:
            self.overlays = find_overlays(search_path((), str(path.parent)))
        chosen = layering(industry, country, self.overlays)
        return tuple(chosen.refs), chosen.notices

    def entry(self, path: Path) -> Entry:
        from afterview.cli.clock import place_zone_name
        from afterview.facts.application import checked_application
        from afterview.facts.sources import combine, read_facts_file

        source = combine(read_facts_file(str(path)), {})

        def ruleset_for(data: dict[str, Any]) -> Ruleset:  # as 'plan' does: a country implies a zone
            refs, notices = self.layers(path, data.get("industry"), data.get("country"))
            ruleset = self.rulesets.get(refs)
            if ruleset is None:
                ruleset = self.rulesets[refs] = self.app.load_ruleset(list(refs))
                ruleset.notices = tuple(notices)
            return ruleset

        ruleset, facts, _ = checked_application(source, holidays=self.app.holidays, system_zone=place_zone_name,
                                                ruleset_for=ruleset_for, now=self.now)
        return Entry(path.stem, path, self.app.plan(ruleset, facts, self.now.astimezone(facts.tz)))


def plan_journal(app: Afterview, journal: Journal, now: datetime) -> tuple[list[Entry], list[Problem]]:
    """Every open application's plan, and the problems of the files that could not be planned."""
    planner = Planner(app, now)
    entries, problems = [], []
    for path in journal.open_entries():
        try:
            entries.append(planner.entry(path))
        except AfterviewError as exc:
            problems += exc.problems
    return entries, problems

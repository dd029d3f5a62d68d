"""Flags that choose layers without describing an application (``rules``, ``diff``, ``new``), and sample plans."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from afterview.app import Afterview
    from afterview.planning.actions import Plan
    from afterview.rules.model import Ruleset


def add_layer_arguments(parser: argparse.ArgumentParser, *, ruleset_help: str | None = None) -> None:
    """--industry, --country (which overlays apply), --ruleset, --only and --ruleset-path."""
    parser.add_argument("--industry", metavar="NAME", help="layer the overlays for this industry")
    parser.add_argument("--country", metavar="CC", help="layer the overlays for this country")
    parser.add_argument("--ruleset", metavar="NAME|PATH", action="append",
                        help=ruleset_help or "a ruleset to layer over the automatic ones (repeatable)")
    parser.add_argument("--only", action="store_true", help="use only the --ruleset layers")
    parser.add_argument("--ruleset-path", metavar="DIR", action="append", default=[],
                        help="a folder of your own overlays to search")


def load_layering(app: Afterview, args: argparse.Namespace, extra: list[str] | None = None,
                  only: bool | None = None) -> Ruleset:
    """The ruleset these flags choose; ``extra`` replaces --ruleset when given."""
    from afterview.cli.application_flags import chosen_layers

    check_country(app, args.country)
    chosen = argparse.Namespace(**vars(args))
    if extra is not None:
        chosen.ruleset = extra
    if only is not None:
        chosen.only = only
    refs, notices = chosen_layers(chosen, args.industry, args.country)
    ruleset = app.load_ruleset(list(refs))
    ruleset.notices = notices
    return ruleset


def sample_plans(app: Afterview, ruleset: Ruleset, industry: str | None = None, country: str | None = None,
                 now: str | None = None) -> list[tuple[str, Plan]]:
    """(label, plan) for each sample interview, planned the morning after it (or at ``now``)."""
    from afterview.errors import FactsError, Location
    from afterview.facts.model import build_facts
    from afterview.facts.moments import OutOfRange, parse_moment
    from afterview.facts.samples import SAMPLE_INTERVIEWS, SAMPLE_NOW, SAMPLE_TIMEZONE, sample_facts_data
    from afterview.rules.documents import Document

    check_country(app, country)  # the flag's value, named as the flag rather than as the samples' facts
    plans = []
    for i, (label, _) in enumerate(SAMPLE_INTERVIEWS):
        data = sample_facts_data(i, industry=industry, country=country)
        facts = build_facts(Document(f"sample interview ({label})", data), holidays=app.holidays,
                            default_country=ruleset.calendar.country,
                            default_timezone=ruleset.calendar.timezone or SAMPLE_TIMEZONE)
        try:
            moment: Any = parse_moment(now or SAMPLE_NOW, facts.tz)
        except OutOfRange as exc:
            raise FactsError(str(exc), location=Location("--now")) from None
        plans.append((label, app.plan(ruleset, facts, _require(moment))))
    return plans


def check_country(app: Afterview, code: str | None) -> None:
    """A FactsError at --country, as ``plan`` gives, when ``code`` is no country the holiday tables know."""
    from afterview.errors import FactsError, Location
    from afterview.facts.places import country_problem

    problem = country_problem(code, app.holidays.countries()) if code else None
    if problem:
        raise FactsError(problem[0], location=Location("--country"), hint=problem[1])


def _require(moment: datetime | None) -> datetime:
    from afterview.errors import FactsError, Location

    if moment is None:
        raise FactsError("not a date and time", location=Location("--now"), hint="write it as 2026-11-18T09:00")
    return moment

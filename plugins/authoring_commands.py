"""Built-in commands for people who write rulesets: ``rules``, ``new overlay`` and ``diff``."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from afterview import Afterview, AfterviewError, Command, Location, Plan, Ruleset, UsageError, hookimpl
from afterview.cli import add_layer_arguments, check_country, load_layering, sample_plans


def _configure_rules(parser: argparse.ArgumentParser) -> None:
    add_layer_arguments(parser)


def run_rules(app: Afterview, args: argparse.Namespace) -> int:
    from afterview.text import timing_words

    ruleset = load_layering(app, args)
    print(f"ruleset {ruleset.id}: {', '.join(layer.id for layer in ruleset.layers)}")
    for notice in ruleset.notices:
        print(f"Note: {notice}")
    width = max(len(rule.id) for rule in ruleset.rules)
    for rule in ruleset.rules:
        print(f"\n{rule.id.ljust(width)}  {rule.kind:<9}  {rule.title}")
        for label, words in timing_words(rule) or [("When", "no date: general advice")]:
            print(f"{'':{width}}  {label.lower() + ':':<12} {words}")
    return 0


def _configure_new(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("what", choices=["overlay"], help="what to create")
    parser.add_argument("name", metavar="NAME", help="the overlay's id and file name, e.g. industry-nonprofit")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--industry", metavar="NAME", help="the industry it applies to, e.g. nonprofit")
    which.add_argument("--country", metavar="CC", help="the country it applies to, e.g. FR")
    parser.add_argument("--dir", metavar="DIR", default=".", help="where to write the files (default: here)")
    parser.add_argument("--base-url", metavar="URL",
                        help="your published guide, whose /schemas/ the files' editor modelines point at")


# Where interviews in a country usually are; anything else defaults to UTC in the scaffold's test.
_TIMEZONES = {"US": "America/New_York", "GB": "Europe/London", "DE": "Europe/Berlin", "FR": "Europe/Paris",
              "IN": "Asia/Kolkata", "JP": "Asia/Tokyo", "CA": "America/Toronto", "AU": "Australia/Sydney"}


def run_new(app: Afterview, args: argparse.Namespace) -> int:
    from afterview import write_atomic
    from afterview.rules import schema_url
    from afterview.text import overlay_text, test_text

    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args.name):
        raise UsageError(f"'{args.name}' is not a valid id: use lowercase letters, digits and single hyphens",
                         location=Location("NAME"), hint="e.g. industry-nonprofit")
    check_country(app, args.country)
    key, value = ("industry", args.industry.strip().lower().replace(" ", "-")) if args.industry else \
        ("country", args.country.strip().upper())
    folder = Path(args.dir)
    overlay, test = folder / f"{args.name}.yaml", folder / f"{args.name}.test.yaml"
    for path in (overlay, test):
        if path.exists():
            raise AfterviewError("the file already exists; not overwriting it", location=Location(str(path)),
                                 hint="choose another NAME, or --dir for another folder")
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(overlay, overlay_text(args.name, key, value, args.dir, schema_url("ruleset", args.base_url)))
    timezone = "America/New_York" if key == "industry" else _TIMEZONES.get(value, "UTC")
    rows = _expectations(app, overlay, key, value, timezone)
    write_atomic(test, test_text(args.name, key, value, timezone=timezone, expectations=rows,
                                 schema=schema_url("test", args.base_url)))
    print(f"wrote {overlay}\nwrote {test}\nnext: edit {overlay.name}, then run: afterview test {test}")
    return 0


def _expectations(app: Afterview, overlay: Path, key: str, value: str, timezone: str) -> list[dict[str, str]]:
    """What the new overlay gives today for the sample interview, so its test passes until the overlay changes."""
    from afterview import build_facts
    from afterview.facts import SAMPLE_NOW, parse_moment
    from afterview.rules import Document

    ruleset = app.load_ruleset(["default", str(overlay)])
    data = {"company": "Northwind Analytics", "timezone": timezone, key: value,
            "interview": {"start": "2026-11-17T14:00"}}
    facts = build_facts(Document("sample", data), holidays=app.holidays)
    now = parse_moment(SAMPLE_NOW, facts.tz)
    assert now is not None
    plan = app.plan(ruleset, facts, now)
    rows = []
    for rule_id in ("thank-you-note", "follow-up"):
        action = plan.action(rule_id)
        if action is not None:
            rows.append({"rule": rule_id, "status": action.status, "due": f"{action.due:%Y-%m-%dT%H:%M}"})
    return rows


def _configure_diff(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("facts", nargs="*", metavar="FACTS", help="facts files to compare dates for"
                                                                 " (default: the sample interviews)")
    add_layer_arguments(parser, ruleset_help="the first is layered on the left, the second on the right; "
                                             "with one, the left is the automatic layering alone")
    parser.add_argument("--now", metavar="DATETIME", help="plan as if it were this moment")


def run_diff(app: Afterview, args: argparse.Namespace) -> int:
    """Compare the layerings for the flags' industry and country, or for each facts file's own."""
    from afterview.facts import read_facts_file

    if len(args.ruleset or []) > 2:
        raise UsageError("diff compares two layerings: give --ruleset at most twice", location=Location("--ruleset"))
    groups: dict[tuple[str | None, str | None], list[Any]] = {}
    for path in args.facts:
        doc = read_facts_file(path)
        groups.setdefault((args.industry or doc.data.get("industry"), args.country or doc.data.get("country")),
                          []).append(doc)
    for i, ((industry, country), docs) in enumerate((groups or {(args.industry, args.country): []}).items()):
        if i:
            print()
        _diff(app, argparse.Namespace(**{**vars(args), "industry": industry, "country": country}), docs)
    return 0


def _diff(app: Afterview, args: argparse.Namespace, docs: list[Any]) -> None:
    from afterview.text import date_changes, field_changes

    given = args.ruleset or []
    if not given and not args.only:  # what the automatic overlays change
        left, right = load_layering(app, args, ["default"], only=True), load_layering(app, args, [])
    else:
        left = load_layering(app, args, given[:1] if len(given) == 2 else [])
        right = load_layering(app, args, given[-1:])
    print(f"left:  {left.id}\nright: {right.id}")
    for notice in dict.fromkeys([*left.notices, *right.notices]):  # each said of the side it is true of
        side = "" if notice in left.notices and notice in right.notices else \
            " (left)" if notice in left.notices else " (right)"
        print(f"Note{side}: {notice}")
    _print_changes("Fields", field_changes(left, right))
    for label, (before, after) in _paired_plans(app, args, docs, left, right):
        _print_changes(f"Dates for {label}", date_changes(before, after))


def _paired_plans(app: Afterview, args: argparse.Namespace, docs: list[Any], left: Ruleset,
                  right: Ruleset) -> list[tuple[str, tuple[Plan, Plan]]]:
    """(label, (left plan, right plan)) for each facts file, or for each sample interview."""
    if not docs:
        lefts = sample_plans(app, left, args.industry, args.country, args.now)
        rights = sample_plans(app, right, args.industry, args.country, args.now)
        return [(f"the sample interview ({label})", (a, b)) for (label, a), (_, b) in zip(lefts, rights, strict=True)]
    from afterview import build_facts
    from afterview.cli import read_clock
    from afterview.facts import combine

    pairs = []
    for doc in docs:
        plans = []
        for ruleset in (left, right):
            facts = build_facts(combine(doc, {}), holidays=app.holidays, default_country=ruleset.calendar.country,
                                default_timezone=ruleset.calendar.timezone)
            plans.append(app.plan(ruleset, facts, read_clock(args.now).now.astimezone(facts.tz)))
        pairs.append((doc.path, (plans[0], plans[1])))
    return pairs


def _print_changes(heading: str, changes: list[tuple[str, str, str]]) -> None:
    print(f"\n{heading}: {'no differences' if not changes else ''}".rstrip())
    for what, before, after in changes:
        print(f"  {what}\n    - {before}\n    + {after}")


@hookimpl
def register_commands(app: Afterview) -> list[Command]:
    return [
        Command("rules", "list the rules of a layering: id, kind, title and timing in words", _configure_rules,
                run_rules),
        Command("new", "create a commented overlay and a test file that passes (never overwrites)", _configure_new,
                run_new),
        Command("diff", "how two layerings differ, field by field and in the dates they give", _configure_diff,
                run_diff),
    ]

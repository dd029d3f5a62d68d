"""``afterview add``: a new journal file from flags, from a facts file, or from answers to a few questions."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from afterview.atomic import write_atomic
from afterview.errors import AfterviewError, FactsError, Location, UsageError
from afterview.journal.edit import HEADER, append_item, check_text, round_trip
from afterview.journal.lock import locked
from afterview.journal.store import Journal, slugify

# Questions asked when stdin is a terminal and nothing else describes the application: (path, prompt).
QUESTIONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("company",), "Company"),
    (("role",), "Role"),
    (("interview", "start"), "Interview start (e.g. 2026-11-17T14:00)"),
    (("timezone",), "Timezone"),
    (("country",), "Country (ISO code, e.g. US)"),
    (("decision", "within"), "What did they say about a decision? (e.g. '2 weeks'; empty if nothing)"),
)


KEY_ORDER = ("company", "role", "industry", "seniority", "country", "timezone", "candidate", "interview", "decision",
             "events", "done", "linkedin")


def ask(default_timezone: str, prompt: Callable[[str], str] = input) -> dict[tuple[str, ...], Any]:
    """Answers to ``QUESTIONS``; an empty answer leaves the value out (timezone defaults to the system's)."""
    values: dict[tuple[str, ...], Any] = {}
    for path, question in QUESTIONS:
        default = default_timezone if path == ("timezone",) else ""
        answer = prompt(f"{question}{f' [{default}]' if default else ''}: ").strip() or default
        if answer:
            values[path] = answer
    return values


def entry_text(source: Path | None, values: dict[tuple[str, ...], Any], default_timezone: str) -> str:
    """The new file's text: the facts file's own text (comments kept) or a header, with ``values`` set on it."""
    text = source.read_text(encoding="utf-8") if source else HEADER
    yaml, data = round_trip(text)
    if data is None:
        from ruamel.yaml.comments import CommentedMap

        data = CommentedMap()
        yaml.indent(mapping=2, sequence=4, offset=2)
    for path, value in sorted(values.items(), key=lambda item: KEY_ORDER.index(item[0][0])):
        target = data
        for part in path[:-1]:
            target = target.setdefault(part, {})
        if path == ("events",):
            for item in value:
                append_item(target, "events", item)
        else:
            target[path[-1]] = value
    if "timezone" not in data:
        data["timezone"] = default_timezone  # naive times in the file need a zone: the one the checks settled on
    out = io.StringIO()
    yaml.dump(data, out)
    body = out.getvalue()
    return body if source else HEADER + body


def create(journal: Journal, slug: str | None, text: str) -> tuple[str, Path]:
    """Check ``text``, then write it as a new entry; never overwrites one (checked again under the lock)."""
    facts = check_text("new application", text)
    name = slug or slugify(facts.company, facts.role)
    if not name:
        raise UsageError("the application needs a name", location=Location("--slug"),
                         hint="give --company and --role, or --slug acme-data-engineer")
    path = journal.new_path(name)
    try:
        journal.root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AfterviewError(f"cannot create the journal folder: {exc.strerror or exc}",
                             location=Location(str(journal.root))) from None
    with locked(path):
        journal.new_path(name)  # another process may have added it meanwhile
        write_atomic(path, text, durable=True)
    return name, path


def check_facts(app: Any, source: Path | None, values: dict[tuple[str, ...], Any],
                now: datetime) -> tuple[str, list[str]]:
    """Check the facts file and flags as ``plan`` does, so each error names the flag or the file's line.

    Returns the timezone ``plan`` would use (a country's own zone, the system's only when neither is given)
    and the notes that say where it came from.
    """
    from afterview.cli.clock import place_zone_name
    from afterview.facts.application import checked_application
    from afterview.facts.sources import combine, read_facts_file
    from afterview.rules.overlays import automatic_layers

    def ruleset_for(data: dict[str, Any]) -> Any:
        industry, country = data.get("industry"), data.get("country")
        return app.load_ruleset(automatic_layers(industry if isinstance(industry, str) else None,
                                                 country if isinstance(country, str) else None).refs)

    _, facts, notes = checked_application(combine(read_facts_file(str(source)) if source else None, values),
                                          holidays=app.holidays, system_zone=place_zone_name,
                                          ruleset_for=ruleset_for, now=now)
    return facts.tz.key, notes


def read_source(name: str | None) -> Path | None:
    if name is None:
        return None
    path = Path(name)
    if not path.is_file():
        raise FactsError("no such facts file", location=Location(name))
    return path

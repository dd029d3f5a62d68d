"""``afterview add``: a new journal file from flags, from a facts file, or from answers to the questions."""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from afterview.atomic import write_atomic
from afterview.errors import AfterviewError, Location, UsageError
from afterview.journal.edit import HEADER, append_item, check_text, round_trip
from afterview.journal.lock import locked
from afterview.journal.store import Journal, slugify

KEY_ORDER = ("company", "role", "industry", "seniority", "country", "timezone", "candidate", "interview", "decision",
             "events", "done", "linkedin")


def entry_text(source: Source | None, values: dict[tuple[str, ...], Any], default_timezone: str) -> str:
    """The new file's text: the facts file's own text (comments kept) or a header, with ``values`` set on it."""
    text = source.text if source else HEADER
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
                             location=Location(str(journal.root)),
                             hint="choose a folder you may write to with --journal DIR or AFTERVIEW_JOURNAL") from None
    with locked(path):
        journal.new_path(name)  # another process may have added it meanwhile
        write_atomic(path, text, durable=True)
    return name, path


@dataclass(frozen=True)
class Source:
    """A facts file given to ``add``: how errors name it (``<stdin>`` for ``-``) and its bytes."""

    name: str
    raw: bytes
    stdin: bool = False  # read from standard input: no file name names the application

    @property
    def text(self) -> str:
        return self.raw.decode("utf-8-sig")  # parse_facts has checked it decodes


def check_facts(app: Any, source: Source | None, values: dict[tuple[str, ...], Any],
                now: datetime) -> tuple[str, list[str]]:
    """Check the facts file and flags as ``plan`` does, so each error names the flag or the file's line.

    Returns the timezone ``plan`` would use (a country's own zone, the system's only when neither is given)
    and the notes that say where it came from or what else was assumed.
    """
    from afterview.cli.clock import place_zone_name
    from afterview.facts.application import checked_application
    from afterview.facts.sources import combine, parse_facts
    from afterview.rules.overlays import automatic_layers

    def ruleset_for(data: dict[str, Any]) -> Any:
        industry, country = data.get("industry"), data.get("country")
        return app.load_ruleset(automatic_layers(industry if isinstance(industry, str) else None,
                                                 country if isinstance(country, str) else None).refs)

    document = parse_facts(source.name, source.raw) if source else None
    facts_source = combine(document, values, stdin=source is not None and source.stdin)
    _, facts, notes = checked_application(facts_source, holidays=app.holidays,
                                          system_zone=place_zone_name, ruleset_for=ruleset_for, now=now)
    return facts.tz.key, [n for n in notes if not n.startswith("country ")]  # a zone's country moves no date


def read_source(name: str | None) -> Source | None:
    """The facts file ``add`` copies in: a path, or ``-`` for standard input."""
    from afterview.facts.sources import STDIN, read_facts_bytes
    from afterview.rules.documents import MAX_BYTES

    if name is None:
        return None
    if name == STDIN:
        return Source("<stdin>", sys.stdin.buffer.read(MAX_BYTES + 1), stdin=True)
    return Source(name, read_facts_bytes(name))

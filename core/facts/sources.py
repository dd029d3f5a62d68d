"""Where raw facts come from: YAML files and command-line flags, each able to say where a value came from."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from afterview.errors import FactsError, Location
from afterview.facts.model import Facts, FactsOrigin, build_facts
from afterview.rules.documents import MAX_BYTES, Document, read_limited

# The flag that sets each facts path, for error locations.
FLAG_PATHS: dict[tuple[str, ...], str] = {
    ("interview", "start"): "--interview",
    ("timezone",): "--timezone",
    ("company",): "--company",
    ("role",): "--role",
    ("industry",): "--industry",
    ("country",): "--country",
    ("interview", "interviewers"): "--interviewer",
    ("decision", "by"): "--decision-by",
    ("decision", "within"): "--decision-in",
    ("events",): "--event",
    ("candidate", "name"): "--name",
}


@cache  # compiled on first use: only --interviewer needs it
def _interviewer_pattern() -> re.Pattern[str]:
    return re.compile(r"^\s*(?P<name>[^<]+?)\s*(?:<(?P<email>[^>]+)>)?\s*$")


@dataclass
class FactsSource:
    """Raw facts from a file overlaid with flags; ``location`` points at the file line or the flag."""

    path: str
    data: dict[str, Any]
    document: Document | None = None
    flagged: set[tuple[str, ...]] = field(default_factory=set)
    file_events: int = 0  # events before this index came from the file; --event values follow them
    origin: FactsOrigin = FactsOrigin.FILE

    def location(self, path: tuple[Any, ...] = (), *, key: bool = False) -> Location:
        if self.document is not None and path[:1] == ("events",) and len(path) > 1 and path[1] < self.file_events:
            return self.document.location(path, key=key)
        for prefix in self.flagged:
            if tuple(path[: len(prefix)]) == prefix or (prefix[: len(path)] == tuple(path) and path):
                return Location(FLAG_PATHS[prefix])
        if self.document is not None:
            return self.document.location(path, key=key)
        flag = next((f for prefix, f in FLAG_PATHS.items() if tuple(path[: len(prefix)]) == prefix), None)
        return Location(flag or self.path)


STDIN = "-"


def read_facts_file(path: str) -> Document:
    """Parse and schema-check a facts YAML file; ``-`` reads standard input (shown as ``<stdin>``)."""
    if path == STDIN:
        raw, path = sys.stdin.buffer.read(MAX_BYTES + 1), "<stdin>"
    else:
        raw = read_facts_bytes(path)
    return parse_facts(path, raw)


def read_facts_bytes(path: str) -> bytes:
    """A facts file's bytes; a located error, with a hint, for a folder, a missing or an unreadable file."""
    try:
        return read_limited(path)
    except IsADirectoryError:
        raise FactsError("this is a folder, not a facts file", location=Location(path),
                         hint="give the .yaml file inside it, e.g. acme.yaml") from None
    except FileNotFoundError:
        raise FactsError("no such facts file", location=Location(path),
                         hint="check the path; 'afterview schema facts' shows what a facts file holds") from None
    except OSError as exc:
        raise FactsError(f"cannot read facts file: {exc.strerror or exc}", location=Location(path),
                         hint="check that the file exists and that you may read it") from None


def parse_facts(path: str, raw: bytes) -> Document:
    """Facts from a file's bytes, parsed and schema-checked; ``path`` is how errors name it."""
    from afterview.rules.load import validated_document

    doc = validated_document(path, raw, "facts", FactsError)
    if not isinstance(doc.data, dict):
        raise FactsError("facts must be a mapping with at least interview.start", location=Location(path, 1, 1),
                         hint="start with 'interview:' and '  start: 2026-11-17T14:00' ('afterview schema facts'"
                              " shows every field)")
    return doc


def flag_values(args: Any) -> dict[tuple[str, ...], Any]:
    """The facts paths the command-line flags set, e.g. {('interview', 'start'): '2026-11-17 14:00'}."""
    values: dict[tuple[str, ...], Any] = {}
    simple = {"interview": ("interview", "start"), "timezone": ("timezone",), "company": ("company",),
              "role": ("role",), "industry": ("industry",), "country": ("country",),
              "decision_by": ("decision", "by"), "decision_in": ("decision", "within"), "name": ("candidate", "name")}
    for attr, path in simple.items():
        value = getattr(args, attr, None)
        if value is not None:
            values[path] = value
    if getattr(args, "interviewer", None):
        values[("interview", "interviewers")] = [_interviewer(text) for text in args.interviewer]
    if getattr(args, "event", None):
        values[("events",)] = [_event(text) for text in args.event]
    return values


def _interviewer(text: str) -> dict[str, str]:
    match = _interviewer_pattern().match(text)
    if not match:
        raise FactsError(f"'{text}' is not a name, or 'Name <email>'", location=Location("--interviewer"),
                         hint="for example --interviewer 'Jane Doe <jane@acme.example>'")
    return {k: v for k, v in match.groupdict().items() if v}


def _event(text: str) -> dict[str, str]:
    """TYPE=DATETIME, or done:RULE=DATETIME for the generic 'done' event."""
    kind, sep, at = text.partition("=")
    if not sep or not kind or not at:
        raise FactsError(f"'{text}' is not TYPE=DATETIME", location=Location("--event"),
                         hint="for example --event thank_you_sent=2026-11-18T09:10, or done:follow-up=2026-11-25")
    kind, colon, rule = kind.strip().partition(":")
    event = {"type": kind, "at": at.strip()}
    if colon:
        event["rule"] = rule.strip()
    return event


def combine(document: Document | None, flags: dict[tuple[str, ...], Any], *, stdin: bool = False) -> FactsSource:
    """Overlay flag values on a facts file (or on nothing); ``--event`` values add to the file's events.

    ``stdin``: the file was read from standard input, so no file name names the application.
    """
    data: dict[str, Any] = _copy(document.data) if document else {}
    file_events = len(data.get("events") or [])
    for path, value in flags.items():
        if path == ("events",):
            data["events"] = [*(data.get("events") or []), *value]
            continue
        target = data
        for part in path[:-1]:
            target = target.setdefault(part, {})
        if path == ("decision", "by"):
            target.pop("within", None)
        if path == ("decision", "within"):
            target.pop("by", None)
        target[path[-1]] = value
    if document is None:
        return FactsSource("command line", data, None, set(flags), file_events, FactsOrigin.FLAGS)
    origin = FactsOrigin.STDIN if stdin else FactsOrigin.FILE
    return FactsSource(document.path, data, document, set(flags), file_events, origin)


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def load_facts(source: str | dict[str, Any], *, default_country: str = "US",
               default_timezone: str | None = None) -> Facts:
    """Facts from a YAML file path or from a dict shaped like a facts file."""
    if isinstance(source, str):
        document = read_facts_file(source)
        raw = FactsSource(source, document.data, document,
                          origin=FactsOrigin.STDIN if source == STDIN else FactsOrigin.FILE)
    else:
        from afterview.rules.schema import check

        document = Document("facts", source)
        problems = check(document, "facts")
        if problems:
            raise FactsError(problems=problems)
        raw = FactsSource("facts", source, document, origin=FactsOrigin.MAPPING)
    return build_facts(raw, default_country=default_country, default_timezone=default_timezone)

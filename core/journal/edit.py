"""Change a journal file in place: comments and layout kept (ruamel.yaml round trip), checked, atomic, locked."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from afterview.atomic import write_atomic
from afterview.errors import FactsError, Location
from afterview.facts.model import Facts
from afterview.journal.lock import locked

HEADER = ("# An afterview journal entry; the file's name is the application's. Edit freely: naive times are in\n"
          "# `timezone`. Record what happens with 'afterview record APP EVENT' (see 'afterview schema facts').\n")


def round_trip(text: str) -> tuple[Any, Any]:
    """A round-trip YAML loader/dumper set to the file's own indentation, and the loaded data."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.util import load_yaml_guess_indent

    try:
        _, indent, offset = load_yaml_guess_indent(text)
    except YAMLError:
        indent, offset = 2, 0
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a person's long lines
    indent = indent or 2
    yaml.indent(mapping=(indent - offset) if offset else indent, sequence=indent, offset=offset or 0)
    return yaml, yaml.load(text)


def check_text(display: str, text: str) -> Facts:
    """The facts a file's text gives, or the FactsError listing every problem (nothing is written then)."""
    from afterview.facts.model import build_facts
    from afterview.facts.sources import combine
    from afterview.rules.load import validated_document

    doc = validated_document(display, text.encode("utf-8"), "facts", FactsError)
    if not isinstance(doc.data, dict):
        raise FactsError("facts must be a mapping with at least interview.start", location=Location(display, 1, 1),
                         hint="start with 'interview:' and '  start: 2026-11-17T14:00' ('afterview schema facts'"
                              " shows every field)")
    # The ruleset's default timezone applies when planning; here only the file's own values are checked.
    return build_facts(combine(doc, {}), default_timezone="UTC")


def update(path: Path, change: Callable[[Any], None]) -> str:
    """Read ``path``, let ``change`` edit the loaded mapping, check the result and replace the file atomically.

    The whole read-change-write holds the file's lock, so concurrent commands
    queue instead of losing each other's changes.
    """
    with locked(path):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise FactsError(f"cannot read: {exc.strerror or exc}", location=Location(str(path)),
                             hint="check that the file exists and that you may read it") from None
        yaml, data = round_trip(text)
        change(data)
        out = io.StringIO()
        yaml.dump(data, out)
        new_text = out.getvalue()
        check_text(str(path), new_text)
        write_atomic(path, new_text, durable=True)
        return new_text


def append_item(data: Any, key: str, item: dict[str, str]) -> None:
    """Add ``item`` to the list under ``key``, in the style (flow or block) of the items already there."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    entries = data.get(key)
    if entries is None:
        entries = data[key] = CommentedSeq()
    entry = CommentedMap(item)
    last = entries[-1] if len(entries) else None
    if last is None or (hasattr(last, "fa") and last.fa.flow_style()):
        entry.fa.set_flow_style()  # one line per event reads best, and is the style of the examples
    entries.append(entry)


def add_event(kind: str, at: str, note: str | None, rule: str | None = None,
              interview: str | None = None) -> Callable[[Any], None]:
    """A change that appends ``{type, rule, at, interview, note}`` to ``events`` (``rule`` only for a ``done``
    event, ``interview`` only for a next round's start)."""
    item = {"type": kind, **({"rule": rule} if rule else {}), "at": at,
            **({"interview": interview} if interview else {}), **({"note": note} if note else {})}
    return lambda data: append_item(data, "events", item)

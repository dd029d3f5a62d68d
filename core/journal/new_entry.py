"""``afterview add``: a new journal file from flags, from a facts file, or from answers to a few questions."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from afterview.atomic import write_atomic
from afterview.errors import AfterviewError, Location, UsageError
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
REQUIRED = {("interview", "start")}

KEY_ORDER = ("company", "role", "industry", "seniority", "country", "timezone", "candidate", "interview", "decision",
             "events", "done", "linkedin")


class NoAnswer(AfterviewError):
    """The questions' input ended (Ctrl-D, or a closed pipe) before every question was answered."""


# A stand-in start while the interview has not been asked yet, so each answer is checked on its own.
_PLACEHOLDER_START = "2026-01-05T10:00"


def ask(default_timezone: str, prompt: Callable[[str], str] | None = None,
        check: Callable[[dict[tuple[str, ...], Any]], None] | None = None,
        tell: Callable[[str], None] | None = None) -> dict[tuple[str, ...], Any]:
    """Answers to ``QUESTIONS``; an empty answer leaves the value out (timezone defaults to the system's).

    ``check`` raises an ``AfterviewError`` for answers that cannot be planned: the earlier answers passed it,
    so the error is the new answer's, and the question is asked again after ``tell`` shows the error and hint.
    """
    values: dict[tuple[str, ...], Any] = {}
    for path, question in QUESTIONS:
        default = default_timezone if path == ("timezone",) else ""
        while True:
            answer = _answer(prompt or terminal_prompt, question, default)
            trial = {**values, path: answer} if answer else values
            if not answer and path in REQUIRED:
                problem: str | None = (f"  {_short(question)} is needed: every date in the plan counts from it"
                                       "\n  hint: write it as 2026-11-17T14:00")
            else:
                problem = _problem(trial, check) if answer and check else None
            if problem is None:
                values = trial
                break
            (tell or _tell)(problem)
    return values


def _short(question: str) -> str:
    return question.partition(" (")[0]


def _answer(prompt: Callable[[str], str], question: str, default: str) -> str:
    try:
        return prompt(f"{question}{f' [{default}]' if default else ''}: ").strip() or default
    except EOFError:
        raise NoAnswer(f"no answer to '{_short(question)}' (end of input); nothing was added", location=Location("add"),
                       hint="run 'afterview add' again, or describe the application with a facts file"
                            " or flags such as --company Acme --interview 2026-11-17T14:00") from None


def _problem(values: dict[tuple[str, ...], Any], check: Callable[[dict[tuple[str, ...], Any]], None]) -> str | None:
    """The first problem ``check`` finds, as 'message' and 'hint: …' lines without the flag it would name."""
    trial = values if ("interview", "start") in values else {**values, ("interview", "start"): _PLACEHOLDER_START}
    try:
        check(trial)
    except AfterviewError as exc:
        hint = exc.hint or "answer again, or press Ctrl-D to stop without adding anything"
        return f"  {exc.message}\n  hint: {hint}"
    return None


def _tell(text: str) -> None:
    print(text, file=sys.stderr)


def terminal_prompt(question: str) -> str:
    """``input``, ending the prompt's line when the input ends, so the error that follows starts a line."""
    try:
        return input(question)
    except EOFError:
        print()
        raise


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

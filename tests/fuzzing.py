"""Hostile inputs for fuzzing afterview: facts, rulesets and command lines, and one run of each.

Inputs are valid documents with a few values swapped for hostile ones, or
their YAML text mangled, which reaches deeper than random bytes. A ``Chooser``
supplies the randomness: ``random.Random`` in ``bench/fuzz.py`` (fast) or a
Hypothesis adapter in ``tests/test_fuzz.py`` (shrinks a failure to its core).
The property: a run ends in a plan (or output) or an AfterviewError; anything
else is a crash.
"""

from __future__ import annotations

import contextlib
import copy
import io
import sys
import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import yaml

from afterview import AfterviewError, RenderOptions

NOW = datetime(2026, 11, 18, 9, 0, tzinfo=ZoneInfo("UTC"))
TEMPLATES = [
    "{{ 1/0 }}", "{{ 9 ** (9 ** 9) }}", "{{ 'x' * 3000000000 }}", "{{ [1] * 1000000000 }}", "{{ company",
    "{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}", "{{ 'x'|center(10**9) }}",
    "{{ '%0999999999d' % 1 }}", "{{ ''.__class__.__mro__[1].__subclasses__() }}", "{{ lipsum(10**6) }}",
    "{{ cycler.__init__.__globals__ }}", "{{ company | upper }} {{ interviewer.name }}", "{{ range(10**9) }}",
    "{% set ns = namespace(s='xx') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
    "{{ topics | join(', ') }}", "{{ decision_by }}", "{% raw %}", "{{ 'a'.ljust(10**9) }}", "{{ -1 ** 100000 }}",
]
STRINGS = [
    "", " ", "\x00", "\x1b[2J\x1b]0;pwned\x07", "\u202e", "\u0085", "\ud7ff", "x" * 3000, "9" * 400,
    "2026-11-17T14:00", "2026-11-17", "0001-01-01", "9999-12-31T23:59", "10000-01-01T00:00", "2026-02-30",
    "1899-12-31T23:00", "2200-12-31T23:59", "2026-11-17T14:00+14:00", "2026-11-17T14:00-12:00",
    "1000000000d", "3000000bd", "-5d", "5bd", "2 weeks", "10 business days", "99999999h", "522w", "2614bd",
    "<script>alert(1)</script>", "```", "# heading", "ZZ", "US-XX", "US-CA", "DE", "NO", "Mars/Olympus", "UTC",
    "America/New_York", "Asia/Kathmandu", "../../etc/passwd", "/etc/localtime", "rule.ghost.due", "rule.a.due",
    "event.thank_you_sent", "event.nope", "interview.end", "interview.start", "decision.by", "mon", "sun",
    "task", "quiet", "guidance", "milestone", "following", "preceding", "none", "25:99", "09:00", "fact", *TEMPLATES,
]
VALUES: list[Any] = [*STRINGS, 0, -1, 1, 7, 2**53, 10**15 - 1, -(10**15) + 1, 0.5, 1e308, -0.0, True, False, None,
                     [], {}, ["x"], {"a": 1}, [[[[["deep"]]]]], ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]]
SPLICES = ["\x00", "\x1b", "\x7f", "\x85", "\t", "\r", "\n", "\ufeff", "[", "]", "{", "}", ":", "- ", "&a ", "*a",
           "!!int ", "!!binary ", "!!python/object ", "<<: ", "? ", "'", '"', "#", "|", ">", "%", "@", "`", "---\n",
           "...\n", "  ", "\\", "\xe9", "[" * 100, "{a: " * 70, "- " * 70]


class Chooser(Protocol):
    def choice(self, seq: list[Any]) -> Any: ...
    def randint(self, a: int, b: int) -> int: ...


def facts_data() -> dict[str, Any]:
    return {
        "company": "Acme", "role": "Engineer", "country": "US", "timezone": "America/New_York",
        "candidate": {"name": "Sam"},
        "interview": {"start": "2026-11-17T14:00", "end": "2026-11-17T15:00", "round": 1,
                      "interviewers": [{"name": "Jane", "email": "jane@acme.example", "topics": ["data"]}]},
        "decision": {"within": "2 weeks"},
        "events": [{"type": "thank_you_sent", "at": "2026-11-18T09:10"}],
    }


def ruleset_data() -> dict[str, Any]:
    return {
        "id": "fuzz", "title": "Fuzz",
        "calendar": {"country": "US", "weekend": ["sat", "sun"], "closed": [{"date": "2026-12-24", "name": "Eve"}]},
        "sources": [{"id": "s", "title": "Source", "kind": "advice"}],
        "rules": [
            {"id": "a", "title": "A", "kind": "task", "summary": "Do A at {{ company }}", "sources": ["s"],
             "timing": {"due": {"anchor": "interview.end", "offset": "1d"}, "at": "09:00", "roll": "following"},
             "templates": [{"id": "t", "text": "Dear {{ interviewer.name }}", "subject": "Hi", "max_chars": 500}]},
            {"id": "b", "title": "B", "kind": "quiet", "body": "Wait <b>here</b>.",
             "timing": {"opens": {"anchor": "rule.a.due"},
                        "closes": {"fraction": 0.5, "from": "interview.end", "to": "decision.by"}}},
            {"id": "c", "title": "C", "kind": "task", "when": {"country": {"in": ["US", "GB"]}},
             "timing": {"due": {"first_of": [{"anchor": "event.thank_you_sent", "offset": "2bd"},
                                             {"anchor": "decision.by", "offset": "-1bd"}]}}},
            {"id": "d", "title": "D", "kind": "guidance", "body": "Be kind."},
        ],
    }


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*prefix, i))
    return found


def mutate(data: Any, rng: Chooser, times: int) -> Any:
    """Replace, delete or add values at random paths."""
    for _ in range(times):
        paths = _paths(data)
        if not paths:
            break
        path = rng.choice(paths)
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = rng.randint(0, 5)
        if action == 0 and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == 1 and isinstance(parent, dict):
            parent[rng.choice(["extra", "id", "kind", "when", "timing", "at", "offset"])] = copy.deepcopy(rng.choice(VALUES))
        elif action == 2 and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[path[-1]]))  # a duplicate entry
        else:
            parent[path[-1]] = copy.deepcopy(rng.choice(VALUES))  # a copy: VALUES must never change
    return data


def to_text(data: Any, rng: Chooser) -> str:
    """YAML for ``data``, sometimes with characters spliced in, cut out or swapped."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10**6)
    for _ in range(rng.choice([0, 0, 0, 1, 2, 4])):
        at = rng.randint(0, len(text))
        how = rng.randint(0, 2)
        if how == 0:
            text = text[:at] + rng.choice(SPLICES) + text[at:]
        elif how == 1:
            text = text[:at] + text[at + rng.randint(1, 8):]
        else:
            text = text[:at] + rng.choice(STRINGS)[:50] + text[at + 1:]
    return text


def facts_text(rng: Chooser) -> str:
    return to_text(mutate(facts_data(), rng, rng.randint(0, 4)), rng)


def ruleset_text(rng: Chooser) -> str:
    data = ruleset_data()
    if rng.randint(0, 9) == 0:
        data["extends"] = ["default"]
    return to_text(mutate(data, rng, rng.randint(0, 5)), rng)


FLAGS = ["--interview", "--timezone", "--company", "--role", "--industry", "--country", "--interviewer", "--name",
         "--decision-by", "--decision-in", "--event", "--ruleset", "--now", "--format", "--base-url", "--drafts",
         "--tasks", "-o", "--debug", "--help"]
COMMANDS = ["plan", "plan", "plan", "explain", "validate", "test", "rulesets", "schema", "hooks", "plugins"]


def argv(rng: Chooser, folder: Path) -> list[str]:
    """A command line using the facts and ruleset files in ``folder``; ``-o`` always writes inside it."""
    command = rng.choice(COMMANDS)
    args = [command]
    if command == "explain":
        args.append(rng.choice(["a", "thank-you-note", "ghost", ""]))
    if command in ("plan", "explain") and rng.randint(0, 1):
        args.append(str(folder / "facts.yaml"))
    if command in ("validate", "test"):
        args.append(str(folder / rng.choice(["facts.yaml", "ruleset.yaml", "x.test.yaml", "missing.yaml"])))
    if command == "schema":
        args.append(rng.choice(["ruleset", "facts", "plan", "nope"]))
    for _ in range(rng.randint(0, 6)):
        flag = rng.choice(FLAGS)
        if flag in ("--drafts", "--tasks", "--debug", "--help"):
            args.append(flag if flag != "--debug" else "--drafts")  # --debug re-raises by design
            continue
        value = {
            "--ruleset": rng.choice(["default", str(folder / "ruleset.yaml"), "defualt", "/dev/null"]),
            "--format": rng.choice(["checklist", "markdown", "json", "ics", "nope"]),
            "-o": str(folder / rng.choice(["out.txt", "sub/out.txt", "facts.yaml"])),
        }.get(flag) or str(rng.choice(STRINGS))
        args += [flag, value]
    return args


@dataclass
class Crash:
    kind: str
    signature: str
    detail: str


def _signature(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "afterview" in f.filename] or frames
    last = ours[-1] if ours else None
    where = f"{Path(last.filename).name}:{last.lineno}" if last else "?"
    return f"{type(exc).__name__} at {where}: {str(exc)[:120]}"


def run_facts(text: str, folder: Path, ruleset: Any) -> None:
    from afterview import load_facts, plan

    path = folder / "facts.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    facts = load_facts(str(path))
    result = plan(ruleset, facts, NOW)
    for action in result.actions:
        action.drafts, action.summary, action.explanation  # noqa: B018 - rendering is the point


def run_ruleset(text: str, folder: Path, app: Any, facts: Any) -> None:
    path = folder / "ruleset.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    ruleset = app.load_ruleset([str(path)])
    result = app.plan(ruleset, facts, NOW)
    for fmt in ("markdown", "ics", "json", "checklist"):
        app.render(fmt, [result], RenderOptions(drafts=True, tasks=True, base_url="https://example.org/"))


def run_cli(args: list[str]) -> None:
    from afterview.cli import main

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        try:
            main(args)
        except SystemExit as exc:  # argparse: --help, or a usage error it reports itself
            if exc.code not in (0, 2):
                raise


def guarded(kind: str, detail: str, run: Any) -> Crash | None:
    """Run one input; a Crash unless it ended normally or with an AfterviewError."""
    try:
        run()
    except AfterviewError:
        return None
    except RecursionError as exc:  # before Exception: deep recursion is a crash too
        return Crash(kind, _signature(exc), detail)
    except Exception as exc:
        return Crash(kind, _signature(exc), detail)
    return None


def setup(folder: Path) -> tuple[Any, Any, Any]:
    """(host, default ruleset, sample facts); also writes a test file the CLI may run."""
    from afterview import Afterview, get_plugin_manager, load_facts

    app = Afterview(get_plugin_manager())
    (folder / "sample.yaml").write_text(yaml.safe_dump(facts_data()), encoding="utf-8")
    facts = load_facts(str(folder / "sample.yaml"))
    (folder / "x.test.yaml").write_text(
        "rulesets: [default]\nfacts: {timezone: UTC, interview: {start: 2026-11-17T14:00}}\n"
        "cases:\n  - {name: a, now: 2026-11-18T09:00, expect: [{rule: thank-you-note}]}\n", encoding="utf-8")
    (folder / "facts.yaml").write_text(yaml.safe_dump(facts_data()), encoding="utf-8")
    (folder / "ruleset.yaml").write_text(yaml.safe_dump(ruleset_data()), encoding="utf-8")
    return app, app.load_ruleset(["default"]), facts


def one(rng: Chooser, folder: Path, app: Any, ruleset: Any, facts: Any) -> Crash | None:
    """One input of a random kind."""
    kind = rng.choice(["facts", "facts", "ruleset", "ruleset", "cli"])
    if kind == "facts":
        text = facts_text(rng)
        return guarded(kind, text, lambda: run_facts(text, folder, ruleset))
    if kind == "ruleset":
        text = ruleset_text(rng)
        return guarded(kind, text, lambda: run_ruleset(text, folder, app, facts))
    if rng.randint(0, 1):
        (folder / "facts.yaml").write_text(facts_text(rng), encoding="utf-8", errors="surrogatepass")
    if rng.randint(0, 2) == 0:
        (folder / "ruleset.yaml").write_text(ruleset_text(rng), encoding="utf-8", errors="surrogatepass")
    args = argv(rng, folder)
    return guarded(kind, repr(args), lambda: run_cli(args))


if __name__ == "__main__":  # pragma: no cover - use bench/fuzz.py
    sys.exit("run bench/fuzz.py")

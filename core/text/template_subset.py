"""The part of Jinja2 that message templates may use, so the guide's planner renders them too.

The planner on the guide site renders drafts in JavaScript
(``site/static/plan-templates.js``), which implements only this subset:

- ``{{ path }}`` with filters: ``default('text')``, ``join(', ')``, ``upper``,
  ``lower``, ``capitalize``, ``trim``; the result must be text, so a list
  such as ``topics`` is printed through ``join``;
- ``{% if test %}``, ``{% elif test %}``, ``{% else %}``, ``{% endif %}``,
  where a test is a path, ``path == 'text'``, ``path != 'text'``, combined with
  ``not``, ``and``, ``or``;
- the names of ``afterview.text.drafts.template_context`` and their fields; another
  name only as ``{{ name | default('text') }}``.

No comments, whitespace control (``{%-``), other statements, numbers or
backslashes in strings. ``afterview validate`` reports anything else.
"""

from __future__ import annotations

import functools
import re

from afterview.errors import did_you_mean

# Every name a template can use, with its type: text, a list of text, or a mapping of fields.
NAMES: dict[str, str] = {
    "company": "text", "role": "text", "industry": "text", "country": "text", "topic": "text",
    "interview_day": "text", "weekday": "text", "decision_by": "text", "the_role": "text", "at_company": "text",
    "panel": "text", "interviewers": "list", "topics": "list", "candidate": "map", "interviewer": "map",
}
FIELDS: dict[str, dict[str, str]] = {
    "candidate": {"name": "text"},
    "interviewer": {"name": "text", "email": "text", "title": "text", "topics": "list", "given_name": "text",
                    "family_name": "text", "honorific": "text", "greeting": "text"},
}
# filter -> (the type it takes, whether it takes a string argument, the type it gives)
FILTERS: dict[str, tuple[str, bool | None, str]] = {
    "default": ("text", True, "text"), "join": ("list", None, "text"), "upper": ("text", False, "text"),
    "lower": ("text", False, "text"), "capitalize": ("text", False, "text"), "trim": ("text", False, "text"),
}
_TOKEN = re.compile(r"\s*(?:([A-Za-z_][A-Za-z0-9_]*)|'([^'\\\n]*)'|\"([^\"\\\n]*)\"|(==|!=|[.|(),]))")
_KEYWORDS = {"and", "or", "not"}


class SubsetError(Exception):
    """Internal: a template leaves the subset."""


class _Parser:
    def __init__(self, expr: str) -> None:
        self.tokens: list[tuple[str, str]] = []
        pos = 0
        while (m := _TOKEN.match(expr, pos)) and m.end() > pos:
            pos = m.end()
            if m[1] is not None:
                self.tokens.append((m[1] if m[1] in _KEYWORDS else "name", m[1]))
            elif m[2] is not None or m[3] is not None:
                self.tokens.append(("str", m[2] if m[2] is not None else m[3]))
            else:
                self.tokens.append((m[4], m[4]))
        if expr[pos:].strip():
            raise SubsetError(f"'{expr[pos:].strip()}' is not in the template subset (names, filters and "
                              "quoted text without backslashes)")
        self.i = 0

    def peek(self, kind: str) -> bool:
        return self.i < len(self.tokens) and self.tokens[self.i][0] == kind

    def take(self, kind: str, what: str) -> str:
        if not self.peek(kind):
            found = self.tokens[self.i][1] if self.i < len(self.tokens) else "the end"
            raise SubsetError(f"expected {what}, found '{found}'")
        self.i += 1
        return self.tokens[self.i - 1][1]

    def end(self) -> None:
        if self.i < len(self.tokens):
            raise SubsetError(f"unexpected '{self.tokens[self.i][1]}'")

    def path(self, *, guarded: bool = False) -> str:
        root = self.take("name", "a name")
        if root not in NAMES:
            # A name no facts provide renders its default; anywhere else it is a typo.
            if guarded and not self.peek(".") and self.tokens[self.i:self.i + 2] == [("|", "|"), ("name", "default")]:
                return "text"
            raise SubsetError(f"unknown name '{root}'{did_you_mean(root, NAMES)}")
        kind = NAMES[root]
        while self.peek("."):
            self.i += 1
            field = self.take("name", "a field name")
            fields = FIELDS.get(root if kind == "map" else "", {})
            if field not in fields:
                raise SubsetError(f"'{root}' has no field '{field}'" + (did_you_mean(field, fields) if fields else ""))
            kind, root = fields[field], field
        return kind

    def output(self) -> None:
        kind = self.path(guarded=True)
        while self.peek("|"):
            self.i += 1
            name = self.take("name", "a filter name")
            if name not in FILTERS:
                raise SubsetError(f"filter '{name}' is not in the template subset{did_you_mean(name, FILTERS)}")
            takes, arg, gives = FILTERS[name]
            if kind != takes:
                raise SubsetError(f"filter '{name}' needs {'a list' if takes == 'list' else 'text'}, not {kind}")
            if self.peek("("):
                if arg is False:
                    raise SubsetError(f"filter '{name}' takes no argument")
                self.i += 1
                self.take("str", "quoted text")
                self.take(")", "')'")
            elif arg is True:
                raise SubsetError(f"filter '{name}' needs an argument, such as {name}('…')")
            kind = gives
        if kind != "text":
            raise SubsetError("a list or mapping cannot be printed: use a field, or join(', ') for a list")
        self.end()

    def condition(self) -> None:
        self.test()
        while self.peek("and") or self.peek("or"):
            self.i += 1
            self.test()
        self.end()

    def test(self) -> None:
        while self.peek("not"):
            self.i += 1
        kind = self.path()
        if self.peek("==") or self.peek("!="):
            if kind != "text":
                raise SubsetError("only text can be compared")
            self.i += 1
            self.take("str", "quoted text")


def check(source: str) -> None:
    """Raise SubsetError(line, message) at the first construct outside the subset."""
    source = "\n".join(source.splitlines())
    depth, pos = 0, 0
    for tag in re.finditer(r"\{\{|\{%|\{#", source):
        if tag.start() < pos:
            continue
        line = source.count("\n", 0, tag.start()) + 1
        try:
            if tag[0] == "{#":
                raise SubsetError("comments are not in the template subset")
            close = "}}" if tag[0] == "{{" else "%}"
            end = source.find(close, tag.end())
            if end == -1:
                raise SubsetError(f"'{tag[0]}' is never closed")
            inner, pos = source[tag.end():end], end + 2
            if inner.startswith(("-", "+")) or inner.endswith(("-", "+")):
                raise SubsetError("whitespace control ('-' or '+' inside a tag) is not in the template subset")
            if tag[0] == "{{":
                _Parser(inner).output()
                continue
            depth = _statement(inner.strip(), depth)
        except SubsetError as exc:
            raise SubsetError(line, str(exc)) from None
    if depth:
        raise SubsetError(source.count("\n") + 1, "an {% if %} is never closed with {% endif %}")


def _statement(stmt: str, depth: int) -> int:
    word = re.match(r"[a-z]*", stmt)[0]  # type: ignore[index]
    rest = stmt[len(word):]
    if word in ("if", "elif"):
        if word == "elif" and not depth:
            raise SubsetError("elif without an if")
        _Parser(rest).condition()
        return depth + (word == "if")
    if word in ("else", "endif"):
        if not depth:
            raise SubsetError(f"{word} without an if")
        _Parser(rest).end()
        return depth - (word == "endif")
    raise SubsetError(f"'{{% {stmt} %}}' is not in the template subset: only if, elif, else and endif")


@functools.lru_cache(maxsize=1024)  # overlays repeat their parents' templates: each is checked once per run
def subset_problem(source: str) -> tuple[int, str] | None:
    """(line, message) for the first thing outside the subset, else None."""
    if "{" not in source:
        return None
    try:
        check(source)
    except SubsetError as exc:
        line, message = exc.args
        return int(line), str(message)
    return None

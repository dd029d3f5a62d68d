"""The questions ``afterview add`` asks on a terminal, each answer checked as it is given.

The country comes before the timezone, whose question follows the decision
``add --country`` makes (``afterview.facts.places``): a country with one zone
proposes it; a country with several lists them and proposes none, so an
answer is needed; the computer's own zone is proposed only when no country
says more, and the question says where it came from.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from afterview.errors import AfterviewError, Location

TIMEZONE = ("timezone",)
COUNTRY = ("country",)
START = ("interview", "start")

# (path, prompt), in the order asked; the timezone's prompt is worded by ``zone_question``.
QUESTIONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("company",), "Company"),
    (("role",), "Role"),
    (START, "Interview start (e.g. 2026-11-17T14:00)"),
    (COUNTRY, "Country (ISO code, e.g. US)"),
    (TIMEZONE, "Timezone"),
    (("decision", "within"), "What did they say about a decision? (e.g. '2 weeks'; empty if nothing)"),
)

# A stand-in start while the interview has not been asked yet, so each answer is checked on its own.
_PLACEHOLDER_START = "2026-01-05T10:00"


class NoAnswer(AfterviewError):
    """The questions' input ended (Ctrl-D, or a closed pipe) before every question was answered."""


@dataclass(frozen=True)
class ZoneQuestion:
    """How the timezone is asked: the prompt, the proposed answer, and the zones one of which is needed."""

    text: str
    default: str = ""
    choices: tuple[str, ...] = ()
    country: str = ""  # the country whose zones ``choices`` are


def zone_question(country: str | None, system_zone: Callable[[], str | None]) -> ZoneQuestion:
    """The timezone question once ``country`` is answered (None: not given); ``system_zone`` is read only if needed."""
    from afterview.facts.places import canonical_country, zones_for

    code = canonical_country(country).partition("-")[0] if country else None
    zones = zones_for(code) if code else []
    if len(zones) == 1:
        return ZoneQuestion(f"Timezone ({code} keeps one time)", zones[0])
    if zones:
        return ZoneQuestion(f"Timezone ({code} has {len(zones)}: {', '.join(zones)})", choices=tuple(zones),
                            country=code or "")
    computer = system_zone()
    if computer:
        why = f"no zone known for {code}" if code else "no country given"
        return ZoneQuestion(f"Timezone ({why}: this computer's)", computer)
    return ZoneQuestion("Timezone (e.g. America/New_York; empty: the ruleset's default)")


def ask(prompt: Callable[[str], str] | None = None, *,
        check: Callable[[dict[tuple[str, ...], Any]], None] | None = None,
        tell: Callable[[str], None] | None = None,
        system_zone: Callable[[], str | None] | None = None) -> dict[tuple[str, ...], Any]:
    """Answers to ``QUESTIONS``; an empty answer takes the proposed one, if any, else leaves the value out.

    ``check`` raises an ``AfterviewError`` for answers that cannot be planned: the earlier answers passed it,
    so the error is the new answer's, and the question is asked again after ``tell`` shows the error and hint.
    ``system_zone`` (default: the computer's zone when it names a place) is asked only when no country says more.
    """
    from afterview.cli.clock import place_zone_name

    values: dict[tuple[str, ...], Any] = {}
    for path, question in QUESTIONS:
        zone = zone_question(values.get(COUNTRY), system_zone or place_zone_name) if path == TIMEZONE else None
        text, default = (zone.text, zone.default) if zone else (question, "")
        while True:
            answer = _answer(prompt or terminal_prompt, text, default)
            trial = {**values, path: answer} if answer else values
            problem = _missing(path, text, zone) if not answer else None
            if problem is None and answer and check:
                problem = _problem(trial, check)
            if problem is None:
                values = trial
                break
            (tell or _tell)(problem)
    return values


def _missing(path: tuple[str, ...], question: str, zone: ZoneQuestion | None) -> str | None:
    """Why an empty answer will not do, if it will not."""
    if path == START:
        return (f"  {_short(question)} is needed: every date in the plan counts from it"
                "\n  hint: write it as 2026-11-17T14:00")
    if zone and zone.choices:
        return (f"  {zone.country} has {len(zone.choices)} timezones; say which one"
                f"\n  hint: answer with one of: {', '.join(zone.choices)}")
    return None


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
    """The first problem ``check`` finds, as 'message' and 'hint: …' lines without the flag it would name.

    Questions not yet asked get stand-ins: a start, and for a country with several zones the first of them
    (the timezone question that follows asks which).
    """
    from afterview.facts.places import canonical_country, zones_for

    trial = {START: _PLACEHOLDER_START, **values}
    country = values.get(COUNTRY)
    if country and TIMEZONE not in values:
        zones = zones_for(canonical_country(country).partition("-")[0])
        trial.update({TIMEZONE: zones[0]} if len(zones) > 1 else {})
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

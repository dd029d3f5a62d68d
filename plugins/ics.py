"""The ``ics`` format: one calendar for every application, for subscribing or importing.

What real clients do (see calendars.md in the project's shared reference, and
the README's calendar section): events by default, since Google and Outlook
ignore tasks; all-day spans with exclusive ends; a VTIMEZONE for every TZID,
in TZID order; no METHOD (a feed needs none, and libical rejects PUBLISH
without an ORGANIZER); deterministic UIDs with no personal data; DTSTAMP from
``now``, so the same inputs give the same bytes.

Fields of ``RenderOptions`` it reads (``app.render("ics", plans, RenderOptions(...))``):

- ``tasks``: add a VTODO for every task (completed ones carry COMPLETED and
  PERCENT-COMPLETE:100).
- ``base_url``: link each event to the rule's page on a published guide.
- ``previous``: the bytes of the calendar this output replaces.
- ``state``: the path of the state file beside the output (the CLI uses
  ``FILE.state.json`` for ``-o FILE``); read before rendering and rewritten
  atomically after. See ``afterview.plugins.ics_state`` for its format.

With ``state`` or ``previous``, SEQUENCE rises only for events whose content
changed, and an event that left the plan (after a rejection, say) is written
once more with STATUS:CANCELLED and a higher SEQUENCE, so clients that have it
remove it. Such cancellations stay in the calendar, unchanged, until 30 days
after their date; then they are dropped.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import PurePath
from typing import TYPE_CHECKING

from afterview import (
    Action,
    Afterview,
    AfterviewError,
    Kind,
    Location,
    OutputFormat,
    Plan,
    RenderOptions,
    Status,
    __version__,
    hookimpl,
)

if TYPE_CHECKING:
    from afterview.plugins import ics_state
    from afterview.plugins.ics_component import Component

# Fixed forever: changing it would change every UID users have imported.
UID_NAMESPACE = "5f0c1d2e-8a4b-4c6d-9e7f-a1b2c3d4e5f6"
KEEP_CANCELLED = timedelta(days=30)


def application_key(plan: Plan) -> str:
    """The application's identity: its facts, and the name of its file (the journal's slug), which tells apart
    two applications with the same company, role and interview; a re-run of the same file keeps it."""
    facts = plan.facts
    # Flags, standard input or a mapping: nothing names such an application but its facts.
    name = PurePath(facts.source).stem if facts.origin.named else ""
    return "\0".join([facts.company or "", facts.role or "", facts.interview_start.isoformat(), name])


def uid(plan: Plan, rule_id: str, component: str = "event") -> str:
    """Stable for the same application and rule; a hash, so no name or email is readable in it."""
    import uuid  # on use: it imports platform, which a cold start without a calendar never needs

    name = "\0".join([application_key(plan), rule_id, component])
    return f"{uuid.uuid5(uuid.UUID(UID_NAMESPACE), name)}@afterview"


def components(plans: list[Plan], options: RenderOptions) -> list[Component]:
    """Every application's events (and to-dos if asked), in plan order then action order.

    A done task or milestone is no longer on the calendar as an event (a client that had it gets the
    cancellation); as a to-do it stays, completed. A quiet period is "done" when it has ended: it stays, as
    history, so a period that ends normally is not cancelled.
    """
    from afterview.plugins import ics_build, ics_state, ics_text  # here: imported by every run, for every format

    _refuse_twins(plans)
    found = []
    shown = [(plan, action) for plan in plans for action in plan.actions
             if action.status != Status.SKIPPED and (options.tasks or not _gone(action))]
    state = options.state
    store = ics_state.helper_paths(state)[1] if state else None
    texts = ics_text.rendered([a for _, a in shown], store)
    for (plan, action), (rendered, drafts) in zip(shown, texts, strict=True):
        title, text = ics_build.summary(action, rendered), ics_build.description(plan, action, drafts)
        if not _gone(action):
            found.append(ics_build.event(plan, action, uid(plan, action.rule.id), (title, text), options))
        if options.tasks and action.kind == Kind.TASK:
            found.append(ics_build.todo(action, uid(plan, action.rule.id, "todo"), title, text))
    return found


def _gone(action: Action) -> bool:
    """A done step leaves the calendar; a quiet period's "done" only means it ended, so it stays."""
    return action.status == Status.DONE and action.kind != Kind.QUIET


def _refuse_twins(plans: list[Plan]) -> None:
    """Two plans of one application (a file given twice, or copies with one name) would repeat every UID."""
    seen: dict[str, Plan] = {}
    for plan in plans:
        first = seen.setdefault(application_key(plan), plan)
        if first is not plan:
            earlier = first.facts.source
            same = "given twice" if earlier == plan.facts.source else f"the same application as {earlier}"
            raise AfterviewError(f"{same}: a calendar would hold its events twice, and calendar clients keep only "
                                 "one of each",
                                 location=Location(plan.facts.source),
                                 hint="give each application its own file name (the name keeps their events apart),"
                                      " or leave the copy out")


def render(plans: list[Plan], app: Afterview, options: RenderOptions) -> bytes:
    from afterview.plugins import ics_state
    from afterview.plugins.ics_lines import fold, utc
    from afterview.plugins.ics_timezones import vtimezones

    now = plans[0].now.astimezone(UTC) if plans else datetime.now(UTC)
    if options.state is not None:
        ics_state.refuse_foreign_helpers(options.state)
    live = components(plans, options)
    state_path = options.state
    known = ics_state.read(state_path)
    previous = options.previous
    if known is None:
        known = {u: (seq, digest, cancelled) for u, (seq, digest, cancelled, _) in ics_state.scan(previous).items()}
    stamp = utc(now)
    body: list[str] = []
    written: ics_state.Known = {}
    tzids: set[str] = set()
    for component in live:
        digest = component.digest()
        sequence, old, cancelled = known.get(component.uid, (0, digest, False))
        sequence += old != digest or cancelled
        component.write(body, sequence=sequence, stamp=stamp, digest=digest)
        written[component.uid] = (sequence, digest, False)
        tzids |= ics_state.tzids(component)
    gone = set(known) - set(written)
    if gone:
        oldest = f"{now.date() - KEEP_CANCELLED:%Y%m%d}"
        for left, (last, digest, cancelled, component) in sorted(ics_state.scan(previous, gone).items()):
            if ics_state.start_day(component) < oldest:
                continue
            sequence = last + (not cancelled)
            ics_state.as_cancelled(component).write(body, sequence=sequence, stamp=stamp, digest=digest)
            written[left] = (sequence, digest, True)
            tzids |= ics_state.tzids(component)
    years = [a.due.year for p in plans for a in p.actions] or [now.year]
    out = ["BEGIN:VCALENDAR", "VERSION:2.0", fold(f"PRODID:-//afterview//afterview {__version__}//EN"),
           "CALSCALE:GREGORIAN", "X-WR-CALNAME:After the interview",
           *(vtimezones(tzids, date(min(years) - 1, 1, 1), date(max(years) + 2, 1, 1)) if tzids else []),
           *body, "END:VCALENDAR", ""]
    if state_path is not None:
        ics_state.write(state_path, written)
    return "\r\n".join(out).encode("utf-8")


def recognizes(head: bytes) -> bool:
    """A calendar afterview wrote: its PRODID names afterview (any version)."""
    return head.startswith(b"BEGIN:VCALENDAR\r\n") and b"\r\nPRODID:-//afterview//afterview " in head


@hookimpl
def register_output_formats(app: Afterview) -> list[OutputFormat]:
    return [OutputFormat("ics", render, "an iCalendar file for Google, Apple, Outlook and Thunderbird", ".ics",
                         recognizes)]

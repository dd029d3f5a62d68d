"""An action's message drafts, as text or as a ``mailto:`` link (RFC 6068) with subject and body filled in."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from afterview.errors import AfterviewError, Location, did_you_mean

if TYPE_CHECKING:
    from afterview.planning.actions import Plan
    from afterview.text.drafts import Draft


def drafts_for(plan: Plan, rule_id: str, slug: str) -> list[Draft]:
    """The drafts of the action (or conditional advice) for ``rule_id``; a located error if it has none."""
    items: list[Any] = [*plan.actions, *plan.guidance, *plan.conditional]
    item = next((i for i in items if i.rule.id == rule_id), None)
    with_drafts = sorted(i.rule.id for i in items if i.rule.templates)
    if item is None or not item.rule.templates:
        known = f"rules with drafts for {slug}: {', '.join(with_drafts)}"
        if item is None:
            message = f"no rule '{rule_id}' in {slug}'s plan{did_you_mean(rule_id, with_drafts)}"
        else:
            message = f"rule '{rule_id}' has no message draft{did_you_mean(rule_id, with_drafts)}"
        raise AfterviewError(message, location=Location("RULE"), hint=known)
    drafts: list[Draft] = item.drafts
    return drafts


def mailto(draft: Draft, recipients: list[str]) -> str:
    """``mailto:a@x,b@y?subject=…&body=…``, every reserved character percent-encoded, lines ending CRLF."""
    to = ",".join(quote(address, safe="@") for address in recipients)
    fields = []
    if draft.subject:
        fields.append(f"subject={quote(draft.subject, safe='')}")
    body = draft.text.replace("\r\n", "\n").replace("\n", "\r\n")  # RFC 6068 §5: line breaks are %0D%0A
    fields.append(f"body={quote(body, safe='')}")
    return f"mailto:{to}?{'&'.join(fields)}"


def email_draft(drafts: list[Draft], rule_id: str) -> Draft:
    return email_copies(drafts, rule_id)[0]


def email_copies(drafts: list[Draft], rule_id: str) -> list[Draft]:
    """The first email template's drafts: one per interviewer for a note to each, else one (to the main contact)."""
    found = next((d for d in drafts if d.channel in (None, "email")), None)
    if found is None:
        channels = ", ".join(sorted({d.channel or "?" for d in drafts}))
        raise AfterviewError(f"rule '{rule_id}' has no email draft (its drafts are for: {channels})",
                             location=Location("--mailto"), hint="leave out --mailto to print the draft")
    return [d for d in drafts if d.template == found.template]


def mailto_links(plan: Plan, drafts: list[Draft], rule_id: str) -> list[str]:
    """One ``mailto:`` per copy, each to the person it is addressed to (no address: the link leaves 'to' empty)."""
    emails = {i.name: i.email for i in plan.facts.interviewers if i.email}
    return [mailto(draft, [emails[draft.to]] if draft.to in emails else []) for draft in email_copies(drafts, rule_id)]


def render_drafts(drafts: list[Draft]) -> str:
    parts = []
    for draft in drafts:
        lines = [f"{draft.title or draft.id} ({draft.channel or 'message'})"]
        if draft.subject:
            lines.append(f"Subject: {draft.subject}")
        lines += ["", draft.text]
        if draft.over_limit:
            lines.append(f"\n(note: {len(draft.text)} characters, over the {draft.max_chars}-character limit)")
        parts.append("\n".join(lines))
    return "\n\n---\n\n".join(parts) + "\n"

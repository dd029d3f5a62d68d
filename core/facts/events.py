"""The events a job seeker can record, and how rules talk about ones not yet recorded."""

from __future__ import annotations

# type -> the condition phrase used for guidance that waits on this event
EVENTS: dict[str, str] = {
    "thank_you_sent": "once you have sent your thank-you note",
    "linkedin_connected": "once you have connected on LinkedIn",
    "references_notified": "once you have told your references",
    "follow_up_sent": "once you have followed up",
    "follow_up_call_made": "once you have called",
    "escalated": "once you have written to someone more senior",
    "reply_received": "if they reply",
    "next_round_scheduled": "if you are invited to another round",
    "rejected": "if you are rejected",
    "feedback_requested": "once you have asked for feedback",
    "offer_received": "if you receive an offer",
    "offer_accepted": "if you accept the offer",
    "offer_declined": "if you decline the offer",
    "withdrew": "if you withdraw",
    "done": "once you mark it done",
}

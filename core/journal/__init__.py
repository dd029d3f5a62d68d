"""The application journal: a folder of facts files, one per application, that commands read and edit.

``store`` finds the folder and its entries, ``new_entry`` adds one (from
``questions`` on a terminal), ``edit`` changes a file in place (comments kept,
atomic, under a lock), ``load`` plans every application, ``summary``,
``agenda`` and ``status`` turn plans into lines for a person, ``draft`` builds
mailto: links, ``tracker_csv`` imports a job tracker's export and
``caldav_sync`` pushes the calendar to a CalDAV server.

Plugins import the names in ``__all__`` from this package, never its modules;
each is imported on first use, so importing the package costs nothing.
"""

from __future__ import annotations

from afterview import _lazy_dir, _lazy_getattr

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing

__all__ = [
    "Planner", "add_event", "add_journal_arguments", "agenda_items", "ask", "check_facts", "check_text", "create",
    "drafts_for", "edit_in_editor", "email_draft", "entry_text", "import_csv", "journal_from", "lock_path", "locked",
    "mailto", "mailto_links", "next_hint", "now_from", "plan_journal", "read_source", "render_agenda", "render_drafts",
    "render_status", "summaries", "sync", "tally", "update", "use_colour",
]

if TYPE_CHECKING:
    from afterview.journal.agenda import agenda_items as agenda_items
    from afterview.journal.agenda import render_agenda as render_agenda
    from afterview.journal.agenda import use_colour as use_colour
    from afterview.journal.caldav_sync import sync as sync
    from afterview.journal.draft import drafts_for as drafts_for
    from afterview.journal.draft import email_draft as email_draft
    from afterview.journal.draft import mailto as mailto
    from afterview.journal.draft import mailto_links as mailto_links
    from afterview.journal.draft import render_drafts as render_drafts
    from afterview.journal.edit import add_event as add_event
    from afterview.journal.edit import check_text as check_text
    from afterview.journal.edit import update as update
    from afterview.journal.editor import edit_in_editor as edit_in_editor
    from afterview.journal.load import Planner as Planner
    from afterview.journal.load import plan_journal as plan_journal
    from afterview.journal.lock import lock_path as lock_path
    from afterview.journal.lock import locked as locked
    from afterview.journal.new_entry import check_facts as check_facts
    from afterview.journal.new_entry import create as create
    from afterview.journal.new_entry import entry_text as entry_text
    from afterview.journal.new_entry import read_source as read_source
    from afterview.journal.options import add_journal_arguments as add_journal_arguments
    from afterview.journal.options import journal_from as journal_from
    from afterview.journal.options import now_from as now_from
    from afterview.journal.questions import ask as ask
    from afterview.journal.status import next_hint as next_hint
    from afterview.journal.status import render_status as render_status
    from afterview.journal.summary import summaries as summaries
    from afterview.journal.summary import tally as tally
    from afterview.journal.tracker_csv import import_csv as import_csv

# Each module's exported names; a test holds them equal to __all__ and the imports above.
_EXPORTS = {
    "agenda": ("agenda_items", "render_agenda", "use_colour"),
    "caldav_sync": ("sync",),
    "draft": ("drafts_for", "email_draft", "mailto", "mailto_links", "render_drafts"),
    "edit": ("add_event", "check_text", "update"),
    "editor": ("edit_in_editor",),
    "load": ("Planner", "plan_journal"),
    "lock": ("lock_path", "locked"),
    "new_entry": ("check_facts", "create", "entry_text", "read_source"),
    "options": ("add_journal_arguments", "journal_from", "now_from"),
    "questions": ("ask",),
    "status": ("next_hint", "render_status"),
    "summary": ("summaries", "tally"),
    "tracker_csv": ("import_csv",),
}
__getattr__ = _lazy_getattr(__name__, _EXPORTS, globals())
__dir__ = _lazy_dir(globals())

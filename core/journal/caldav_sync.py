"""``afterview sync``: keep a CalDAV calendar in step with the journal, one object per event or to-do.

The calendar the ``ics`` format renders is the truth: each of its components
is stored under its UID; one whose content hash (``X-AFTERVIEW-HASH``) is
unchanged is left alone, so a second run changes nothing. Our objects (UIDs
ending ``@afterview``) that left the plan, or that the format marks
``STATUS:CANCELLED`` (an event that left the plan, a lapsed step's to-do),
are deleted from the server: on CalDAV a deleted object disappears from
every client, which a file can only ask for with CANCELLED. Other objects
on the calendar are never touched.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from afterview.app import RenderOptions
from afterview.errors import AfterviewError, Location

if TYPE_CHECKING:
    from afterview.app import Afterview
    from afterview.planning.actions import Plan

USER_ENV, PASSWORD_ENV = "AFTERVIEW_CALDAV_USER", "AFTERVIEW_CALDAV_PASSWORD"
KEYRING_SERVICE = "afterview-caldav"
OURS = "@afterview"


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    unchanged: int = 0
    note: str = ""

    def __str__(self) -> str:
        counts = (f"{len(self.created)} created, {len(self.updated)} updated, {len(self.cancelled)} cancelled,"
                  f" {self.unchanged} unchanged")
        return f"{counts}{f' ({self.note})' if self.note else ''}"


def credentials(url: str) -> tuple[str | None, str | None]:
    """User and password from the environment, else the password from the system keyring if one is installed."""
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if password is None and user:
        try:
            import keyring  # type: ignore[import-not-found, unused-ignore]  # optional: not a dependency
        except ImportError:
            return user, None
        try:
            password = keyring.get_password(KEYRING_SERVICE, f"{user}@{url}")
        except Exception:  # a locked or absent keyring backend must not stop a sync
            password = None
    return user, password


def refuse_plain_http(url: str, password: str | None) -> None:
    """A password goes over http only to this machine; anywhere else it needs https."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if password and parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
        raise AfterviewError("http would send your password unencrypted", location=Location("--caldav"),
                             hint=f"use https://{parts.netloc}{parts.path}")


def connect(url: str, name: str) -> Any:
    """The calendar called ``name`` on the server at ``url``, created if missing."""
    try:
        from caldav import DAVClient
    except ImportError:
        raise AfterviewError("the CalDAV client is not installed", location=Location("--caldav"),
                             hint='pip install "afterview[sync]"') from None
    user, password = credentials(url)
    refuse_plain_http(url, password)
    try:
        # caldav exports DAVClient lazily, so its type reads as object
        client: Any = DAVClient(url=url, username=user, password=password)  # type: ignore[operator]
        principal = client.principal()
        found = next((c for c in principal.calendars() if c.get_display_name() == name), None)
        return found or principal.make_calendar(name=name)
    except Exception as exc:  # DAVError, OSError and niquests' own tree all mean "cannot use it"
        raise AfterviewError(f"cannot use the CalDAV calendar: {type(exc).__name__}: {exc}",
                             location=Location("--caldav"),
                             hint=f"check the URL; set {USER_ENV} and {PASSWORD_ENV} (or store the password in the"
                                  f" system keyring under '{KEYRING_SERVICE}', '{user or 'USER'}@URL')") from None


def _components(ical: bytes | str) -> list[Any]:
    from icalendar import Calendar

    return [c for c in Calendar.from_ical(ical).walk() if c.name in ("VEVENT", "VTODO") and "UID" in c]


def server_objects(calendar: Any, tasks: bool) -> dict[str, tuple[Any, Any]]:
    """UID -> (server object, its component) for our objects on the calendar."""
    objects = list(calendar.events()) + (list(calendar.todos(include_completed=True)) if tasks else [])
    found = {}
    for obj in objects:
        for component in _components(obj.data):
            if str(component["UID"]).endswith(OURS):
                found[str(component["UID"])] = (obj, component)
    return found


def _previous(found: dict[str, tuple[Any, Any]]) -> bytes | None:
    """The server's objects as one calendar, the form the ics format reads its earlier output in."""
    if not found:
        return None
    from icalendar import Calendar

    calendar = Calendar()
    for _, component in found.values():
        calendar.add_component(component)
    data: bytes = calendar.to_ical()
    return data


def _object_text(calendar: Any, component: Any) -> str:
    """One component in a VCALENDAR of its own, with the calendar's time zones."""
    from icalendar import Calendar

    single = Calendar()
    for prop in ("prodid", "version", "calscale"):
        if prop in calendar:
            single.add(prop, calendar[prop])
    for tz in calendar.walk("VTIMEZONE"):
        single.add_component(tz)
    single.add_component(component)
    return str(single.to_ical().decode("utf-8"))


def _supports_todos(calendar: Any) -> bool:
    try:
        return "VTODO" in [str(c) for c in calendar.get_supported_components()]
    except Exception:  # servers that do not say are treated as events-only
        return False


def sync(app: Afterview, plans: list[Plan], url: str, name: str, *, tasks: bool = False) -> SyncReport:
    from icalendar import Calendar

    report = SyncReport()
    calendar = connect(url, name)
    from caldav import Event, Todo  # connect() said so if caldav is missing

    if tasks and not _supports_todos(calendar):
        tasks, report.note = False, "this calendar takes no to-dos; events only"
    found = server_objects(calendar, tasks)
    rendered = (Calendar.from_ical(app.render("ics", plans, RenderOptions(tasks=tasks, previous=_previous(found))))
                if plans else Calendar())
    wanted = set()
    for component in rendered.walk():
        if component.name not in ("VEVENT", "VTODO") or (component.name == "VTODO" and not tasks):
            continue
        uid = str(component["UID"])
        if str(component.get("STATUS", "")).upper() == "CANCELLED":
            continue  # deleted below if the server still has it
        wanted.add(uid)
        old = found.get(uid)
        if old and str(old[1].get("X-AFTERVIEW-HASH", "")) == str(component.get("X-AFTERVIEW-HASH", "?")):
            report.unchanged += 1
            continue
        kind = Event if component.name == "VEVENT" else Todo
        calendar.add_object(kind, ical=_object_text(rendered, component), increase_seqno=False)
        (report.updated if old else report.created).append(uid)
    for uid, (obj, _) in found.items():
        if uid not in wanted:
            obj.delete()
            report.cancelled.append(uid)
    return report

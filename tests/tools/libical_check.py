"""Run libical's iTIP restriction check (what Evolution and GNOME apply) on an .ics file.

Run with the system Python, which has Debian's gir1.2-ical-3.0 through
python3-gi: ``/usr/bin/python3 tests/tools/libical_check.py FILE [FILE...]``. Prints
JSON: whether the check passed and every X-LIC-ERROR libical attached.
"""

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402

ANY = ICalGLib.ComponentKind.ANY_COMPONENT
ERROR = ICalGLib.PropertyKind.XLICERROR_PROPERTY


def errors(component, found):
    prop = component.get_first_property(ERROR)
    while prop is not None:
        found.append(prop.get_xlicerror())
        prop = component.get_next_property(ERROR)
    child = component.get_first_component(ANY)
    while child is not None:
        errors(child, found)
        child = component.get_next_component(ANY)
    return found


def check(path):
    with open(path, encoding="utf-8") as handle:
        root = ICalGLib.Component.new_from_string(handle.read())
    passed = bool(ICalGLib.restriction_check(root))
    events = 0
    child = root.get_first_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    while child is not None:
        events += 1
        child = root.get_next_component(ICalGLib.ComponentKind.VEVENT_COMPONENT)
    return {"passed": passed, "errors": errors(root, []), "events": events}


def main():
    """One path prints one result; several print a JSON list, so a test pays for one process."""
    results = [check(path) for path in sys.argv[1:]]
    print(json.dumps(results[0] if len(results) == 1 else results))

main()

"""Two hosts in one process never see each other's plugins or holiday memo."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from afterview import Afterview, get_plugin_manager, hookimpl, load_facts
from afterview.text.drafts import TemplateError

ACME = {"company": "Acme", "timezone": "America/New_York", "interview": {"start": "2026-11-17T14:00"}}


def _host(*plugins: object) -> Afterview:
    return Afterview(get_plugin_manager(load_entrypoints=False, extra_plugins=plugins))


def test_a_plugin_filter_stays_with_the_host_that_registered_it() -> None:
    shouty = SimpleNamespace(register_template_filters=hookimpl(lambda app: {"shout": lambda s: str(s).upper() + "!"}))
    loud, plain = _host(shouty), _host()
    facts = load_facts(ACME)
    assert loud.drafts.render_text("{{ company | shout }}", facts) == "ACME!"
    with pytest.raises(TemplateError, match="template failed: TemplateAssertionError: No filter named 'shout'"):
        plain.drafts.render_text("{{ company | shout }}", facts)


def test_each_host_plans_with_its_own_holiday_store() -> None:
    first, second = _host(), _host()
    assert first.holidays is not second.holidays
    ruleset = first.load_ruleset(["default"])
    now = datetime(2026, 11, 18, 8, tzinfo=ZoneInfo("America/New_York"))
    first.plan(ruleset, load_facts(ACME), now)
    assert first.holidays.data["years"] and not second.holidays.data["years"]
    second.plan(ruleset, load_facts(ACME), now)
    assert second.holidays.data["years"].keys() == first.holidays.data["years"].keys()

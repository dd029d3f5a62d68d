"""What the guide's "Plan my follow-up" page needs: the compiled plan programs and the form's choices.

The page runs ``site/static/plan-*.js`` on a bundle of plan programs (see
``planning.program``): one per shipped country overlay, with and without each
industry overlay, as ``rules.locate.rulesets_for`` would compose them.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from typing import Any

from markupsafe import Markup

from afterview.planning.program import build_years, bundle, compile_program, holiday_tables
from afterview.rules.model import Ruleset

SCRIPTS = ["plan-dates.js", "plan-templates.js", "plan-facts.js", "plan-engine.js", "plan-rules.js",
           "planner-output.js", "planner.js"]


def planner_context(app: Any, refs: list[str], base: Ruleset, overlays: dict[str, Ruleset],
                    today: date | None = None) -> dict[str, Any]:
    """The page's context: the bundle as inline JSON, and the countries and industries to offer."""
    countries = {name: r for name, r in overlays.items() if name.startswith("country-")}
    industries = {name: r for name, r in overlays.items() if name.startswith("industry-")}
    programs: dict[str, dict[str, Any]] = {}
    choices: list[dict[str, str]] = []
    if countries:
        for name, merged in countries.items():
            code = merged.calendar.country
            choices.append({"code": code, "title": merged.title, "program": f"{'+'.join(refs)}+{name}"})
            for industry in [None, *industries]:
                parts = [*refs, name, *([industry] if industry else [])]
                programs["+".join(parts)] = compile_program(app.load_ruleset(parts))
    else:
        choices.append({"code": base.calendar.country, "title": base.title, "program": "+".join(refs)})
        programs["+".join(refs)] = compile_program(base)
    years = build_years(today or _build_day())
    tables = holiday_tables(app.holidays, [c["code"] for c in choices], years)
    data = bundle(programs, tables, years)
    data["countries"] = choices
    data["industries"] = [{"key": n, "name": n.removeprefix("industry-"), "title": r.title}
                          for n, r in industries.items()]
    data["default"] = {"country": base.calendar.country, "timezone": base.calendar.timezone}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # Inline in a <script type="application/json">: "<" escaped so no text can close the element.
    return {"plan_data": Markup(text.replace("<", "\\u003c")), "scripts": SCRIPTS, "years": years,
            "countries": choices, "industries": data["industries"]}


def _build_day() -> date:
    """Today, or the day SOURCE_DATE_EPOCH names (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(epoch), UTC).date() if epoch.isdigit() else date.today()

"""What the guide's "Plan my follow-up" page needs: the compiled plan programs and the form's choices.

The page runs ``site/static/plan-*.js`` on a bundle of plan programs (see
``planning.program``): one per shipped country overlay, with and without each
industry overlay, as ``rules.locate.rulesets_for`` would compose them. The bundle
is a script of its own (``planner/plan-data.js``), which the page loads after it
has painted, so the form and its text never wait for the data.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from typing import Any

from afterview.guide import derived
from afterview.guide.model import SiteFile
from afterview.planning.program import build_years, bundle, compile_program, holiday_tables
from afterview.rules.model import Ruleset

SCRIPTS = ["plan-dates.js", "plan-templates.js", "plan-facts.js", "plan-conditions.js", "plan-engine.js",
           "plan-stages.js", "plan-rules.js", "planner-output.js", "planner-view.js", "planner.js"]
DATA_FILE = "planner/plan-data.js"
DATA_GLOBAL = "afterviewPlanData"  # what site/static/planner.js reads


def planner_context(app: Any, refs: list[str], base: Ruleset, overlays: dict[str, Ruleset],
                    today: date | None = None) -> tuple[dict[str, Any], SiteFile]:
    """The page's context (the countries and industries to offer), and the bundle as a script file.

    Each (country, industry) choice runs the layers ``afterview plan`` would pick for those facts. Compiling
    them (some 40 rulesets) is most of a rebuild's work, so the result is kept in the user cache under the
    rulesets' content digests, afterview's code, the plugin set, the holidays build and the years.
    """
    years = build_years(today or _build_day())
    extra = [refs, list(overlays), [years.start, years.stop]]
    name = derived.entry_name(app, "planner", [base, *overlays.values()], extra)
    found = derived.cached(name, lambda: _computed(app, refs, base, overlays, years), _well_formed)
    context = {"data_file": DATA_FILE.rsplit("/", 1)[1], "scripts": SCRIPTS, "years": years,
               "countries": found["countries"], "industries": found["industries"]}
    return context, SiteFile(DATA_FILE, found["script"].encode())


def _computed(app: Any, refs: list[str], base: Ruleset, overlays: dict[str, Ruleset], years: range) -> dict[str, Any]:
    """{"countries": [{code, title}], "industries": [{name, title}], "script": the bundle's text}."""
    from afterview.rules.overlays import find_overlays, layering

    shipped = [o for o in find_overlays([("built-in", None)]) if o.ref in overlays]
    codes = list(dict.fromkeys(c for o in shipped for c in o.countries))
    words = list(dict.fromkeys(i for o in shipped for i in o.industries))
    programs: dict[str, dict[str, Any]] = {}
    choose: dict[str, dict[str, str]] = {}
    for code in codes or [base.calendar.country]:
        for word in [None, *words]:
            layers = layering(word, code, shipped).refs if codes else refs
            name = "+".join(layers)
            if name not in programs:
                # Not snapshotted: the bundle is cached, so a later build would not read these rulesets again.
                programs[name] = compile_program(base if layers == refs else app.load_ruleset(layers, keep=False))
            choose.setdefault(code, {})[word or ""] = name
    titles = {c: next((overlays[o.ref].title for o in shipped if c in o.countries), c) for c in choose}
    data = bundle(programs, holiday_tables(app.holidays, list(choose), years), years)
    data["choose"] = choose
    data["default"] = {"country": base.calendar.country, "timezone": base.calendar.timezone}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    industries = [{"name": w, "title": next(overlays[o.ref].title for o in shipped if w in o.industries)}
                  for w in words]
    # A script file, not fetch(), so the page works from file://. JSON is a JavaScript expression, except
    # that a literal "__proto__" key would set the prototype: a ruleset naming one gets JSON.parse instead.
    value = text if '"__proto__"' not in text else f"JSON.parse({json.dumps(text, ensure_ascii=False)})"
    return {"countries": [{"code": c, "title": titles[c]} for c in choose], "industries": industries,
            "script": f"window.{DATA_GLOBAL} = {value};\n"}


def _well_formed(found: Any) -> bool:
    """A cache file of the wrong shape (another version's, or damaged) is ignored and computed again."""
    if not isinstance(found, dict) or not isinstance(found.get("script"), str):
        return False
    rows = {"countries": ("code", "title"), "industries": ("name", "title")}
    return all(isinstance(found.get(key), list) and all(
        isinstance(row, dict) and set(row) == set(names) and all(isinstance(row[n], str) for n in names)
        for row in found[key]) for key, names in rows.items())


def _build_day() -> date:
    """Today, or the day SOURCE_DATE_EPOCH names (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(epoch), UTC).date() if epoch.isdigit() else date.today()

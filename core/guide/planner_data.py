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
from afterview.guide.model import LaterFile, SiteFile
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
    them (some 40 rulesets) is most of a rebuild's work, so the script is made only when the build reads it
    (after forking its workers: ``LaterFile``) and kept in the user cache under the rulesets' content digests,
    afterview's code, the plugin set, the holidays build and the years.
    """
    years = build_years(today or _build_day())
    choices = _choices(refs, base, overlays)
    extra = [refs, list(overlays), [years.start, years.stop]]
    name = derived.entry_name(app, "planner", [base, *overlays.values()], extra)

    def script() -> bytes:
        found = derived.cached(name, lambda: {"script": _script(app, refs, base, choices, years)},
                               lambda found: derived.texts(found, ["script"]))
        return str(found["script"]).encode()

    context = {"data_file": DATA_FILE.rsplit("/", 1)[1], "scripts": SCRIPTS, "years": years,
               "countries": choices["countries"], "industries": choices["industries"]}
    return context, LaterFile(DATA_FILE, compute=script)


def _choices(refs: list[str], base: Ruleset, overlays: dict[str, Ruleset]) -> dict[str, Any]:
    """The form's choices: {"countries": [{code, title}], "industries": [{name, title}]}, and "choose": for each
    country code and industry name ("" for none), the name of the program that runs; "layers": each name's refs."""
    from afterview.rules.overlays import find_overlays, layering

    shipped = [o for o in find_overlays([("built-in", None)]) if o.ref in overlays]
    codes = list(dict.fromkeys(c for o in shipped for c in o.countries))
    words = list(dict.fromkeys(i for o in shipped for i in o.industries))
    choose: dict[str, dict[str, str]] = {}
    layers: dict[str, list[str]] = {}
    for code in codes or [base.calendar.country]:
        for word in [None, *words]:
            refs_here = layering(word, code, shipped).refs if codes else refs
            name = "+".join(refs_here)
            layers.setdefault(name, refs_here)
            choose.setdefault(code, {})[word or ""] = name
    titles = {c: next((overlays[o.ref].title for o in shipped if c in o.countries), c) for c in choose}
    industries = [{"name": w, "title": next(overlays[o.ref].title for o in shipped if w in o.industries)}
                  for w in words]
    return {"countries": [{"code": c, "title": titles[c]} for c in choose], "industries": industries,
            "choose": choose, "layers": layers}


def _script(app: Any, refs: list[str], base: Ruleset, choices: dict[str, Any], years: range) -> str:
    """The bundle of every choice's plan program, with the holiday tables, as a script."""
    programs: dict[str, dict[str, Any]] = {}
    for name, layers in choices["layers"].items():
        # Not snapshotted: the bundle is cached, so a later build would not read these rulesets again.
        programs[name] = compile_program(base if layers == refs else app.load_ruleset(layers, keep=False))
    data = bundle(programs, holiday_tables(app.holidays, list(choices["choose"]), years), years)
    data["choose"] = choices["choose"]
    data["default"] = {"country": base.calendar.country, "timezone": base.calendar.timezone}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    # A script file, not fetch(), so the page works from file://. JSON is a JavaScript expression, except
    # that a literal "__proto__" key would set the prototype: a ruleset naming one gets JSON.parse instead.
    value = text if '"__proto__"' not in text else f"JSON.parse({json.dumps(text, ensure_ascii=False)})"
    return f"window.{DATA_GLOBAL} = {value};\n"


def _build_day() -> date:
    """Today, or the day SOURCE_DATE_EPOCH names (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(epoch), UTC).date() if epoch.isdigit() else date.today()

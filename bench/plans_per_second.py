"""In-process planning throughput with the default ruleset.

Budget (issue 2): at least 5,000 plans/s. Facts vary (interview day, stated
decision, recorded events) so caches inside the engine are not flattering.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from afterview import load_facts, load_ruleset, plan

SECONDS = 3.0


def variants() -> list:
    out = []
    for day in range(40):
        start = datetime(2026, 11, 2, 14, 0) + timedelta(days=day)
        data = {"company": "Acme", "timezone": "America/New_York", "country": "US",
                "interview": {"start": start.isoformat(timespec="minutes")}}
        if day % 2:
            data["decision"] = {"within": "2 weeks"}
        if day % 3 == 0:
            sent = (start + timedelta(hours=20)).isoformat(timespec="minutes")
            data["events"] = [{"type": "thank_you_sent", "at": sent}]
        out.append(load_facts(data))
    return out


def main() -> None:
    ruleset = load_ruleset("default")
    facts = variants()
    now = datetime(2026, 11, 20, 9, 0, tzinfo=ZoneInfo("America/New_York"))
    for f in facts:  # warm the holiday tables, as a long-running process would be
        plan(ruleset, f, now)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < SECONDS:
        for f in facts:
            plan(ruleset, f, now)
        count += len(facts)
    elapsed = time.perf_counter() - start
    print(f"{count / elapsed:,.0f} plans/s ({count:,} plans in {elapsed:.2f} s, {len(ruleset.rules)} rules);"
          " budget 5,000 plans/s")


if __name__ == "__main__":
    main()

"""In-process planning throughput with the default ruleset, against a bare-Python anchor in the same run.

Budget (issue 14): at least 20,000 plans/s on one process. The 40 facts
differ in every input a cache could key on: interview day and time across a
year, country and timezone, stated decision, recorded events and lifecycle
stage, and the moment ``now``. Time is this process's CPU time, so other
work on a shared machine does not count against it; the anchor, a loop that
builds 40 timezone-aware datetimes per "plan", alternates with it and the
medians are printed, so what remains of a busy machine moves both together.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from afterview import load_facts, load_ruleset, plan

BUDGET = 20_000  # plans/s
RUNS = 7
SECONDS = 0.4  # per run

PLACES = [("US", "America/New_York"), ("US-CA", "America/Los_Angeles"), ("GB", "Europe/London"),
          ("DE", "Europe/Berlin"), ("FR", "Europe/Paris"), ("CA", "America/Toronto"),
          ("AU", "Australia/Sydney"), ("IN", "Asia/Kolkata"), ("NL", "Europe/Amsterdam"), ("JP", "Asia/Tokyo")]
EVENTS = [[], ["thank_you_sent"], ["thank_you_sent", "follow_up_sent"], ["rejected"], ["offer_received"],
          ["thank_you_sent", "next_round_scheduled"], ["offer_received", "offer_accepted"], ["withdrew"]]


def variants() -> list[tuple[Any, datetime]]:
    """40 (facts, now) pairs, no two alike in day, time, place, decision or events."""
    out = []
    for i in range(40):
        country, zone = PLACES[i % len(PLACES)]
        start = datetime(2026, 1, 5, 8, 30) + timedelta(days=9 * i, minutes=37 * i % 540)
        data: dict[str, Any] = {"company": f"Acme {i}", "timezone": zone, "country": country,
                                "interview": {"start": start.isoformat(timespec="minutes")}}
        if i % 3 == 1:
            data["decision"] = {"within": f"{1 + i % 3} weeks"}
        elif i % 3 == 2:
            data["decision"] = {"by": (start + timedelta(days=5 + i % 11)).date().isoformat()}
        events = []
        for k, kind in enumerate(EVENTS[i % len(EVENTS)]):
            at = (start + timedelta(hours=20 + 30 * k + i)).isoformat(timespec="minutes")
            event = {"type": kind, "at": at}
            if kind == "next_round_scheduled":
                event["interview"] = (start + timedelta(days=8)).isoformat(timespec="minutes")
            events.append(event)
        if events:
            data["events"] = events
        now = (start + timedelta(days=i % 17, hours=i % 5)).replace(tzinfo=UTC)
        out.append((load_facts(data), now))
    return out


def per_plan(work: Callable[[], None], count: int) -> float:
    """Seconds per plan for one run of ``work`` (which makes ``count`` plans) repeated for SECONDS."""
    done, start = 0, time.process_time()
    while time.process_time() - start < SECONDS:
        work()
        done += count
    return (time.process_time() - start) / done


def main() -> int:
    ruleset = load_ruleset("default")
    cases = variants()
    for facts, now in cases:  # warm the holiday tables, as a long-running process would be
        plan(ruleset, facts, now)

    def plans() -> None:
        for facts, now in cases:
            plan(ruleset, facts, now)

    def anchor() -> None:  # bare Python: 40 aware datetimes built per "plan"
        for i in range(len(cases)):
            for k in range(40):
                datetime(2026, 1 + k % 12, 1 + i % 28, k % 24, i, tzinfo=UTC)

    ours, bare = [], []
    for _ in range(RUNS):
        ours.append(per_plan(plans, len(cases)))
        bare.append(per_plan(anchor, len(cases)))
    us, anchor_us = statistics.median(ours) * 1e6, statistics.median(bare) * 1e6
    rate = 1e6 / us
    verdict = "ok" if rate >= BUDGET else "MISSED"
    print(f"plans/s: {rate:,.0f} ({us:.1f} µs a plan, {len(ruleset.rules)} rules, {len(cases)} distinct facts,"
          f" median of {RUNS} runs); budget {BUDGET:,} plans/s ({1e6 / BUDGET:.0f} µs): {verdict}")
    print(f"anchor: {anchor_us:.1f} µs to build 40 aware datetimes; a plan costs {us / anchor_us:.2f}× that")
    # for bench/run_all.py, which judges the budget
    print(f"RESULT plans_per_second={rate:.0f}\nRESULT us_per_plan={us:.1f}\nRESULT anchor_us={anchor_us:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

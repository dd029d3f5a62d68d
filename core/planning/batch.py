"""``plan_many``: many applications with one ruleset, in this process or spread over worker processes.

Plans come back in input order and equal to ``plan`` run one by one. A plan
refers to its ruleset's rules and to the facts it was given; workers send
those as references (``persistent_id``), and the parent puts its own objects
back, so the ruleset is not copied per plan and ``plan.ruleset`` stays the one
passed in. Explanations stay lazy: an action that came from a worker explains
itself by planning its application again here, on first use (the engine is
pure, so the text is the same).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Sequence
from datetime import datetime

from afterview.facts.model import Facts
from afterview.planning.actions import Plan
from afterview.planning.engine import plan
from afterview.planning.holiday_tables import SHARED, HolidayStore
from afterview.rules.model import Ruleset


def plan_many(ruleset: Ruleset, facts_list: Sequence[Facts], now: datetime, *, jobs: int = 1,
              holidays: HolidayStore | None = None) -> list[Plan]:
    """One plan per facts at moment ``now``, in input order; ``jobs`` > 1 plans in that many processes."""
    store = holidays or SHARED
    facts_list = list(facts_list)
    if jobs <= 1 or len(facts_list) < 2:
        with _no_cycle_collection():
            return [plan(ruleset, facts, now, holidays=store) for facts in facts_list]
    # The process pool (multiprocessing, pickle, sockets) is imported only here: a few ms of every cold start.
    from afterview.planning.batch_pool import plan_in_processes

    return plan_in_processes(ruleset, facts_list, now, jobs, store)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector while plans pile up.

    Every plan kept alive makes each later collection scan more objects: at
    4,000 plans the collector took four fifths of the time. Planning makes no
    reference cycles worth collecting (reference counting frees its
    temporaries), so the pause loses nothing; the first collection after it
    scans the batch once.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

"""``plan_many``'s worker processes: each plans a span of the applications and sends the plans back pickled.

Objects the parent already has (the ruleset, its rules and stages, the facts)
travel as references and come back as the parent's own; an explanation is
rebuilt on first use by planning that application again in the parent.
"""

from __future__ import annotations

import gc
import io
import multiprocessing
import pickle
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from typing import Any

from afterview.facts.model import Facts
from afterview.planning.actions import Action, Plan
from afterview.planning.batch import _no_cycle_collection
from afterview.planning.engine import plan
from afterview.planning.holiday_tables import HolidayStore
from afterview.rules.model import Ruleset


def plan_in_processes(ruleset: Ruleset, facts_list: list[Facts], now: datetime, jobs: int,
                      store: HolidayStore) -> list[Plan]:
    """Plans for ``facts_list`` from ``jobs`` forked workers, in input order (see ``batch``)."""
    size = -(-len(facts_list) // (jobs * 4))  # four tasks a worker: an uneven share evens out
    spans = [(i, min(i + size, len(facts_list))) for i in range(0, len(facts_list), size)]
    methods = multiprocessing.get_all_start_methods()
    # fork hands the work to the workers without pickling it (a plugin's condition operator may be a lambda)
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_receive,
                             initargs=(ruleset, facts_list, now, store)) as pool:
        payloads = list(pool.map(_plan_span, spans))
    plans: list[Plan] = []
    replan = _Replanner(ruleset, facts_list, now, store)
    with _no_cycle_collection():
        for payload in payloads:
            plans.extend(_Unpickler(io.BytesIO(payload), ruleset, facts_list, replan).load())
    return plans


_work: tuple[Ruleset, list[Facts], datetime, HolidayStore] | None = None  # a worker process's share, set once


def _receive(ruleset: Ruleset, facts_list: list[Facts], now: datetime, store: HolidayStore) -> None:
    global _work  # noqa: PLW0603 - one per worker process, set by its initializer
    _work = (ruleset, facts_list, now, store)


def _plan_span(span: tuple[int, int]) -> bytes:
    assert _work is not None
    ruleset, facts_list, now, store = _work
    refs: dict[int, tuple[Any, ...]] = {id(ruleset): ("ruleset",)}
    refs.update((id(rule), ("rule", i)) for i, rule in enumerate(ruleset.rules))
    refs.update((id(stage), ("stage", key)) for key, stage in ruleset.lifecycle.stages.items())
    plans = []
    gc.disable()  # as in _no_cycle_collection: a worker does nothing else
    for i in range(*span):
        result = plan(ruleset, facts_list[i], now, holidays=store)
        refs[id(facts_list[i])] = ("facts", i)
        for where in ("actions", "earlier"):
            for position, action in enumerate(getattr(result, where)):
                refs[id(action.explain)] = ("explain", i, where, position)
        plans.append(result)
    out = io.BytesIO()
    _Pickler(out, refs).dump(plans)
    return out.getvalue()


class _Pickler(pickle.Pickler):
    """Objects the parent already has travel as references (``refs``: id -> reference)."""

    def __init__(self, out: io.BytesIO, refs: dict[int, tuple[Any, ...]]) -> None:
        super().__init__(out, pickle.HIGHEST_PROTOCOL)
        self.refs = refs

    def persistent_id(self, obj: Any) -> tuple[Any, ...] | None:
        return self.refs.get(id(obj))


class _Replanner:
    """Plans an application again in this process, once, when one of its actions is explained."""

    def __init__(self, ruleset: Ruleset, facts_list: list[Facts], now: datetime, store: HolidayStore) -> None:
        self.args, self.done = (ruleset, facts_list, now, store), dict[int, Plan]()

    def explain(self, index: int, where: str, position: int) -> Callable[[], list[str]]:
        def lines() -> list[str]:
            ruleset, facts_list, now, store = self.args
            if index not in self.done:
                self.done[index] = plan(ruleset, facts_list[index], now, holidays=store)
            found: list[Action] = getattr(self.done[index], where)
            return found[position].explanation

        return lines


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: io.BytesIO, ruleset: Ruleset, facts_list: list[Facts], replan: _Replanner) -> None:
        super().__init__(data)
        self.ruleset, self.facts_list, self.replan = ruleset, facts_list, replan

    def persistent_load(self, pid: Any) -> Any:
        kind, *rest = pid
        if kind == "ruleset":
            return self.ruleset
        if kind == "rule":
            return self.ruleset.rules[rest[0]]
        if kind == "stage":
            return self.ruleset.lifecycle.stages[rest[0]]
        if kind == "facts":
            return self.facts_list[rest[0]]
        return self.replan.explain(*rest)

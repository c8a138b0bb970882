"""The learning review's figures recomputed in plain Python from ``PostMortem`` objects.

Deliberately written without SQL and without the report module: only the model's own derived
properties and the shared pure rules (normalising a factor, classifying a detection event).
"""

from __future__ import annotations

import asyncio
import functools
import statistics
from collections import Counter, defaultdict
from datetime import date, timedelta

from facilitator.core.model import EventKind, PostMortem
from facilitator.store.patterns import detection_source, normalise_factor

TODAY = date(2026, 6, 30)


def sync(test):  # noqa: ANN001, ANN201 - Pilot tests are coroutines; pytest wants functions
    @functools.wraps(test)
    def run(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        return asyncio.run(test(*args, **kwargs))

    return run


def in_period(pm: PostMortem, since: date | None, until: date | None) -> bool:
    if since is None and until is None:
        return True
    if pm.date is None:
        return False
    return (since is None or pm.date >= since) and (until is None or pm.date <= until)


def scope(pms: list[PostMortem], since: date | None, until: date | None) -> list[PostMortem]:
    return [pm for pm in pms if in_period(pm, since, until)]


def per_pm_counts(pms: list[PostMortem], values) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for pm in pms:
        counts.update(set(values(pm)))
    return dict(counts)


def recurring(pms: list[PostMortem], values) -> dict[str, set[str]]:
    seen: dict[str, set[str]] = defaultdict(set)
    for pm in pms:
        for value in values(pm):
            seen[value].add(pm.id)
    return {key: ids for key, ids in seen.items() if len(ids) >= 2}


def factor_keys(pm: PostMortem) -> list[str]:
    return [k for k in (normalise_factor(f.description) for f in pm.factors) if k]


def detection(pm: PostMortem) -> str:
    events = [e for e in pm.timeline if e.kind in (EventKind.DETECTION, EventKind.ALERT)]
    if not events:
        return "unknown"
    first = min(events, key=lambda e: e.at)  # min keeps the earlier-listed one on ties
    return detection_source(str(first.kind), first.description)


def monthly_medians(pms: list[PostMortem]) -> dict[str, tuple[float | None, float | None, int]]:
    months: dict[str, list[PostMortem]] = defaultdict(list)
    for pm in pms:
        if pm.date is not None:
            months[pm.date.strftime("%Y-%m")].append(pm)
    result = {}
    for month, group in months.items():
        detect = [pm.time_to_detect.total_seconds() for pm in group
                  if pm.time_to_detect is not None]
        resolve = [pm.time_to_resolve.total_seconds() for pm in group
                   if pm.time_to_resolve is not None]
        result[month] = (statistics.median(detect) if detect else None,
                         statistics.median(resolve) if resolve else None, len(group))
    return result


def action_figures(pms: list[PostMortem], today: date) -> dict:
    items = [(pm, a) for pm in pms for a in pm.action_items]
    status = Counter(str(a.status) for _, a in items)
    eligible = [a for _, a in items if a.due is not None and str(a.status) != "dropped"
                and (str(a.status) == "done" or a.due < today)]
    on_time = [a for a in eligible if str(a.status) == "done" and a.completed is not None
               and a.completed <= a.due]
    overdue = [(pm, a) for pm, a in items
               if str(a.status) == "open" and a.due is not None and a.due < today]
    days = []
    for pm, a in items:
        if str(a.status) == "done" and a.completed is not None:
            start = pm.meeting_at.date() if pm.meeting_at else pm.date
            if start is not None:
                days.append((a.completed - start).days)
    total = len(items)
    return {
        "total": total, "open": status["open"], "done": status["done"],
        "dropped": status["dropped"],
        "completion_rate": status["done"] / (total - status["dropped"])
        if total - status["dropped"] else None,
        "on_time": len(on_time), "on_time_eligible": len(eligible),
        "on_time_rate": len(on_time) / len(eligible) if eligible else None,
        "overdue": len(overdue),
        "overdue_refs": sorted((a.due, pm.id, a.number) for pm, a in overdue),
        "median_days_to_complete": statistics.median(days) if days else None,
    }


def service_warnings(pms: list[PostMortem], since: date | None, end: date) -> dict[str, int]:
    start = max(end - timedelta(days=89), since or date.min)
    window = [pm for pm in pms if pm.date is not None and start <= pm.date <= end]
    counts = per_pm_counts(window, lambda pm: pm.services)
    return {name: n for name, n in counts.items() if n >= 3}

"""How fast the learning features stay with 10,000 and 100,000 post-mortems.

    .venv/bin/python benchmarks/bench_learning.py [--counts 10000 100000] [--seed 7]

For each count: generates that many post-mortems (``facilitator.store.sample``, seeded),
bulk-inserts them into a fresh archive file (one transaction, executemany per table, search
index included), then measures, wall-clock with a warm page cache:

- the learning report (every figure, SQL aggregates) for all time and for the last quarter,
  next to the naive way: load every post-mortem and compute in Python (10,000 only: at
  100,000 it needs gigabytes);
- search as you type in the browser: each prefix of a few queries, as typed letter by letter
  from the second letter (median and 95th percentile), as the browser runs it (ranked within
  a time budget, else newest first) next to always ranking every match;
- opening the browser: the queries for the first page, and the real ``ArchiveScreen`` in a
  headless Textual app until its first rows are on screen, next to materialising the whole
  list with the same query (what a browser without paging would do before showing a row);
- the action-items list (first page, overdue filter) and the similar-incidents lookup.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text

from facilitator.store import tables as t
from facilitator.store.archive import FTS_COLUMNS, FTS_TABLE, Archive, _fts_document
from facilitator.store.browse import (
    NEWEST,
    RANKED,
    BrowseFilter,
    browse,
    browse_count,
    browse_page,
    facets,
)
from facilitator.store.learning import learning_report
from facilitator.store.sample import generate
from facilitator.store.similar import similar_incidents
from facilitator.store.tracking import action_items, count_action_items

TODAY = date(2026, 6, 30)
TYPED = ["rollback", "failover cache", "payments latency", "certificate", "zzzz nothing"]
CHUNK = 5000


def bulk_insert(archive: Archive, pms: Any) -> int:
    """Insert post-mortems fast: one transaction, executemany per table, chunked."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    tables = {model.__tablename__: model.__table__ for model in t.ALL_ROWS}  # type: ignore[attr-defined]
    fts = text(f"INSERT INTO {FTS_TABLE} ({', '.join(FTS_COLUMNS)}) VALUES "
               f"({', '.join(':' + c for c in FTS_COLUMNS)})")
    count = 0
    with archive.engine.begin() as conn:
        batch: dict[str, list[dict[str, Any]]] = {}
        documents: list[dict[str, str]] = []

        def flush() -> None:
            for name, rows in batch.items():
                if rows:
                    conn.execute(tables[name].insert(), rows)
            if documents:
                conn.execute(fts, documents)
            batch.clear()
            documents.clear()

        for pm in pms:
            records = t.postmortem_to_records(pm)
            records["postmortem"][0].update(created_at=now, updated_at=now)
            for name, rows in records.items():
                batch.setdefault(name, []).extend(rows)
            documents.append(_fts_document(pm, pm.id))
            count += 1
            if count % CHUNK == 0:
                flush()
        flush()
    return count


def timed(work: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best wall-clock seconds of ``repeat`` runs, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[index]


def naive_report(archive: Archive) -> int:
    # What a report costs without SQL aggregates: every post-mortem in memory, then Python.
    pms = archive.load_many()
    services: dict[str, int] = {}
    overdue = 0
    for pm in pms:
        for name in set(pm.services):
            services[name] = services.get(name, 0) + 1
        _ = pm.time_to_detect, pm.time_to_resolve
        overdue += sum(str(a.status) == "open" and a.due is not None and a.due < TODAY
                       for a in pm.action_items)
    return len(pms)


async def open_browser(archive: Archive, *, bare: bool = False) -> float:
    """Seconds from pushing the real ArchiveScreen until its first rows are in the table
    (``bare``: a screen holding only an empty table, what Textual itself needs)."""
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import DataTable, Footer

    from facilitator.ui.screens.archive import ArchiveScreen

    class Bare(Screen[None]):
        def compose(self) -> ComposeResult:
            yield DataTable()
            yield Footer()

    class Host(App[None]):
        def __init__(self) -> None:
            super().__init__()
            self.archive = archive

        def open_postmortem(self, pm_id: str) -> None:
            pass

    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        await app.push_screen(Bare() if bare else ArchiveScreen())
        while True:
            tables = app.screen.query(DataTable)
            if tables and (bare or tables.first().row_count > 0):
                break
            await asyncio.sleep(0.001)
        elapsed = time.perf_counter() - start
        await pilot.pause()
    return elapsed


def run(count: int, seed: int, folder: Path) -> None:
    print(f"\n== {count:,} post-mortems ==")
    path = folder / f"learning-{count}.sqlite3"
    archive = Archive.open(path)
    start = time.perf_counter()
    inserted = bulk_insert(archive, generate(count, seed=seed, end=TODAY))
    build = time.perf_counter() - start
    with archive.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    size = path.stat().st_size / 1e6
    print(f"generated and bulk-inserted {inserted:,} in {build:.1f} s "
          f"(file {size:.0f} MB; not a measure of the app)")

    repeat = 3
    full, report = timed(lambda: learning_report(archive, today=TODAY), repeat)
    quarter, _ = timed(lambda: learning_report(archive, since=date(2026, 4, 1), until=TODAY,
                                               today=TODAY), repeat)
    print(f"report, all {report.incidents:,} post-mortems: {full * 1000:8.0f} ms   "
          f"(last quarter: {quarter * 1000:.0f} ms)")
    if count <= 20000:
        naive, _ = timed(lambda: naive_report(archive))
        print(f"  vs loading every post-mortem and counting in Python: {naive * 1000:8.0f} ms "
              f"(x{naive / full:.1f} slower, and it holds all of them in memory)")
    else:
        print("  vs loading every post-mortem: not run at this size (memory)")

    for label, extra in (("search as you type", {}),
                         ("  with severity + service filters",
                          {"severity": "SEV-2", "service": "payments"})):
        latencies: list[float] = []
        unranked = 0
        ranked_only: list[float] = []
        for query in TYPED:
            for end in range(2, len(query) + 1):
                flt = BrowseFilter(query=query[:end], **extra)
                # What the browser does: rank within RANK_BUDGET, else newest first.
                elapsed, page = timed(lambda flt=flt: browse_page(archive, flt, limit=100))
                latencies.append(elapsed)
                unranked += page.order == NEWEST
                # Comparison: always rank every match.
                elapsed, _ = timed(lambda flt=flt: browse_page(archive, flt, limit=100,
                                                               order=RANKED))
                ranked_only.append(elapsed)
        print(f"{label} ({len(latencies)} keystrokes, first page of 100): "
              f"median {statistics.median(latencies) * 1000:.1f} ms, "
              f"p95 {percentile(latencies, 0.95) * 1000:.1f} ms, "
              f"max {max(latencies) * 1000:.1f} ms; {unranked} listed newest first")
        print(f"  vs always ranking every match: median "
              f"{statistics.median(ranked_only) * 1000:.1f} ms, "
              f"p95 {percentile(ranked_only, 0.95) * 1000:.1f} ms, "
              f"max {max(ranked_only) * 1000:.1f} ms")

    first_page, _ = timed(lambda: (browse(archive, BrowseFilter(), limit=100),
                                   browse_count(archive, BrowseFilter()), facets(archive)), 3)
    deep_page, _ = timed(lambda: browse(archive, BrowseFilter(), limit=100,
                                        offset=count - 100), 3)
    whole, listed = timed(lambda: browse(archive, BrowseFilter(), limit=count))
    screen = min(asyncio.run(open_browser(archive)) for _ in range(2))
    bare = min(asyncio.run(open_browser(archive, bare=True)) for _ in range(2))
    print(f"opening the browser: first page queries {first_page * 1000:.1f} ms; "
          f"ArchiveScreen until rows visible {screen * 1000:.0f} ms "
          f"(a bare screen with an empty table: {bare * 1000:.0f} ms)")
    print(f"  last page (offset {count - 100:,}): {deep_page * 1000:.1f} ms; "
          f"vs materialising the whole list ({len(listed):,} rows): {whole * 1000:.0f} ms")

    actions_first, _ = timed(lambda: (action_items(archive, status="open", limit=100,
                                                   today=TODAY),
                                      count_action_items(archive, status="open",
                                                         today=TODAY)), 3)
    overdue, _ = timed(lambda: action_items(archive, overdue=True, limit=100, today=TODAY), 3)
    probe = archive.load(listed[len(listed) // 2].id)
    similar, found = timed(lambda: similar_incidents(archive, probe), 3)
    print(f"action items, first page + count: {actions_first * 1000:.1f} ms; "
          f"overdue filter: {overdue * 1000:.1f} ms")
    print(f"similar incidents for one post-mortem: {similar * 1000:.1f} ms "
          f"({len(found)} found)")
    archive.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-learning-") as folder:
        for count in args.counts:
            run(count, args.seed, Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())

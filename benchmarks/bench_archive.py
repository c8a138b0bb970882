"""How fast the archive saves and searches, next to ``grep -ril`` over the same post-mortems.

    .venv/bin/python benchmarks/bench_archive.py [--count 10000] [--seed 7] [--repeat 20]

Generates ``--count`` varied post-mortems (seeded, so every run builds the same archive),
saves them one by one into a fresh archive file (each save is its own transaction, as in the
app), exports each one to a Markdown file, then answers a few queries both ways:

- ``Archive.search``: FTS5, every word must appear (stemmed), ranked by bm25, with a snippet;
- ``grep -ril -F QUERY DIR``: the literal text, case-insensitive, in any of the files.

The two do not mean quite the same thing (grep finds the exact phrase anywhere, including
front matter; the archive finds the words, in any order and form), so the hit counts are
printed too. Latencies are wall-clock, page cache warm (one untimed run first).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from facilitator.core.markdown_export import to_markdown
from facilitator.core.model import (
    ActionItem,
    ActionKind,
    ActionStatus,
    ContributingFactor,
    EventKind,
    FactorCategory,
    Impact,
    PostMortem,
    Priority,
    Severity,
    Status,
    TimelineEvent,
    WhyChain,
)
from facilitator.store.archive import Archive

QUERIES = [
    "connection pool",
    "certificate expired",
    "dns",
    "rollback canary",
    "replication lag",
    "kafka consumer",
    "nothingmatchesthis",
]

SERVICES = ["checkout", "payments", "search", "auth", "orders", "inventory", "notifications",
            "billing", "gateway", "media-upload", "ledger", "recommendations", "profile",
            "shipping", "reporting", "feature-flags", "session-store", "email-relay"]
COMPONENTS = ["connection pool", "load balancer", "cache cluster", "primary database",
              "read replica", "message queue", "kafka consumer", "cron scheduler",
              "service mesh", "ingress controller", "CDN edge", "DNS resolver",
              "object storage bucket", "TLS certificate", "feature flag service",
              "autoscaling group", "deploy pipeline", "config repository", "rate limiter",
              "search index", "batch exporter", "secrets vault", "health check"]
FAILURES = ["ran out of connections", "returned stale records", "fell behind by minutes",
            "rejected new sessions", "hit its memory limit", "stopped renewing",
            "served errors for a subset of regions", "dropped messages silently",
            "retried without backoff", "locked a hot table", "filled its disk",
            "lost quorum after a node restart", "expired overnight",
            "picked up an untested configuration", "timed out under peak load",
            "doubled its latency", "flapped between healthy and unhealthy"]
TRIGGERS = ["a routine deploy", "a schema migration", "a traffic spike from a marketing email",
            "a cloud provider maintenance window", "an expired certificate",
            "a configuration change", "a dependency upgrade", "a failover drill",
            "a replication lag spike", "a partner API outage", "a DNS record change",
            "a canary that was skipped", "a cron job that overlapped with itself"]
SIGNALS = ["the error-rate alert", "a customer report", "the latency dashboard",
           "a synthetic check", "the on-call pager", "a support ticket",
           "a spike in the queue depth graph", "log volume alarms"]
MITIGATIONS = ["rolled back the release", "failed over to the standby",
               "raised the pool size", "drained the bad node", "paused the consumer",
               "renewed the certificate by hand", "disabled the feature flag",
               "scaled the cluster out", "restored the previous DNS record",
               "throttled the batch job"]
ACTIONS = ["Alert on {c} saturation before it reaches 80%",
           "Add a canary stage to the {s} deploy", "Document the failover runbook for {c}",
           "Load-test {s} at twice the last peak", "Automate certificate renewal for {s}",
           "Add backpressure between {s} and the {c}", "Cap retries with jitter in {s}",
           "Run a quarterly game day on the {c}", "Page the owning team on {c} errors",
           "Block deploys when replication lag is above a minute"]
NAMES = ["Ana Souza", "Priya Raman", "Tomás Ortega", "Lin Wu", "Kwame Mensah", "Sofia Rossi",
         "Jonas Berg", "Aiko Tanaka", "Omar Haddad", "Grace Kim", "Mateo Díaz", "Eva Novak"]
WELL = ["Paging reached the right person within minutes", "The rollback took one command",
        "Status page updates went out every 15 minutes", "Dashboards showed the cause early",
        "The incident channel stayed focused"]
POORLY = ["The runbook did not cover a partial failure", "Alerts fired for symptoms only",
          "Nobody owned the {c}", "Staging could not reproduce production load",
          "The dashboard for {s} was missing a panel for the {c}"]
LESSONS = ["Retries without backoff turn a blip into an outage",
           "Certificates need an owner and an alarm, not a calendar reminder",
           "A canary only helps when deploys cannot skip it",
           "Capacity plans should include the background jobs",
           "Failover that is never practised does not work on the day"]


def generate(rng: random.Random, n: int, count: int) -> PostMortem:
    """The ``n``-th of ``count`` plausible post-mortems, spread over three years."""
    service, other = rng.sample(SERVICES, 2)
    component = rng.choice(COMPONENTS)
    failure, trigger = rng.choice(FAILURES), rng.choice(TRIGGERS)
    start = datetime(2023, 1, 1, tzinfo=UTC) + timedelta(
        days=(n * 1093) // max(count, 1) + rng.randrange(3),
        minutes=rng.randrange(24 * 60))
    detect = timedelta(minutes=rng.randrange(1, 45))
    mitigate = detect + timedelta(minutes=rng.randrange(5, 120))
    resolve = mitigate + timedelta(minutes=rng.randrange(5, 600))
    people = rng.sample(NAMES, rng.randrange(3, 8))
    fill = {"s": service, "c": component}
    timeline = [
        TimelineEvent(start, f"{trigger.capitalize()} reached {service}", EventKind.ACTION),
        TimelineEvent(start + detect, f"{rng.choice(SIGNALS).capitalize()} flagged {service}",
                      EventKind.ALERT),
    ]
    moment = start + detect
    for _ in range(rng.randrange(2, 9)):
        moment += timedelta(minutes=rng.randrange(1, 20))
        kind = rng.choice([EventKind.ACTION, EventKind.DECISION, EventKind.COMMUNICATION])
        text = {
            EventKind.ACTION: f"Checked the {rng.choice(COMPONENTS)} for {other}",
            EventKind.DECISION: f"Decided to hold deploys to {service}",
            EventKind.COMMUNICATION: "Posted an update to the status page",
        }[kind]
        known = "Only the error rate was visible" if kind is EventKind.DECISION else ""
        timeline.append(TimelineEvent(moment, text, kind, known))
    timeline.append(TimelineEvent(start + mitigate, rng.choice(MITIGATIONS).capitalize(),
                                  EventKind.MITIGATION))
    timeline.append(TimelineEvent(start + resolve, "Error rate back to baseline",
                                  EventKind.RESOLUTION))
    actions = [
        ActionItem(template.format(**fill), owner=rng.choice(people),
                   due=(start + timedelta(days=rng.randrange(7, 60))).date(),
                   success_criterion="verified in a drill", priority=rng.choice(list(Priority)),
                   kind=rng.choice(list(ActionKind)),
                   status=rng.choice([ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.DONE]))
        for template in rng.sample(ACTIONS, rng.randrange(3, 7))
    ]
    for item in actions:
        if item.status is ActionStatus.DONE:
            item.completed = item.due
    return PostMortem(
        title=f"{service.capitalize()} {component} {failure}",
        status=rng.choice([Status.FINAL, Status.FINAL, Status.IN_REVIEW, Status.DRAFT]),
        severity=rng.choice(list(Severity)),
        incident_start=start, detected=start + detect, mitigated=start + mitigate,
        resolved=start + resolve, meeting_at=start + timedelta(days=rng.randrange(1, 6)),
        incident_lead=people[0], facilitator=people[1], participants=people,
        services=[service, other], tags=rng.sample(["capacity", "config", "deploy", "network",
                                                     "data", "security", "third-party"], 2),
        summary=(f"After {trigger}, the {component} behind {service} {failure}. "
                 f"{other.capitalize()} saw elevated errors until we "
                 f"{rng.choice(MITIGATIONS)}."),
        impact=Impact(users_affected=f"~{rng.randrange(1, 90)}k", slo_breached=f"{service} "
                      "availability", duration=f"{resolve.seconds // 60} min"),
        timeline=timeline,
        went_well=rng.sample(WELL, 2),
        went_poorly=[p.format(**fill) for p in rng.sample(POORLY, 2)],
        lucky=["It happened outside peak hours"] if rng.random() < 0.4 else [],
        why_chains=[WhyChain(f"{service.capitalize()} returned errors",
                             [f"The {component} {failure}", f"{trigger.capitalize()} changed "
                              "its load", "No alert covered that state"])],
        factors=[ContributingFactor(f"The {rng.choice(COMPONENTS)} had no headroom",
                                    rng.choice(list(FactorCategory)), rng.random() < 0.5)
                 for _ in range(rng.randrange(1, 4))],
        action_items=actions,
        takeaways=rng.sample(LESSONS, 2),
        lessons=rng.sample(LESSONS, 1),
    )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def timed(function, repeat: int) -> tuple[list[float], object]:  # type: ignore[no-untyped-def]
    result = function()  # warm-up, untimed
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        samples.append(time.perf_counter() - started)
    return samples, result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="post-mortems (10000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query (20)")
    args = parser.parse_args(argv)
    grep = shutil.which("grep")
    if grep is None:
        print("grep is not installed; cannot compare", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory(prefix="bench-archive-") as workdir:
        root = Path(workdir)
        markdown_dir = root / "markdown"
        markdown_dir.mkdir()
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"{os.cpu_count()} CPUs, load average {load:.1f} at start; SQLite "
              f"{sqlite3.sqlite_version}; Python {sys.version.split()[0]}")
        print(f"generating {args.count} post-mortems (seed {args.seed}) ...", flush=True)
        postmortems = [generate(rng, n, args.count) for n in range(args.count)]

        archive = Archive.open(root / "archive.sqlite3")
        save_times = []
        started = time.perf_counter()
        for pm in postmortems:
            t0 = time.perf_counter()
            archive.save(pm)
            save_times.append(time.perf_counter() - t0)
        total_save = time.perf_counter() - started

        started = time.perf_counter()
        for pm in postmortems:
            (markdown_dir / f"{pm.id}.md").write_text(to_markdown(pm), encoding="utf-8")
        total_export = time.perf_counter() - started

        with archive.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db_bytes = sum(p.stat().st_size for p in root.glob("archive.sqlite3*"))
        md_bytes = sum(p.stat().st_size for p in markdown_dir.iterdir())
        print()
        print(f"archive: {archive.count()} post-mortems, {db_bytes / 1e6:.1f} MB "
              f"(Markdown files: {md_bytes / 1e6:.1f} MB)")
        print(f"save, one transaction each: total {total_save:.1f} s, per post-mortem "
              f"mean {ms(statistics.mean(save_times)).strip()} ms, "
              f"median {ms(statistics.median(save_times)).strip()} ms, "
              f"p95 {ms(percentile(save_times, 0.95)).strip()} ms")
        print(f"export to Markdown files: {total_export:.1f} s "
              f"({ms(total_export / args.count).strip()} ms each)")
        print()
        header = (f"{'query':<24} {'archive hits':>12} {'median ms':>9} {'p95 ms':>8}   "
                  f"{'grep -ril hits':>14} {'median ms':>9} {'p95 ms':>8}   {'speed-up':>8}")
        print(header)
        print("-" * len(header))
        grep_repeat = max(3, args.repeat // 4)
        for query in QUERIES:
            fts_samples, hits = timed(lambda q=query: archive.search(q, limit=50), args.repeat)
            all_hits = len(archive.search(query, limit=args.count))
            command = [grep, "-ril", "-F", "--", query, str(markdown_dir)]
            grep_samples, output = timed(
                lambda c=command: subprocess.run(c, capture_output=True, text=True).stdout,
                grep_repeat)
            grep_hits = len(str(output).splitlines())
            fts_median = statistics.median(fts_samples)
            grep_median = statistics.median(grep_samples)
            print(f"{query:<24} {all_hits:>12} {ms(fts_median):>9} "
                  f"{ms(percentile(fts_samples, 0.95)):>8}   {grep_hits:>14} "
                  f"{ms(grep_median):>9} {ms(percentile(grep_samples, 0.95)):>8}   "
                  f"{grep_median / fts_median:>7.0f}x")
        print()
        print(f"archive: Archive.search(query, limit=50) with ranking and snippets, "
              f"{args.repeat} runs; grep: {grep_repeat} runs of 'grep -ril -F QUERY' over "
              f"{args.count} files. Hit counts: archive = all files with every word "
              f"(stemmed); grep = files containing the exact phrase.")
        archive.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A temporary archive file per test, and a post-mortem with every field filled in."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from facilitator.core.model import (
    ActionItem,
    ActionKind,
    ActionStatus,
    ContributingFactor,
    DismissedFlag,
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


@pytest.fixture
def archive_path(tmp_path: Path) -> Path:
    return tmp_path / "archive.sqlite3"


@pytest.fixture
def archive(archive_path: Path) -> Iterator[Archive]:
    opened = Archive.open(archive_path)
    yield opened
    opened.close()


@pytest.fixture
def make_postmortem() -> Callable[..., PostMortem]:
    """``make_postmortem(title, start)``: a post-mortem using every field."""
    return full_postmortem


def full_postmortem(title: str = "Checkout latency after cache eviction storm",
                    start: datetime | None = None) -> PostMortem:
    """A post-mortem using every field, with times in a non-UTC zone."""
    zone = ZoneInfo("Europe/Berlin")
    t0 = start or datetime(2026, 3, 4, 14, 2, tzinfo=zone)
    return PostMortem(
        title=title,
        status=Status.IN_REVIEW,
        severity=Severity.SEV2,
        timezone="Europe/Berlin",
        incident_start=t0,
        detected=t0 + timedelta(minutes=6),
        acknowledged=t0 + timedelta(minutes=9),
        mitigated=t0 + timedelta(minutes=41),
        resolved=t0 + timedelta(hours=2, minutes=5),
        meeting_at=t0 + timedelta(days=2),
        incident_lead="Priya Raman",
        facilitator="Tomás Ortega",
        participants=["Priya Raman", "Tomás Ortega", "Lin Wu"],
        services=["checkout", "session-cache"],
        tags=["cache", "capacity"],
        summary="A cache node restart evicted hot sessions; checkout p99 rose to 9 s.",
        impact=Impact(users_affected="~12k", duration="2h 05m", slo_breached="checkout p99",
                      revenue="unknown", notes="EU only | pipes kept"),
        opening_statement="We look at the system, not at people.",
        timeline=[
            TimelineEvent(t0 + timedelta(minutes=6), "Latency alert fired for checkout",
                          EventKind.ALERT),
            TimelineEvent(t0 + timedelta(minutes=15), "Decided to fail over the cache",
                          EventKind.DECISION, known_at_time="Only one node looked unhealthy"),
            TimelineEvent(t0 + timedelta(minutes=41), "Traffic shifted to the warm replica",
                          EventKind.MITIGATION),
        ],
        went_well=["Alert fired within minutes"],
        went_poorly=["Runbook did not cover a partial eviction"],
        lucky=["Traffic was low on a Wednesday"],
        why_chains=[
            WhyChain("Checkout was slow", ["Sessions were re-read from the database",
                                           "The cache lost its hot keys on restart"]),
            WhyChain("Failover took 25 minutes", []),
        ],
        factors=[
            ContributingFactor("Restarts evict every key at once", FactorCategory.TECHNICAL,
                               known_risk=True),
            ContributingFactor("No owner for the cache runbook", FactorCategory.ORGANIZATIONAL),
        ],
        action_items=[
            ActionItem("Warm the cache before a node rejoins", owner="Lin Wu",
                       due=date(2026, 4, 1), success_criterion="p99 under 500 ms on restart",
                       priority=Priority.MUST, kind=ActionKind.PREVENT,
                       link="https://tracker.example/OPS-12"),
            ActionItem("Alert on cache hit ratio below 80%", owner="Priya Raman",
                       due=date(2026, 3, 20), success_criterion="alert fires in a drill",
                       priority=Priority.SHOULD, kind=ActionKind.DETECT,
                       status=ActionStatus.DONE, completed=date(2026, 3, 18), note="drilled"),
        ],
        takeaways=["Cache restarts are a capacity event"],
        lessons=["Warm-up belongs in the restart procedure"],
        dismissed=[DismissedFlag("abc123", "should-have", "should have", "a quote")],
    )

"""A generated archive: realistic, reproducible post-mortems for demos, tests and benchmarks.

``generate(n, seed=...)`` always gives the same post-mortems for the same arguments, so a test
can compute expected figures from the very objects it saved.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

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
    format_id,
)

SERVICES = ("payments", "checkout", "auth", "search", "api-gateway", "orders", "inventory",
            "notifications", "billing", "postgres-primary", "cdn", "queue")
TAGS = ("deploy", "config", "capacity", "dependency", "database", "network", "certificate",
        "holiday-traffic", "migration", "data")
PEOPLE = ("Maria Lopez", "Sam Okafor", "Priya Nair", "Jonas Berg", "Aiko Tanaka", "Lee Wong",
          "Fatima Haddad", "Tom O'Brien", "Ines [ops]", "Dana $(whoami)")
FACTORS: tuple[tuple[str, FactorCategory], ...] = (
    ("Missing input validation", FactorCategory.TECHNICAL),
    ("Connection pool too small for peak traffic", FactorCategory.TECHNICAL),
    ("Retry storm without backoff", FactorCategory.TECHNICAL),
    ("Certificate expiry not monitored", FactorCategory.TECHNICAL),
    ("Config change skipped staging", FactorCategory.PROCESS),
    ("Runbook out of date", FactorCategory.PROCESS),
    ("Deploy during peak hours", FactorCategory.PROCESS),
    ("Unclear ownership of the service", FactorCategory.ORGANIZATIONAL),
    ("On-call rotation understaffed", FactorCategory.ORGANIZATIONAL),
    ("Cloud provider regional outage", FactorCategory.ENVIRONMENTAL),
    ("Holiday traffic spike", FactorCategory.ENVIRONMENTAL),
    ("Upstream DNS provider degraded", FactorCategory.ENVIRONMENTAL),
)
DETECTIONS: tuple[tuple[EventKind, str], ...] = (
    (EventKind.ALERT, "PagerDuty alert fired: {svc} error rate above 5%"),
    (EventKind.ALERT, "Latency alert on {svc} p99"),
    (EventKind.DETECTION, "Synthetic probe for {svc} started failing"),
    (EventKind.DETECTION, "Customer reported checkout errors via support ticket"),
    (EventKind.DETECTION, "Several customers complained on social media about {svc}"),
    (EventKind.DETECTION, "Engineer noticed odd graphs while deploying {svc}"),
)
ACTIONS = (
    "Add connection pool saturation alert at 80% for {svc}",
    "Validate config schema in CI before deploy of {svc}",
    "Add exponential backoff to {svc} client retries",
    "Automate certificate renewal for {svc}",
    "Update the {svc} failover runbook and rehearse it",
    "Move {svc} deploys out of peak hours with a deploy window check",
    "Add a synthetic check for {svc} login flow",
)
WORDS = ("timeout", "latency", "rollback", "failover", "cache", "quota", "replica", "throttling",
         "memory", "disk")


def _variant(rng: random.Random, text: str) -> str:
    # The same factor as different people type it: case, punctuation, spacing.
    choice = rng.randrange(5)
    if choice == 1:
        return text.lower()
    if choice == 2:
        return text + "."
    if choice == 3:
        return text.upper()
    if choice == 4:
        return text.replace(" ", "  ", 1)
    return text


def generate(count: int, *, seed: int = 7, end: date = date(2026, 6, 30),
             days: int = 730) -> Iterator[PostMortem]:
    """``count`` post-mortems with ids, dates spread over ``days`` days before ``end``."""
    rng = random.Random(seed)
    numbers: dict[int, int] = {}
    starts = sorted(
        datetime(end.year, end.month, end.day, tzinfo=UTC)
        - timedelta(days=rng.randrange(days), hours=rng.randrange(24), minutes=rng.randrange(60))
        for _ in range(count)
    )
    for start in starts:
        numbers[start.year] = numbers.get(start.year, 0) + 1
        yield _one(rng, format_id(start.year, numbers[start.year]), start, end)


def _one(rng: random.Random, pm_id: str, start: datetime, end: date) -> PostMortem:
    # A few teams write their times with an offset; the wall-clock hour is what they lived.
    if rng.random() < 0.1:
        start = start.astimezone(timezone(timedelta(hours=2)))
    services = rng.sample(SERVICES, rng.choice((1, 1, 1, 2, 2, 3)))
    svc = services[0]
    tags = rng.sample(TAGS, rng.randrange(0, 4))
    word = rng.choice(WORDS)
    detect_kind, detect_text = rng.choice(DETECTIONS)
    to_detect = timedelta(minutes=rng.randrange(1, 120))
    to_mitigate = to_detect + timedelta(minutes=rng.randrange(5, 240))
    to_resolve = to_mitigate + timedelta(minutes=rng.randrange(5, 600))
    timeline = [TimelineEvent(start, f"Deploy of {svc} rolled out ({word} settings changed)",
                              EventKind.ACTION)]
    if rng.random() < 0.92:
        timeline.append(TimelineEvent(start + to_detect, detect_text.format(svc=svc), detect_kind))
    timeline.append(TimelineEvent(start + to_mitigate, f"Rolled back {svc}", EventKind.MITIGATION))
    if rng.random() < 0.9:
        timeline.append(TimelineEvent(start + to_resolve, "Error rates back to normal",
                                      EventKind.RESOLUTION))
    rng.shuffle(timeline)  # the archive must not rely on the order events were typed in
    factors = [ContributingFactor(_variant(rng, text), category, rng.random() < 0.3)
               for text, category in rng.sample(FACTORS, rng.randrange(0, 4))]
    meeting = start + timedelta(days=rng.randrange(1, 6))
    items = []
    for number in range(1, rng.randrange(0, 6) + 1):
        due = meeting.date() + timedelta(days=rng.randrange(7, 60)) if rng.random() < 0.85 else None
        roll = rng.random()
        status, completed, note = ActionStatus.OPEN, None, ""
        if roll < 0.55:
            status = ActionStatus.DONE
            completed = meeting.date() + timedelta(days=rng.randrange(1, 80))
            if completed > end:
                status, completed = ActionStatus.OPEN, None
        elif roll < 0.65:
            status, note = ActionStatus.DROPPED, "Superseded by the platform migration"
        items.append(ActionItem(
            description=rng.choice(ACTIONS).format(svc=svc), owner=rng.choice(PEOPLE), due=due,
            success_criterion=f"{svc} {word} alert fires in the game day", number=number,
            priority=rng.choice(tuple(Priority)), kind=rng.choice(tuple(ActionKind)),
            status=status, completed=completed, note=note,
            link=f"https://tracker.example/{pm_id}-{number}" if rng.random() < 0.3 else "",
        ))
    explicit = rng.random() < 0.3
    return PostMortem(
        id=pm_id,
        title=f"{svc.capitalize()} {word} incident",
        status=rng.choice((Status.FINAL, Status.FINAL, Status.IN_REVIEW, Status.DRAFT)),
        severity=rng.choice(tuple(Severity)),
        incident_start=start if rng.random() < 0.8 else None,
        detected=start + to_detect if explicit else None,
        resolved=start + to_resolve if explicit else None,
        meeting_at=meeting,
        incident_lead=rng.choice(PEOPLE),
        facilitator=rng.choice(PEOPLE),
        participants=rng.sample(PEOPLE, 3),
        services=services,
        tags=tags,
        summary=f"{svc} returned errors after a {word} change; [bold]users[/bold] saw failures.",
        impact=Impact(users_affected=f"~{rng.randrange(1, 50)}k", duration="", notes=""),
        timeline=timeline,
        went_well=["Rollback was quick"],
        went_poorly=[f"The {word} change had no canary"],
        factors=factors,
        action_items=items,
        takeaways=[f"{svc} needs a canary for {word} changes"],
    )

"""Helpers for the meeting app's Pilot tests: a fake clock, typing, running a scenario."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import UTC, date, datetime
from typing import Any

TODAY = date(2026, 3, 10)


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def sync(test: Callable[[], Coroutine[Any, Any, None]]) -> Callable[[], None]:
    """Turn an async Pilot test into a plain one (no async pytest plugin needed)."""

    def run_test() -> None:
        asyncio.run(test())

    run_test.__doc__ = test.__doc__
    return run_test


def stage_app(editor: Any) -> Any:
    """A small app showing one stage editor and counting its ``Changed`` messages."""
    from textual.app import App

    from facilitator.ui.stages.base import StageEditor

    class StageApp(App[None]):
        def __init__(self) -> None:
            super().__init__()
            self.editor = editor
            self.changes = 0

        def compose(self) -> Any:
            yield self.editor

        def on_stage_editor_changed(self, message: StageEditor.Changed) -> None:
            self.changes += 1

    return StageApp()


def run(coroutine: Coroutine[Any, Any, None]) -> None:
    """Run an async Pilot scenario without an async pytest plugin."""
    asyncio.run(coroutine)


async def type_text(pilot: Any, text: str) -> None:
    """Type ``text`` key by key into the focused field."""
    keys = ["space" if ch == " " else ch for ch in text]
    await pilot.press(*keys)


def when(moment: str) -> datetime:
    return datetime.fromisoformat(moment).replace(tzinfo=UTC)


async def paste_text(pilot: Any, text: str) -> None:
    """Paste ``text`` into the focused field, as the terminal does (faster than typing)."""
    from textual import events

    await pilot.pause()
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


def sample_postmortem() -> Any:
    """A complete post-mortem with fixed content, for snapshots and flows."""
    from facilitator.core.model import (
        ActionItem,
        ActionKind,
        ContributingFactor,
        EventKind,
        FactorCategory,
        Impact,
        PostMortem,
        Priority,
        Severity,
        TimelineEvent,
        WhyChain,
    )

    return PostMortem(
        id="PM-2026-0007",
        title="Checkout latency after the orders migration",
        severity=Severity.SEV2,
        incident_start=when("2026-03-04 14:00"),
        detected=when("2026-03-04 14:05"),
        acknowledged=when("2026-03-04 14:07"),
        mitigated=when("2026-03-04 14:30"),
        resolved=when("2026-03-04 14:45"),
        meeting_at=when("2026-03-05 10:00"),
        incident_lead="Maria",
        facilitator="Sam",
        participants=["Maria", "Ben", "Ana"],
        services=["checkout", "orders"],
        tags=["migration"],
        summary="A schema migration held a lock on the orders table; checkout requests "
                "queued behind it for forty minutes.",
        impact=Impact(users_affected="about 12k", duration="45m", slo_breached="checkout p99"),
        opening_statement="We meet to learn how the system allowed this, not to find fault.",
        timeline=[
            TimelineEvent(when("2026-03-04 14:00"), "Deploy 4121 started the migration",
                          EventKind.ACTION),
            TimelineEvent(when("2026-03-04 14:05"), "Checkout latency alert fired",
                          EventKind.ALERT),
            TimelineEvent(when("2026-03-04 14:30"), "Migration rolled back",
                          EventKind.MITIGATION),
        ],
        went_well=["The latency alert fired within five minutes"],
        lucky=["The migration started outside the evening peak"],
        went_poorly=["The migration tool has no dry-run step"],
        why_chains=[WhyChain("Checkout requests queued",
                             ["The orders table was locked",
                              "The migration rewrote the table in one transaction"])],
        factors=[ContributingFactor("No lock timeout on migrations",
                                    FactorCategory.TECHNICAL, known_risk=True)],
        action_items=[
            ActionItem("Add a lock timeout to the migration runner", owner="Ben",
                       due=date(2026, 4, 1), success_criterion="migrations abort after 5 s",
                       priority=Priority.MUST, kind=ActionKind.PREVENT),
            ActionItem("Alert on lock waits above 10 s", owner="Ana", due=date(2026, 4, 8),
                       success_criterion="alert fires in staging test",
                       kind=ActionKind.DETECT),
            ActionItem("Document the rollback command in the runbook", owner="Maria",
                       due=date(2026, 4, 15), success_criterion="runbook reviewed",
                       priority=Priority.NICE, kind=ActionKind.MITIGATE),
        ],
        takeaways=["Long migrations need a lock budget", "Latency alerts worked",
                   "Rollback took 25 minutes"],
        lessons=["The migration tool hides how long it holds locks"],
    )

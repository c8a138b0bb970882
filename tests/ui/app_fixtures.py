"""Helpers for the meeting app's Pilot tests: a fake clock, typing, running a scenario."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
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

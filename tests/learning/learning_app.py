"""A small host app for the learning screens, and a Pilot helper."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App


class LearningApp(App[None]):
    """The smallest host for a learning screen: an archive and an open_postmortem hook."""

    def __init__(self, archive: Any, screen: Any, export_dir: Path | None = None) -> None:
        super().__init__()
        self.archive = archive
        self.export_dir = export_dir
        self.opened: list[str] = []
        self._first = screen

    def on_mount(self) -> None:
        self.push_screen(self._first)

    def open_postmortem(self, pm_id: str) -> None:
        self.opened.append(pm_id)


async def settle(pilot: Any) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()

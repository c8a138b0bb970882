"""Fixtures for the meeting app's Pilot tests: a temp archive and the app built on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from app_fixtures import TODAY, FakeClock

from facilitator.store.archive import Archive
from facilitator.ui.app import FacilitatorApp


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    opened = Archive.open(str(tmp_path / "archive.db"))
    yield opened
    opened.close()


@pytest.fixture
def make_app(archive: Archive, tmp_path: Path) -> Callable[..., FacilitatorApp]:
    def build(open_target: str | None = None, clock: Callable[[], float] | None = None,
              **kwargs: Any) -> FacilitatorApp:
        kwargs.setdefault("export_dir", tmp_path)
        kwargs.setdefault("today", lambda: TODAY)
        return FacilitatorApp(archive, open_target=open_target, clock=clock or FakeClock(),
                              **kwargs)

    return build



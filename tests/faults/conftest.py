"""Fixtures for the fault tests. The app's Pilot helpers come from tests/ui/app_fixtures.py."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).parent
for folder in (HERE, HERE.parent / "ui"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A private home for subprocesses: their user data dir is inside it."""
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "archive.sqlite3"


@pytest.fixture
def archive(db_path: Path) -> Iterator[object]:
    from facilitator.store.archive import Archive

    opened = Archive.open(str(db_path))
    yield opened
    opened.close()

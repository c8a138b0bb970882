"""A generated archive shared by the learning tests (each test gets its own copy of the file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from learning_expected import TODAY

from facilitator.core.model import PostMortem
from facilitator.store.archive import Archive
from facilitator.store.sample import generate

COUNT = 160


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[PostMortem]]:
    """A saved archive file and the very post-mortems written into it."""
    path = tmp_path_factory.mktemp("generated") / "archive.sqlite3"
    pms = list(generate(COUNT, seed=11, end=TODAY))
    with Archive.open(path) as archive:
        for pm in pms:
            archive.save(pm)
    return path, pms


@pytest.fixture
def archive_copy(generated: tuple[Path, list[PostMortem]], tmp_path: Path) -> Path:
    """A private copy of the generated archive file, safe to change."""
    source, _ = generated
    target = tmp_path / "archive.sqlite3"
    shutil.copy(source, target)
    return target


@pytest.fixture
def archive(archive_copy: Path):
    with Archive.open(archive_copy) as opened:
        yield opened


@pytest.fixture
def pms(generated: tuple[Path, list[PostMortem]]) -> list[PostMortem]:
    return generated[1]

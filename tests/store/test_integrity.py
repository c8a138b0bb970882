"""Archives we must refuse or wait for: newer schema, not a database, locked, shared writers."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from facilitator.core.model import PostMortem
from facilitator.store.archive import Archive
from facilitator.store.errors import (
    ArchiveCorrupt,
    ArchiveError,
    ArchiveLocked,
    ArchiveTooNew,
)
from facilitator.store.tables import SCHEMA_VERSION


def test_schema_version_is_stored(archive: Archive, archive_path: Path) -> None:
    with sqlite3.connect(archive_path) as db:
        assert db.execute("SELECT value FROM schema_meta WHERE name = 'version'").fetchone() == (
            str(SCHEMA_VERSION),
        )


def test_newer_schema_is_refused_with_a_hint(archive_path: Path) -> None:
    Archive.open(archive_path).close()
    with sqlite3.connect(archive_path) as db:
        db.execute("UPDATE schema_meta SET value = ? WHERE name = 'version'",
                   (str(SCHEMA_VERSION + 1),))
    with pytest.raises(ArchiveTooNew) as caught:
        Archive.open(archive_path)
    assert "newer" in str(caught.value)
    assert "upgrade" in caught.value.hint
    # Refusing must not have touched the file.
    with sqlite3.connect(archive_path) as db:
        assert db.execute("SELECT value FROM schema_meta").fetchone() == (
            str(SCHEMA_VERSION + 1),)


@pytest.mark.parametrize("content", [b"not a database at all\n" * 50, b"\x00\xff" * 3000])
def test_a_file_that_is_not_sqlite_is_corrupt(archive_path: Path, content: bytes) -> None:
    archive_path.write_bytes(content)
    with pytest.raises(ArchiveCorrupt) as caught:
        Archive.open(archive_path)
    assert str(archive_path) in str(caught.value)
    assert caught.value.hint
    assert archive_path.read_bytes() == content  # left as it was


def test_a_damaged_archive_is_corrupt(archive_path: Path) -> None:
    with Archive.open(archive_path) as archive:
        for n in range(40):
            archive.save(PostMortem(title=f"incident {n} " + "words " * 200))
    with sqlite3.connect(archive_path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = bytearray(archive_path.read_bytes())
    # Keep the header, scramble the pages after it.
    raw[4096:] = bytes((b * 7 + 3) % 256 for b in raw[4096:])
    archive_path.write_bytes(bytes(raw))
    with pytest.raises(ArchiveCorrupt), Archive.open(archive_path) as archive:
        archive.summaries()
        archive.search("incident")


def test_someone_elses_sqlite_file_is_refused(archive_path: Path) -> None:
    with sqlite3.connect(archive_path) as db:
        db.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(ArchiveCorrupt) as caught:
        Archive.open(archive_path)
    assert "not a facilitator archive" in str(caught.value)


def test_a_directory_is_not_an_archive(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError) as caught:
        Archive.open(tmp_path)
    assert "directory" in str(caught.value)


def test_non_sqlite_urls_are_refused() -> None:
    with pytest.raises(ArchiveError) as caught:
        Archive.open("postgresql://db.example/archive")
    assert "only SQLite" in str(caught.value)


def test_a_write_lock_held_too_long_gives_archive_locked(archive_path: Path) -> None:
    archive = Archive.open(archive_path, busy_timeout=0.3)
    holder = sqlite3.connect(archive_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        with pytest.raises(ArchiveLocked) as caught:
            archive.save(PostMortem(title="waits"))
        assert time.monotonic() - started >= 0.3
        assert "locked" in str(caught.value)
        assert caught.value.hint
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # Once the lock is gone the same archive saves normally.
    assert archive.save(PostMortem(title="after")).id
    archive.close()


def test_a_short_lock_is_waited_for(archive_path: Path) -> None:
    archive = Archive.open(archive_path, busy_timeout=5)
    holder = sqlite3.connect(archive_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    import threading

    release = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    release.start()
    try:
        assert archive.save(PostMortem(title="patient")).id
    finally:
        release.join()
        holder.close()
        archive.close()


_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from datetime import datetime, UTC
    from facilitator.core.model import ActionItem, PostMortem
    from facilitator.store.archive import Archive

    path, name, count, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    archive = Archive.open(path)
    while not go.exists():
        time.sleep(0.005)
    for n in range(count):
        pm = PostMortem(title=f"{name} {n}", summary=f"written by {name}",
                        incident_start=datetime(2026, 6, 1, tzinfo=UTC),
                        action_items=[ActionItem(f"{name} action {n}")])
        archive.save(pm)
        print(pm.id, flush=True)
    archive.close()
    """
)


def test_two_processes_saving_at_once_both_succeed(archive_path: Path, tmp_path: Path) -> None:
    Archive.open(archive_path).close()
    go = tmp_path / "go"
    count = 40
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(archive_path), name, str(count),
                          str(go)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name in ("alpha", "beta")
    ]
    time.sleep(0.3)  # both have opened the archive and wait for the signal
    go.touch()
    outputs = [w.communicate(timeout=120) for w in writers]
    for writer, (_, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
    ids = [line for out, _ in outputs for line in out.split()]
    assert len(ids) == 2 * count
    # Every id unique, numbered 1..80 with no gap: ids were assigned inside the write lock.
    assert sorted(ids) == [f"PM-2026-{n:04d}" for n in range(1, 2 * count + 1)]
    with Archive.open(archive_path) as archive:
        assert archive.count() == 2 * count
        assert len(archive.search("alpha")) == count
        assert len(archive.search("beta")) == count
        loaded = archive.load_many(ids)
        assert all(len(pm.action_items) == 1 for pm in loaded)
        assert {pm.title.split()[0] for pm in loaded} == {"alpha", "beta"}


def test_two_processes_creating_the_same_new_archive(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite3"
    go = tmp_path / "go"
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(path), name, "3", str(go)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name in ("alpha", "beta")
    ]
    go.touch()
    for writer in writers:
        _, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
    with Archive.open(path) as archive:
        assert archive.count() == 6


def test_saves_take_the_write_lock_when_they_begin(archive_path: Path) -> None:
    from sqlalchemy import event

    archive = Archive.open(archive_path)
    statements: list[str] = []

    @event.listens_for(archive.engine, "connect")
    def _trace(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.set_trace_callback(statements.append)

    archive.engine.dispose()  # new connections, traced
    archive.save(PostMortem(title="x"))
    archive.summaries()
    archive.close()
    transactions = [s for s in statements if s.startswith(("BEGIN", "COMMIT", "ROLLBACK"))]
    assert transactions == ["BEGIN IMMEDIATE", "COMMIT", "BEGIN DEFERRED", "COMMIT"]

"""The app when the archive fails under it: the user is told, the work is kept (a recovery
copy they are told about), and it reaches the archive once the fault is gone."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_fixtures import TODAY, FakeClock, run, type_text
from faults_support import full_postmortem

from facilitator.core.model import from_dict
from facilitator.store.archive import Archive
from facilitator.store.recovery import keep_recovery_copy, recovery_dirs
from facilitator.ui.app import FacilitatorApp
from facilitator.ui.screens.meeting import MeetingScreen

HOLDER = textwrap.dedent("""
    import sqlite3, sys
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")
    connection.execute("UPDATE schema_meta SET value = value WHERE name = 'version'")
    print("locked", flush=True)
    sys.stdin.readline()  # hold the lock until told to let go
    connection.execute("COMMIT")
""")


@contextlib.contextmanager
def _lock(db: Path) -> Iterator[subprocess.Popen[str]]:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def _notes(app: FacilitatorApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def test_locked_archive_while_typing_keeps_a_recovery_copy(tmp_path: Path) -> None:
    db = tmp_path / "archive.sqlite3"
    archive = Archive.open(str(db), busy_timeout=0.2)

    async def scenario() -> None:
        app = FacilitatorApp(archive, clock=FakeClock(), today=lambda: TODAY,
                             export_dir=tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            app.new_postmortem()
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, MeetingScreen)
            await type_text(pilot, "Pool [bold]exhausted")
            assert screen.save_now()
            pm_id = screen.pm.id
            with _lock(db) as holder:
                await type_text(pilot, " after deploy")
                assert not screen.save_now()
                await pilot.pause()
                notes = "\n".join(_notes(app))
                assert "Could not save" in notes and "locked" in notes
                copy = db.parent / f"facilitator-recovery-{pm_id}.json"
                assert str(copy) in notes
                assert copy.stat().st_mode & 0o777 == 0o600
                kept = from_dict(json.loads(copy.read_text(encoding="utf-8")))
                assert kept.title == "Pool [bold]exhausted after deploy"
                assert "not saved" in str(screen.query_one("#pm-title").render())
                # The archive still has the last good save, whole.
                assert archive.load(pm_id).title == "Pool [bold]exhausted"
                holder.stdin.write("go\n")  # type: ignore[union-attr]
                holder.stdin.flush()  # type: ignore[union-attr]
                holder.wait(timeout=10)
            # The retry that was scheduled saves it now that the lock is gone.
            for _ in range(40):
                await pilot.pause(0.1)
                if not screen.dirty:
                    break
            assert not screen.dirty and screen.last_error == ""
            assert archive.load(pm_id).title == "Pool [bold]exhausted after deploy"
            assert not copy.exists()  # the archive holds the work again

    try:
        run(scenario())
    finally:
        archive.close()


def test_recovery_copy_falls_back_when_the_archive_folder_is_unusable(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    pm = full_postmortem("work of an hour", pm_id="PM-2026-0042")
    # /dev/null/x: no directory can be made there, even by root.
    copy = keep_recovery_copy(pm, "/dev/null/x/archive.sqlite3")
    assert copy == tmp_path / "state" / "facilitator" / "recovery" / \
        "facilitator-recovery-PM-2026-0042.json"
    assert copy.stat().st_mode & 0o777 == 0o600
    assert copy.parent.stat().st_mode & 0o777 == 0o700
    assert from_dict(json.loads(copy.read_text(encoding="utf-8"))).summary == "work of an hour"
    # With the state dir unusable too, the temporary directory takes it.
    monkeypatch.setenv("XDG_STATE_HOME", "/dev/null/state")
    places = recovery_dirs("/dev/null/x/archive.sqlite3")
    assert places[-1].is_dir()
    last = keep_recovery_copy(pm, "/dev/null/x/archive.sqlite3")
    assert last is not None and last.parent == places[-1]
    last.unlink()
    assert keep_recovery_copy(pm, None, places=[Path("/dev/null/a"), Path("/dev/null/b")]) \
        is None


def test_recovery_copy_imports_back_through_the_command_line(tmp_path: Path) -> None:
    from faults_support import cli

    home = tmp_path / "home"
    home.mkdir()
    pm = full_postmortem("kept while the disk was full", pm_id="PM-2026-0042")
    copy = keep_recovery_copy(pm, str(tmp_path / "archive.sqlite3"))
    assert copy is not None
    result = cli("import", str(copy), db=tmp_path / "archive.sqlite3", home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "PM-2026-0042"
    with Archive.open(str(tmp_path / "archive.sqlite3")) as archive:
        assert archive.load("PM-2026-0042").summary == "kept while the disk was full"


def test_full_disk_while_saving_in_the_app(tmp_path: Path) -> None:
    db = tmp_path / "archive.sqlite3"
    archive = Archive.open(str(db))

    def cap(pages: int) -> None:
        # SQLite's own "database or disk is full" on every pooled connection.
        archive.engine.dispose()
        from sqlalchemy import event

        @event.listens_for(archive.engine, "connect")
        def _cap(dbapi_connection: object, _record: object) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")  # type: ignore[attr-defined]

    async def scenario() -> None:
        app = FacilitatorApp(archive, clock=FakeClock(), today=lambda: TODAY,
                             export_dir=tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            app.new_postmortem()
            await pilot.pause()
            screen = app.screen
            await type_text(pilot, "Disk")
            assert screen.save_now()
            with archive.engine.connect() as connection:
                pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
            cap(int(pages))
            screen.pm.summary = "s" * 200_000  # as if a long log had been pasted
            assert not screen.save_now()
            await pilot.pause()
            notes = "\n".join(_notes(app))
            assert "is full" in notes and "free some space" in notes
            copy = db.parent / f"facilitator-recovery-{screen.pm.id}.json"
            assert str(copy) in notes
            assert json.loads(copy.read_text(encoding="utf-8"))["summary"] == "s" * 200_000

    try:
        run(scenario())
    finally:
        archive.close()

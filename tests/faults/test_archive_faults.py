"""Each archive fault, through the real command and through the Archive API: a clear message
saying what to do, exit status 2, never a traceback, and nothing the user had is lost.

Read-only and missing directories: the tests run as root in CI, and root ignores permission
bits, so ``chmod`` proves nothing there. A directory under a regular file (``/dev/null/x``)
fails for everyone with ENOTDIR; a read-only tmpfs mount (when the test may mount) is the
real thing; otherwise an ``OSError`` is injected where the file is created.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from faults_support import (
    FIXTURES,
    assert_clean_failure,
    cli,
    cli_env,
    full_postmortem,
    main_in_process,
)

from facilitator.core.model import to_dict
from facilitator.store import archive as archive_module
from facilitator.store.archive import Archive
from facilitator.store.errors import (
    ArchiveCorrupt,
    ArchiveError,
    ArchiveLocked,
    ArchiveTooNew,
)


def _fixture_copy(tmp_path: Path, name: str = "archive.sqlite3") -> Path:
    target = tmp_path / name
    shutil.copyfile(FIXTURES / "archive_v1.sqlite3", target)
    return target


def _draft_file(tmp_path: Path, text: str = "work in progress", big: str = "") -> Path:
    path = tmp_path / "draft.json"
    pm = full_postmortem(text)
    pm.summary += big  # one large field, as after pasting a long log
    path.write_text(json.dumps(to_dict(pm)), encoding="utf-8")
    return path


@contextlib.contextmanager
def _mounted_tmpfs(where: Path, options: str) -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here; the injected variant covers this fault")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


# --- a corrupt file ------------------------------------------------------------------------


CORRUPT = {
    "random bytes": os.urandom(8192),
    "header then garbage": b"SQLite format 3\x00" + os.urandom(4080),
    "a text file": b"# My notes\nnot a database at all\n",
}


@pytest.mark.parametrize("content", list(CORRUPT.values()), ids=list(CORRUPT))
def test_corrupt_archive_is_refused_and_left_untouched(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "archive.sqlite3"
    db.write_bytes(content)
    with pytest.raises(ArchiveCorrupt) as raised:
        Archive.open(str(db))
    assert str(db) in str(raised.value) and "backup" in raised.value.hint
    assert db.read_bytes() == content  # we never "repair" what we cannot read


def test_corrupt_archive_through_the_command_line(tmp_path: Path, home: Path) -> None:
    db = tmp_path / "archive.sqlite3"
    db.write_bytes(CORRUPT["header then garbage"])
    for args in (["search", "pool"], ["import", str(_draft_file(tmp_path))]):
        result = cli(*args, db=db, home=home)
        assert_clean_failure(result, str(db), "backup")
    assert db.read_bytes() == CORRUPT["header then garbage"]


def test_a_damaged_page_inside_a_real_archive(tmp_path: Path, home: Path) -> None:
    db = _fixture_copy(tmp_path)
    raw = bytearray(db.read_bytes())
    page = 4096
    for offset in range(page * 2, len(raw), page):  # every page but the header page
        raw[offset:offset + 64] = os.urandom(64)
    db.write_bytes(bytes(raw))
    result = cli("list", db=db, home=home)
    search = cli("search", "checkout", db=db, home=home)
    for outcome in (result, search):
        if outcome.returncode != 0:
            assert_clean_failure(outcome)
        assert "Traceback" not in outcome.stderr


def test_a_sqlite_file_of_another_program(tmp_path: Path, home: Path) -> None:
    db = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(db)
    connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    connection.commit()
    connection.close()
    result = cli("import", str(_draft_file(tmp_path)), db=db, home=home)
    assert_clean_failure(result, "not a facilitator archive")
    assert sqlite3.connect(db).execute(
        "SELECT name FROM sqlite_master WHERE type='table'").fetchall() == [("photos",)]


# --- an archive from a newer version -------------------------------------------------------


def _dump(db: Path) -> list[str]:
    connection = sqlite3.connect(db)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def test_archive_from_a_newer_schema(tmp_path: Path, home: Path) -> None:
    db = _fixture_copy(tmp_path)
    connection = sqlite3.connect(db)
    connection.execute("UPDATE schema_meta SET value = '99' WHERE name = 'version'")
    connection.commit()
    connection.close()
    before = _dump(db)
    for args in (["list"], ["import", str(_draft_file(tmp_path))]):
        result = cli(*args, db=db, home=home)
        assert_clean_failure(result, "newer", "upgrade")
    assert _dump(db) == before  # a newer archive is never written by older code
    with pytest.raises(ArchiveTooNew):
        Archive.open(str(db))


# --- missing and read-only data directories ------------------------------------------------


def test_data_directory_under_a_file(tmp_path: Path, home: Path) -> None:
    # Fails with ENOTDIR even for root.
    result = cli("list", db="/dev/null/facilitator/archive.sqlite3", home=home)
    assert_clean_failure(result, "/dev/null/facilitator", "not a directory", "--db")
    default = cli("list", db=None, home=home, XDG_DATA_HOME="/dev/null/data")
    assert_clean_failure(default, "/dev/null/data")


def test_missing_data_directory_is_created_owner_only(home: Path) -> None:
    result = cli("list", db=None, home=home)
    assert result.returncode == 0, result.stderr
    made = home / "data" / "facilitator"
    assert (made / "archive.sqlite3").is_file()
    assert made.stat().st_mode & 0o777 == 0o700
    assert (made / "archive.sqlite3").stat().st_mode & 0o777 == 0o600


def test_read_only_directory_injected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The error the kernel gives a normal user (or anyone on a read-only mount).
    def refuse(*_args: object, **_kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(archive_module.os, "open", refuse)
    status, _out, err = main_in_process("--db", str(tmp_path / "ro" / "archive.sqlite3"), "list")
    assert status == 2 and "Traceback" not in err
    assert "Permission denied" in err and "--db" in err


def test_read_only_mount(tmp_path: Path, home: Path) -> None:
    source = _fixture_copy(tmp_path)
    with _mounted_tmpfs(tmp_path / "ro", "size=1m,mode=0755") as folder:
        shutil.copyfile(source, folder / "archive.sqlite3")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        fresh = cli("list", db=folder / "new.sqlite3", home=home)
        assert_clean_failure(fresh, "Read-only file system")
        existing = cli("import", str(_draft_file(tmp_path)), db=folder / "archive.sqlite3",
                       home=home)
        assert_clean_failure(existing, str(folder / "archive.sqlite3"))


# --- a full disk ---------------------------------------------------------------------------


def test_full_disk_on_a_small_tmpfs(tmp_path: Path, home: Path) -> None:
    with _mounted_tmpfs(tmp_path / "small", "size=512k") as folder:
        db = folder / "archive.sqlite3"
        first = cli("import", str(_draft_file(tmp_path, "fits")), db=db, home=home)
        assert first.returncode == 0, first.stderr
        draft = _draft_file(tmp_path, "too big", big="x" * 1_000_000)
        result = cli("import", str(draft), db=db, home=home)
        assert_clean_failure(result, "full", "space")
        # What was saved before is intact and the archive still opens.
        listed = cli("list", "--json", db=db, home=home)
        assert listed.returncode == 0, listed.stderr
        assert [row["id"] for row in json.loads(listed.stdout)] == [first.stdout.strip()]
        with Archive.open(str(db)) as archive, archive.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_full_disk_injected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # SQLite's own SQLITE_FULL, raised by capping the file at its current size.
    real_engine = archive_module.sqlite_engine

    def capped(*args: object, **kwargs: object) -> object:
        engine = real_engine(*args, **kwargs)  # type: ignore[arg-type]

        @archive_module.event.listens_for(engine, "connect")
        def _cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
            pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
            dbapi_connection.execute(f"PRAGMA max_page_count = {max(pages, 1)}")

        return engine

    db = tmp_path / "archive.sqlite3"
    with Archive.open(str(db)) as archive:
        archive.save(full_postmortem("fits"))
    monkeypatch.setattr(archive_module, "sqlite_engine", capped)
    draft = _draft_file(tmp_path, "y", big="y" * 300_000)
    status, _out, err = main_in_process("--db", str(db), "import", str(draft))
    assert status == 2 and "Traceback" not in err
    assert "full" in err and "space" in err
    with Archive.open(str(db)) as archive, pytest.raises(ArchiveError) as raised:
        archive.save(full_postmortem("z" * 300_000))
    assert "full" in str(raised.value) and raised.value.hint


# --- export paths --------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["{dir}", "/dev/null/x.md", "{dir}/missing/x.md",
                                    "/proc/version"])
def test_export_to_a_path_that_cannot_be_written(tmp_path: Path, home: Path,
                                                 target: str) -> None:
    db = _fixture_copy(tmp_path)
    output = target.format(dir=tmp_path)
    result = cli("export", "PM-2025-0001", "-o", output, db=db, home=home)
    assert_clean_failure(result, output.split("/x.md")[0] if "x.md" in output else output)
    assert "-o" in result.stderr  # says what to do: another path, or leave out -o
    assert result.stdout == ""


def test_export_over_a_full_disk_leaves_the_old_file(tmp_path: Path, home: Path) -> None:
    db = _fixture_copy(tmp_path)
    with _mounted_tmpfs(tmp_path / "tiny", "size=12k") as folder:
        (folder / "pm.md").write_text("the previous export\n")
        big = full_postmortem("w", pm_id="PM-2026-0100")
        big.summary = "w" * 100_000
        with Archive.open(str(db)) as archive:
            archive.save(big)
        result = cli("export", "PM-2026-0100", "-o", str(folder / "pm.md"), db=db, home=home)
        assert_clean_failure(result, str(folder / "pm.md"))
        assert (folder / "pm.md").read_text() == "the previous export\n"
        assert sorted(p.name for p in folder.iterdir()) == ["pm.md"]  # no temp file left


# --- a lock held by another process --------------------------------------------------------

HOLDER = textwrap.dedent("""
    import sqlite3, sys, time
    connection = sqlite3.connect(sys.argv[1], isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")
    connection.execute("UPDATE schema_meta SET value = value WHERE name = 'version'")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    connection.execute("COMMIT")
""")


@contextlib.contextmanager
def _held(db: Path, seconds: float) -> Iterator[subprocess.Popen[str]]:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def test_locked_archive_api_says_locked_and_keeps_nothing_half_done(tmp_path: Path) -> None:
    db = _fixture_copy(tmp_path)
    with Archive.open(str(db), busy_timeout=0.3) as archive:
        before = archive.count()
        with _held(db, 30):
            started = time.monotonic()
            with pytest.raises(ArchiveLocked) as raised:
                archive.save(full_postmortem("while locked"))
            assert time.monotonic() - started < 10
            assert "another process" in str(raised.value) and "retry" in raised.value.hint
            # Readers are not blocked by a writer (WAL).
            assert archive.count() == before
        saved = archive.save(full_postmortem("after the lock"))
        assert archive.count() == before + 1 and archive.load(saved.id).summary == "after the lock"


@pytest.mark.slow
def test_locked_archive_through_the_command_line(tmp_path: Path, home: Path) -> None:
    db = _fixture_copy(tmp_path)
    Archive.open(str(db)).close()  # as every archive we make: in WAL mode
    draft = _draft_file(tmp_path, "imported while locked")
    with _held(db, 60):
        listed = cli("list", "--json", db=db, home=home)
        assert listed.returncode == 0, listed.stderr  # reading still works
        result = cli("import", str(draft), db=db, home=home)
        assert_clean_failure(result, "locked", "retry")
    retried = cli("import", str(draft), db=db, home=home)
    assert retried.returncode == 0, retried.stderr


@pytest.mark.slow
def test_a_short_lock_is_waited_for(tmp_path: Path, home: Path) -> None:
    db = _fixture_copy(tmp_path)
    with _held(db, 1.5):
        result = cli("import", str(_draft_file(tmp_path)), db=db, home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("PM-")


def test_no_traceback_env_is_needed(tmp_path: Path, home: Path) -> None:
    # The helper really hides the user's own archive from the subprocess.
    env = cli_env(tmp_path / "x.sqlite3", home)
    assert env["XDG_DATA_HOME"].startswith(str(home))


def test_the_app_command_refuses_a_bad_archive_before_starting(tmp_path: Path,
                                                               home: Path) -> None:
    corrupt = tmp_path / "corrupt.sqlite3"
    corrupt.write_bytes(CORRUPT["a text file"])
    newer = _fixture_copy(tmp_path, "newer.sqlite3")
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE schema_meta SET value = '7' WHERE name = 'version'")
    connection.commit()
    connection.close()
    for db, words in ((corrupt, ("not a readable", "backup")), (newer, ("newer", "upgrade"))):
        for args in ([], ["open", "PM-2025-0001"]):
            result = cli(*args, db=db, home=home, timeout=30)
            assert_clean_failure(result, *words)

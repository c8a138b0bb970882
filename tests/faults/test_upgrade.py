"""An archive written by the first released schema opens with today's code, nothing lost."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from faults_support import FIXTURES, cli

from facilitator.core.model import to_dict
from facilitator.store import tables
from facilitator.store.archive import Archive

EXPECTED = json.loads((FIXTURES / "archive_v1.json").read_text(encoding="utf-8"))


def _copy(tmp_path: Path) -> Path:
    # Never open the committed file itself: opening switches it to WAL mode.
    target = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURES / "archive_v1.sqlite3", target)
    return target


def _subset(actual: Any, expected: Any) -> bool:
    """``actual`` holds everything ``expected`` does (newer versions may add fields)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and _subset(actual[k], v) for k, v in expected.items())
    if isinstance(expected, list):
        return (isinstance(actual, list) and len(actual) == len(expected)
                and all(_subset(a, e) for a, e in zip(actual, expected, strict=True)))
    return bool(actual == expected)


def test_the_fixture_is_really_schema_1() -> None:
    connection = sqlite3.connect(f"file:{FIXTURES / 'archive_v1.sqlite3'}?mode=ro", uri=True)
    try:
        version = connection.execute(
            "SELECT value FROM schema_meta WHERE name = 'version'").fetchone()[0]
    finally:
        connection.close()
    assert int(version) == 1 == EXPECTED["schema_version"]
    assert tables.SCHEMA_VERSION >= 1


def test_v1_archive_opens_and_every_postmortem_is_found(tmp_path: Path) -> None:
    with Archive.open(str(_copy(tmp_path))) as archive:
        ids = [pm["id"] for pm in EXPECTED["postmortems"]]
        assert sorted(s.id for s in archive.summaries()) == sorted(ids)
        for expected in EXPECTED["postmortems"]:
            loaded = to_dict(archive.load(expected["id"]))
            assert _subset(loaded, expected), (loaded, expected)
        for pm_id, state in EXPECTED["meeting_state"].items():
            assert archive.load_meeting_state(pm_id) == state
        # The search index came along too.
        assert [h.id for h in archive.search("orders migration")] == ["PM-2026-0001"]
        assert [h.id for h in archive.search("stagger")] == ["PM-2025-0001"]
        # And the old archive takes new work.
        saved = archive.save(archive.load("PM-2026-0002"))
        assert saved.id == "PM-2026-0002"
        assert archive.count() == len(ids)
    check = sqlite3.connect(tmp_path / "old.sqlite3")
    try:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        check.close()


def test_v1_archive_through_the_command_line(tmp_path: Path, home: Path) -> None:
    db = _copy(tmp_path)
    listed = cli("list", "--json", db=db, home=home)
    assert listed.returncode == 0, listed.stderr
    assert {row["id"] for row in json.loads(listed.stdout)} == {
        pm["id"] for pm in EXPECTED["postmortems"]}
    exported = cli("export", "PM-2025-0001", "--format", "json", db=db, home=home)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert data["title"] == "Search latency from a cold cache"
    assert len(data["action_items"]) == 2 and len(data["timeline"]) == 2

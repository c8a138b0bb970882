"""The archive on a real SQLite file: round trips, ids, listing, meeting state, deletion."""

from __future__ import annotations

import os
import sqlite3
import stat
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.core.model import (
    ActionItem,
    ActionStatus,
    PostMortem,
    Severity,
    Status,
    TimelineEvent,
    WhyChain,
)
from facilitator.store.archive import Archive, archive_url
from facilitator.store.errors import NotFound
from facilitator.store.paths import default_archive_path

MakePM = Callable[..., PostMortem]


def test_save_then_load_gives_back_the_same_postmortem(
    make_postmortem: MakePM, archive: Archive
) -> None:
    pm = make_postmortem()
    saved = archive.save(pm)
    loaded = archive.load(saved.id)
    assert loaded == pm
    # Offsets survive exactly, not only the instant.
    assert loaded.incident_start is not None
    assert loaded.incident_start.utcoffset() == pm.incident_start.utcoffset()  # type: ignore[union-attr]


def test_load_in_a_new_process_sees_what_was_saved(
    make_postmortem: MakePM, archive_path: Path
) -> None:
    with Archive.open(archive_path) as first:
        pm = first.save(make_postmortem())
    with Archive.open(archive_path) as second:
        assert second.load(pm.id) == pm


def test_ids_are_assigned_per_incident_year_in_sequence(
    make_postmortem: MakePM, archive: Archive
) -> None:
    a = archive.save(make_postmortem("a", datetime(2026, 1, 5, 9, 0, tzinfo=UTC)))
    b = archive.save(make_postmortem("b", datetime(2026, 7, 5, 9, 0, tzinfo=UTC)))
    c = archive.save(make_postmortem("c", datetime(2025, 12, 31, 23, 0, tzinfo=UTC)))
    assert (a.id, b.id, c.id) == ("PM-2026-0001", "PM-2026-0002", "PM-2025-0001")


def test_an_undated_postmortem_takes_the_current_year(archive: Archive) -> None:
    pm = archive.save(PostMortem(title="no times yet"))
    assert pm.id == f"PM-{datetime.now(UTC).year}-0001"


def test_numbering_continues_after_the_highest_id_and_never_reuses_deleted_gaps(
    archive: Archive,
) -> None:
    archive.save(
        PostMortem(
            id="PM-2026-0041", title="imported", incident_start=datetime(2026, 2, 1, tzinfo=UTC)
        )
    )
    nxt = archive.save(PostMortem(title="new", incident_start=datetime(2026, 2, 2, tzinfo=UTC)))
    assert nxt.id == "PM-2026-0042"


def test_saving_again_replaces_children_and_keeps_created_and_meeting_state(
    make_postmortem: MakePM,
    archive: Archive,
    archive_path: Path,
) -> None:
    pm = archive.save(make_postmortem())
    archive.save_meeting_state(pm.id, {"stage": "timeline", "elapsed": [12, 30]})
    pm.timeline = pm.timeline[:1]
    pm.services = ["checkout"]
    pm.why_chains = [WhyChain("One chain", ["only"])]
    pm.action_items.append(ActionItem("Document the warm-up step"))
    archive.save(pm)
    loaded = archive.load(pm.id)
    assert loaded == pm
    assert [a.number for a in loaded.action_items] == [1, 2, 3]
    assert archive.load_meeting_state(pm.id) == {"stage": "timeline", "elapsed": [12, 30]}
    with sqlite3.connect(archive_path) as db:
        assert db.execute("SELECT count(*) FROM timeline_event").fetchone() == (1,)
        assert db.execute("SELECT count(*) FROM why").fetchone() == (1,)
        assert db.execute("SELECT count(*) FROM postmortem").fetchone() == (1,)
        created, updated = db.execute("SELECT created_at, updated_at FROM postmortem").fetchone()
    assert created <= updated


def test_action_items_are_numbered_on_save_and_numbers_are_stable(archive: Archive) -> None:
    pm = PostMortem(title="x", action_items=[ActionItem("one"), ActionItem("two")])
    archive.save(pm)
    assert [a.number for a in pm.action_items] == [1, 2]
    pm.action_items.pop(0)
    pm.action_items.insert(0, ActionItem("three"))
    archive.save(pm)
    assert [(a.description, a.number) for a in archive.load(pm.id).action_items] == [
        ("three", 3),
        ("two", 2),
    ]


def test_missing_ids_raise_not_found_with_a_hint(archive: Archive) -> None:
    with pytest.raises(NotFound) as caught:
        archive.load("PM-2026-9999")
    assert "PM-2026-9999" in str(caught.value)
    assert "facilitator list" in caught.value.hint
    with pytest.raises(NotFound):
        archive.delete("PM-2026-9999")
    with pytest.raises(NotFound):
        archive.save_meeting_state("PM-2026-9999", {})


def test_delete_removes_every_row_and_the_search_entry(
    make_postmortem: MakePM, archive: Archive, archive_path: Path
) -> None:
    keep = archive.save(make_postmortem("kept cache incident"))
    gone = archive.save(make_postmortem("removed cache incident"))
    archive.delete(gone.id)
    assert not archive.exists(gone.id)
    assert [h.id for h in archive.search("cache incident")] == [keep.id]
    with sqlite3.connect(archive_path) as db:
        for table in ("timeline_event", "action_item", "list_item", "service", "why", "factor"):
            (left,) = db.execute(
                f"SELECT count(*) FROM {table} WHERE postmortem_id = ?", (gone.id,)
            ).fetchone()
            assert left == 0, table


def test_meeting_state_is_none_until_saved(archive: Archive) -> None:
    pm = archive.save(PostMortem(title="x"))
    assert archive.load_meeting_state(pm.id) is None
    archive.save_meeting_state(pm.id, {"preset": "quick", "stage": "actions"})
    assert archive.load_meeting_state(pm.id) == {"preset": "quick", "stage": "actions"}


def test_summaries_filter_order_and_count_open_actions(
    make_postmortem: MakePM, archive: Archive
) -> None:
    old = make_postmortem("old", datetime(2025, 5, 1, tzinfo=UTC))
    old.status = Status.FINAL
    new = make_postmortem("new", datetime(2026, 5, 1, tzinfo=UTC))
    new.severity = Severity.SEV1
    new.action_items[1].status = ActionStatus.OPEN
    draft = PostMortem(title="draft without date")
    for pm in (old, new, draft):
        archive.save(pm)
    listed = archive.summaries()
    assert [s.title for s in listed] == ["new", "old", "draft without date"]
    first = listed[0]
    assert (first.severity, first.status, first.date) == (
        Severity.SEV1,
        Status.IN_REVIEW,
        date(2026, 5, 1),
    )
    assert first.services == ("checkout", "session-cache")
    assert first.open_actions == 2 and listed[1].open_actions == 1
    assert [s.title for s in archive.summaries(status="final")] == ["old"]
    assert [s.title for s in archive.summaries(severity=Severity.SEV1)] == ["new"]
    assert [s.title for s in archive.summaries(since=date(2026, 1, 1))] == ["new"]
    assert [s.title for s in archive.summaries(service="checkout")] == ["new", "old"]
    assert [s.title for s in archive.summaries(limit=1, offset=1)] == ["old"]
    assert [s.title for s in archive.drafts()] == ["draft without date"]
    assert archive.count() == 3


def test_load_many_reads_several_in_the_order_asked(
    make_postmortem: MakePM, archive: Archive
) -> None:
    ids = [archive.save(make_postmortem(f"pm {n}")).id for n in range(3)]
    loaded = archive.load_many([ids[2], "PM-1999-0001", ids[0]])
    assert [pm.title for pm in loaded] == ["pm 2", "pm 0"]
    assert len(archive.load_many()) == 3


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=_text, summary=_text, words=st.lists(_text, max_size=4), description=_text)
def test_any_text_round_trips(
    archive: Archive, title: str, summary: str, words: list[str], description: str
) -> None:
    pm = PostMortem(
        title=title,
        summary=summary,
        lessons=words,
        went_well=words,
        tags=words,
        timeline=[TimelineEvent(datetime(2026, 1, 1, tzinfo=UTC), description)],
        action_items=[ActionItem(description, owner=title)],
        why_chains=[WhyChain(summary, words)],
    )
    archive.save(pm)
    assert archive.load(pm.id) == pm


def test_new_archive_file_is_owner_only(archive: Archive, archive_path: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("POSIX permissions")
    archive.save(PostMortem(title="x"))
    assert stat.S_IMODE(archive_path.stat().st_mode) == 0o600
    wal = archive_path.with_name(archive_path.name + "-wal")
    if wal.exists():
        assert stat.S_IMODE(wal.stat().st_mode) == 0o600


def test_parent_directories_are_created(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "archive.sqlite3"
    with Archive.open(target) as archive:
        archive.save(PostMortem(title="x"))
    assert target.is_file()


def test_sqlalchemy_url_is_accepted(tmp_path: Path) -> None:
    target = tmp_path / "via-url.sqlite3"
    with Archive.open(f"sqlite:///{target}") as archive:
        pm = archive.save(PostMortem(title="by url"))
    with Archive.open(target) as archive:
        assert archive.load(pm.id).title == "by url"


def test_in_memory_archive_works(make_postmortem: MakePM, tmp_path: Path) -> None:
    with Archive.open("sqlite://") as archive:
        pm = archive.save(make_postmortem())
        assert archive.load(pm.id) == pm
        assert archive.search("eviction")


def test_default_location_is_the_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if sys.platform != "linux":
        pytest.skip("XDG_DATA_HOME is the Linux convention")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    expected = tmp_path / "data" / "facilitator" / "archive.sqlite3"
    assert default_archive_path() == expected
    assert archive_url(None).database == str(expected)
    with Archive.open(None) as archive:
        archive.save(PostMortem(title="x"))
    assert expected.is_file()


def test_tables_are_queryable_with_plain_sql(
    make_postmortem: MakePM, archive: Archive, archive_path: Path
) -> None:
    pm = archive.save(make_postmortem())
    with sqlite3.connect(archive_path) as db:
        minutes = db.execute(
            "SELECT round((julianday(detected) - julianday(incident_start)) * 1440) "
            "FROM postmortem WHERE id = ?",
            (pm.id,),
        ).fetchone()[0]
        services = db.execute("SELECT name FROM service ORDER BY position").fetchall()
        done = db.execute(
            "SELECT postmortem_id || '-A' || number FROM action_item WHERE status = 'done'"
        ).fetchall()
        sections = dict(db.execute("SELECT section, count(*) FROM list_item GROUP BY section"))
        version = db.execute("SELECT value FROM schema_meta WHERE name='version'").fetchone()
    assert minutes == 6
    assert services == [("checkout",), ("session-cache",)]
    assert done == [(f"{pm.id}-A2",)]
    assert sections == {"went_well": 1, "went_poorly": 1, "lucky": 1, "takeaways": 1, "lessons": 1}
    assert version == ("1",)


def test_archive_can_be_shared_with_a_reader_during_a_write(
    archive: Archive, archive_path: Path
) -> None:
    pm = archive.save(PostMortem(title="before"))
    writer = sqlite3.connect(archive_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE postmortem SET title = 'during' WHERE id = ?", (pm.id,))
    try:
        # WAL: the reader is not blocked, and sees the last committed state.
        assert archive.load(pm.id).title == "before"
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_permissions_error_is_an_archive_error(tmp_path: Path) -> None:
    if os.geteuid() == 0 or sys.platform == "win32":
        pytest.skip("root ignores permissions")
    locked_dir = tmp_path / "ro"
    locked_dir.mkdir()
    locked_dir.chmod(0o500)
    from facilitator.store.errors import ArchiveError

    try:
        with pytest.raises(ArchiveError):
            Archive.open(locked_dir / "archive.sqlite3")
    finally:
        locked_dir.chmod(0o700)


def test_a_megabyte_paste_is_kept_and_searchable(archive: Archive) -> None:
    paste = ("log line with a timeout in the gateway\n" * 27_000)[:1_000_000]
    pm = archive.save(PostMortem(title="Huge paste", summary=paste + " zebracorn"))
    assert archive.load(pm.id).summary == paste + " zebracorn"
    (hit,) = archive.search("zebracorn")
    assert hit.id == pm.id and "[zebracorn]" in hit.snippet
    assert len(hit.snippet) < 400

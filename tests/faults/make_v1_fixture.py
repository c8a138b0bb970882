"""Write ``fixtures/archive_v1.sqlite3``: an archive as schema version 1 stores it.

Run once, with the code of the first released schema, and commit the output:

    .venv/bin/python tests/faults/make_v1_fixture.py

Later versions must open that file and find everything (tests/faults/test_upgrade.py); the
expected post-mortems are written beside it as JSON, so the test does not depend on this
script still running with newer code.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from faults_support import full_postmortem  # noqa: E402

from facilitator.core.model import (  # noqa: E402
    ActionItem,
    ActionStatus,
    PostMortem,
    Severity,
    Status,
    TimelineEvent,
    to_dict,
)
from facilitator.store import tables  # noqa: E402
from facilitator.store.archive import Archive  # noqa: E402

ARCHIVE = HERE / "fixtures" / "archive_v1.sqlite3"
EXPECTED = HERE / "fixtures" / "archive_v1.json"


def postmortems() -> list[PostMortem]:
    full = full_postmortem("Connection pool exhausted after deploy 4121 (café, 障害, 🔥)",
                           title="Checkout outage: orders table locked by a migration")
    full.status = Status.FINAL
    full.severity = Severity.SEV1
    start = datetime(2025, 11, 2, 9, 30, tzinfo=UTC)
    second = PostMortem(
        title="Search latency from a cold cache",
        severity=Severity.SEV3,
        status=Status.IN_REVIEW,
        timezone="Europe/Berlin",
        incident_start=start,
        services=["search"],
        tags=["cache"],
        summary="Cache nodes restarted together; queries went to the database.",
        timeline=[TimelineEvent(at=start + timedelta(minutes=m), description=what)
                  for m, what in ((0, "Cache nodes restarted"), (7, "Latency alert"))],
        action_items=[
            ActionItem(description="Stagger cache restarts in the rollout tool",
                       owner="Ben", due=date(2025, 12, 1), status=ActionStatus.DONE,
                       completed=date(2025, 11, 20)),
            ActionItem(description="Warm the cache before taking traffic", owner="Ana"),
        ],
    )
    draft = PostMortem(title="Untimed draft", summary="Nothing dated yet.")
    return [full, second, draft]


def main() -> None:
    assert tables.SCHEMA_VERSION == 1, "this fixture is the schema 1 archive"
    ARCHIVE.parent.mkdir(exist_ok=True)
    for leftover in (ARCHIVE, *(ARCHIVE.with_name(ARCHIVE.name + s) for s in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    saved = []
    with Archive.open(str(ARCHIVE)) as archive:
        for pm in postmortems():
            saved.append(archive.save(pm))
        archive.save_meeting_state(saved[0].id, {"preset": "standard", "current": "actions",
                                                 "elapsed": {"prepare": 310.5}})
    # One self-contained file: fold the write-ahead log in and leave WAL mode.
    connection = sqlite3.connect(ARCHIVE)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.execute("VACUUM")
    connection.close()
    EXPECTED.write_text(json.dumps({
        "schema_version": tables.SCHEMA_VERSION,
        "meeting_state": {saved[0].id: {"preset": "standard", "current": "actions",
                                        "elapsed": {"prepare": 310.5}}},
        "postmortems": [to_dict(pm) for pm in saved],
    }, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {ARCHIVE} and {EXPECTED}: {[pm.id for pm in saved]}")


if __name__ == "__main__":
    main()

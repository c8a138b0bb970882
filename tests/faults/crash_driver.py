"""Kill -9 a process that is saving, again and again, and check the archive after each kill.

    python crash_driver.py ARCHIVE ROUNDS SEED

Each round forks a child (already holding the imported modules, so it starts at once) that
saves post-mortems in a loop and writes each id to a pipe only after ``save`` returned. The
parent kills it with SIGKILL at a random moment, then opens the archive afresh and prints one
JSON line: the ids the child reported, whether the archive opened, ``PRAGMA integrity_check``,
and which reported saves are missing or differ.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta

from facilitator.core.model import ActionItem, PostMortem, TimelineEvent
from facilitator.store.archive import Archive


def _postmortem(label: str, n: int) -> PostMortem:
    start = datetime(2026, 3, 4, 14, 0, tzinfo=UTC)
    return PostMortem(
        title=f"{label} save {n}",
        summary=("Connection pool exhausted. " * 40) + str(n),
        timeline=[TimelineEvent(at=start + timedelta(minutes=m), description=f"event {m} of {n}")
                  for m in range(30)],
        action_items=[ActionItem(description=f"item {k} of {n}", owner="Ana") for k in range(5)],
        went_well=[f"went well {k}" for k in range(10)],
    )


def child(db: str, label: str, out: int) -> None:
    archive = Archive.open(db)
    os.write(out, b"ready\n")
    n = 0
    while True:
        n += 1
        pm = archive.save(_postmortem(label, n))
        os.write(out, f"{pm.id}\t{pm.title}\n".encode())  # only after save returned
        if n % 3 == 0:  # also rewrite an existing one: replace must be atomic too
            archive.save(pm)


def check(db: str, reported: list[tuple[str, str]]) -> dict[str, object]:
    connection = sqlite3.connect(db)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
    result: dict[str, object] = {"integrity": integrity, "opened": False, "missing": []}
    with Archive.open(db) as archive:
        result["opened"] = True
        found = {pm.id: pm for pm in archive.load_many([pm_id for pm_id, _ in reported])}
        result["missing"] = [
            pm_id for pm_id, title in reported
            if pm_id not in found or found[pm_id].title != title
            or len(found[pm_id].timeline) != 30 or len(found[pm_id].action_items) != 5
        ]
        result["count"] = archive.count()
    return result


def main() -> None:
    db, rounds, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    Archive.open(db).close()
    every: list[tuple[str, str]] = []
    for round_number in range(rounds):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child never returns
            os.close(read_end)
            try:
                child(db, f"round {round_number}", write_end)
            finally:
                os._exit(1)
        os.close(write_end)
        chunks = [os.read(read_end, 65536)]  # the child is saving from now on
        while chunks[-1] and b"ready\n" not in b"".join(chunks):
            chunks.append(os.read(read_end, 65536))
        time.sleep(rng.uniform(0.0, 0.2))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        while chunk := os.read(read_end, 65536):
            chunks.append(chunk)
        os.close(read_end)
        lines = b"".join(chunks).decode().splitlines()
        reported = [tuple(line.split("\t", 1)) for line in lines if "\t" in line]
        assert "ready" in lines, "the child never started"
        every.extend(reported)  # type: ignore[arg-type]
        # This round's saves now; every round's saves again after the last kill.
        result = check(db, every if round_number == rounds - 1 else reported)
        result.update(round=round_number, reported=len(reported), total=len(every))
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()

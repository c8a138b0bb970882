"""Kill -9 during saves, and several processes writing one archive at once.

Both run real processes: ``crash_driver.py`` forks savers and SIGKILLs them; ``app_saver.py``
is the Textual app (headless) saving through the meeting screen's own save path.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from faults_support import SRC, cli_env, full_postmortem

from facilitator.core.markdown_export import to_markdown
from facilitator.store.archive import Archive

HERE = Path(__file__).parent


@pytest.mark.slow
def test_fifty_kill_nines_while_saving(tmp_path: Path) -> None:
    db = tmp_path / "archive.sqlite3"
    done = subprocess.run(
        [sys.executable, str(HERE / "crash_driver.py"), str(db), "50", "20261122"],
        capture_output=True, text=True, timeout=240, env=cli_env(db, tmp_path),
    )
    assert done.returncode == 0, done.stderr
    rounds = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(rounds) == 50
    for result in rounds:
        assert result["opened"] and result["integrity"] == "ok", result
        assert result["missing"] == [], result  # every save that returned is there, whole
        assert result["count"] >= result["total"]
    # The kills landed while saving, not only before the first save or after the last.
    assert sum(1 for r in rounds if r["reported"] > 0) >= 15
    assert rounds[-1]["total"] > 50
    with Archive.open(str(db)) as archive:
        assert archive.count() == rounds[-1]["count"]
        assert archive.search("pool exhausted", limit=5)
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute(
            "INSERT INTO postmortem_fts(postmortem_fts) VALUES ('integrity-check')") is not None
    finally:
        connection.close()


@pytest.mark.slow
def test_two_apps_and_an_import_at_the_same_time(tmp_path: Path) -> None:
    db = tmp_path / "archive.sqlite3"
    Archive.open(str(db)).close()
    drafts = []
    for n in range(40):
        path = tmp_path / "drafts" / f"draft-{n}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(to_markdown(full_postmortem(f"imported {n}", title=f"Import {n}")),
                        encoding="utf-8")
        drafts.append(str(path))
    env = cli_env(db, tmp_path)
    saves = 200
    apps = [subprocess.Popen([sys.executable, str(HERE / "app_saver.py"), str(db), label,
                              str(saves)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env)
            for label in ("alpha", "beta")]
    importer = subprocess.Popen([sys.executable, "-m", "facilitator", "import", "--new-ids",
                                 *drafts], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env)
    imported_out, imported_err = importer.communicate(timeout=240)
    results = []
    for process in apps:
        out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err
        results.append(json.loads(out.splitlines()[-1]))
    assert importer.returncode == 0, imported_err
    assert "locked" not in imported_err.lower()
    imported_ids = imported_out.split()
    assert len(imported_ids) == len(set(imported_ids)) == len(drafts)
    for result in results:
        assert result["failed"] == 0, result
        assert not any("locked" in m.lower() or "could not save" in m.lower()
                       for m in result["messages"]), result["messages"]
    assert str(SRC)  # the subprocesses ran this checkout
    with Archive.open(str(db)) as archive:
        assert archive.count() == len(drafts) + sum(len(r["ids"]) for r in results)
        for label, result in zip(("alpha", "beta"), results, strict=True):
            items = [item for pm in archive.load_many(result["ids"]) for item in pm.went_well]
            # No save lost: every item each app added is in the archive, once, in order.
            assert items == [f"{label} item {n}" for n in range(saves)]
        titles = {s.title for s in archive.summaries()}
        assert {f"Import {n}" for n in range(len(drafts))} <= titles
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = connection.execute("SELECT count(*) FROM list_item WHERE section = 'went_well' "
                                  "AND text LIKE '% item %'").fetchone()[0]
    assert rows >= 2 * saves

"""``facilitator report`` and ``facilitator actions`` run for real in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import learning_expected as ex
from learning_expected import TODAY
from markdown_it import MarkdownIt

from facilitator.core.model import PostMortem


def run(db: Path, *args: str, tmp: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FACILITATOR_DB": str(db),
           "XDG_DATA_HOME": str((tmp or db.parent) / "xdg")}
    return subprocess.run([sys.executable, "-m", "facilitator", *args], capture_output=True,
                          text=True, env=env, timeout=60)


def test_report_json_gives_every_figure(archive_copy: Path, pms: list[PostMortem]) -> None:
    result = run(archive_copy, "report", "--since", "2025-07-01", "--until", "2025-12-31",
                 "--json", "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    from datetime import date
    chosen = ex.scope(pms, date(2025, 7, 1), date(2025, 12, 31))
    assert data["incidents"] == len(chosen)
    for key in ("by_severity", "by_service", "by_tag", "by_factor_category",
                "recurring_factors", "recurring_services", "detection", "by_weekday",
                "by_hour", "times_by_month", "actions", "warnings"):
        assert key in data
    assert {c["key"]: c["count"] for c in data["by_service"]} == ex.per_pm_counts(
        chosen, lambda pm: pm.services)
    expected = ex.action_figures(chosen, TODAY)
    assert data["actions"]["overdue"] == expected["overdue"]
    assert data["actions"]["done"] == expected["done"]


def test_report_markdown_file_renders_and_escapes(archive_copy: Path, tmp_path: Path) -> None:
    from facilitator.core.model import ContributingFactor
    from facilitator.store.archive import Archive

    with Archive.open(archive_copy) as archive:
        for n in range(3):
            pm = archive.load(archive.summaries(limit=3)[n].id)
            pm.factors.append(ContributingFactor("<script>alert(1)</script> | [x](http://e)"))
            archive.save(pm)
    out = tmp_path / "review.md"
    result = run(archive_copy, "report", "--markdown", "-o", str(out))
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    html = MarkdownIt("gfm-like").render(page)
    assert "<script>" not in html
    assert '<a href="http://e">x</a>' not in html  # typed text, not a link the user made
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "# Learning review" in page and "## Action items" in page


def test_report_usage_errors(archive_copy: Path, tmp_path: Path) -> None:
    bad = run(archive_copy, "report", "--since", "not a date")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    reversed_ = run(archive_copy, "report", "--since", "2026-02-01", "--until", "2026-01-01")
    assert reversed_.returncode == 2 and "after --until" in reversed_.stderr
    unwritable = run(archive_copy, "report", "--markdown", "-o", str(tmp_path / "no" / "x.md"))
    assert unwritable.returncode == 2 and "cannot write" in unwritable.stderr
    corrupt = tmp_path / "corrupt.sqlite3"
    corrupt.write_bytes(b"this is not a database" * 100)
    broken = run(corrupt, "report")
    assert broken.returncode == 2 and "Traceback" not in broken.stderr


def test_actions_list_filters_and_exports(archive_copy: Path, pms: list[PostMortem]) -> None:
    today = TODAY.isoformat()
    result = run(archive_copy, "actions", "--overdue", "--json", "--today", today)
    assert result.returncode == 0, result.stderr
    overdue = json.loads(result.stdout)
    expected = ex.action_figures(pms, TODAY)["overdue_refs"]
    assert [r["id"] if "id" in r else r["ref"] for r in overdue] == [
        f"{pm_id}-A{n}" for _, pm_id, n in expected]
    assert all(r["overdue"] for r in overdue)

    text = run(archive_copy, "actions", "--owner", "MARIA", "--today", today)
    assert text.returncode == 0
    lines = text.stdout.splitlines()
    maria = [a for pm in pms for a in pm.action_items if "maria" in a.owner.lower()]
    assert len(lines) == len(maria) > 0 and all("Maria" in line for line in lines)

    exported = run(archive_copy, "actions", "--csv")  # open items unless told otherwise
    records = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert len(records) == sum(str(a.status) == "open" for pm in pms for a in pm.action_items)
    assert {"Title", "Description", "Assignee", "Due Date", "Priority", "Labels"} <= set(
        records[0])
    done = list(csv.DictReader(io.StringIO(
        run(archive_copy, "actions", "--csv", "--status", "done").stdout)))
    assert {r["Status"] for r in done} == {"done"}

    gh = run(archive_copy, "actions", "--priority", "must", "--gh", "--repo", "acme/ops")
    words = shlex.split(gh.stdout)  # bodies span lines inside their quotes
    starts = [i for i in range(len(words)) if words[i:i + 5] == [
        "gh", "issue", "create", "--repo", "acme/ops"]]
    must = sum(str(a.priority) == "must" and str(a.status) == "open"
               for pm in pms for a in pm.action_items)  # exports take open items
    assert len(starts) == must > 0


def test_actions_done_and_drop(archive_copy: Path, pms: list[PostMortem]) -> None:
    pm, item = next((pm, a) for pm in pms for a in pm.action_items if str(a.status) == "open")
    ref = item.ref(pm.id)
    done = run(archive_copy, "actions", "done", ref, "--date", "2026-05-01")
    assert done.returncode == 0, done.stderr
    assert f"{ref}: done on 2026-05-01" in done.stdout
    listed = json.loads(run(archive_copy, "actions", "--pm", pm.id, "--json").stdout)
    mine = next(r for r in listed if r["ref"] == ref)
    assert (mine["status"], mine["completed"]) == ("done", "2026-05-01")

    drop = run(archive_copy, "actions", "drop", ref, "--reason", "no longer needed")
    assert drop.returncode == 0 and "dropped" in drop.stdout
    missing_reason = run(archive_copy, "actions", "drop", ref)
    assert missing_reason.returncode == 2
    unknown = run(archive_copy, "actions", "done", "PM-2031-0001-A1")
    assert unknown.returncode == 2 and "no post-mortem" in unknown.stderr
    malformed = run(archive_copy, "actions", "done", "A1")
    assert malformed.returncode == 2 and "not an action item id" in malformed.stderr
    assert "Traceback" not in unknown.stderr + malformed.stderr

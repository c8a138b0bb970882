"""``facilitator export / import / list / search`` run for real, in a subprocess."""

from __future__ import annotations

import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from facilitator.core.model import (
    ActionItem,
    EventKind,
    PostMortem,
    Severity,
    Status,
    TimelineEvent,
    from_dict,
    to_dict,
)
from facilitator.store.archive import Archive

HAS_MARKDOWN_IMPORT = importlib.util.find_spec("facilitator.core.markdown_import") is not None


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "archive.sqlite3"


@pytest.fixture
def env(tmp_path: Path, db: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(FACILITATOR_DB=str(db), XDG_DATA_HOME=str(tmp_path / "xdg"),
                       PYTHONIOENCODING="utf-8", NO_COLOR="1")
    return environment


def run(env: dict[str, str], *args: str, stdin: str | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "facilitator", *args], env=env,
                            input=stdin, capture_output=True, text=True, timeout=60, cwd=cwd)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def _incident(title: str, day: date, *, severity: Severity = Severity.SEV3,
              status: Status = Status.DRAFT, summary: str = "") -> PostMortem:
    start = datetime(day.year, day.month, day.day, 9, 30, tzinfo=UTC)
    return PostMortem(
        title=title, severity=severity, status=status, summary=summary,
        incident_start=start, services=["payments"],
        timeline=[TimelineEvent(start + timedelta(minutes=4), "Error-rate alert fired",
                                EventKind.ALERT),
                  TimelineEvent(start + timedelta(minutes=30), "Rolled back the release",
                                EventKind.MITIGATION)],
        action_items=[ActionItem("Add a canary stage to the payments deploy",
                                 owner="Ana Souza", due=date(2026, 5, 1),
                                 success_criterion="a bad build stops at 5% of traffic")],
        lessons=["Canaries catch what staging cannot"],
    )


@pytest.fixture
def seeded(db: Path) -> list[str]:
    with Archive.open(db) as archive:
        return [
            archive.save(_incident("Payment retries doubled charges", date(2026, 3, 2),
                                   severity=Severity.SEV1, status=Status.FINAL,
                                   summary="Idempotency keys were dropped by a proxy.")).id,
            archive.save(_incident("Search index lag", date(2026, 4, 9),
                                   summary="Indexer fell behind after a mapping change.")).id,
        ]


# --- list ---------------------------------------------------------------------------------


def test_list_of_an_empty_archive(env: dict[str, str], db: Path) -> None:
    result = run(env, "list")
    assert result.returncode == 0
    assert result.stdout == ""
    assert "no post-mortems" in result.stderr
    assert db.is_file()  # created on first use
    result = run(env, "list", "--json")
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


def test_list_shows_newest_first(env: dict[str, str], seeded: list[str]) -> None:
    result = run(env, "list")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(seeded[1]) and "Search index lag" in lines[0]
    assert seeded[0] in lines[1] and "SEV-1" in lines[1] and "final" in lines[1]
    assert "2026-03-02" in lines[1]


def test_list_json_shape(env: dict[str, str], seeded: list[str]) -> None:
    result = run(env, "list", "--json")
    assert result.returncode == 0
    items = json.loads(result.stdout)
    assert [i["id"] for i in items] == [seeded[1], seeded[0]]
    first = items[1]
    assert {"id", "title", "severity", "status", "date"} <= first.keys()
    assert first == {
        "id": seeded[0], "title": "Payment retries doubled charges", "severity": "SEV-1",
        "status": "final", "date": "2026-03-02", "services": ["payments"],
        "updated_at": first["updated_at"], "open_actions": 1,
    }
    datetime.fromisoformat(first["updated_at"])


def test_list_status_filter(env: dict[str, str], seeded: list[str]) -> None:
    result = run(env, "list", "--json", "--status", "final")
    assert [i["id"] for i in json.loads(result.stdout)] == [seeded[0]]
    result = run(env, "list", "--json", "--status", "in-review")
    assert json.loads(result.stdout) == []
    result = run(env, "list", "--status", "finished")
    assert result.returncode == 2
    assert "unknown status" in result.stderr


def test_db_option_after_the_subcommand(env: dict[str, str], tmp_path: Path,
                                        seeded: list[str]) -> None:
    other = tmp_path / "other.sqlite3"
    result = run(env, "list", "--json", "--db", str(other))
    assert json.loads(result.stdout) == []
    result = run(env, "--db", str(other), "list", "--json")
    assert json.loads(result.stdout) == []
    assert other.is_file()


def test_default_archive_is_in_the_user_data_dir(env: dict[str, str], tmp_path: Path) -> None:
    if sys.platform != "linux":
        pytest.skip("XDG_DATA_HOME is the Linux convention")
    plain = {k: v for k, v in env.items() if k != "FACILITATOR_DB"}
    source = tmp_path / "in.json"
    source.write_text(json.dumps(to_dict(_incident("Default place", date(2026, 8, 8)))))
    assert run(plain, "import", str(source)).returncode == 0
    expected = tmp_path / "xdg" / "facilitator" / "archive.sqlite3"
    assert expected.is_file()
    assert "Default place" in run(plain, "list").stdout


def test_ids_are_matched_whatever_the_case(env: dict[str, str], seeded: list[str]) -> None:
    result = run(env, "export", seeded[0].lower(), "--format", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["id"] == seeded[0]


def test_db_accepts_a_sqlalchemy_url(env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "by-url.sqlite3"
    source = tmp_path / "in.json"
    source.write_text(json.dumps(to_dict(_incident("Via URL", date(2026, 8, 8)))))
    result = run(env, "--db", f"sqlite:///{target}", "import", str(source))
    assert (result.returncode, result.stdout.split()) == (0, ["PM-2026-0001"])
    listed = run(env, "list", "--json", "--db", str(target))
    assert [i["title"] for i in json.loads(listed.stdout)] == ["Via URL"]
    result = run(env, "--db", "postgresql://db.example/x", "list")
    assert result.returncode == 2
    assert "only SQLite" in result.stderr


def test_list_never_prints_terminal_escapes_from_titles(env: dict[str, str], db: Path) -> None:
    with Archive.open(db) as archive:
        archive.save(PostMortem(title="Red \x1b[31malert\x1b[0m\nsecond line"))
    result = run(env, "list")
    assert "\x1b" not in result.stdout
    assert len(result.stdout.splitlines()) == 1
    assert "Red \\x1b[31malert" in result.stdout
    # JSON keeps the exact text.
    (item,) = json.loads(run(env, "list", "--json").stdout)
    assert item["title"] == "Red \x1b[31malert\x1b[0m\nsecond line"


# --- search -------------------------------------------------------------------------------


def test_search_finds_and_ranks(env: dict[str, str], seeded: list[str]) -> None:
    result = run(env, "search", "idempotency", "proxy")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(seeded[0])
    assert "[Idempotency]" in lines[1] and "[proxy]" in lines[1]


def test_search_json_shape(env: dict[str, str], seeded: list[str]) -> None:
    result = run(env, "search", "canary", "--json")
    assert result.returncode == 0
    hits = json.loads(result.stdout)
    assert {h["id"] for h in hits} == set(seeded)
    for hit in hits:
        assert {"id", "title", "severity", "status", "date", "snippet", "score"} <= hit.keys()
        assert "[canary]" in hit["snippet"].lower()
        assert isinstance(hit["score"], float) and hit["score"] > 0


def test_search_without_matches_exits_1(env: dict[str, str], seeded: list[str]) -> None:
    result = run(env, "search", "kubernetes")
    assert (result.returncode, result.stdout) == (1, "")
    assert "Nothing in the archive matches" in result.stderr
    result = run(env, "search", "kubernetes", "--json")
    assert (result.returncode, json.loads(result.stdout)) == (1, [])


@pytest.mark.parametrize("query", ['AND ( "', "NEAR(a b) payments*", "'; DROP TABLE x; --"])
def test_search_syntax_is_plain_text(env: dict[str, str], seeded: list[str],
                                     query: str) -> None:
    result = run(env, "search", query, "--json")
    assert result.returncode in (0, 1)
    assert isinstance(json.loads(result.stdout), list)
    assert len(json.loads(run(env, "list", "--json").stdout)) == 2


# --- export -------------------------------------------------------------------------------


def test_export_json_is_the_whole_postmortem(env: dict[str, str], db: Path,
                                             seeded: list[str]) -> None:
    result = run(env, "export", seeded[0], "--format", "json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert {"id", "title", "severity", "timeline", "action_items"} <= data.keys()
    assert data["id"] == seeded[0] and data["severity"] == "SEV-1"
    assert [e["description"] for e in data["timeline"]] == ["Error-rate alert fired",
                                                            "Rolled back the release"]
    assert data["action_items"][0]["id"] == f"{seeded[0]}-A1"
    with Archive.open(db) as archive:
        assert from_dict(data) == archive.load(seeded[0])
        assert data == to_dict(archive.load(seeded[0]))


def test_export_markdown_with_and_without_front_matter(env: dict[str, str],
                                                       seeded: list[str]) -> None:
    result = run(env, "export", seeded[0])
    assert result.returncode == 0
    assert result.stdout.startswith("---\n")
    assert f"id: {seeded[0]}" in result.stdout
    assert "Payment retries doubled charges" in result.stdout
    bare = run(env, "export", seeded[0], "--no-front-matter")
    assert bare.returncode == 0
    assert not bare.stdout.startswith("---")
    assert "Payment retries doubled charges" in bare.stdout


def test_export_to_a_file_replaces_it(env: dict[str, str], tmp_path: Path,
                                      seeded: list[str]) -> None:
    target = tmp_path / "out.md"
    target.write_text("old content")
    result = run(env, "export", seeded[1], "-o", str(target))
    assert result.returncode == 0
    assert result.stdout == ""
    assert "Search index lag" in target.read_text(encoding="utf-8")
    as_json = tmp_path / "out.json"
    assert run(env, "export", seeded[1], "-o", str(as_json)).returncode == 0
    assert json.loads(as_json.read_text(encoding="utf-8"))["id"] == seeded[1]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_export_never_overwrites_a_directory(env: dict[str, str], tmp_path: Path,
                                             seeded: list[str]) -> None:
    folder = tmp_path / "wiki"
    folder.mkdir()
    (folder / "keep.md").write_text("keep")
    result = run(env, "export", seeded[0], "-o", str(folder))
    assert result.returncode == 2
    assert "is a directory" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["keep.md"]


def test_export_to_an_unwritable_place(env: dict[str, str], tmp_path: Path,
                                       seeded: list[str]) -> None:
    result = run(env, "export", seeded[0], "-o", str(tmp_path / "missing" / "x.md"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert not (tmp_path / "missing").exists()


def test_export_of_a_missing_id(env: dict[str, str], seeded: list[str]) -> None:
    result = run(env, "export", "PM-2031-0001")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "no post-mortem 'PM-2031-0001'" in result.stderr
    assert "facilitator list" in result.stderr


# --- import -------------------------------------------------------------------------------


def test_import_json_prints_the_ids_and_keeps_going_past_bad_files(
    env: dict[str, str], tmp_path: Path, db: Path,
) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(to_dict(_incident("Queue stall", date(2026, 1, 7)))))
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    result = run(env, "import", str(binary), str(tmp_path / "absent.md"), str(good),
                 str(broken), str(tmp_path))
    assert result.returncode == 2
    assert result.stdout.split() == ["PM-2026-0001"]
    for name in ("binary.md", "absent.md", "broken.json"):
        assert name in result.stderr
    assert "not UTF-8" in result.stderr and "No such file" in result.stderr
    assert "directory" in result.stderr
    with Archive.open(db) as archive:
        assert archive.load("PM-2026-0001").title == "Queue stall"


def test_import_replaces_same_id_unless_new_ids(env: dict[str, str], tmp_path: Path,
                                                seeded: list[str], db: Path) -> None:
    exported = tmp_path / "first.json"
    assert run(env, "export", seeded[0], "-o", str(exported)).returncode == 0
    data = json.loads(exported.read_text())
    data["title"] = "Payment retries doubled charges (revised)"
    exported.write_text(json.dumps(data))
    result = run(env, "import", str(exported))
    assert (result.returncode, result.stdout.split()) == (0, [seeded[0]])
    result = run(env, "import", "--new-ids", str(exported))
    assert result.returncode == 0
    (new_id,) = result.stdout.split()
    assert new_id not in seeded and new_id.startswith("PM-2026-")
    with Archive.open(db) as archive:
        assert archive.load(seeded[0]).title.endswith("(revised)")
        assert archive.count() == 3


def test_import_from_stdin(env: dict[str, str], db: Path) -> None:
    if not HAS_MARKDOWN_IMPORT:
        pytest.skip("Markdown import not in this build yet")
    text = "# Cron job ran twice\n\nThe scheduler fired the billing cron twice.\n"
    result = run(env, "import", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    (pm_id,) = result.stdout.split()
    with Archive.open(db) as archive:
        assert archive.load(pm_id).title == "Cron job ran twice"


def test_markdown_export_then_import_gives_the_same_postmortem(
    env: dict[str, str], tmp_path: Path, db: Path, seeded: list[str],
) -> None:
    if not HAS_MARKDOWN_IMPORT:
        pytest.skip("Markdown import not in this build yet")
    target = tmp_path / "pm.md"
    assert run(env, "export", seeded[0], "-o", str(target)).returncode == 0
    other = dict(env, FACILITATOR_DB=str(tmp_path / "second.sqlite3"))
    result = run(other, "import", str(target))
    assert (result.returncode, result.stdout.split()) == (0, [seeded[0]])
    with Archive.open(db) as first, Archive.open(tmp_path / "second.sqlite3") as second:
        assert second.load(seeded[0]) == first.load(seeded[0])


# --- broken archives ----------------------------------------------------------------------

COMMANDS = [("list",), ("list", "--json"), ("search", "x"), ("export", "PM-2026-0001"),
            ("import", "nothing.md")]


@pytest.mark.parametrize("args", COMMANDS)
def test_a_corrupt_archive_is_a_message(env: dict[str, str], db: Path,
                                        args: tuple[str, ...]) -> None:
    db.parent.mkdir(parents=True)
    db.write_bytes(b"this is a text file, not an archive\n" * 100)
    result = run(env, *args)
    assert result.returncode == 2
    assert "not a readable facilitator archive" in result.stderr
    assert str(db) in result.stderr


@pytest.mark.parametrize("args", COMMANDS[:3])
def test_a_newer_archive_is_refused(env: dict[str, str], db: Path,
                                    args: tuple[str, ...]) -> None:
    Archive.open(db).close()
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE schema_meta SET value = '999' WHERE name = 'version'")
    result = run(env, *args)
    assert result.returncode == 2
    assert "newer facilitator" in result.stderr
    assert "upgrade" in result.stderr


@pytest.mark.slow
def test_a_locked_archive_is_a_message_and_readers_still_work(
    env: dict[str, str], db: Path, seeded: list[str], tmp_path: Path,
) -> None:
    source = tmp_path / "in.json"
    source.write_text(json.dumps(to_dict(_incident("Locked out", date(2026, 2, 2)))))
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        listing = run(env, "list", "--json")
        assert len(json.loads(listing.stdout)) == 2
        result = run(env, "import", str(source))
        assert result.returncode == 2
        assert "locked by another process" in result.stderr
        assert result.stdout == ""
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert run(env, "import", str(source)).returncode == 0


# --- help ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["export", "import", "list", "search"])
def test_help_describes_exit_status(env: dict[str, str], command: str) -> None:
    result = run(env, command, "--help")
    assert result.returncode == 0
    assert "exit status" in result.stdout

"""Post-mortems stay private: owner-only files, and file names that cannot leave their folder.

Every check runs with the common umask 022, under which a plain ``open()`` would make files
readable by everyone.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_fixtures import TODAY, FakeClock, run
from faults_support import cli, full_postmortem

from facilitator.core.filenames import RESERVED_NAMES, export_file_name, inside
from facilitator.store.archive import Archive
from facilitator.store.private_files import write_private
from facilitator.ui.app import FacilitatorApp
from facilitator.ui.screens.archive import export_postmortem
from facilitator.ui.stages.wrapup import WrapupEditor, safe_file_name


@pytest.fixture(autouse=True)
def _umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_archive_and_its_journal_files_are_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "new" / "dir" / "archive.sqlite3"
    with Archive.open(str(db)) as archive:
        archive.save(full_postmortem("private"))
        siblings = sorted(p for p in db.parent.iterdir())
        assert {p.name for p in siblings} >= {"archive.sqlite3", "archive.sqlite3-wal"}
        for path in siblings:
            assert _mode(path) == 0o600, path
    assert _mode(db.parent) == 0o700  # the folder we made for it


def test_cli_export_creates_owner_only_files(tmp_path: Path, home: Path) -> None:
    db = tmp_path / "archive.sqlite3"
    with Archive.open(str(db)) as archive:
        pm_id = archive.save(full_postmortem("private")).id
    for fmt, name in (("markdown", "pm.md"), ("json", "pm.json")):
        result = cli("export", pm_id, "--format", fmt, "-o", str(tmp_path / name), db=db,
                     home=home)
        assert result.returncode == 0, result.stderr
        assert _mode(tmp_path / name) == 0o600
    # A file that exists keeps the mode its owner gave it.
    shared = tmp_path / "shared.md"
    shared.write_text("old")
    shared.chmod(0o644)
    assert cli("export", pm_id, "-o", str(shared), db=db, home=home).returncode == 0
    assert _mode(shared) == 0o644 and "private" in shared.read_text()


def test_write_private_replaces_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    write_private(target, "first")
    assert target.read_text() == "first" and _mode(target) == 0o600
    with pytest.raises(IsADirectoryError):
        write_private(tmp_path, "x")
    with pytest.raises(OSError):
        write_private(Path("/dev/null/x.md"), "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]


HOSTILE_TITLES = [
    "../../../etc/passwd", "..", ".", "...", "/absolute/path", "a/b\\c:d*e?f\"g<h>i|j",
    "CON", "con", "NUL", "nul.txt", "COM1", "lpt9", "AUX.md", "PRN ", ".hidden", ".bashrc",
    "-rf", "~", "~root", "$HOME", "`rm -rf`", "\x00\x1b[31m\x07", "\u202eexe.md",
    "障害対応の振り返り", "🔥🚒", "e\u0301\u0301\u0301", "   ", "", "x" * 10_000, "é" * 300,
    "a" + "\u0301" * 500,
]
HOSTILE_IDS = ["", "PM-2026-0007", "../../escape", "/etc/x", "..", "CON", "a\\b", ".git"]


@pytest.mark.parametrize("title", HOSTILE_TITLES,
                         ids=[f"title{n}" for n in range(len(HOSTILE_TITLES))])
@pytest.mark.parametrize("pm_id", HOSTILE_IDS, ids=[f"id{n}" for n in range(len(HOSTILE_IDS))])
def test_export_names_stay_in_the_folder(tmp_path: Path, title: str, pm_id: str) -> None:
    name = export_file_name(pm_id, title)
    assert name.endswith(".md") and len(name.encode("utf-8")) <= 200
    assert "/" not in name and "\\" not in name and not name.startswith((".", "-"))
    assert all(ch.isalnum() or ch in "-." for ch in name), name
    assert name.split(".")[0].casefold() not in RESERVED_NAMES
    target = inside(tmp_path, name)
    target.write_text("x")  # the file system accepts the name
    assert [p.name for p in tmp_path.iterdir()] == [name]
    if pm_id == "PM-2026-0007":
        assert name.startswith("PM-2026-0007")


def test_inside_refuses_names_that_leave() -> None:
    folder = Path("/tmp/exports")
    for bad in ("../x.md", "/etc/passwd", "a/../../x", "sub/x.md", ".."):
        with pytest.raises(ValueError):
            inside(folder, bad)
    assert inside(folder, "PM-2026-0001.md") == folder.resolve() / "PM-2026-0001.md"


def test_a_readable_title_gives_a_readable_name() -> None:
    assert export_file_name("PM-2026-0007", "Checkout outage: orders [bold]") == \
        "PM-2026-0007-checkout-outage-orders-bold.md"
    assert export_file_name("", "") == "post-mortem.md"
    assert export_file_name("", "CON") == "con-post-mortem.md"


@contextlib.asynccontextmanager
async def _app(archive: Archive, folder: Path):  # type: ignore[no-untyped-def]
    app = FacilitatorApp(archive, clock=FakeClock(), today=lambda: TODAY, export_dir=folder)
    async with app.run_test(size=(120, 40)) as pilot:
        yield app, pilot


@pytest.mark.parametrize("pm_id", ["../../escape"])
def test_app_exports_stay_in_the_export_folder_and_are_private(tmp_path: Path,
                                                                pm_id: str) -> None:
    # An id from an imported JSON file is not checked against PM-YYYY-NNNN.
    folder = tmp_path / "exports" / "inner"
    folder.mkdir(parents=True)
    archive = Archive.open(str(tmp_path / "archive.sqlite3"))
    pm = archive.save(full_postmortem("../../../../x", pm_id=pm_id, title="../../CON/x"))

    async def scenario() -> None:
        async with _app(archive, folder) as (app, pilot):
            written = export_postmortem(app.screen, pm)
            assert written is not None and written.parent == folder
            assert _mode(written) == 0o600
            app.open_postmortem(pm.id)
            await pilot.pause()
            screen = app.screen
            await screen.show_stage("wrapup")
            await pilot.pause()
            editor = screen.query_one(WrapupEditor)
            assert Path(editor.default_path()).parent == folder
            assert Path(editor.default_path()).name == safe_file_name(pm)
            await pilot.click("#export")
            await pilot.pause()
            exported = folder / safe_file_name(pm)
            assert exported.is_file() and _mode(exported) == 0o600
        everything = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
        assert {p for p in everything if not str(p).startswith("archive")} == {
            written.relative_to(tmp_path), exported.relative_to(tmp_path)}

    try:
        run(scenario())
    finally:
        archive.close()


def test_learning_review_exports_are_owner_only(tmp_path: Path, home: Path) -> None:
    db = tmp_path / "archive.sqlite3"
    with Archive.open(str(db)) as archive:
        archive.save(full_postmortem("private"))
    out = tmp_path / "review.md"
    result = cli("report", "--markdown", "-o", str(out), db=db, home=home)
    assert result.returncode == 0, result.stderr
    assert _mode(out) == 0o600 and out.read_text()

    from facilitator.ui.screens.report import ReportScreen

    archive = Archive.open(str(db))

    async def scenario() -> None:
        async with _app(archive, tmp_path / "exports") as (app, pilot):
            (tmp_path / "exports").mkdir()
            app.push_screen(ReportScreen())
            await pilot.pause(0.5)
            app.screen.action_export_markdown()
            await pilot.pause()
            from facilitator.ui.screens.actions import ActionsScreen

            app.push_screen(ActionsScreen())
            await pilot.pause(0.5)
            app.screen.action_export_csv()
            app.screen.action_export_gh()
            await pilot.pause()
        written = sorted((tmp_path / "exports").iterdir())
        assert [p.name.split("-")[0] for p in written] == ["action", "action", "learning"]
        assert all(_mode(p) == 0o600 for p in written)

    try:
        run(scenario())
    finally:
        archive.close()

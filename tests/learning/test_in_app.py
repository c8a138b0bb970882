"""The learning screens inside the real app: reached from home, reopening a post-mortem."""

from __future__ import annotations

from learning_app import settle
from learning_expected import TODAY, sync
from textual.widgets import DataTable

from facilitator.ui.app import FacilitatorApp
from facilitator.ui.screens.actions import ActionsScreen
from facilitator.ui.screens.archive import ArchiveScreen
from facilitator.ui.screens.report import ReportScreen


@sync
async def test_home_reaches_every_learning_screen_and_edit_opens_the_meeting(
        archive, tmp_path) -> None:  # noqa: ANN001
    app = FacilitatorApp(archive, today=lambda: TODAY, export_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, ActionsScreen)
        assert app.screen.query_one("#actions-table", DataTable).row_count > 0
        await pilot.press("escape")
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen) and app.screen.report is not None
        await pilot.press("escape")
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ArchiveScreen)
        first = app.screen.rows[0]
        await pilot.press("e")
        await settle(pilot)
        from facilitator.ui.screens.meeting import MeetingScreen

        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.pm.id == first.id


@sync
async def test_learning_screens_on_an_empty_archive(tmp_path) -> None:  # noqa: ANN001
    from textual.widgets import Static

    from facilitator.store.archive import Archive

    with Archive.open(tmp_path / "empty.sqlite3") as empty:
        app = FacilitatorApp(empty, today=lambda: TODAY, export_dir=tmp_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            for key, screen_type, selector, expected in (
                ("a", ArchiveScreen, "#archive-status", "No post-mortems"),
                ("t", ActionsScreen, "#actions-status", "0 of 0 action items"),
                ("p", ReportScreen, "#report-headline", "0 post-mortems"),
            ):
                await pilot.press(key)
                await settle(pilot)
                assert isinstance(app.screen, screen_type)
                shown = str(app.screen.query_one(selector, Static).render())
                assert expected in shown
                await pilot.press("escape")
                await settle(pilot)

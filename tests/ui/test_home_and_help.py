"""Home: presets, import, the archive and learning views; help; the command palette."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app_fixtures import paste_text, run
from textual.widgets import Button, Markdown, Static

from facilitator.core.markdown_export import to_markdown
from facilitator.core.model import PostMortem, Severity, Status
from facilitator.ui.screens.help import HelpScreen
from facilitator.ui.screens.home import HomeScreen, ImportScreen
from facilitator.ui.screens.meeting import MeetingScreen


def test_home_offers_three_agendas(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            home = app.screen
            assert isinstance(home, HomeScreen)
            labels = [str(b.label) for b in home.query(Button)]
            assert labels[:3] == ["Standard 78 min (n)", "Quick 25 min (k)",
                                  "Deep dive 155 min (d)"]
            # Buttons fit an 80-column screen.
            assert all(b.region.right <= 80 for b in home.query(Button))
            await pilot.press("enter")  # the focused button: standard
            await pilot.pause()
            assert isinstance(app.screen, MeetingScreen)
            assert app.screen.clock.preset == "standard"

    run(scenario())


def test_import_markdown_then_meeting(make_app: Any, archive: Any, tmp_path: Path) -> None:
    source = PostMortem(id="PM-2025-0042", title="Imported <b>outage</b>",
                        severity=Severity.SEV2, went_well=["Paging worked"])
    path = tmp_path / "draft.md"
    path.write_text(to_markdown(source), encoding="utf-8")

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("i")
            await pilot.pause()
            assert isinstance(app.screen, ImportScreen)
            await paste_text(pilot, str(tmp_path / "missing.md"))
            await pilot.press("enter")
            await pilot.pause()
            message = str(app.screen.query_one("#import-message", Static).render())
            assert "No file at" in message
            await pilot.press("end", "ctrl+u")
            await paste_text(pilot, str(path))
            await pilot.press("enter")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, MeetingScreen)
            assert screen.pm.title == "Imported <b>outage</b>"
            assert screen.pm.went_well == ["Paging worked"]
        assert archive.load(screen.pm.id).severity == Severity.SEV2

    run(scenario())


def test_archive_and_learning_views_open_from_home(make_app: Any, archive: Any) -> None:
    archive.save(PostMortem(title="Old one", status=Status.FINAL))

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("a")
            await pilot.pause()
            assert type(app.screen).__name__ == "ArchiveScreen"
            await pilot.press("escape")
            await pilot.pause()
            home = app.screen
            assert isinstance(home, HomeScreen)
            for key, name, button in (("t", "ActionsScreen", "#open-actions"),
                                      ("p", "ReportScreen", "#open-report")):
                if not home.query(button):
                    continue  # that view is not in this build
                await pilot.press(key)
                await pilot.pause()
                assert type(app.screen).__name__ == name
                app.pop_screen()
                await pilot.pause()

    run(scenario())


def test_help_has_keys_and_guide(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("n")
            await pilot.pause()
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            source = app.screen.query_one(Markdown).source
            for words in ("ctrl+n", "ctrl+r", "ctrl+g", "f4", "Running a blameless post-mortem",
                          "Action items"):
                assert words in source
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, MeetingScreen)

    run(scenario())


def test_every_meeting_action_is_in_the_command_palette(make_app: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("n")
            await pilot.pause()
            screen = app.screen
            titles = [c.title for c in app.get_system_commands(screen)]
            for binding in screen.BINDINGS:
                action = binding.action
                callbacks = [cb for _, _, cb in screen.commands()]
                assert any(getattr(cb, "__name__", "") == f"action_{action}" for cb in callbacks), (
                    action)
            assert "Go to stage 6: Analysis" in titles
            assert "Help" in titles and "Theme" in titles
            # A palette command really moves the meeting.
            command = next(c for c in app.get_system_commands(screen)
                           if c.title == "Go to stage 8: Takeaways")
            await command.callback()
            await pilot.pause()
            assert screen.clock.current == "takeaways"
            app.theme = "facilitator-high-contrast"
            await pilot.pause()
            assert app.current_theme.name == "facilitator-high-contrast"

    run(scenario())


def test_home_lists_the_most_recent_drafts_only(make_app: Any, archive: Any) -> None:
    from textual.widgets import OptionList

    from facilitator.ui.screens.home import DRAFTS_SHOWN

    for number in range(DRAFTS_SHOWN + 2):
        archive.save(PostMortem(title=f"Draft {number:02d}"))

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            listing = app.screen.query_one("#drafts", OptionList)
            assert listing.option_count == DRAFTS_SHOWN
            hint = str(app.screen.query_one("#resume-hint", Static).render())
            assert "Older drafts are in the archive" in hint

    run(scenario())

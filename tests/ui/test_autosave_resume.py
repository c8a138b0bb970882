"""Never lose work: drafts are saved within a second, on quit, and offered on the next start."""

from __future__ import annotations

from typing import Any

from app_fixtures import paste_text, run, type_text
from textual.widgets import OptionList, Static

from facilitator.core.model import Status
from facilitator.ui.screens.home import HomeScreen
from facilitator.ui.screens.meeting import MeetingScreen


def test_typing_is_saved_within_a_second(make_app: Any, archive: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("k")  # quick retrospective
            await pilot.pause(0.8)  # longer than the autosave delay
            assert archive.drafts() == []  # nothing is written before the first change
            await type_text(pilot, "Search outage")
            await pilot.pause(0.8)
            drafts = archive.drafts()
            assert [d.title for d in drafts] == ["Search outage"]
            state = archive.load_meeting_state(drafts[0].id)
            assert state is not None and state["preset"] == "quick"
            assert "saved" in str(app.screen.query_one("#pm-title", Static).render())
            # Later edits keep going to the same draft.
            await type_text(pilot, " v2")
            await pilot.pause(0.8)
            assert [d.title for d in archive.drafts()] == ["Search outage v2"]

    run(scenario())


def test_quitting_saves_what_was_just_typed(make_app: Any, archive: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("n")
            await pilot.pause()
            await paste_text(pilot, "Typed just before quitting")
            await pilot.press("ctrl+q")
        assert [d.title for d in archive.drafts()] == ["Typed just before quitting"]

    run(scenario())


def test_next_start_offers_the_draft_and_resumes_the_stage(make_app: Any, archive: Any) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("d")  # deep dive
            await pilot.pause()
            await paste_text(pilot, "Payments [red]timeout[/red]")
            await pilot.press("ctrl+n", "ctrl+n")
            await pilot.pause()
            assert app.screen.clock.current == "timeline"
            pm_id = app.screen.pm.id
            await pilot.press("f10")  # back home saves too
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)

        again = make_app()
        async with again.run_test(size=(80, 24)) as pilot:
            home = again.screen
            assert isinstance(home, HomeScreen)
            drafts = home.query_one("#drafts", OptionList)
            assert drafts.option_count == 1
            line = str(drafts.get_option_at_index(0).prompt)
            # User text shown as typed, brackets and all: never read as markup.
            assert "Payments [red]timeout[/red]" in line
            assert "SEV-3" in line and "edited just now" in line
            assert "resume" in str(home.query_one("#resume-hint", Static).render())
            await pilot.press("r")
            await pilot.pause()
            screen = again.screen
            assert isinstance(screen, MeetingScreen)
            assert screen.pm.id == pm_id
            assert screen.clock.current == "timeline"
            assert screen.clock.preset == "deep-dive"
            assert screen.clock.state("prepare") == "done"

    run(scenario())


def test_finalised_post_mortems_leave_the_drafts_list(make_app: Any, archive: Any) -> None:
    from facilitator.core.model import PostMortem

    archive.save(PostMortem(title="Old and done", status=Status.FINAL))
    archive.save(PostMortem(title="Still open"))

    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            drafts = app.screen.query_one("#drafts", OptionList)
            prompts = [str(drafts.get_option_at_index(i).prompt)
                       for i in range(drafts.option_count)]
            assert len(prompts) == 1 and "Still open" in prompts[0]

    run(scenario())

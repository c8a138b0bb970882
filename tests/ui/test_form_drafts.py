"""Never lose work: a half-typed timeline event (no readable time yet) survives a crash."""

from __future__ import annotations

from typing import Any

from app_fixtures import paste_text, run
from textual.widgets import Input

from facilitator.core.model import PostMortem
from facilitator.ui.screens.meeting import SAVE_DELAY, MeetingScreen
from facilitator.ui.stages._parts import LineArea


def test_half_typed_event_is_saved_with_the_state_and_restored(make_app: Any,
                                                               archive: Any) -> None:
    pm = archive.save(PostMortem(title="Queue backlog"))
    saved: dict[str, Any] = {}

    async def typing() -> None:
        app = make_app(open_target=pm.id)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            assert isinstance(screen, MeetingScreen)
            await screen.action_go_to("timeline")
            await pilot.pause()
            time_field = screen.query_one("#time", Input)
            time_field.focus()
            await paste_text(pilot, "quarter past")  # not a time the app can read yet
            screen.query_one("#description", LineArea).focus()
            await paste_text(pilot, "Consumers stopped acking [batch] messages")
            await pilot.pause(SAVE_DELAY + 0.3)
            # Saved by the autosave, before any quit: what kill -9 would leave behind.
            saved.update(archive.load_meeting_state(pm.id) or {})
            assert archive.load(pm.id).timeline == []  # not an event: no readable time

    run(typing())
    assert saved["stage"] == "timeline"
    assert saved["form"] == {"stage": "timeline", "fields": {
        "time": "quarter past", "description": "Consumers stopped acking [batch] messages"}}

    async def resuming() -> None:
        archive.save_meeting_state(pm.id, saved)  # exactly the state the crash left
        app = make_app(open_target=pm.id)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.3)
            screen = app.screen
            assert screen.clock.current == "timeline"
            assert screen.query_one("#time", Input).value == "quarter past"
            assert (screen.query_one("#description", LineArea).text
                    == "Consumers stopped acking [batch] messages")
            # Fixing the time and pressing Enter makes it an event.
            time_field = screen.query_one("#time", Input)
            time_field.focus()
            await pilot.press("ctrl+u")
            await paste_text(pilot, "2026-03-04 14:15")
            await pilot.press("enter")
            await pilot.pause(SAVE_DELAY + 0.3)
            assert [e.description for e in screen.pm.timeline] == [
                "Consumers stopped acking [batch] messages"]
            assert screen.query_one("#description", LineArea).text == ""
        state = archive.load_meeting_state(pm.id) or {}
        assert "form" not in state  # nothing half-typed is left
        assert [e.description for e in archive.load(pm.id).timeline] == [
            "Consumers stopped acking [batch] messages"]

    run(resuming())


def test_unreadable_due_date_of_an_action_item_survives(make_app: Any, archive: Any) -> None:
    from facilitator.core.model import ActionItem

    pm = archive.save(PostMortem(title="Queue backlog", action_items=[
        ActionItem("Alert on consumer lag above 5 minutes", owner="Ana")]))
    saved: dict[str, Any] = {}

    async def typing() -> None:
        app = make_app(open_target=pm.id)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            await screen.action_go_to("actions")
            await pilot.pause()
            screen.editor.edit(0)
            await pilot.pause()
            screen.query_one("#due", Input).focus()
            await paste_text(pilot, "after the freeze")
            await pilot.pause(SAVE_DELAY + 0.3)
            saved.update(archive.load_meeting_state(pm.id) or {})

    run(typing())
    assert saved["form"] == {"stage": "actions", "fields": {"item": "0", "due": "after the freeze"}}

    async def resuming() -> None:
        app = make_app(open_target=pm.id)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.3)
            screen = app.screen
            assert screen.editor.editing == 0
            assert screen.query_one("#due", Input).value == "after the freeze"

    archive.save_meeting_state(pm.id, saved)
    run(resuming())


def test_unreadable_times_in_prepare_survive(make_app: Any, archive: Any) -> None:
    pm = archive.save(PostMortem(title="Queue backlog"))
    saved: dict[str, Any] = {}

    async def typing() -> None:
        app = make_app(open_target=pm.id)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            screen.query_one("#detected", Input).focus()
            await paste_text(pilot, "just after lunch")
            await pilot.pause(SAVE_DELAY + 0.3)
            saved.update(archive.load_meeting_state(pm.id) or {})
            assert archive.load(pm.id).detected is None

    run(typing())
    assert saved["form"] == {"stage": "prepare", "fields": {"detected": "just after lunch"}}

    async def resuming() -> None:
        app = make_app(open_target=pm.id)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.3)
            assert app.screen.query_one("#detected", Input).value == "just after lunch"

    archive.save_meeting_state(pm.id, saved)
    run(resuming())

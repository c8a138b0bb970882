"""A whole meeting through all nine stages, keyboard only, with bad input along the way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app_fixtures import paste_text, run, type_text, when
from textual.widgets import Input, Static, TextArea

from facilitator.core.markdown_import import from_markdown
from facilitator.core.model import Severity, Status
from facilitator.ui.screens.meeting import MeetingScreen
from facilitator.ui.widgets.confirm import ConfirmScreen


def message(screen: Any, name: str) -> str:
    widget = screen.query_one(f"#{name}-message", Static)
    return str(widget.render()) if widget.display else ""


async def clear(pilot: Any) -> None:
    await pilot.press("end", "ctrl+u")


async def next_stage(pilot: Any, key: str) -> None:
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert pilot.app.screen.clock.current == key


async def prepare(pilot: Any) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, MeetingScreen)
    assert screen.focused.id == "title"
    await paste_text(pilot, "Checkout outage [bold]")
    await pilot.press("tab", "enter", "up", "up", "enter")  # severity: SEV-3 -> SEV-1
    await pilot.press("tab", "tab")  # keep the time zone (UTC)
    await paste_text(pilot, "2026-03-04 14:00")
    await pilot.press("tab")
    await paste_text(pilot, "half past never")
    await pilot.pause()
    assert "half past never" in message(screen, "detected")
    await clear(pilot)
    await type_text(pilot, "13:50")
    await pilot.pause()
    assert "before the incident started" in message(screen, "detected")
    await clear(pilot)
    await type_text(pilot, "14:05")
    await pilot.pause()
    assert message(screen, "detected") == ""
    for moment in ("14:07", "14:30", "14:45"):
        await pilot.press("tab")
        await type_text(pilot, moment)
    await pilot.press("tab")
    await paste_text(pilot, "2026-03-09 10:00")
    await pilot.pause()
    assert "48 hours" in message(screen, "meeting_at")
    await clear(pilot)
    await paste_text(pilot, "2026-03-05 10:00")
    await pilot.press("tab")
    await type_text(pilot, "Maria")
    await pilot.press("tab")
    await type_text(pilot, "Maria")
    await pilot.pause()
    assert "also the incident lead" in message(screen, "facilitator")
    await clear(pilot)
    await type_text(pilot, "Sam")
    await pilot.pause()
    assert message(screen, "facilitator") == ""
    await pilot.press("tab")
    await paste_text(pilot, "Maria, Ben, Ana")
    await pilot.press("tab")
    await paste_text(pilot, "checkout, payments")
    await pilot.press("tab")
    await type_text(pilot, "deploy")
    await pilot.press("tab")
    assert isinstance(screen.focused, TextArea) and screen.focused.id == "summary"
    await paste_text(pilot, "A schema migration locked the orders table.")
    await pilot.press("tab")
    await type_text(pilot, "about 12k")
    pm = screen.pm
    assert pm.title == "Checkout outage [bold]"
    assert pm.severity == Severity.SEV1
    assert pm.incident_start == when("2026-03-04 14:00")
    assert pm.detected == when("2026-03-04 14:05")
    assert pm.resolved == when("2026-03-04 14:45")
    assert pm.meeting_at == when("2026-03-05 10:00")
    assert (pm.incident_lead, pm.facilitator) == ("Maria", "Sam")
    assert pm.participants == ["Maria", "Ben", "Ana"]
    assert pm.services == ["checkout", "payments"]
    assert pm.impact.users_affected == "about 12k"


async def opening(pilot: Any) -> None:
    screen = pilot.app.screen
    statement = screen.query_one("#statement", Static)
    assert "not to find someone to blame" in str(statement.render())
    assert isinstance(screen.focused, TextArea)
    await type_text(pilot, "Welcome. ")
    await pilot.pause()
    assert screen.pm.opening_statement.startswith("Welcome. We are here")
    assert str(statement.render()).startswith("Welcome.")


async def timeline(pilot: Any) -> None:
    screen = pilot.app.screen
    await start_entry(pilot)
    for moment, what in (("14:00", "Deploy 4121 started the orders migration"),
                         ("14:05", "Checkout latency alert fired"),
                         ("14:30", "Rolled back the migration")):
        assert isinstance(screen.focused, Input) and screen.focused.id == "time"
        await type_text(pilot, moment)
        await tab_to(pilot, "description")
        await paste_text(pilot, what)
        await pilot.press("enter")
        await pilot.pause()
    # A time that cannot be read is refused with a message, and nothing is added.
    await type_text(pilot, "teatime")
    await tab_to(pilot, "description")
    await type_text(pilot, "Something")
    await pilot.press("enter")
    await pilot.pause()
    assert len(screen.pm.timeline) == 3
    await pilot.press("escape")
    descriptions = [e.description for e in screen.pm.sorted_timeline()]
    assert descriptions[0].startswith("Deploy 4121")


async def tab_to(pilot: Any, field_id: str) -> None:
    """Press Tab until the field with ``field_id`` has focus."""
    for _ in range(8):
        if pilot.app.screen.focused is not None and pilot.app.screen.focused.id == field_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached #{field_id}")


async def start_entry(pilot: Any) -> None:
    """Reach the stage's entry field: editors open on it when their list is empty."""
    await pilot.pause()
    if not isinstance(pilot.app.screen.focused, Input | TextArea):
        await pilot.press("a")
        await pilot.pause()


async def add_items(pilot: Any, *items: str) -> None:
    await start_entry(pilot)  # the entry keeps focus after each item
    for item in items:
        await paste_text(pilot, item)
        await pilot.press("enter")
        await pilot.pause()
    await pilot.press("escape")


async def analysis(pilot: Any) -> None:
    screen = pilot.app.screen
    assert type(screen.editor).__name__ == "AnalysisEditor"
    assert screen.editor.pm is screen.pm


async def actions(pilot: Any) -> None:
    screen = pilot.app.screen
    assert type(screen.editor).__name__ == "ActionsEditor"
    assert screen.editor.pm is screen.pm


async def wrapup(pilot: Any, tmp_path: Path) -> Path:
    screen = pilot.app.screen
    gaps = str(screen.query_one("#gaps", Static).render())
    assert gaps.strip()
    path_input = screen.query_one("#export-path", Input)
    assert screen.focused is path_input
    assert path_input.value == str(tmp_path / f"{screen.pm.id}-checkout-outage-bold.md")
    await pilot.press("enter")
    await pilot.pause()
    exported = Path(path_input.value)
    assert exported.is_file()
    first = exported.read_text(encoding="utf-8")
    # Asked again: the existing file is kept unless the user says yes.
    exported.write_text("keep me", encoding="utf-8")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ConfirmScreen)
    await pilot.press("n")
    await pilot.pause()
    assert exported.read_text(encoding="utf-8") == "keep me"
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause()
    assert exported.read_text(encoding="utf-8") == first
    # An unwritable path gets a message, not a traceback.
    await pilot.press("end", "ctrl+u")
    await paste_text(pilot, str(tmp_path / "no" / "such" / "dir" / "pm.md"))
    await pilot.press("enter")
    await pilot.pause()
    assert "Could not write" in str(screen.query_one("#wrapup-result", Static).render())
    await pilot.press("tab", "tab", "enter")  # Export, then Save as final
    await pilot.pause()
    return exported


def test_whole_meeting_by_keyboard(make_app: Any, archive: Any, tmp_path: Path) -> None:
    async def scenario() -> None:
        app = make_app()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("n")
            await pilot.pause()
            await prepare(pilot)
            await next_stage(pilot, "opening")
            await opening(pilot)
            await next_stage(pilot, "timeline")
            await timeline(pilot)
            await next_stage(pilot, "went_well")
            await add_items(pilot, "The latency alert fired within five minutes")
            await next_stage(pilot, "went_poorly")
            await add_items(pilot, "The migration tool has no dry-run step")
            await next_stage(pilot, "analysis")
            await analysis(pilot)
            await next_stage(pilot, "actions")
            await actions(pilot)
            await next_stage(pilot, "takeaways")
            await add_items(pilot, "Migrations need a lock budget", "Alerts worked",
                            "Rollback was fast")
            await next_stage(pilot, "wrapup")
            exported = await wrapup(pilot, tmp_path)
            pm_id = app.screen.pm.id
            # Moving back and forth freely: the facilitator is never locked in.
            await pilot.press("ctrl+b", "ctrl+b")
            await pilot.pause()
            assert app.screen.clock.current == "actions"
            await pilot.press("ctrl+q")

        row = next(s for s in archive.summaries() if s.id == pm_id)
        assert row.status == Status.FINAL
        assert row.title == "Checkout outage [bold]"
        saved = archive.load(pm_id)
        assert [e.description for e in saved.sorted_timeline()][-1] == "Rolled back the migration"
        assert saved.went_well == ["The latency alert fired within five minutes"]
        assert saved.takeaways == ["Migrations need a lock budget", "Alerts worked",
                                   "Rollback was fast"]
        assert saved.opening_statement.startswith("Welcome.")
        state = archive.load_meeting_state(pm_id)
        assert state is not None and state["stage"] == "actions"

        markdown = exported.read_text(encoding="utf-8")
        assert markdown.startswith("---")
        back = from_markdown(markdown)
        assert back.title == "Checkout outage [bold]"
        assert back.severity == Severity.SEV1
        assert len(back.timeline) == 3
        assert back.participants == ["Maria", "Ben", "Ana"]
        assert back.summary == "A schema migration locked the orders table."

    run(scenario())

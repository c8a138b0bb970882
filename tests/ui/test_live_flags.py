"""Language flags while typing: marks in the text, the panel, rewrite and dismissal."""

from __future__ import annotations

from typing import Any

from app_fixtures import paste_text, run, type_text
from textual.widgets import Input, TextArea

from facilitator.core.model import PostMortem
from facilitator.ui.screens.meeting import MeetingScreen
from facilitator.ui.widgets.flags import FLAG_HIGHLIGHT, FlagHighlighter, FlagsPanel


def saved_pm(archive: Any) -> PostMortem:
    pm = PostMortem(title="Orders", participants=["Priya", "Ben"], incident_lead="Ana",
                    facilitator="Sam")
    return archive.save(pm)


async def settle(pilot: Any) -> None:
    # The check runs after a short pause in typing, in a worker thread.
    await pilot.pause(0.35)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_flags_marked_listed_and_rewritten_in_an_input(make_app: Any, archive: Any) -> None:
    pm = saved_pm(archive)

    async def scenario() -> None:
        app = make_app(open_target=pm.id)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            assert isinstance(screen, MeetingScreen)
            title = screen.query_one("#title", Input)
            assert screen.focused is title
            await pilot.press("end")
            await type_text(pilot, ". Who pushed this?")
            await settle(pilot)
            panel = screen.query_one(FlagsPanel)
            assert [f.text.lower() for f in panel.findings] == ["who pushed"]
            assert "who pushed" in panel.describe().lower()
            assert "try:" in panel.describe()
            assert isinstance(title.highlighter, FlagHighlighter)
            start = title.value.lower().index("who pushed")
            assert title.highlighter.spans == [(start, start + len("who pushed"))]
            # The mark is an underline, not an alarm.
            rendered = title._value
            assert any(span.style.underline for span in rendered.spans)
            await pilot.press("ctrl+r")
            await settle(pilot)
            assert "who pushed" not in title.value.lower()
            assert title.value.startswith("Orders. what in our deploy process")
            assert screen.pm.title == title.value
            assert panel.findings == []
        assert archive.load(pm.id).title.startswith("Orders. what in our deploy process")

    run(scenario())


def test_dismissed_flag_is_kept_with_the_post_mortem(make_app: Any, archive: Any) -> None:
    pm = saved_pm(archive)
    sentence = "Priya should have caught the bad config before the deploy."

    async def scenario() -> None:
        app = make_app(open_target=pm.id)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            summary = screen.query_one("#summary", TextArea)
            summary.focus()
            await paste_text(pilot, sentence)
            await settle(pilot)
            panel = screen.query_one(FlagsPanel)
            assert len(panel.findings) == 1
            finding = panel.findings[0]
            assert finding.text.startswith("Priya should have")
            marks = [h for row in summary._highlights.values() for h in row
                     if h[2] == FLAG_HIGHLIGHT]
            assert marks == [(0, len(finding.text.encode()), FLAG_HIGHLIGHT)]
            await pilot.press("ctrl+g")
            await settle(pilot)
            assert panel.findings == []
            assert [d.fingerprint for d in screen.pm.dismissed] == [finding.fingerprint]
            await pilot.pause(0.7)  # autosave
        saved = archive.load(pm.id)
        assert saved.summary == sentence
        assert [d.fingerprint for d in saved.dismissed] == [finding.fingerprint]

        # Next time the same words are not flagged again.
        again = make_app(open_target=pm.id)
        async with again.run_test(size=(120, 40)) as pilot:
            again.screen.query_one("#summary", TextArea).focus()
            await settle(pilot)
            assert again.screen.query_one(FlagsPanel).findings == []

    run(scenario())


def test_factual_text_and_typing_while_checking(make_app: Any, archive: Any) -> None:
    pm = saved_pm(archive)

    async def scenario() -> None:
        app = make_app(open_target=pm.id)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            summary = screen.query_one("#summary", TextArea)
            summary.focus()
            await paste_text(pilot, "At 14:05 Priya ran the migration; the disk failed.")
            await settle(pilot)
            assert screen.query_one(FlagsPanel).findings == []
            # Keys typed right after a check starts all land; the panel follows the last text.
            await type_text(pilot, " This was human error")
            await settle(pilot)
            assert summary.text.endswith("This was human error")
            assert [f.text for f in screen.query_one(FlagsPanel).findings] == ["human error"]

    run(scenario())

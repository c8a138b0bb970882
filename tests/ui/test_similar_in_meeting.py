"""Similar past incidents during the meeting: f5 shows them in place of the flags panel."""

from __future__ import annotations

from typing import Any

from app_fixtures import paste_text, run
from textual.widgets import Input

from facilitator.core.model import (
    ActionItem,
    ContributingFactor,
    FactorCategory,
    PostMortem,
    Status,
)
from facilitator.ui.screens.meeting import SIMILAR_DELAY, MeetingScreen
from facilitator.ui.widgets.flags import FlagsPanel
from facilitator.ui.widgets.similar import SimilarIncidents


def panel_text(panel: SimilarIncidents) -> str:
    return "\n".join(str(static.render()) for static in panel.query(".similar-incident"))


async def settle(pilot: Any, seconds: float = 0.05) -> None:
    await pilot.pause(seconds)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_seen_before_panel_shows_past_decisions_and_follows_edits(make_app: Any,
                                                                  archive: Any) -> None:
    past = archive.save(PostMortem(
        title="Card payments timed out", status=Status.FINAL,
        services=["payments"], tags=["capacity"],
        factors=[ContributingFactor("Connection pool too small for peak traffic",
                                    FactorCategory.TECHNICAL)],
        action_items=[ActionItem("Alert on pool saturation at 80%", owner="Ana")],
    ))
    unrelated = archive.save(PostMortem(title="Search index rebuild", status=Status.FINAL,
                                        services=["search"]))
    current = archive.save(PostMortem(title="Orders page slow", services=["orders"]))

    async def scenario() -> None:
        app = make_app(open_target=current.id)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            assert isinstance(screen, MeetingScreen)
            await pilot.press("f5")
            await settle(pilot)
            panel = screen.query_one(SimilarIncidents)
            assert panel.display and not screen.query_one(FlagsPanel).display
            assert panel.incidents == []  # nothing shares "orders" yet
            # Typing a shared service: looked up again once editing pauses, off the UI thread.
            services = screen.query_one("#services", Input)
            services.focus()
            await pilot.press("end")
            await paste_text(pilot, ", payments")
            await pilot.pause()
            assert panel.incidents == []  # not per keystroke
            await settle(pilot, SIMILAR_DELAY + 0.2)
            assert [i.id for i in panel.incidents] == [past.id]
            text = panel_text(panel)
            assert "Card payments timed out" in text
            assert "Alert on pool saturation at 80%" in text
            assert unrelated.id not in text
            # Fits the narrow screen, below the editor.
            assert panel.region.right <= 80 and panel.region.bottom <= 23
            await pilot.press("f5")
            await pilot.pause()
            assert not panel.display and screen.query_one(FlagsPanel).display

    run(scenario())


def test_seen_before_in_the_command_palette_at_120x40(make_app: Any, archive: Any) -> None:
    past = archive.save(PostMortem(title="Checkout lock", status=Status.FINAL,
                                   services=["checkout"]))
    current = archive.save(PostMortem(title="Checkout again", services=["checkout"]))

    async def scenario() -> None:
        app = make_app(open_target=current.id)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = app.screen
            titles = [title for title, _, _ in screen.commands()]
            assert "Seen before: similar past incidents" in titles
            footer_keys = [key for key, b in screen.active_bindings.items() if b.binding.show]
            assert "f5" in footer_keys
            await screen.action_toggle_similar()
            await settle(pilot)
            panel = screen.query_one(SimilarIncidents)
            assert [i.id for i in panel.incidents] == [past.id]
            assert panel.region.width >= 40 and panel.region.right <= 120

    run(scenario())

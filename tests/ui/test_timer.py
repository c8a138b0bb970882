"""The meeting timer and agenda rail with an injected clock."""

from __future__ import annotations

from typing import Any

from app_fixtures import FakeClock, run

from facilitator.ui.widgets.agenda_rail import AgendaRail
from facilitator.ui.widgets.timer import MeetingTimer


def timer_text(app: Any) -> str:
    timer = app.screen.query_one(MeetingTimer)
    timer.refresh_time()  # what the one-second tick does
    return str(timer.render())


def test_stage_and_meeting_time_overrun_and_pause(make_app: Any) -> None:
    clock = FakeClock()

    async def scenario() -> None:
        app = make_app(clock=clock)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("k")  # quick: prepare has 2 minutes, 25 in all
            await pilot.pause()
            assert "Prepare 00:00/02:00 · 02:00 left · meeting 00:00/25:00" in timer_text(app)
            clock.advance(75)
            assert "Prepare 01:15/02:00 · 00:45 left · meeting 01:15/25:00" in timer_text(app)
            # The real one-second tick updates the screen by itself.
            clock.advance(60)
            await pilot.pause(1.2)
            timer = app.screen.query_one(MeetingTimer)
            shown = str(timer.render())
            assert "00:15 over" in shown and "wrap up when ready" in shown
            assert timer.has_class("-over")
            await pilot.press("f4")  # pause
            clock.advance(600)
            shown = timer_text(app)
            assert "meeting 02:15/25:00" in shown and "paused" in shown
            await pilot.press("f4")  # resume
            await pilot.press("ctrl+n")
            await pilot.pause()
            clock.advance(30)
            shown = timer_text(app)
            assert "Blameless opening 00:30/01:00" in shown
            assert "meeting 02:45/25:00" in shown and "paused" not in shown
            assert not app.screen.query_one(MeetingTimer).has_class("-over")
            rail = str(app.screen.query_one(AgendaRail).render())
            assert "✓ 1 Prepare" in rail and "▶ 2 Opening" in rail and "· 3 Timeline" in rail
            await pilot.press("f6")  # five more minutes for this stage
            assert "00:30/06:00" in timer_text(app)
            assert "6m" in str(app.screen.query_one(AgendaRail).render()).split("\n")[3]

    run(scenario())


def test_narrow_timer_keeps_both_clocks(make_app: Any) -> None:
    clock = FakeClock()

    async def scenario() -> None:
        app = make_app(clock=clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("n")
            await pilot.pause()
            clock.advance(61)
            text = timer_text(app)
            assert text == "stage 01:01/05:00 03:59 left · meeting 01:01/1:18:00"

    run(scenario())

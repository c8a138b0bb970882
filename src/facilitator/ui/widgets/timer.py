"""The meeting timer: the current stage's time against its timebox, and the whole meeting's."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from facilitator.core.agenda import STAGE_BY_KEY, MeetingClock, format_clock


class MeetingTimer(Static):
    """One line: stage elapsed / timebox, remaining or over, meeting elapsed, paused."""

    DEFAULT_CSS = """
    MeetingTimer {
        width: 1fr;
        height: 1;
        text-align: right;
        padding: 0 1;
    }
    MeetingTimer.-over {
        color: $warning;
    }
    """

    def __init__(self, clock: MeetingClock, **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.clock = clock

    def on_mount(self) -> None:
        self.refresh_time()
        self.set_interval(1.0, self.refresh_time)

    def describe(self) -> str:
        """The timer as plain text (what is on screen)."""
        clock = self.clock
        stage = STAGE_BY_KEY[clock.current].title
        elapsed = format_clock(clock.stage_elapsed())
        box = format_clock(clock.timeboxes[clock.current])
        if clock.overrun() > 0:
            # Calm wording: the room decides whether to move on.
            left = f"{format_clock(clock.overrun())} over, wrap up when ready"
        else:
            left = f"{format_clock(clock.stage_remaining())} left"
        meeting = f"meeting {format_clock(clock.elapsed())}/{format_clock(clock.planned())}"
        paused = "  ⏸ paused" if not clock.running else ""
        if self.app.size.width < 110:
            # Narrow screens: the stage's name is already on the rail and the stage header.
            left = left.split(",")[0]
            return f"stage {elapsed}/{box} {left} · {meeting}{paused}"
        return f"{stage} {elapsed}/{box} · {left} · {meeting}{paused}"

    def refresh_time(self) -> None:
        self.set_class(self.clock.overrun() > 0, "-over")
        self.update(Content(self.describe()))

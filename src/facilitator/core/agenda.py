"""The meeting agenda: nine stages, their timeboxes, and a clock that tracks them.

Pure and UI-free: the meeting screen reads the stages and asks the ``MeetingClock`` what to
show, and the archive stores ``MeetingClock.to_dict()`` so a meeting resumes where it stopped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

STAGE_KEYS: tuple[str, ...] = (
    "prepare",
    "opening",
    "timeline",
    "went_well",
    "went_poorly",
    "analysis",
    "actions",
    "takeaways",
    "wrapup",
)


@dataclass(frozen=True)
class Stage:
    """One step of the meeting: its key, its title and what the facilitator asks the room."""

    key: str
    title: str
    prompt: str


STAGES: tuple[Stage, ...] = (
    Stage("prepare", "Prepare",
          "Fill in the facts before the room gathers: times, people, services, impact."),
    Stage("opening", "Blameless opening",
          "Read the statement aloud and agree the ground rules before looking at details."),
    Stage("timeline", "Timeline",
          "Walk through what happened, in order, and what was known at each decision."),
    Stage("went_well", "Went well",
          "What helped us? Where did we get lucky, and would luck hold next time?"),
    Stage("went_poorly", "Went poorly",
          "Where did the system make the work harder? Name the gaps, not the people."),
    Stage("analysis", "Analysis",
          "Ask why until you reach conditions in the system; sort the contributing factors."),
    Stage("actions", "Action items",
          "Three to seven changes, each with one owner, a due date and a way to tell it worked."),
    Stage("takeaways", "Takeaways",
          "Three to five points for someone who was not here and only opens the document."),
    Stage("wrapup", "Wrap-up",
          "Check what is still missing, then export and archive the post-mortem."),
)

STAGE_BY_KEY: dict[str, Stage] = {stage.key: stage for stage in STAGES}

# Minutes per stage. The standard agenda fits a 60-90 minute review, the quick one a
# 15-30 minute retrospective; the deep dive gives the timeline and analysis room to breathe.
PRESETS: dict[str, dict[str, int]] = {
    "standard": {"prepare": 5, "opening": 3, "timeline": 20, "went_well": 5, "went_poorly": 8,
                 "analysis": 15, "actions": 12, "takeaways": 5, "wrapup": 5},
    "quick": {"prepare": 2, "opening": 1, "timeline": 5, "went_well": 2, "went_poorly": 3,
              "analysis": 5, "actions": 4, "takeaways": 2, "wrapup": 1},
    "deep-dive": {"prepare": 10, "opening": 5, "timeline": 40, "went_well": 10,
                  "went_poorly": 15, "analysis": 35, "actions": 20, "takeaways": 10,
                  "wrapup": 10},
}

PRESET_TITLES: dict[str, str] = {
    "standard": "Standard review",
    "quick": "Quick retrospective",
    "deep-dive": "Deep dive",
}


def preset_timeboxes(preset: str) -> dict[str, float]:
    """The timebox of every stage of ``preset``, in seconds.

    Raises ``ValueError`` naming the known presets when ``preset`` is not one of them.
    """
    try:
        minutes = PRESETS[preset]
    except KeyError:
        known = ", ".join(PRESETS)
        raise ValueError(f"unknown agenda {preset!r}; expected one of: {known}") from None
    return {key: float(minutes[key] * 60) for key in STAGE_KEYS}


def stage_index(key: str) -> int:
    """Position of a stage in the agenda (0 for prepare); ``ValueError`` if unknown."""
    return STAGE_KEYS.index(key)


class MeetingClock:
    """Time spent on the meeting and on each stage, with pause and resume.

    ``clock`` returns seconds from any fixed origin (``time.monotonic`` by default); tests
    inject their own. Time is credited to the current stage while the clock runs, so the
    whole meeting's elapsed time is the sum of the stages'.
    """

    def __init__(
        self,
        preset: str = "standard",
        *,
        timeboxes: dict[str, float] | None = None,
        clock: Callable[[], float] = time.monotonic,
        stage: str = STAGE_KEYS[0],
    ) -> None:
        self.preset = preset
        self.timeboxes: dict[str, float] = dict(preset_timeboxes(preset))
        if timeboxes:
            self.timeboxes.update({k: float(v) for k, v in timeboxes.items() if k in STAGE_KEYS})
        self._clock = clock
        stage_index(stage)
        self.current = stage
        self.visited: set[str] = {stage}
        self._spent: dict[str, float] = {key: 0.0 for key in STAGE_KEYS}
        self._running_since: float | None = None

    # --- control ------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        """True while time is being counted."""
        return self._running_since is not None

    def start(self) -> None:
        """Start (or resume) counting; does nothing if already running."""
        if self._running_since is None:
            self._running_since = self._clock()

    resume = start

    def pause(self) -> None:
        """Stop counting, crediting the time so far to the current stage."""
        if self._running_since is not None:
            self._spent[self.current] += max(0.0, self._clock() - self._running_since)
            self._running_since = None

    def toggle(self) -> bool:
        """Pause if running, else resume; returns whether the clock now runs."""
        if self.running:
            self.pause()
        else:
            self.start()
        return self.running

    def go_to(self, stage: str) -> None:
        """Make ``stage`` current; the clock keeps its running or paused state."""
        stage_index(stage)
        if stage == self.current:
            return
        was_running = self.running
        self.pause()
        self.current = stage
        self.visited.add(stage)
        if was_running:
            self.start()

    def next_stage(self) -> str:
        """Move to the following stage (stays on the last one); returns the current key."""
        index = min(stage_index(self.current) + 1, len(STAGE_KEYS) - 1)
        self.go_to(STAGE_KEYS[index])
        return self.current

    def previous_stage(self) -> str:
        """Move to the stage before (stays on the first one); returns the current key."""
        index = max(stage_index(self.current) - 1, 0)
        self.go_to(STAGE_KEYS[index])
        return self.current

    def extend(self, seconds: float, stage: str | None = None) -> None:
        """Give a stage (the current one by default) more time; never below zero."""
        key = stage or self.current
        self.timeboxes[key] = max(0.0, self.timeboxes[key] + seconds)

    # --- readings -----------------------------------------------------------------------

    def stage_elapsed(self, stage: str | None = None) -> float:
        """Seconds spent on ``stage`` (the current one by default), including the live run."""
        key = stage or self.current
        spent = self._spent[key]
        if key == self.current and self._running_since is not None:
            spent += max(0.0, self._clock() - self._running_since)
        return spent

    def elapsed(self) -> float:
        """Seconds spent on the whole meeting so far."""
        return sum(self.stage_elapsed(key) for key in STAGE_KEYS)

    def stage_remaining(self, stage: str | None = None) -> float:
        """Seconds left in the stage's timebox (zero once it is used up)."""
        key = stage or self.current
        return max(0.0, self.timeboxes[key] - self.stage_elapsed(key))

    def overrun(self, stage: str | None = None) -> float:
        """Seconds the stage has gone past its timebox (zero while within it)."""
        key = stage or self.current
        return max(0.0, self.stage_elapsed(key) - self.timeboxes[key])

    def planned(self) -> float:
        """The whole agenda's planned length in seconds."""
        return sum(self.timeboxes.values())

    def remaining(self) -> float:
        """Seconds left of the planned meeting (zero once over)."""
        return max(0.0, self.planned() - self.elapsed())

    def state(self, stage: str) -> str:
        """``current``, ``done`` (visited and left) or ``todo`` for the agenda rail."""
        if stage == self.current:
            return "current"
        return "done" if stage in self.visited else "todo"

    # --- persistence --------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain data for ``Archive.save_meeting_state``; the live run is folded in."""
        spent = {key: round(self.stage_elapsed(key), 3) for key in STAGE_KEYS}
        return {
            "version": 1,
            "preset": self.preset,
            "timeboxes": dict(self.timeboxes),
            "stage": self.current,
            "spent": spent,
            "running": self.running,
            "visited": [key for key in STAGE_KEYS if key in self.visited],
        }

    @classmethod
    def from_dict(
        cls, data: dict[str, Any], *, clock: Callable[[], float] = time.monotonic
    ) -> MeetingClock:
        """Rebuild a clock from ``to_dict`` output; unknown or bad values fall back to defaults.

        A clock that was running keeps running from the moment it is rebuilt: the time the
        app was closed is not counted.
        """
        preset = data.get("preset")
        if preset not in PRESETS:
            preset = "standard"
        stage = data.get("stage")
        if stage not in STAGE_KEYS:
            stage = STAGE_KEYS[0]
        timeboxes = {}
        for key, value in (data.get("timeboxes") or {}).items():
            if key in STAGE_KEYS and isinstance(value, int | float) and value >= 0:
                timeboxes[key] = float(value)
        result = cls(preset, timeboxes=timeboxes, clock=clock, stage=stage)
        for key, value in (data.get("spent") or {}).items():
            if key in STAGE_KEYS and isinstance(value, int | float) and value >= 0:
                result._spent[key] = float(value)
        result.visited |= {key for key in data.get("visited") or () if key in STAGE_KEYS}
        if data.get("running"):
            result.start()
        return result


def format_clock(seconds: float) -> str:
    """``mm:ss`` below an hour, ``h:mm:ss`` above; for timers shown on screen."""
    total = int(max(0.0, seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"

"""The agenda and its clock, with an injected clock function."""

from __future__ import annotations

import pytest

from facilitator.core.agenda import (
    PRESETS,
    STAGE_KEYS,
    STAGES,
    MeetingClock,
    format_clock,
    preset_timeboxes,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_nine_stages_in_the_agreed_order() -> None:
    assert STAGE_KEYS == ("prepare", "opening", "timeline", "went_well", "went_poorly",
                          "analysis", "actions", "takeaways", "wrapup")
    assert [s.key for s in STAGES] == list(STAGE_KEYS)
    assert all(s.title and s.prompt for s in STAGES)


@pytest.mark.parametrize(("preset", "low", "high"),
                         [("standard", 60, 90), ("quick", 15, 30), ("deep-dive", 91, 240)])
def test_presets_fit_their_meeting_length(preset: str, low: int, high: int) -> None:
    total = sum(PRESETS[preset].values())
    assert low <= total <= high
    assert set(preset_timeboxes(preset)) == set(STAGE_KEYS)


def test_unknown_preset_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="standard"):
        preset_timeboxes("marathon")


def test_time_is_credited_to_the_current_stage_and_pauses() -> None:
    clock = FakeClock()
    meeting = MeetingClock("quick", clock=clock)
    assert not meeting.running and meeting.elapsed() == 0
    meeting.start()
    clock.now += 90
    assert meeting.stage_elapsed() == 90
    assert meeting.stage_remaining() == 30  # quick prepare is 2 minutes
    assert meeting.overrun() == 0
    meeting.pause()
    clock.now += 500  # paused time does not count
    assert meeting.elapsed() == 90
    meeting.resume()
    clock.now += 60
    assert meeting.overrun() == 30
    assert meeting.stage_remaining() == 0
    meeting.next_stage()
    clock.now += 10
    assert meeting.current == "opening"
    assert meeting.stage_elapsed("prepare") == 150
    assert meeting.stage_elapsed() == 10
    assert meeting.elapsed() == 160
    assert meeting.state("prepare") == "done"
    assert meeting.state("opening") == "current"
    assert meeting.state("wrapup") == "todo"


def test_moving_keeps_paused_state_and_stays_within_the_agenda() -> None:
    clock = FakeClock()
    meeting = MeetingClock(clock=clock)
    meeting.previous_stage()
    assert meeting.current == "prepare"
    meeting.go_to("wrapup")
    meeting.next_stage()
    assert meeting.current == "wrapup" and not meeting.running
    with pytest.raises(ValueError):
        meeting.go_to("lunch")


def test_round_trip_through_a_dict() -> None:
    clock = FakeClock()
    meeting = MeetingClock("deep-dive", clock=clock)
    meeting.start()
    clock.now += 120
    meeting.go_to("analysis")
    meeting.extend(300)
    clock.now += 30
    data = meeting.to_dict()
    later = FakeClock()
    later.now = 5.0  # a new process: the monotonic origin changed
    again = MeetingClock.from_dict(data, clock=later)
    assert again.preset == "deep-dive"
    assert again.current == "analysis" and again.running
    assert again.stage_elapsed("prepare") == 120
    assert again.stage_elapsed() == 30
    assert again.timeboxes["analysis"] == 35 * 60 + 300
    assert again.state("prepare") == "done"
    later.now += 5
    assert again.elapsed() == 155


def test_from_dict_tolerates_garbage() -> None:
    meeting = MeetingClock.from_dict({"preset": "x", "stage": 3, "spent": {"prepare": "a"},
                                      "timeboxes": {"opening": -1}})
    assert meeting.preset == "standard" and meeting.current == "prepare"
    assert meeting.elapsed() == 0


@pytest.mark.parametrize(("seconds", "text"), [(0, "00:00"), (65.9, "01:05"),
                                               (3725, "1:02:05"), (-3, "00:00")])
def test_format_clock(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text

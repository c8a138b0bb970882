from datetime import UTC, date, datetime, timedelta

from facilitator.core.model import (
    ActionItem,
    EventKind,
    PostMortem,
    TimelineEvent,
    format_duration,
    format_id,
    from_dict,
    to_dict,
)


def at(hour: int, minute: int) -> datetime:
    return datetime(2026, 3, 4, hour, minute, tzinfo=UTC)


def test_durations_are_derived_from_explicit_times() -> None:
    pm = PostMortem(incident_start=at(14, 0), detected=at(14, 7), acknowledged=at(14, 9),
                    mitigated=at(14, 40), resolved=at(16, 0))
    assert pm.time_to_detect == timedelta(minutes=7)
    assert pm.time_to_acknowledge == timedelta(minutes=9)
    assert pm.time_to_mitigate == timedelta(minutes=40)
    assert pm.time_to_resolve == timedelta(hours=2)


def test_durations_fall_back_to_the_timeline() -> None:
    pm = PostMortem(timeline=[
        TimelineEvent(at(14, 30), "rollback finished", EventKind.MITIGATION),
        TimelineEvent(at(14, 0), "deploy started", EventKind.ACTION),
        TimelineEvent(at(14, 12), "error-rate alert fired", EventKind.ALERT),
    ])
    assert pm.started_at == at(14, 0)
    assert pm.time_to_detect == timedelta(minutes=12)
    assert pm.time_to_mitigate == timedelta(minutes=30)
    assert pm.time_to_resolve is None
    assert [e.description for e in pm.sorted_timeline()][0] == "deploy started"


def test_unknown_durations_are_none() -> None:
    assert PostMortem().time_to_detect is None
    assert format_duration(None) == "—"


def test_format_duration() -> None:
    assert format_duration(timedelta(minutes=65)) == "1h 05m"
    assert format_duration(timedelta(minutes=12)) == "12m"
    assert format_duration(timedelta(days=2, hours=3)) == "2d 3h"


def test_ids_and_action_numbers() -> None:
    assert format_id(2026, 7) == "PM-2026-0007"
    pm = PostMortem(id="PM-2026-0007", action_items=[ActionItem("a"), ActionItem("b", number=4)])
    pm.number_action_items()
    assert [a.number for a in pm.action_items] == [5, 4]
    assert pm.action_items[1].ref(pm.id) == "PM-2026-0007-A4"


def test_dict_round_trip() -> None:
    pm = PostMortem(id="PM-2026-0001", title="Checkout outage", incident_start=at(14, 0),
                    participants=["Aiko", "Bram"],
                    timeline=[TimelineEvent(at(14, 3), "alert", EventKind.ALERT)],
                    action_items=[ActionItem("Add a canary stage", owner="Aiko",
                                             due=date(2026, 4, 1), number=1)])
    data = to_dict(pm)
    assert data["action_items"][0]["id"] == "PM-2026-0001-A1"
    assert from_dict(data) == pm

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest

from facilitator.core.model import (
    ActionItem,
    ActionStatus,
    EventKind,
    PostMortem,
    TimelineEvent,
    WhyChain,
)
from facilitator.core.review import Gap, metadata_warnings, missing

from .samples import at, checkout_outage

TODAY = date(2026, 3, 6)


def messages(pm: PostMortem, stage: str | None = None) -> list[str]:
    return [g.message for g in missing(pm, TODAY) if stage is None or g.stage == stage]


def test_complete_postmortem_has_no_gaps() -> None:
    assert missing(checkout_outage(), TODAY) == []


def test_empty_postmortem_lists_every_stage_in_agenda_order() -> None:
    gaps = missing(PostMortem(), TODAY)
    stages = [g.stage for g in gaps]
    order = ["prepare", "opening", "timeline", "went_well", "went_poorly", "analysis",
             "actions", "takeaways"]
    assert sorted(set(stages), key=order.index) == order
    assert stages == sorted(stages, key=order.index)
    assert Gap("prepare", "The post-mortem has no title yet.") in gaps
    assert Gap("timeline", "The timeline has no events yet.") in gaps
    assert all(isinstance(g, Gap) for g in gaps)


@pytest.mark.parametrize(("count", "expected"), [
    (0, "There are no action items"),
    (1, "There is 1 action item;"),
    (2, "There are 2 action items;"),
    (8, "There are 8 action items; more than 7"),
])
def test_action_item_count(count: int, expected: str) -> None:
    pm = checkout_outage()
    template = pm.action_items[0]
    pm.action_items = [replace(template, number=n + 1) for n in range(count)]
    assert any(m.startswith(expected) for m in messages(pm, "actions"))


@pytest.mark.parametrize("count", [3, 5, 7])
def test_three_to_seven_action_items_is_fine(count: int) -> None:
    pm = checkout_outage()
    pm.action_items = [replace(pm.action_items[0], number=n + 1) for n in range(count)]
    assert messages(pm, "actions") == []


def test_dropped_items_do_not_count() -> None:
    pm = checkout_outage()
    assert pm.action_items[3].status is ActionStatus.DROPPED
    assert messages(pm, "actions") == []  # three live items
    pm.action_items[0].status = ActionStatus.DROPPED
    assert any(m.startswith("There are 2 action items;") for m in messages(pm, "actions"))


def test_action_item_fields() -> None:
    pm = checkout_outage()
    pm.action_items.append(ActionItem("Add a canary for the bundle", number=5))
    pm.action_items.append(ActionItem("Write a runbook", owner="Kim", success_criterion="x",
                                      due=date(2026, 3, 1)))
    found = messages(pm, "actions")
    assert "Action item A5 has no owner." in found
    assert "Action item A5 has no due date." in found
    assert "Action item A5 has no success criterion." in found
    assert 'Action item "Write a runbook" was due on 2026-03-01 and is still open.' in found


@pytest.mark.parametrize(("count", "expected"), [
    (0, "There are no key takeaways yet"),
    (2, "There are 2 key takeaways; 3 to 5 work best."),
    (6, "There are 6 key takeaways; 5 or fewer"),
])
def test_takeaway_count(count: int, expected: str) -> None:
    pm = checkout_outage()
    pm.takeaways = [f"Takeaway {n}" for n in range(count)]
    assert any(m.startswith(expected) for m in messages(pm, "takeaways"))


def test_facilitator_who_led_the_incident() -> None:
    pm = checkout_outage()
    pm.facilitator = " priya natarajan "
    (warning,) = metadata_warnings(pm)
    assert warning.startswith("The facilitator is also the incident lead.")
    assert warning in messages(pm, "prepare")


def test_meeting_long_after_resolution() -> None:
    pm = checkout_outage()
    assert pm.resolved is not None
    pm.meeting_at = pm.resolved + timedelta(hours=49)
    assert metadata_warnings(pm) == [
        "The meeting is 49 hours after resolution. Details fade quickly; within 48 hours "
        "works best."]
    pm.meeting_at = pm.resolved + timedelta(hours=47)
    assert metadata_warnings(pm) == []


def test_times_out_of_order() -> None:
    pm = checkout_outage()
    pm.resolved = at(13, 0)
    found = metadata_warnings(pm)
    assert "The incident was resolved before it started; please check both times." in found
    assert "The resolved time is before the detected time; please check both." not in found
    pm.detected, pm.resolved = at(14, 30), at(14, 20)
    assert "The resolved time is before the detected time; please check both." in (
        metadata_warnings(pm))


def test_timeline_details() -> None:
    pm = checkout_outage()
    pm.timeline = [TimelineEvent(at(14, 5), "Rolled back", EventKind.DECISION),
                   TimelineEvent(at(14, 6), " ", EventKind.ACTION)]
    found = messages(pm, "timeline")
    assert "The timeline does not show how the incident was detected." in found
    assert "1 timeline event without a description." in found
    assert "1 decision without a note of what was known at the time." in found


def test_analysis_gaps() -> None:
    pm = checkout_outage()
    pm.why_chains, pm.factors = [], []
    assert messages(pm, "analysis") == [
        "There is no analysis yet: add a five whys chain or contributing factors."]
    pm.why_chains = [WhyChain("", [])]
    assert messages(pm, "analysis") == ["Why chain 1 has no problem statement.",
                                        "Why chain 1 has no answers yet."]


def test_wording_never_names_blame() -> None:
    text = " ".join(messages(PostMortem(facilitator="A", incident_lead="a"))).lower()
    for word in ("fault", "blame", "failed to", "should have", "forgot"):
        assert not re.search(rf"\b{word}\b", text)


def test_action_item_wording_and_team_owner() -> None:
    pm = checkout_outage()
    pm.action_items.append(ActionItem("Improve monitoring", owner="SRE team",
                                      due=date(2026, 4, 1), success_criterion="fewer misses",
                                      number=5))
    found = [m for m in messages(pm, "actions") if m.startswith("Action item A5:")]
    assert any("team" in m for m in found)
    assert len(found) >= 2  # the vague wording as well
    assert not any(m.startswith("Action item A1:") for m in messages(pm, "actions"))

"""check_action_item: wording, owner, due date and success criterion."""

from __future__ import annotations

from datetime import date

import pytest

from facilitator.core.blame import LintContext, check_action_item
from facilitator.core.blame.action_items import owner_is_team
from facilitator.core.model import ActionItem

GOOD = ActionItem(
    description="Alert when primary connection pool usage exceeds 80% for 5 minutes",
    owner="Mei Tanaka",
    due=date(2026, 3, 31),
    success_criterion="the alert fires in the load test at 85% usage",
)


def _rules(item: ActionItem, roster: tuple[str, ...] = ()) -> set[str]:
    return {f.rule for f in check_action_item(item, roster)}


def test_a_good_item_is_clean() -> None:
    assert check_action_item(GOOD) == []


def test_each_missing_field_is_flagged() -> None:
    item = ActionItem(description=GOOD.description)
    assert _rules(item) == {"item-no-owner", "item-no-due-date", "item-no-success-criterion"}


def test_vague_and_person_aimed_wording() -> None:
    vague = ActionItem(**{**GOOD.__dict__, "description": "Improve monitoring"})
    assert _rules(vague) == {"vague-improve"}
    head = ActionItem(**{**GOOD.__dict__, "description": "Review the checkout retry story"})
    assert _rules(head) == {"vague-action-head"}
    person = ActionItem(**{**GOOD.__dict__, "description": "Sarah needs Kubernetes training"})
    assert _rules(person) == {"person-training"}


def test_roster_names_are_recognised() -> None:
    item = ActionItem(**{**GOOD.__dict__, "description": "Remind Zorbex to double-check"})
    assert _rules(item, ("Zorbex",)) == {"person-remind"}


@pytest.mark.parametrize(
    ("owner", "team"),
    [
        ("Platform team", True),
        ("SRE", True),
        ("ops", True),
        ("Everyone", True),
        ("Sarah from platform team", False),
        ("Sarah (platform)", False),
        ("Mateus Oliveira", False),
        ("Will", False),
    ],
)
def test_team_owner(owner: str, team: bool) -> None:
    assert owner_is_team(owner) is team
    item = ActionItem(**{**GOOD.__dict__, "owner": owner})
    assert ("item-team-owner" in _rules(item)) is team


def test_several_owners() -> None:
    item = ActionItem(**{**GOOD.__dict__, "owner": "Ana and Tom"})
    assert _rules(item) == {"item-several-owners"}


def test_item_rules_can_be_disabled_and_dismissed() -> None:
    item = ActionItem(description=GOOD.description, owner="Ana", due=GOOD.due)
    [finding] = check_action_item(item)
    assert finding.rule == "item-no-success-criterion"
    context = LintContext(disabled=frozenset({"item-no-success-criterion"}))
    assert check_action_item(item, context=context) == []
    context = LintContext(dismissed=frozenset({finding.fingerprint}))
    assert check_action_item(item, context=context) == []

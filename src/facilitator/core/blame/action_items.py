"""Checks that make an action item real: one person as owner, a due date, a success criterion,
and wording that names a change to the system.

The language checks come from the rule table (``lint`` with ``action_item=True``); the checks
on the item's fields are a second small table, ``ITEM_RULES``, each an id, a message, a
suggestion and a predicate over the item. Like language rules, each can be disabled alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from facilitator.core.blame.engine import lint
from facilitator.core.blame.finding import Finding, LintContext, fingerprint
from facilitator.core.model import ActionItem

# Owners that name a group rather than one accountable person.
_TEAM_WORDS_TEXT = (
    "team teams squad group guild crew department dept org organisation organization ops "
    "sre sres devops platform infra infrastructure engineering eng everyone everybody all "
    "us we backend frontend qa support security dba dbas oncall on-call management "
    "leadership tbd tba unassigned nobody someone anyone staff devs developers engineers"
)
TEAM_WORDS = frozenset(_TEAM_WORDS_TEXT.split())
_OWNER_SPLIT = re.compile(r"\s*(?:,|/|&|\+|;|\band\b)\s*", re.IGNORECASE)
_PERSON_OF_TEAM = re.compile(
    r"^\s*([A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+)?\s*(?:\(|from\b|of\b|on\b|in\b|@)"
)


def owner_is_team(owner: str, roster: Sequence[str] = ()) -> bool:
    """True when ``owner`` names a team or role ("Platform team", "SRE") and not a person
    ("Sarah from platform team", "Mateus Oliveira")."""
    owner = owner.strip()
    if not owner:
        return False
    roster_words = {w.lower() for name in roster for w in name.split()}
    words = re.findall(r"[\w'’-]+", owner)
    if any(w.lower() in roster_words for w in words):
        return False
    if _PERSON_OF_TEAM.match(owner) and words[0].lower() not in TEAM_WORDS:
        return False
    return any(w.lower() in TEAM_WORDS for w in words)


def _several_owners(owner: str) -> bool:
    parts = [p for p in _OWNER_SPLIT.split(owner.strip()) if p]
    return len(parts) > 1


@dataclass(frozen=True)
class ItemRule:
    """A check on an action item's fields (not on its wording)."""

    id: str
    category: str
    severity: str
    message: str
    suggestion: str
    # (item, roster) -> True when the item has the problem
    check: Callable[[ActionItem, Sequence[str]], bool]
    # which field the finding points at, for display
    field: str = "description"


ITEM_RULES: tuple[ItemRule, ...] = (
    ItemRule(
        id="item-no-owner",
        category="vague_action_item",
        severity="warning",
        message="No owner: an item that belongs to nobody is rarely done.",
        suggestion="Name one person who will drive it (they may delegate the work).",
        check=lambda item, roster: not item.owner.strip(),
        field="owner",
    ),
    ItemRule(
        id="item-team-owner",
        category="vague_action_item",
        severity="warning",
        message="The owner is a team, not a person: everyone assumes someone else has it.",
        suggestion="Name one person from that team, e.g. 'Sarah (platform team)'.",
        check=lambda item, roster: owner_is_team(item.owner, roster),
        field="owner",
    ),
    ItemRule(
        id="item-several-owners",
        category="vague_action_item",
        severity="info",
        message="Several owners: shared ownership blurs who follows up.",
        suggestion="Keep one owner; list the others as helpers in the description.",
        check=lambda item, roster: (
            bool(item.owner.strip())
            and not owner_is_team(item.owner, roster)
            and _several_owners(item.owner)
        ),
        field="owner",
    ),
    ItemRule(
        id="item-no-due-date",
        category="vague_action_item",
        severity="warning",
        message="No due date: without one the item drifts.",
        suggestion="Give it a date that fits its priority (must-fix items within weeks).",
        check=lambda item, roster: item.due is None,
        field="due",
    ),
    ItemRule(
        id="item-no-success-criterion",
        category="vague_action_item",
        severity="warning",
        message="No success criterion: nobody can tell when it is done.",
        suggestion="Say what will be true when it is done, e.g. 'a synthetic slow-down pages "
        "within 6 minutes'.",
        check=lambda item, roster: not item.success_criterion.strip(),
        field="success_criterion",
    ),
)
ITEM_RULES_BY_ID = {rule.id: rule for rule in ITEM_RULES}


def item_finding(
    rule: ItemRule,
    description: str,
    start: int = 0,
    end: int | None = None,
    line: int = 1,
    column: int = 1,
    item: str | None = None,
) -> Finding:
    """A finding for an item rule on one line, spanning the item's description by default.

    ``item``: the whole item the fingerprint is taken over, when ``description`` is only
    the flagged part of it (a cell of a table row).
    """
    end = len(description) if end is None else end
    return Finding(
        start=start,
        end=end,
        line=line,
        column=column,
        end_line=line,
        end_column=column + (end - start),
        category=rule.category,
        rule=rule.id,
        severity=rule.severity,
        message=rule.message,
        suggestion=rule.suggestion,
        text=description,
        fingerprint=fingerprint(rule.id, rule.field, description if item is None else item),
    )


def check_action_item(
    item: ActionItem, roster: Sequence[str] = (), context: LintContext | None = None
) -> list[Finding]:
    """Everything wrong with one action item: wording aimed at a person or too vague to act
    on (from the language rules), and a missing or team owner, due date or success criterion.

    Offsets and positions refer to ``item.description``. ``context`` may carry dismissed
    fingerprints and disabled rules; its roster is extended by ``roster``.
    """
    context = context or LintContext()
    context = replace(context, roster=tuple(context.roster) + tuple(roster), action_item=True)
    findings = lint(item.description, context)
    for rule in ITEM_RULES:
        if rule.id in context.disabled or rule.category in context.disabled:
            continue
        if not rule.check(item, context.roster):
            continue
        finding = item_finding(rule, item.description)
        if finding.fingerprint not in context.dismissed:
            findings.append(finding)
    return findings

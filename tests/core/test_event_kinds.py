from __future__ import annotations

from datetime import date

import pytest

from facilitator.core.chatpaste import propose_events
from facilitator.core.event_kinds import guess_kind
from facilitator.core.markdown_import import from_markdown
from facilitator.core.model import EventKind

LINES = [
    ("PagerDuty paged Sam", EventKind.ALERT),
    ("Customers reporting failed payments", EventKind.DETECTION),
    ("Support opened a ticket: checkout is slow", EventKind.DETECTION),
    ("posted status to statuspage", EventKind.COMMUNICATION),
    ("Reverted PR 4411", EventKind.MITIGATION),
    ("Restored the replica from the 14:00 snapshot", EventKind.MITIGATION),
    ("We agreed to wait for the replica to catch up", EventKind.DECISION),
    ("Chose to fail over to the standby", EventKind.DECISION),
    ("Error rates back to normal, incident closed", EventKind.RESOLUTION),
    ("Escalated to the database team", EventKind.ACTION),
    ("Started investigating the queue", EventKind.ACTION),
    ("coffee", EventKind.OTHER),
]


@pytest.mark.parametrize(("text", "kind"), LINES)
def test_guess_kind(text: str, kind: EventKind) -> None:
    assert guess_kind(text) == kind


def test_a_line_gets_the_same_kind_pasted_from_chat_or_imported_from_markdown() -> None:
    # The archive's time to detect and to mitigate are read from these kinds: a post-mortem
    # drafted from a chat paste and one imported from the wiki must agree.
    pasted = propose_events(
        "\n".join(f"[14:{minute:02d}] {text}" for minute, (text, _) in enumerate(LINES)),
        date(2026, 3, 4), "UTC")
    imported = from_markdown(
        "# Checkout outage\n\nDate: 2026-03-04\n\n## Timeline\n\n"
        + "\n".join(f"- 14:{minute:02d} {text}" for minute, (text, _) in enumerate(LINES)))
    wanted = [kind for _, kind in LINES]
    assert [event.kind for event in pasted] == wanted
    assert [event.kind for event in imported.timeline] == wanted

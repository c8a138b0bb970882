"""Best-effort import of post-mortems written from other templates."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from facilitator.core.markdown_export import to_markdown
from facilitator.core.markdown_import import from_markdown
from facilitator.core.model import (
    ActionKind,
    ActionStatus,
    EventKind,
    PostMortem,
    Priority,
    Severity,
    Status,
    to_dict,
)

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> PostMortem:
    return from_markdown((FIXTURES / name).read_text(encoding="utf-8"))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_google_sre_style() -> None:
    pm = load("google_sre.md")
    assert pm.title == "Postmortem: Thumbnails missing after storage quota change"
    assert pm.date == date(2025, 11, 18)
    assert pm.status is Status.FINAL
    assert pm.participants == ["Dana Whitfield", "Li Wei"]
    assert pm.summary.startswith("For about 50 minutes new uploads showed a grey box")
    assert "Detection\nA customer support ticket" in pm.summary
    assert "9,300 uploads" in pm.impact.notes
    assert [e.at for e in pm.timeline][:2] == [utc(2025, 11, 18, 9, 10), utc(2025, 11, 18, 9, 12)]
    assert len(pm.timeline) == 8
    assert pm.timeline[4].kind is EventKind.DECISION
    assert pm.timeline[-1].kind is EventKind.RESOLUTION
    assert pm.resolved_at == utc(2025, 11, 18, 10, 20)
    assert any("near its old limit" in f.description for f in pm.factors)
    assert any(f.description.startswith("Trigger: The storage team") for f in pm.factors)
    assert [a.owner for a in pm.action_items] == ["Dana Whitfield", "Li Wei", "Dana Whitfield"]
    assert [a.kind for a in pm.action_items] == [ActionKind.DETECT, ActionKind.PREVENT,
                                                  ActionKind.MITIGATE]
    assert pm.action_items[0].link == "BUG-4411"
    assert pm.went_well[0].startswith("The backfill job already existed")
    assert len(pm.went_poorly) == 2
    assert pm.lucky == ["Upload traffic was at its weekly low."]
    assert any(lesson.startswith("Supporting information\n") for lesson in pm.lessons)


def test_atlassian_style() -> None:
    pm = load("atlassian.md")
    assert pm.title == "Incident postmortem: Stale search results for EU customers"
    assert pm.severity is Severity.SEV2
    assert pm.date == date(2025, 9, 2)
    assert pm.services == ["search-indexer", "eu-search"]
    assert pm.summary.startswith("Between 13:05 and 16:40 UTC")
    for narrative in ("Leadup\n", "Detection\n", "Response\n", "Recovery\n"):
        assert narrative in pm.summary
    assert "1,200 merchants" in pm.impact.notes
    assert len(pm.timeline) == 7
    assert pm.timeline[0].at == utc(2025, 9, 2, 13, 5)
    assert pm.timeline[4].kind is EventKind.DECISION
    assert len(pm.why_chains) == 1
    assert pm.why_chains[0].problem == "Search results in the EU were stale."
    assert len(pm.why_chains[0].whys) == 5
    assert any("changed default" in f.description for f in pm.factors)
    assert [a.status for a in pm.action_items] == [ActionStatus.DONE, ActionStatus.OPEN,
                                                    ActionStatus.OPEN]
    assert pm.action_items[0].due == date(2025, 9, 12)
    assert pm.action_items[1].owner == "Jonas Berg"
    assert "Jira: OPS-2231" in pm.lessons
    assert pm.lessons[0].startswith("Consumer lag is a customer-facing signal")


def test_pagerduty_style() -> None:
    pm = load("pagerduty.md")
    assert pm.title == "Post-Mortem: Delayed push notifications (2025-07-14)"
    assert pm.date == date(2025, 7, 14)
    assert pm.incident_lead == "Jordan Lee"
    assert pm.participants == ["Jordan Lee", "Aisha Bello", "Chris Park"]
    assert pm.impact.users_affected == "about 180,000 Android users"
    assert pm.impact.duration == "2 hours 11 minutes"
    assert pm.impact.slo_breached.startswith("notification latency SLO")
    # 1:02 PM PDT is 20:02 UTC.
    assert pm.timeline[0].at == utc(2025, 7, 14, 20, 2)
    assert pm.timeline[4].kind is EventKind.COMMUNICATION
    assert pm.timeline[-1].kind is EventKind.RESOLUTION
    assert [f.known_risk for f in pm.factors] == [False, False, True]
    assert pm.went_well == ["Restarting a single pool was quick and safe."]
    assert len(pm.went_poorly) == 2
    first, second, third = pm.action_items
    assert (first.owner, first.due, first.link) == ("Aisha Bello", date(2025, 7, 25), "PD-1801")
    assert (second.owner, second.due, second.priority, second.status) == (
        "jordan.lee", date(2025, 7, 21), Priority.MUST, ActionStatus.DONE)
    assert third.owner == "" and third.due is None
    assert "What Happened\nA certificate used" in pm.summary
    assert any(lesson.startswith("Messaging\n") and "External" in lesson
               for lesson in pm.lessons)


def test_incident_io_style() -> None:
    pm = load("incident_io.md")
    assert pm.title == "Elevated API latency in eu-west-1"
    assert pm.severity is Severity.SEV2  # "Major"
    assert pm.tags == ["latency", "database"]
    assert pm.incident_lead == "Ravi Shah"
    assert pm.services == ["Public API", "Webhooks"]
    assert pm.detected == utc(2025, 5, 6, 8, 41)
    assert pm.resolved == utc(2025, 5, 6, 9, 44)
    assert pm.impact.duration == "1h 03m"
    assert [e.at.date() for e in pm.timeline] == [date(2025, 5, 6)] * 5
    assert pm.timeline[0].kind is EventKind.ALERT
    assert len(pm.factors) == 2
    assert pm.went_well == ["The fallback kept the API answering, just slowly."]
    assert [a.status for a in pm.action_items] == [ActionStatus.OPEN, ActionStatus.DONE]
    assert pm.action_items[0].link == "https://tracker.example/ENG-902"
    assert "Status: Closed" in pm.lessons


def test_freeform_wiki_page() -> None:
    pm = load("freeform.md")
    assert pm.title == "Outage notes - DNS resolver flapping, 12 Feb 2026"
    assert pm.severity is Severity.SEV4
    assert pm.services == ["office-dns", "vpn"]
    assert pm.summary.startswith("Rough morning for the office network.")
    assert [e.at for e in pm.timeline] == [utc(2026, 2, 12, 9, m) for m in (2, 7, 20, 35, 50)]
    assert pm.timeline[-1].kind is EventKind.RESOLUTION
    assert len(pm.action_items) == 3
    assert pm.action_items[0].owner == "Noor Haddad"
    assert pm.action_items[0].due == date(2026, 3, 1)
    assert any("VPN stayed up" in lesson for lesson in pm.lessons)


def _authored_words(markdown: str) -> set[str]:
    """Words the author wrote as content (not headings, table headers or `Key:` labels)."""
    body = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    words: set[str] = set()
    skip = False
    column = width = 0
    for tok in tokens:
        if tok.type == "table_open":
            width = 0
        elif tok.type == "th_open":
            width += 1
        if tok.type in ("heading_open", "th_open"):
            skip = True
        elif tok.type in ("heading_close", "th_close"):
            skip = False
        elif tok.type == "tr_open":
            column = 0
        elif tok.type == "td_open":
            column += 1
        elif tok.type == "inline" and not skip:
            if column == 1 and width == 2:
                continue  # the label column of a key/value table
            for line in tok.content.split("\n"):
                line = re.sub(r"^[\W]*[A-Za-z][\w '()-]{0,40}?\**:\**(\s|$)", "", line)
                words.update(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'’]{3,}", line))
    return words


@pytest.mark.parametrize("name", ["google_sre.md", "atlassian.md", "pagerduty.md",
                                  "incident_io.md", "freeform.md"])
def test_nothing_the_author_wrote_is_dropped(name: str) -> None:
    markdown = (FIXTURES / name).read_text(encoding="utf-8")
    kept = json.dumps(to_dict(from_markdown(markdown)), ensure_ascii=False).lower()
    # Words that become a value of ours rather than text: "Major" is SEV-2.
    mapped = {"major"}
    missing = sorted(w for w in _authored_words(markdown) - mapped if w not in kept)
    assert missing == []


def test_plain_text_without_structure_becomes_the_summary() -> None:
    pm = from_markdown("Short note\n\nThe cache went cold after a deploy and recovered.\n")
    assert pm.title == "Short note"
    assert pm.summary == "The cache went cold after a deploy and recovered."


def test_empty_document() -> None:
    pm = from_markdown("")
    assert pm == PostMortem()


def test_windows_line_endings_and_task_lists() -> None:
    text = "# Blip\r\n\r\n## Action items\r\n\r\n- [x] Add alert (owner: Kim, due 2026-05-01)\r\n"
    pm = from_markdown(text)
    assert pm.title == "Blip"
    (item,) = pm.action_items
    assert (item.owner, item.due, item.status) == ("Kim", date(2026, 5, 1), ActionStatus.DONE)


_MARKDOWNISH = st.lists(st.one_of(
    st.text(max_size=30),
    st.sampled_from([
        "# Title\n", "## Timeline\n", "## Action items\n", "### What went well\n",
        "## Five whys\n", "## Contributing factors\n", "#### Process\n", "## Facts\n",
        "| Time | Event |\n|---|---|\n", "| 14:02 | paged |\n", "| a | b |\n", "- ", "1. ",
        "- [ ] fix it (owner: @kim, due 2026-04-01)\n", "14:02 - alert fired\n",
        "Severity: SEV-2\n", "Date: 2026-03-04\n", "**Summary:** x\n", "---\ntitle: t\n---\n",
        "---\n: bad: yaml: [\n---\n", "<!-- facilitator:dismissed-flags [1] -->\n",
        "<!-- facilitator:dismissed-flags {\"a\": 1} -->\n", "```\ncode\n```\n", "> quote\n",
        "\n", "\n\n", "Things to do\n", "What happened:\n", "| **Owner** | @x |\n",
    ]),
), max_size=25).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_MARKDOWNISH)
def test_any_text_imports_without_error(text: str) -> None:
    pm = from_markdown(text)
    # Whatever came in, the result exports and reads back like any other post-mortem.
    again = from_markdown(to_markdown(pm))
    assert again.title == pm.title
    assert len(again.action_items) == len(pm.action_items)


def test_a_large_paste_imports() -> None:
    line = "14:02 - the queue grew | and <b>kept</b> growing `x` [y](z)\n"
    text = "# Big\n\n## Timeline\n\n" + line * 5000 + "\n## Summary\n\n" + "word " * 200_000
    assert len(text) > 1_000_000
    pm = from_markdown(text)
    assert len(pm.timeline) == 5000
    assert pm.timeline[-1].description.startswith("the queue grew | and <b>kept</b>")
    assert pm.summary.count("word") == 200_000


def test_timeline_table_with_zone_in_header_and_extra_columns() -> None:
    pm = from_markdown(
        "# Queue backlog\n\nDate: 2026-03-04\n\n## Timeline\n\n"
        "| Timestamp (PDT) | What happened | Who |\n|---|---|---|\n"
        "| 09:00 | Paged the on-call engineer | Kim |\n"
        "| 09:05 UTC | Rolled back the consumer | Lee |\n"
        "| 2026-03-05 10:00 (Europe/Berlin) | Backlog cleared, resolved | |\n"
        "| later | Wrote it up | Kim |\n")
    assert [e.at for e in pm.timeline] == [utc(2026, 3, 4, 16, 0), utc(2026, 3, 4, 9, 5),
                                          utc(2026, 3, 5, 9, 0)]
    assert pm.timeline[0].description == "Paged the on-call engineer\nWho: Kim"
    assert [e.kind for e in pm.timeline] == [EventKind.ALERT, EventKind.MITIGATION,
                                             EventKind.RESOLUTION]
    # A row without a readable time is kept, not dropped.
    assert pm.lessons == ["Timeline\nlater | Wrote it up | Kim"]

"""Hypothesis strategies for whole post-mortems, shared by the core tests.

Constraints here are exactly the normalisation the export documents (``markdown_export``):
text goes through ``clean_text`` (one kind of newline, no control characters), the timeline
is in time order and contributing factors are grouped by category. Nothing else is held back:
pipes, backticks, HTML, brackets, newlines, emoji, right-to-left text and surrounding spaces
all appear.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from facilitator.core.markdown_export import clean_text, factors_by_category
from facilitator.core.model import (
    ActionItem,
    ActionKind,
    ActionStatus,
    ContributingFactor,
    DismissedFlag,
    EventKind,
    FactorCategory,
    Impact,
    PostMortem,
    Priority,
    Severity,
    Status,
    TimelineEvent,
    WhyChain,
    format_id,
)
from facilitator.core.timeparse import zone

NASTY = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "a | b", "||", "`code`",
    "```", "[link](javascript:alert(1))", "![img](x)", "**bold**", "_em_", "~~gone~~",
    "# heading", "1. one", "2) two", "- item", "+ item", "* item", "> quote", "---", "===",
    "&amp;", "&#32;", "&lt;", "\\", "\\|", "    code", "\t", " ", "\n", "\n\n", "<br>",
    "<!-- x -->", "-->", "שלום עולם", "مرحبا", "🔥🚒", "e\u0301", "\u200f", "\u00a0", "\u2028",
    "$x$", ":smile:", "@ana", "#123", "http://example.com/a_b*c", "Problem:", "**Problem:**",
    "done (2026-04-02) — x", " — ", "A1", "SEV-1", "14:02 paged", "Summary", "## Facts",
    "snake_case_name", "_x_", "a_", "page#frag", "#", "a #", "&copy;", "&#65;", "a&b",
    "https://x.example/a_b?c=1&d=2#e", "https://x.example/a*b*", "www.x.example/~u",
    "http://x.example/&amp;", "a_b@x.example",
]

ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Adelaide"]

_chars = st.one_of(
    # Lone surrogates cannot be written to a UTF-8 file at all, so they are not drawn.
    st.characters(codec="utf-8"),
    st.sampled_from(list("|`<>[]()*_#\\\n\r\t -+=.!&;~$:@'\"")),
)
_fragments = st.one_of(st.text(_chars, max_size=12), st.sampled_from(NASTY))
text = st.lists(_fragments, max_size=4).map(lambda parts: clean_text("".join(parts)))
short_text = st.one_of(st.just(""), text)
ANY_ZONE = st.sampled_from([ZoneInfo(z) for z in ZONES] + [UTC,
                                                           timezone(timedelta(hours=-3))])


def moments(zones: st.SearchStrategy = ANY_ZONE) -> st.SearchStrategy[datetime]:
    return st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31),
                        timezones=zones, allow_imaginary=False)


days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))

factors = st.builds(ContributingFactor, description=text,
                    category=st.sampled_from(FactorCategory), known_risk=st.booleans())
actions = st.builds(
    ActionItem, description=text, owner=short_text, due=st.one_of(st.none(), days),
    success_criterion=short_text, priority=st.sampled_from(Priority),
    kind=st.sampled_from(ActionKind), link=short_text, status=st.sampled_from(ActionStatus),
    completed=st.one_of(st.none(), days), note=short_text,
    number=st.integers(min_value=0, max_value=99),
)


@st.composite
def postmortems(draw: st.DrawFn, *, any_zone: bool = False) -> PostMortem:
    """Whole post-mortems. Times are in the post-mortem's own zone (as the app stores them)
    unless ``any_zone``: Python never calls a time in a DST change's repeated hour equal to
    the same instant in another zone, so only instants can be compared then."""
    tz = draw(st.sampled_from(ZONES))
    when = moments(ANY_ZONE if any_zone else st.just(zone(tz)))
    maybe_moment = st.one_of(st.none(), when)
    events = st.builds(TimelineEvent, at=when, description=text,
                       kind=st.sampled_from(EventKind), known_at_time=short_text)
    pm = PostMortem(
        id=draw(st.one_of(st.just(""), st.builds(format_id, st.integers(2000, 2099),
                                                  st.integers(1, 20000)))),
        title=draw(short_text),
        status=draw(st.sampled_from(Status)),
        severity=draw(st.sampled_from(Severity)),
        timezone=tz,
        incident_start=draw(maybe_moment), detected=draw(maybe_moment),
        acknowledged=draw(maybe_moment), mitigated=draw(maybe_moment),
        resolved=draw(maybe_moment), meeting_at=draw(maybe_moment),
        incident_lead=draw(short_text), facilitator=draw(short_text),
        participants=draw(st.lists(text, max_size=3)),
        services=draw(st.lists(text, max_size=3)),
        tags=draw(st.lists(text, max_size=3)),
        summary=draw(short_text),
        impact=draw(st.builds(Impact, short_text, short_text, short_text, short_text,
                              short_text)),
        opening_statement=draw(short_text),
        went_well=draw(st.lists(text, max_size=3)),
        went_poorly=draw(st.lists(text, max_size=3)),
        lucky=draw(st.lists(text, max_size=2)),
        why_chains=draw(st.lists(st.builds(WhyChain, short_text, st.lists(text, max_size=4)),
                                 max_size=2)),
        action_items=draw(st.lists(actions, max_size=4)),
        takeaways=draw(st.lists(text, max_size=3)),
        lessons=draw(st.lists(text, max_size=3)),
        dismissed=draw(st.lists(st.builds(DismissedFlag, text, short_text, short_text,
                                          short_text), max_size=2)),
    )
    # The two orders the export defines (see markdown_export's module docstring).
    pm.timeline = sorted(draw(st.lists(events, max_size=4)), key=lambda e: e.at)
    pm.factors = factors_by_category(draw(st.lists(factors, max_size=4)))
    return pm

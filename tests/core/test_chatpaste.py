"""Proposed timeline events from pasted chat and log text."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from facilitator.core.chatpaste import propose_events
from facilitator.core.model import EventKind

DAY = date(2026, 3, 4)

SLACK_THREAD = """\
Today
Maria Lopez  2:14 PM
checkout is returning 502s for about a third of requests, seeing errors in the dashboard
:eyes: 2
Ben Okafor  2:16 PM
paged the payments on-call
2:17 PM
acked, joining the bridge
1 reply
Maria Lopez  2:31 PM
we decided to roll back the 14:00 deploy instead of patching forward
Ben Okafor  2:38 PM
rolled back, error rate dropping (edited)
Priya Raman  3:05 PM
posted a status page update for customers
Ben Okafor  3:20 PM
All clear, the incident is resolved
"""


def test_slack_copy_gives_one_event_per_message_with_author_and_kind() -> None:
    events = propose_events(SLACK_THREAD, DAY, "UTC")
    assert [(e.at.strftime("%H:%M"), e.kind) for e in events] == [
        ("14:14", EventKind.DETECTION),
        ("14:16", EventKind.ALERT),
        ("14:17", EventKind.ACTION),
        ("14:31", EventKind.DECISION),
        ("14:38", EventKind.MITIGATION),
        ("15:05", EventKind.COMMUNICATION),
        ("15:20", EventKind.RESOLUTION),
    ]
    assert events[0].description.startswith("Maria Lopez: checkout is returning 502s")
    # A follow-up message without a header belongs to the last author.
    assert events[2].description == "Ben Okafor: acked, joining the bridge"
    # Slack's "(edited)" marker, reactions and reply counts are not part of any message.
    assert events[4].description == "Ben Okafor: rolled back, error rate dropping"
    assert all(":eyes:" not in e.description and "reply" not in e.description for e in events)
    assert events[0].at == datetime(2026, 3, 4, 14, 14, tzinfo=ZoneInfo("UTC"))
    assert events[0].line == 2


def test_bracketed_alert_channel_and_midnight_rollover() -> None:
    text = (
        "[23:52] ALERT HighErrorRate firing for api-gateway\n"
        "[23:58:30] Lina: looking into the gateway logs\n"
        "[00:04] failover to eu-west-2 complete\n"
        "[00:40] RESOLVED HighErrorRate\n"
    )
    events = propose_events(text, DAY, "Europe/Berlin")
    assert [e.kind for e in events] == [
        EventKind.ALERT, EventKind.ACTION, EventKind.MITIGATION, EventKind.RESOLUTION,
    ]
    assert events[1].at.second == 30
    # Times after midnight are on the next day, not 24 hours back.
    assert events[2].at.date() == DAY + timedelta(days=1)
    assert events[3].at - events[0].at == timedelta(minutes=48)
    assert events[0].at.utcoffset() == timedelta(hours=1)
    assert events[0].description == "ALERT HighErrorRate firing for api-gateway"


def test_iso_log_lines_keep_their_own_date_and_offset_converted_to_the_zone() -> None:
    text = (
        "2026-03-05T13:02:11.481Z level=error msg=\"db pool exhausted\" service=orders\n"
        "  at com.example.Pool.acquire(Pool.java:88)\n"
        "2026-03-05 14:10:00,123 INFO deploy v2.3.1 rolled back by pipeline\n"
        "2026-03-05T15:00:00+02:00 incident closed\n"
    )
    events = propose_events(text, DAY, "Europe/Berlin")
    assert len(events) == 3  # the stack trace line has no time
    berlin = ZoneInfo("Europe/Berlin")
    assert events[0].at == datetime(2026, 3, 5, 14, 2, 11, tzinfo=berlin)
    assert events[0].at.tzinfo == berlin
    assert events[1].at == datetime(2026, 3, 5, 14, 10, tzinfo=berlin)
    assert events[1].kind == EventKind.MITIGATION
    assert events[1].description == "INFO deploy v2.3.1 rolled back by pipeline"
    assert events[2].at == datetime(2026, 3, 5, 13, 0, tzinfo=UTC)
    assert events[2].kind == EventKind.RESOLUTION


def test_syslog_lines_take_the_year_from_the_base_date() -> None:
    text = (
        "Mar  4 14:02:11 web-3 nginx[211]: upstream timed out while reading response header\n"
        "Mar  4 14:09:40 web-3 systemd[1]: Restarted nginx.service\n"
    )
    events = propose_events(text, DAY, "UTC")
    assert [e.at for e in events] == [
        datetime(2026, 3, 4, 14, 2, 11, tzinfo=ZoneInfo("UTC")),
        datetime(2026, 3, 4, 14, 9, 40, tzinfo=ZoneInfo("UTC")),
    ]
    assert events[0].description.startswith("web-3 nginx[211]: upstream timed out")
    assert events[1].kind == EventKind.MITIGATION


def test_junk_lines_are_ignored() -> None:
    text = (
        "Here is what I found in the channel:\n"
        ":thumbsup: 3\n"
        "version 2.14 went out this morning\n"
        "99.95% availability target\n"
        "25:61 not a time\n"
        "13:45 PM nor is this\n"
        "see https://example.com/12:30\n"
        "\n"
        "14:05 - deploy of checkout v88 started\n"
    )
    events = propose_events(text, DAY, "UTC")
    assert [(e.at.strftime("%H:%M"), e.description) for e in events] == [
        ("14:05", "deploy of checkout v88 started"),
    ]
    assert events[0].kind == EventKind.ACTION
    assert events[0].line == 9


def test_twelve_hour_times_and_unknown_zone_falls_back_to_utc() -> None:
    events = propose_events("12:05 AM cron kicked off\n12:30 PM lunch deploy", DAY, "Not/AZone")
    assert [e.at.hour for e in events] == [0, 12]
    assert events[0].at.utcoffset() == timedelta(0)


def test_markup_and_long_lines_are_kept_as_plain_text() -> None:
    long = "x" * 1000
    events = propose_events(f"[14:02] [bold]deploy[/] started\n14:03 {long}", DAY, "UTC")
    assert events[0].description == "[bold]deploy[/] started"
    assert len(events[1].description) <= 300


def test_a_large_paste_is_handled() -> None:
    line = "2026-03-04T14:02:11Z level=info msg=\"request served\"\n"
    events = propose_events(line * 20000, DAY, "UTC")
    assert len(events) == 20000


def test_discord_copy_and_coloured_log_lines() -> None:
    text = (
        "Maria Lopez — Today at 2:14 PM\n"
        "payments queue is growing\n"
        "\x1b[31m2026-03-04T14:20:00Z ERROR\x1b[0m consumer lag 40000\x1b]0;title\x07\n"
    )
    events = propose_events(text, DAY, "UTC")
    assert [(e.at.strftime("%H:%M"), e.description) for e in events] == [
        ("14:14", "Maria Lopez: payments queue is growing"),
        ("14:20", "ERROR consumer lag 40000"),
    ]
    assert all("\x1b" not in e.description for e in events)


def test_slack_copy_with_the_author_and_time_on_separate_lines() -> None:
    text = (
        "Maria Lopez\n"
        "2:14 PM\n"
        "checkout is throwing 502s\n"
        "Ben Okafor\n"
        "2:16 PM\n"
        "paged the payments on-call\n"
        "2:17 PM\n"
        "rolled back\n"
    )
    events = propose_events(text, DAY, "UTC")
    assert [(e.at.strftime("%H:%M"), e.description) for e in events] == [
        ("14:14", "Maria Lopez: checkout is throwing 502s"),
        ("14:16", "Ben Okafor: paged the payments on-call"),
        ("14:17", "Ben Okafor: rolled back"),
    ]

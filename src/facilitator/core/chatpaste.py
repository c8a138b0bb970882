"""Turn a pasted chunk of chat or log text into proposed timeline events.

People paste what they have: a Slack thread copied from the browser ("Maria Lopez  2:14 PM" on
one line, the message below), an alert channel ("[14:02] alert fired"), application logs with
ISO 8601 stamps, or syslog lines ("Mar 4 14:02:11 host app[12]: ..."). We keep every line that
carries a time, guess a kind from its words, and let the facilitator accept or drop each
proposal. Lines without a time (reactions, "1 reply", day separators) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

from facilitator.core import timeparse
from facilitator.core.event_kinds import guess_kind
from facilitator.core.model import EventKind

# Longest description we propose; a pasted stack trace line should not become a novel.
MAX_DESCRIPTION = 300


@dataclass
class ProposedEvent:
    """One event found in pasted text, not yet part of the timeline."""

    at: datetime
    kind: EventKind
    description: str
    # 1-based line of the pasted text the time was found on, so the UI can point back to it.
    line: int


_CLOCK = r"(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?"
_AMPM = r"(?:\s*(?P<ampm>[AaPp])\.?\s?[Mm]\.?)?"
_ZONE = r"(?:\s*(?P<zone>Z|UTC|GMT|[+-]\d{2}:?\d{2}))?"

# "2026-03-04T14:02:11.123Z level=error ..." and "2026-03-04 14:02:11,123 ERROR ..."
_ISO = re.compile(
    r"^\W{0,2}(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})[T ]" + _CLOCK + _ZONE
    + r"\b\]?\s*(?P<rest>.*)$"
)
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
# "Mar  4 14:02:11 web-3 nginx[211]: upstream timed out"
_SYSLOG = re.compile(
    r"^(?P<mon>[A-Z][a-z]{2})\s+(?P<d>\d{1,2})\s+" + _CLOCK + r"\s+(?P<rest>.*)$"
)
# "[14:02] alert fired", "[2:14 PM] Maria Lopez: rolling back", "14:02 - paged on-call"
_LEADING = re.compile(
    r"^\[?" + _CLOCK + _AMPM + _ZONE + r"\]?(?:\s*[-–—:|]\s*|\s+)(?P<rest>\S.*)$"
)
# Chat copy: the author, a gap, then the time alone. Slack "Maria Lopez  2:14 PM" and
# "Maria Lopez  [2:14 PM]"; Discord "Maria Lopez — Today at 2:14 PM".
_SLACK_HEADER = re.compile(
    r"^(?P<who>[^\s\[\]:0-9][^\[\]:—]{0,60}?)"
    r"(?:\s{2,}|\t|\s+\[|\s+[—-]\s+(?:today|yesterday)\s+at\s+)"
    + _CLOCK + _AMPM + r"\]?$", re.IGNORECASE,
)
# A display name on a line of its own: one to four capitalised words.
_NAME = re.compile(r"^[A-ZÀ-Þ][\w.'’-]*(?: [A-ZÀ-Þ][\w.'’-]*){0,3}$")
# Colour codes and other terminal control sequences that logs carry; never shown, never matched.
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|[\x00-\x08\x0b-\x1f\x7f]"
)
# A Slack continuation message: the time alone on its line ("2:15 PM" or "2:15").
_TIME_ALONE = re.compile(r"^\[?" + _CLOCK + _AMPM + r"\]?$")

# Lines that Slack adds around messages and that are never events.
_SLACK_NOISE = re.compile(
    r"^(?:\d+\s+repl(?:y|ies)|view thread|last reply.*|today|yesterday|new messages?|"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b.*|"
    r"(?::[a-z0-9_+\-]+:\s*\d*\s*)+|\(edited\)|joined #.*|.* has joined the channel)$",
    re.IGNORECASE,
)

def _zone(tz: str) -> tzinfo:
    """``timeparse.zone``, except that an unknown zone reads as UTC rather than failing."""
    try:
        return timeparse.zone(tz)
    except timeparse.TimeParseError:
        return UTC


def _clock(match: re.Match[str]) -> time | None:
    hour, minute = int(match["h"]), int(match["m"])
    second = int(match["s"]) if match["s"] else 0
    ampm = (match.groupdict().get("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def _explicit_zone(text: str | None) -> timezone | None:
    if not text:
        return None
    if text in ("Z", "UTC", "GMT"):
        return UTC
    digits = text.replace(":", "")
    sign = -1 if digits[0] == "-" else 1
    return timezone(sign * timedelta(hours=int(digits[1:3]), minutes=int(digits[3:5])))


def _clean(text: str) -> str:
    text = " ".join(text.split())
    text = re.sub(r"\s*\(edited\)$", "", text)
    if len(text) > MAX_DESCRIPTION:
        text = text[: MAX_DESCRIPTION - 1].rstrip() + "…"
    return text


class _Clock:
    """Turns times of day into datetimes, rolling over midnight as a chat goes on."""

    def __init__(self, base: date, zone: tzinfo) -> None:
        self.day = base
        self.zone = zone
        self.last: datetime | None = None

    def at(self, moment: time, zone: timezone | None = None) -> datetime:
        when = datetime.combine(self.day, moment, tzinfo=zone or self.zone)
        # A time far earlier than the previous line means the chat crossed midnight.
        if self.last is not None and self.last - when > timedelta(hours=12):
            self.day += timedelta(days=1)
            when += timedelta(days=1)
        return self.seen(when)

    def seen(self, when: datetime) -> datetime:
        when = when.astimezone(self.zone)
        self.last = when
        self.day = when.date()
        return when


def propose_events(text: str, base: date | None = None, tz: str = "UTC") -> list[ProposedEvent]:
    """Events found in pasted chat or log ``text``, in the order they appear.

    ``base`` is the day for lines that give only a time of day (today when None) and ``tz`` the
    IANA zone they are read in; lines with their own date or offset keep them (converted to
    ``tz``). A Slack "Name  2:14 PM" line takes the message lines below it as description.
    """
    zone = _zone(tz)
    clock = _Clock(base or date.today(), zone)
    events: list[ProposedEvent] = []
    # The Slack message being collected: its event, author and body lines.
    pending: tuple[ProposedEvent, str, list[str]] | None = None
    author = ""
    # The previous line when it carried no time: the author, if a time alone follows it.
    plain: str | None = None

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            event, who, body = pending
            message = _clean(" ".join(body))
            if message:
                event.description = _clean(f"{who}: {message}" if who else message)
                event.kind = guess_kind(message)
                events.append(event)
        pending = None

    for number, raw in enumerate(text.splitlines(), 1):
        line = _CONTROL.sub("", raw).strip()
        if not line:
            continue
        previous, plain = plain, None
        if match := _ISO.match(line):
            flush()
            moment = _clock(match)
            rest = _clean(match["rest"])
            if moment is None or not rest:
                continue
            try:
                day = date(int(match["y"]), int(match["mo"]), int(match["d"]))
            except ValueError:
                continue
            given = _explicit_zone(match["zone"])
            when = clock.seen(datetime.combine(day, moment, tzinfo=given or zone))
            events.append(ProposedEvent(when, guess_kind(rest), rest, number))
        elif (match := _SYSLOG.match(line)) and match["mon"].lower() in _MONTHS:
            flush()
            moment = _clock(match)
            rest = _clean(match["rest"])
            if moment is None or not rest:
                continue
            try:
                day = date(clock.day.year, _MONTHS[match["mon"].lower()], int(match["d"]))
            except ValueError:
                continue
            when = clock.seen(datetime.combine(day, moment, tzinfo=zone))
            events.append(ProposedEvent(when, guess_kind(rest), rest, number))
        elif (match := _TIME_ALONE.match(line)) and (moment := _clock(match)):
            # Slack: a further message from the last author, or (newer copies) the author on
            # the line above and the time alone below it.
            if previous is not None and _NAME.match(previous):
                if pending is not None and pending[2] and pending[2][-1] == previous:
                    pending[2].pop()
                author = previous
            flush()
            pending = (ProposedEvent(clock.at(moment), EventKind.OTHER, "", number), author, [])
        elif (match := _SLACK_HEADER.match(line)) and (moment := _clock(match)):
            flush()
            author = " ".join(match["who"].split())
            pending = (ProposedEvent(clock.at(moment), EventKind.OTHER, "", number), author, [])
        elif (match := _LEADING.match(line)) and (moment := _clock(match)):
            flush()
            rest = _clean(match["rest"])
            when = clock.at(moment, _explicit_zone(match["zone"]))
            events.append(ProposedEvent(when, guess_kind(rest), rest, number))
        elif not _SLACK_NOISE.match(line):
            plain = line
            if pending is not None:
                pending[2].append(line)
    flush()
    return events

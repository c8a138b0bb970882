"""Reading times and dates the way people type them in a meeting.

``14:02``, ``2:14 PM``, ``2026-03-04 14:02``, ``2026-03-04T14:02:00+01:00``, ``14:02 UTC``,
``Mar 4 14:02``. A time without a date falls on the incident's date; a time without a zone is
read in the post-mortem's zone. python-dateutil does the reading; this module adds the guard
rails it lacks (it happily reads ``"5"`` as the 5th of the month and ignores unknown zones).
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as _dateutil_parser
from dateutil.parser import ParserError, UnknownTimezoneWarning

__all__ = ["TimeParseError", "parse_time", "parse_date", "format_time", "zone"]

TIME_HINT = "Try 14:02, 2:14 PM or 2026-03-04 14:02 (+01:00)."
DATE_HINT = "Try 2026-04-01 or Apr 1."

# Abbreviations that mean one offset wherever they are used. Ambiguous ones (IST, CST, BST,
# AST, ...) are left out on purpose: guessing wrong would silently move an event by hours.
_ZONE_ABBREVIATIONS: dict[str, int] = {
    "UTC": 0, "GMT": 0, "Z": 0, "UT": 0,
    "WET": 0, "WEST": 3600,
    "CET": 3600, "CEST": 7200,
    "EET": 7200, "EEST": 10800,
    "MSK": 10800,
    "EST": -5 * 3600, "EDT": -4 * 3600,
    "PST": -8 * 3600, "PDT": -7 * 3600,
    "MST": -7 * 3600, "MDT": -6 * 3600,
    "AKST": -9 * 3600, "AKDT": -8 * 3600,
    "HST": -10 * 3600,
    "JST": 9 * 3600, "KST": 9 * 3600,
    "AEST": 10 * 3600, "AEDT": 11 * 3600,
    "NZST": 12 * 3600, "NZDT": 13 * 3600,
}

_BARE_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
# "2026-03-04 14:02 (+01:00)" and "14:02 (UTC)": a zone in brackets, as our exports print it.
_BRACKETED_ZONE = re.compile(r"\s*\(([^()]*)\)\s*$")
# "14:02 Europe/Berlin": an IANA name at the end.
_IANA_SUFFIX = re.compile(r"\s+([A-Za-z_]+(?:/[A-Za-z0-9_+\-]+)+)\s*$")

# Not after a colon: "14:02:05.3" is seconds with a fraction, not 5 March.
_NUMERIC_DATE = re.compile(r"(?<![:\d])(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2,4}))?\b")
_WEEKDAY = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", re.IGNORECASE)

# Two far-apart defaults: a field dateutil filled from the default differs between the two
# readings, a field the text gave is the same. That tells us what the person actually typed.
# Both are leap years so that "Feb 29 10:00" without a year can still be read.
_DEFAULT_A = datetime(2000, 1, 1, 0, 0, 0, 0)
_DEFAULT_B = datetime(2004, 2, 2, 1, 1, 1, 1)


class TimeParseError(ValueError):
    """The text could not be read as a time or date; the message says what was expected."""


def zone(name: str) -> tzinfo:
    """The time zone called ``name`` (an IANA name such as ``Europe/Berlin``, or ``UTC``)."""
    if not name or name.upper() in ("UTC", "Z"):
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise TimeParseError(
            f"Unknown time zone '{name}'. Use a name like Europe/Berlin, America/New_York or UTC."
        ) from exc


def _read(text: str, default: datetime) -> datetime:
    tzinfos = {name: offset for name, offset in _ZONE_ABBREVIATIONS.items()}
    with warnings.catch_warnings():
        # dateutil only warns about a zone it cannot place; for us that is an error.
        warnings.simplefilter("error", UnknownTimezoneWarning)
        return _dateutil_parser.parse(text, default=default, tzinfos=tzinfos)


def _split_zone(text: str) -> tuple[str, tzinfo | None]:
    """Take an IANA name or a bracketed zone off the end of ``text``."""
    match = _BRACKETED_ZONE.search(text)
    if match:
        inner = match.group(1).strip()
        rest = text[: match.start()]
        if "/" in inner:
            return rest, zone(inner)
        return f"{rest} {inner}", None
    match = _IANA_SUFFIX.search(text)
    if match:
        return text[: match.start()], zone(match.group(1))
    return text, None


def _time_error(text: str, why: str = "") -> TimeParseError:
    shown = text if len(text) <= 60 else text[:57] + "..."
    reason = f" ({why})" if why else ""
    return TimeParseError(f"Could not read '{shown}' as a time{reason}. {TIME_HINT}")


_AMBIGUOUS_DAY = "day and month could be either way round; write the date as 2026-03-04"


def _refuse_ambiguous_day(text: str, error: TimeParseError) -> None:
    # 04/03 is 4 March in most of the world and April 3 in the US: never guess.
    for match in _NUMERIC_DATE.finditer(text):
        first, second = int(match.group(1)), int(match.group(2))
        if first != second and first <= 12 and second <= 12:
            raise error


def parse_time(text: str, *, base: date | None = None, tz: str = "UTC") -> datetime:
    """Read ``text`` as a moment and return a time-zone-aware datetime.

    ``base`` is the date used when the text has none (the incident's date; today in ``tz``
    when not given). ``tz`` is the IANA zone for text without a zone or offset. Raises
    ``TimeParseError`` for anything that is not clearly a time: no digits, a bare number,
    trailing words, an impossible hour, an unknown or ambiguous zone abbreviation.
    """
    raw = text
    text = (text or "").strip()
    if not text:
        raise TimeParseError(f"A time is needed here. {TIME_HINT}")
    if not any(ch.isdigit() for ch in text):
        raise _time_error(raw.strip())
    if _BARE_NUMBER.match(text):
        raise _time_error(text, "a number alone is not a time")
    home = zone(tz)
    _refuse_ambiguous_day(text, _time_error(text, _AMBIGUOUS_DAY))
    try:
        body, explicit_zone = _split_zone(text)
        a = _read(body, _DEFAULT_A)
        b = _read(body, _DEFAULT_B)
    except TimeParseError:
        raise
    except UnknownTimezoneWarning as exc:
        raise _time_error(text, "that time zone abbreviation is unknown or ambiguous; "
                                "use an offset like +01:00") from exc
    except (ParserError, ValueError, OverflowError) as exc:
        raise _time_error(text) from exc
    if a.hour != b.hour:
        raise _time_error(text, "there is a date but no time of day")
    if base is None:
        base = datetime.now(home).date()
    year = a.year if a.year == b.year else base.year
    month = a.month if a.month == b.month else None
    day = a.day if a.day == b.day else None
    if month is None and day is None:
        if _WEEKDAY.search(body):
            # dateutil would quietly drop the weekday; a time on "monday" needs a real date.
            raise _time_error(text, "give a date such as 2026-03-04 instead of a weekday")
        month, day = base.month, base.day
    elif month is None or day is None:
        raise _time_error(text, "give a full date, or only a time")
    minute = a.minute if a.minute == b.minute else 0
    second = a.second if a.second == b.second else 0
    micro = a.microsecond if a.microsecond == b.microsecond else 0
    try:
        result = datetime(year, month, day, a.hour, minute, second, micro)
    except ValueError as exc:
        raise _time_error(text, str(exc)) from exc
    if explicit_zone is not None:
        if a.tzinfo is not None:
            raise _time_error(text, "two time zones given")
        return result.replace(tzinfo=explicit_zone)
    if a.tzinfo is not None:
        offset = a.utcoffset()
        assert offset is not None
        return result.replace(tzinfo=timezone(offset) if offset else UTC)
    return result.replace(tzinfo=home)


def parse_date(text: str, *, today: date | None = None) -> date:
    """Read ``text`` as a calendar date (a due date): ``2026-04-01``, ``Apr 1``, ``1 April 2026``.

    A date without a year takes the year of ``today`` (the real today when not given).
    Relative phrases such as "next friday" are not understood and raise ``TimeParseError``,
    as does a date with a time of day or a bare number.
    """
    raw = (text or "").strip()
    if not raw:
        raise TimeParseError(f"A date is needed here. {DATE_HINT}")
    shown = raw if len(raw) <= 60 else raw[:57] + "..."
    error = TimeParseError(f"Could not read '{shown}' as a date. {DATE_HINT}")
    if not any(ch.isdigit() for ch in raw) or _BARE_NUMBER.match(raw):
        raise error
    hint = _AMBIGUOUS_DAY.replace("2026-03-04", "2026-04-01")
    _refuse_ambiguous_day(raw, TimeParseError(f"Could not read '{shown}' as a date: {hint}."))
    try:
        a = _read(raw, _DEFAULT_A)
        b = _read(raw, _DEFAULT_B)
    except (ParserError, ValueError, OverflowError, UnknownTimezoneWarning) as exc:
        raise error from exc
    if a.month != b.month or a.day != b.day:
        raise error
    if a.hour == b.hour or a.tzinfo is not None:
        raise TimeParseError(f"'{shown}' has a time of day; a due date needs only the date. "
                             f"{DATE_HINT}")
    if today is None:
        today = date.today()
    year = a.year if a.year == b.year else today.year
    try:
        return date(year, a.month, a.day)
    except ValueError as exc:
        raise error from exc


def _offset_label(dt: datetime, tz: str) -> str:
    offset = dt.utcoffset() or timedelta(0)
    if tz.upper() == "UTC" and not offset:
        return "UTC"
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def format_time(
    dt: datetime, tz: str = "UTC", *, with_date: bool = True, with_zone: bool = False
) -> str:
    """``dt`` as people read it in zone ``tz``: ``2026-03-04 14:02`` (seconds only when set).

    ``with_zone`` adds the offset (``+01:00``, or ``UTC``) so the text names one exact moment;
    ``parse_time`` reads every form this returns.
    """
    local = dt.astimezone(zone(tz)) if dt.tzinfo is not None else dt
    text = local.strftime("%H:%M")
    if local.second or local.microsecond:
        text += local.strftime(":%S")
    if local.microsecond:
        text += f".{local.microsecond:06d}"
    if with_date:
        text = f"{local.date().isoformat()} {text}"
    if with_zone and local.tzinfo is not None:
        text += f" {_offset_label(local, tz)}"
    return text

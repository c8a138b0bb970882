from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.core.timeparse import TimeParseError, format_time, parse_date, parse_time

BASE = date(2026, 3, 4)
BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:02", berlin(2026, 3, 4, 14, 2)),
        ("  14:02  ", berlin(2026, 3, 4, 14, 2)),
        ("14:02:30", berlin(2026, 3, 4, 14, 2, 30)),
        ("2:14 PM", berlin(2026, 3, 4, 14, 14)),
        ("2:14pm", berlin(2026, 3, 4, 14, 14)),
        ("12:05 am", berlin(2026, 3, 4, 0, 5)),
        ("2026-03-05 01:10", berlin(2026, 3, 5, 1, 10)),
        ("2026-03-04T14:02:00+01:00", berlin(2026, 3, 4, 14, 2)),
        ("2026-03-04T13:02:00Z", berlin(2026, 3, 4, 14, 2)),
        ("14:02 UTC", berlin(2026, 3, 4, 15, 2)),
        ("14:02 +0100", berlin(2026, 3, 4, 14, 2)),
        ("14:02 -05:00", berlin(2026, 3, 4, 20, 2)),
        ("14:02 PST", berlin(2026, 3, 4, 23, 2)),
        ("14:02 CET", berlin(2026, 3, 4, 14, 2)),
        ("Mar 4 14:02", berlin(2026, 3, 4, 14, 2)),
        ("4 March 2026 14:02", berlin(2026, 3, 4, 14, 2)),
        ("2026-03-04 14:02 (+01:00)", berlin(2026, 3, 4, 14, 2)),
        ("2026-03-04 14:02 (UTC)", berlin(2026, 3, 4, 15, 2)),
        ("14:02 America/New_York", berlin(2026, 3, 4, 20, 2)),
        ("2026-03-04 14:02:05.000123 +01:00", berlin(2026, 3, 4, 14, 2, 5, 123)),
        ("14:02:05.3", berlin(2026, 3, 4, 14, 2, 5, 300000)),
        ("13/03/2026 14:02", berlin(2026, 3, 13, 14, 2)),
        ("03/13/2026 14:02", berlin(2026, 3, 13, 14, 2)),
        ("04/04/2026 14:02", berlin(2026, 4, 4, 14, 2)),
    ],
)
def test_reads_what_people_type(text: str, expected: datetime) -> None:
    got = parse_time(text, base=BASE, tz="Europe/Berlin")
    assert got == expected
    assert got.tzinfo is not None


def test_time_without_zone_is_in_the_postmortem_zone() -> None:
    got = parse_time("09:30", base=BASE, tz="America/Los_Angeles")
    assert got.utcoffset() == timedelta(hours=-8)
    assert got.astimezone(UTC).hour == 17


def test_default_zone_is_utc_and_default_date_is_today() -> None:
    got = parse_time("10:00")
    assert got.utcoffset() == timedelta(0)
    assert got.date() == datetime.now(UTC).date()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "needed"),
        ("   ", "needed"),
        ("a", "Could not read 'a' as a time"),
        ("soon", "as a time"),
        ("5", "number alone"),
        ("1402", "number alone"),
        ("14.02", "number alone"),
        ("25:99", "as a time"),
        ("24:00", "as a time"),
        ("14:02 foo", "as a time"),
        ("14:02 and then some", "as a time"),
        ("2026-03-04", "no time of day"),
        ("14:02 IST", "unknown or ambiguous"),
        ("14:02 Mars/Phobos", "Unknown time zone"),
        ("monday 14:02", "instead of a weekday"),
        ("Feb 30 10:00", "as a time"),
        ("04/03/2026 14:02", "either way round"),
        ("4.3.2026 14:02", "either way round"),
    ],
)
def test_rejects_what_is_not_a_time(text: str, reason: str) -> None:
    with pytest.raises(TimeParseError) as info:
        parse_time(text, base=BASE, tz="Europe/Berlin")
    assert reason in str(info.value)
    if text.strip():
        assert "Try 14:02, 2:14 PM" in str(info.value) or "Unknown time zone" in str(info.value)


def test_error_is_a_value_error_and_quotes_the_input() -> None:
    with pytest.raises(ValueError, match=r"Could not read '25:99' as a time\. Try 14:02"):
        parse_time("25:99")


def test_unknown_postmortem_zone_is_an_error() -> None:
    with pytest.raises(TimeParseError, match="Unknown time zone 'Nowhere/Land'"):
        parse_time("14:02", tz="Nowhere/Land")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-04-01", date(2026, 4, 1)),
        ("Apr 1", date(2026, 4, 1)),
        ("1 April 2027", date(2027, 4, 1)),
        ("April 1, 2026", date(2026, 4, 1)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text, today=BASE) == expected


@pytest.mark.parametrize("text", ["", "next friday", "tomorrow", "5", "2026-02-30",
                                  "Apr 1 10:00", "soonish", "04/03/2026"])
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(TimeParseError):
        parse_date(text, today=BASE)


def test_format_time_forms() -> None:
    moment = datetime(2026, 3, 4, 13, 2, tzinfo=UTC)
    assert format_time(moment, "Europe/Berlin") == "2026-03-04 14:02"
    assert format_time(moment, "Europe/Berlin", with_date=False) == "14:02"
    assert format_time(moment, "Europe/Berlin", with_zone=True) == "2026-03-04 14:02 +01:00"
    assert format_time(moment, "UTC", with_zone=True) == "2026-03-04 13:02 UTC"
    assert format_time(moment.replace(second=7), "UTC") == "2026-03-04 13:02:07"


ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe",
         "Pacific/Chatham", "America/St_Johns"]


@given(
    moment=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1),
                        timezones=st.just(UTC)),
    tz=st.sampled_from(ZONES),
)
def test_format_then_parse_is_the_same_moment(moment: datetime, tz: str) -> None:
    # Including the offset makes even the repeated hour at a DST change unambiguous.
    text = format_time(moment, tz, with_zone=True)
    assert parse_time(text, tz=tz) == moment

"""Times of day and durations typed the way people type them (meetings/timeutil.py)."""

from datetime import time, timedelta

import pytest

from meetings.timeutil import parse_clock_time, parse_duration


@pytest.mark.parametrize(("typed", "read"), [
    ("09:00", time(9)), ("9:00", time(9)), ("9.00", time(9)), ("900", time(9)), ("0900", time(9)), ("9", time(9)),
    ("14.30", time(14, 30)), ("1430", time(14, 30)), ("9,30", time(9, 30)), ("9h30", time(9, 30)), ("9h", time(9)),
    (" 9:05 ", time(9, 5)), ("0", time(0)), ("23:59", time(23, 59)), ("2359", time(23, 59)), ("930", time(9, 30)),
])
def test_times_people_type(typed, read):
    assert parse_clock_time(typed) == read


@pytest.mark.parametrize("typed", [
    "25:00", "24:00", "9.75", "9:60", "9.5", "12345", "", "noon", "9:00 am", "²:00", "９:００", "-9", "9:0", "2400",
])
def test_nonsense_is_no_time(typed):
    assert parse_clock_time(typed) is None


@pytest.mark.parametrize(("typed", "minutes"), [
    ("90", 90), ("1:30", 90), ("1h30", 90), ("1h 30m", 90), ("1.5h", 90), ("1,5 ч", 90), ("1 ч 30 мин", 90),
    ("45 min", 45), ("45", 45), ("2h", 120), ("0.25h", 15), ("1440", 1440), ("24h", 1440), ("0:05", 5),
])
def test_durations_people_type(typed, minutes):
    assert parse_duration(typed) == timedelta(minutes=minutes)


@pytest.mark.parametrize("typed", ["0", "0:00", "1.5", "1.33h", "1:75", "25h", "1441", "abc", "", "-30", "1h75"])
def test_nonsense_is_no_duration(typed):
    assert parse_duration(typed) is None

"""Time zones: current rules from PyPI tzdata, and VTIMEZONEs every client reads right."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest

from calendar_export import Calendar, Entry, build_calendar, load_zone
from calendar_export.zones import known_zone_names, vtimezone
from tests.calendar_export.parsers import assert_parses_everywhere


def test_canary_almaty_is_utc_plus_five_in_2026() -> None:
    # Kazakhstan moved to UTC+05:00 on 1 March 2024; tzdata before 2024b says +06.
    assert load_zone("Asia/Almaty").utcoffset(datetime(2026, 7, 1, 12)) == timedelta(hours=5)
    # ... and the zoneinfo module itself, as the test process uses it (parsers.py makes it
    # read PyPI tzdata only), agrees.
    assert zoneinfo.ZoneInfo("Asia/Almaty").utcoffset(datetime(2026, 7, 1, 12)) == timedelta(hours=5)


def test_load_zone_reads_the_tzdata_package_not_the_system() -> None:
    zone = load_zone("Asia/Almaty")
    assert zone.key == "Asia/Almaty"
    assert load_zone("Asia/Almaty") is zone  # cached
    assert "Asia/Almaty" in known_zone_names()


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "", "../etc/passwd", "asia/almaty", "Asia/Almaty "])
def test_unknown_zones_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match="unknown time zone"):
        load_zone(name)


def test_almaty_2026_has_one_standard_block_saying_plus_five() -> None:
    vtz = vtimezone("Asia/Almaty", date(2026, 7, 1), date(2026, 7, 2))
    assert [block.name for block in vtz.subcomponents] == ["STANDARD"]
    (standard,) = vtz.standard
    assert standard["TZOFFSETFROM"].to_ical() == "+0500"
    assert standard["TZOFFSETTO"].to_ical() == "+0500"
    assert "RDATE" not in standard


def test_almaty_in_an_emitted_feed_says_plus_five() -> None:
    entry = Entry(
        uid="agenda-item-1@cica.example",
        summary="SOC",
        start=datetime(2026, 7, 1, 5, tzinfo=UTC),
        end=datetime(2026, 7, 1, 8, tzinfo=UTC),
        timezone="Asia/Almaty",
    )
    ics = build_calendar(
        Calendar("CICA", "", None, timedelta(hours=1), (entry,)), dtstamp=datetime(2026, 1, 1, tzinfo=UTC)
    )
    (vtz,) = icalendar.Calendar.from_ical(ics).timezones
    assert [(block.name, block["TZOFFSETTO"].to_ical()) for block in vtz.subcomponents] == [("STANDARD", "+0500")]
    assert b"DTSTART;TZID=Asia/Almaty:20260701T100000\r\n" in ics


def test_the_default_window_would_have_been_wrong_for_outlook() -> None:
    # Why the window matters: with icalendar's default 1970-2038 window, the STANDARD block
    # with the latest DTSTART (the only one Outlook reads) says +06.
    vtz = icalendar.Timezone.from_tzinfo(load_zone("Asia/Almaty"), "Asia/Almaty")
    latest = max(vtz.standard, key=lambda block: block.DTSTART)
    assert latest["TZOFFSETTO"].to_ical() == "+0600"
    assert len(vtz.standard) > 1


def test_new_york_gets_standard_and_daylight_with_yearly_rules() -> None:
    vtz = vtimezone("America/New_York", date(2026, 10, 31), date(2026, 11, 3))
    assert vtz.to_ical(sorted=False) == (
        b"BEGIN:VTIMEZONE\r\n"
        b"TZID:America/New_York\r\n"
        b"BEGIN:STANDARD\r\n"
        b"DTSTART:20251102T020000\r\n"
        b"TZOFFSETFROM:-0400\r\n"
        b"TZOFFSETTO:-0500\r\n"
        b"TZNAME:EST\r\n"
        b"RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\n"
        b"END:STANDARD\r\n"
        b"BEGIN:DAYLIGHT\r\n"
        b"DTSTART:20250309T020000\r\n"
        b"TZOFFSETFROM:-0500\r\n"
        b"TZOFFSETTO:-0400\r\n"
        b"TZNAME:EDT\r\n"
        b"RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\n"
        b"END:DAYLIGHT\r\n"
        b"END:VTIMEZONE\r\n"
    )


def test_icalendar_alone_gives_new_york_no_rrule() -> None:
    # What the workaround is for: icalendar lists transitions (RDATE or one block each), and
    # puts the DAYLIGHT onset at 03:00 where RFC 5545 expects 02:00 (TZOFFSETFROM time).
    vtz = icalendar.Timezone.from_tzinfo(
        load_zone("America/New_York"), "America/New_York", date(2026, 1, 1), date(2028, 1, 1)
    )
    assert not any("RRULE" in block for block in vtz.subcomponents)
    assert [block.DTSTART for block in vtz.daylight] == [datetime(2026, 3, 8, 3, 0)]


def test_window_across_kazakhstan_change_of_2024() -> None:
    # Entries before and after 1 March 2024: both offsets, the latest STANDARD says +05.
    vtz = vtimezone("Asia/Almaty", date(2024, 2, 20), date(2024, 3, 10))
    latest = max(vtz.standard, key=lambda block: block.DTSTART)
    assert latest["TZOFFSETTO"].to_ical() == "+0500"


# Zones of CICA members and observers, UN and partner cities, and every shape of DST rule:
# plain nth/last Sunday (New York, Dublin with its "negative" DST, Sydney in the south),
# whole-day shifts (Jerusalem, Santiago, Nuuk) and Cairo's rule RRULE cannot say (fallback).
ZONES = [
    "Asia/Almaty", "Asia/Baku", "Asia/Shanghai", "Asia/Dushanbe", "Asia/Tashkent", "Asia/Bishkek",
    "Asia/Tehran", "Asia/Kolkata", "Asia/Karachi", "Asia/Kabul", "Asia/Dhaka", "Asia/Ulaanbaatar",
    "Asia/Bangkok", "Asia/Ho_Chi_Minh", "Asia/Seoul", "Asia/Amman", "Asia/Qatar", "Asia/Dubai",
    "Asia/Bahrain", "Asia/Kuwait", "Asia/Riyadh", "Asia/Baghdad", "Asia/Yerevan", "Asia/Gaza",
    "Europe/Istanbul", "Europe/Moscow", "Europe/Minsk", "Europe/Vienna", "Europe/Dublin",
    "America/New_York", "America/Santiago", "America/Nuuk", "Australia/Sydney",
    "Asia/Jerusalem", "Africa/Cairo", "Africa/Casablanca", "Pacific/Chatham", "UTC",
]  # fmt: skip


@pytest.mark.parametrize("name", ZONES)
def test_every_engine_agrees_with_zoneinfo_all_year(name: str) -> None:
    """Sessions every ~2 weeks of 2026-2027 at 01:30, 09:00 and 23:30 local time, so the
    window crosses every change of offset; the Python parsers and ical.js (which use the
    embedded VTIMEZONE) must put each at the instant zoneinfo computes."""
    zone = load_zone(name)
    entries = []
    day = date(2026, 1, 3)
    while day < date(2028, 1, 1):
        for hour, minute in ((1, 30), (9, 0), (23, 30)):
            start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
            if start.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != start.replace(tzinfo=None):
                continue  # a wall time skipped by a clock change does not exist
            entries.append(
                Entry(
                    uid=f"s-{day.isoformat()}-{hour}@cica.example",
                    summary="session",
                    start=start,
                    end=start + timedelta(minutes=45),
                    timezone=name,
                )
            )
        day += timedelta(days=13)
    ics = build_calendar(
        Calendar("CICA", "", None, timedelta(hours=1), tuple(entries)), dtstamp=datetime(2026, 1, 1, tzinfo=UTC)
    )
    events = assert_parses_everywhere(ics)
    assert events == [(e.uid, e.start.astimezone(UTC), e.end.astimezone(UTC)) for e in entries]


@pytest.mark.parametrize(
    ("name", "local", "fold", "utc"),
    [
        # New York, 1 November 2026: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
        ("America/New_York", datetime(2026, 11, 1, 1, 30), 0, datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
        ("America/New_York", datetime(2026, 11, 1, 1, 30), 1, datetime(2026, 11, 1, 6, 30, tzinfo=UTC)),
        # Santiago, 4 April 2026: 23:30 on Saturday happens twice (-03, then -04).
        ("America/Santiago", datetime(2026, 4, 4, 23, 30), 0, datetime(2026, 4, 5, 2, 30, tzinfo=UTC)),
    ],
)
def test_a_repeated_wall_time_is_written_in_utc(name: str, local: datetime, fold: int, utc: datetime) -> None:
    # RFC 5545 reads a repeated wall time as its first occurrence, ical.js as the second
    # (found by the sweep above), so the builder writes such a value in UTC.
    start = local.replace(tzinfo=load_zone(name), fold=fold)
    assert start.astimezone(UTC) == utc
    entry = Entry(uid="x@cica.example", summary="x", start=start, end=utc + timedelta(hours=2), timezone=name)
    ics = build_calendar(
        Calendar("CICA", "", None, timedelta(hours=1), (entry,)), dtstamp=datetime(2026, 1, 1, tzinfo=UTC)
    )
    assert b"DTSTART:" + utc.strftime("%Y%m%dT%H%M%SZ").encode() + b"\r\n" in ics
    assert b"DTEND;TZID=" + name.encode() + b":" in ics
    assert assert_parses_everywhere(ics) == [("x@cica.example", utc, utc + timedelta(hours=2))]


@pytest.mark.parametrize("name", ["UTC", "Etc/UTC", "Etc/GMT"])
def test_utc_zones_are_written_with_z_and_no_vtimezone(name: str) -> None:
    start = datetime(2026, 7, 1, 9, tzinfo=UTC)
    entry = Entry(uid="x@cica.example", summary="x", start=start, end=start + timedelta(hours=1), timezone=name)
    ics = build_calendar(
        Calendar("CICA", "", None, timedelta(hours=1), (entry,)), dtstamp=datetime(2026, 1, 1, tzinfo=UTC)
    )
    assert b"DTSTART:20260701T090000Z\r\n" in ics
    assert b"VTIMEZONE" not in ics
    assert assert_parses_everywhere(ics) == [("x@cica.example", start, start + timedelta(hours=1))]

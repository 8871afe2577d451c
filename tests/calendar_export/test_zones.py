"""Time zones: current rules from PyPI tzdata, and VTIMEZONEs every client reads right."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest

from calendar_export import Calendar, Entry, build_calendar, load_zone
from calendar_export.zones import known_zone_names, period_tzid, vtimezone, zone_of_tzid, zone_periods
from tests.calendar_export import parsers, samples
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


# --- one TZID per period where a zone's rules changed (zones.py, "One rule per VTIMEZONE") ---


def feed_of(*entries: Entry) -> bytes:
    return build_calendar(Calendar("CICA", "", None, timedelta(hours=1), entries), dtstamp=samples.DTSTAMP)


def blocks(vtz: icalendar.Timezone) -> list[tuple[str, str]]:
    return [(block.name, block["TZOFFSETTO"].to_ical()) for block in vtz.subcomponents]


def test_almaty_before_and_after_2024_gets_one_tzid_per_period() -> None:
    parsed = icalendar.Calendar.from_ical(feed_of(*samples.almaty_across_2024().entries))
    assert [(str(vtz["TZID"]), blocks(vtz)) for vtz in parsed.timezones] == [
        ("Asia/Almaty (until 2024-03-01)", [("STANDARD", "+0600")]),
        ("Asia/Almaty", [("STANDARD", "+0500")]),
    ]
    assert [str(event["DTSTART"].params["TZID"]) for event in parsed.events] == [
        "Asia/Almaty (until 2024-03-01)",
        "Asia/Almaty (until 2024-03-01)",
        "Asia/Almaty",
    ]


def test_the_current_period_is_written_as_a_feed_of_its_own_events() -> None:
    entries = samples.almaty_across_2024().entries
    (alone,) = icalendar.Calendar.from_ical(feed_of(entries[-1])).timezones
    assert icalendar.Calendar.from_ical(feed_of(*entries)).timezones[-1].to_ical() == alone.to_ical()


def test_a_feed_within_one_period_is_written_as_before() -> None:
    # Almaty in 2021 and 2023 only (+06 throughout): the zone's own name, one STANDARD block.
    entries = samples.almaty_across_2024().entries[:2]
    (vtz,) = icalendar.Calendar.from_ical(feed_of(*entries)).timezones
    assert vtz.to_ical() == vtimezone("Asia/Almaty", date(2021, 6, 15), date(2023, 9, 12)).to_ical()
    # New York in 2019-2026, one DST rule all along: one VTIMEZONE with yearly RRULEs.
    cal = samples.new_york_years()
    (vtz,) = icalendar.Calendar.from_ical(feed_of(*cal.entries)).timezones
    assert vtz.to_ical() == vtimezone("America/New_York", date(2019, 3, 12), date(2026, 11, 12)).to_ical()


def test_new_york_before_2007_gets_its_old_rule() -> None:
    parsed = icalendar.Calendar.from_ical(feed_of(*samples.new_york_since_2005().entries))
    old, current = parsed.timezones
    assert str(old["TZID"]) == "America/New_York (until 2007-03-11)"
    assert [(block.name, block["RRULE"].to_ical()) for block in old.subcomponents] == [
        ("STANDARD", b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"),
        ("DAYLIGHT", b"FREQ=YEARLY;BYDAY=1SU;BYMONTH=4"),
    ]
    assert str(current["TZID"]) == "America/New_York"


def test_a_period_tzid_is_no_iana_name_but_opens_with_its_zone() -> None:
    tzid = period_tzid("Asia/Almaty", date(2024, 3, 1))
    assert tzid == "Asia/Almaty (until 2024-03-01)"
    assert not any(" " in name for name in known_zone_names())  # so no TZID of ours is one
    assert zone_of_tzid(tzid) == "Asia/Almaty"
    assert zone_of_tzid("Asia/Almaty") == "Asia/Almaty"


def test_every_reader_uses_the_embedded_definition_of_a_period_tzid() -> None:
    # Proof that the four readers take our VTIMEZONE for a TZID they do not know (and do not
    # look up "Asia/Almaty" in it): give the old period a wrong offset, and they all follow it.
    # (Under another TZID: icalendar keeps the first definition it met for a TZID.)
    ics = feed_of(*samples.almaty_across_2024().entries)
    doctored = ics.replace(b"TZOFFSETFROM:+0600\r\nTZOFFSETTO:+0600", b"TZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900")
    doctored = doctored.replace(b"Asia/Almaty (until 2024-03-01)", b"Asia/Almaty (until 2024-03-02)")
    assert doctored.count(b"+0900") == 2 and doctored.count(b"2024-03-02") == 5
    text = doctored.decode()
    readers = {
        "icalendar": parsers._icalendar_events(doctored)[0],
        "ical": parsers._ical_events(text),
        "vobject": parsers._vobject_events(text),
    }
    if parsers.ical_js_missing_reason() is None:
        readers["ical.js"] = parsers.ical_js_events(parsers.ical_js_parse(doctored))
    for reader, events in readers.items():
        assert events[0].start == datetime(2021, 6, 15, 1, tzinfo=UTC), reader  # 10:00 at +09
        assert events[2].start == datetime(2025, 4, 8, 5, tzinfo=UTC), reader  # 10:00 at +05


def test_the_ical_package_needs_the_rdate_of_a_lone_standard_block() -> None:
    # Why a fixed offset's STANDARD block repeats its DTSTART as RDATE: without it, ical 14.3
    # finds no onset and reads the TZID as UTC.
    ics = feed_of(*samples.almaty_across_2024().entries)
    assert b"DTSTART:19700101T000000\r\nRDATE:19700101T000000\r\n" in ics
    events = parsers._ical_events(ics.replace(b"RDATE:19700101T000000\r\n", b"").decode())
    assert events[0].start == datetime(2021, 6, 15, 10, tzinfo=UTC)  # wrong: 10:00 read as UTC


def test_vobject_reads_a_definition_at_plus_zero_as_utc() -> None:
    # Why no earlier period stands at +00:00 all year: vobject compares a definition with UTC
    # from 2000 to 2019, finds them equal, and then leaves the TZID undefined (floating times).
    ics = feed_of(*samples.almaty_across_2024().entries).replace(b"+0600", b"+0000")
    with pytest.raises(AssertionError, match="floating"):
        parsers._vobject_events(ics.decode())


@pytest.mark.parametrize(
    ("name", "walls", "expected"),
    [
        # Egypt at +02 in 2012, in the pause of summer time for Ramadan 2014, and in 2022: one
        # rule, one TZID (named after the latest stretch); at +03 in September 2014, another.
        (
            "Africa/Cairo",
            [datetime(2012, 6, 1, 10), datetime(2014, 7, 10, 10), datetime(2014, 9, 1, 10), datetime(2022, 6, 1, 10),
             datetime(2026, 12, 1, 10)],
            [("Africa/Cairo", [4]), ("Africa/Cairo (until 2023-04-28)", [0, 1, 3]),
             ("Africa/Cairo (until 2014-09-26)", [2])],
        ),
        # Morocco at +00 during Ramadan 2026 and from 20 September 2026 (tzdata 2026): the
        # current rule, so the zone's own name, for both.
        (
            "Africa/Casablanca",
            [datetime(2026, 1, 20, 10), datetime(2026, 3, 1, 10), datetime(2026, 7, 7, 10), datetime(2026, 12, 1, 10)],
            [("Africa/Casablanca", [1, 3]), ("Africa/Casablanca (until 2026-09-20)", [2]),
             ("Africa/Casablanca (until 2026-02-15)", [0])],
        ),
    ],
)  # fmt: skip
def test_periods_with_the_same_rule_share_a_tzid(name: str, walls: list[datetime], expected: list) -> None:
    zone = load_zone(name)
    periods = zone_periods(name, [wall.replace(tzinfo=zone) for wall in walls])
    assert [(period.tzid, period.times) for period in periods] == [
        (tzid, tuple(walls[index] for index in indexes)) for tzid, indexes in expected
    ]
    entries = samples.sessions(name, "s", tuple(walls))
    assert assert_parses_everywhere(feed_of(*entries)) == [
        (entry.uid, entry.start.astimezone(UTC), entry.end.astimezone(UTC)) for entry in entries
    ]


def test_one_period_tzid_comes_with_one_definition_whatever_the_feed() -> None:
    # icalendar and vobject keep the first definition they meet for a TZID they do not know,
    # for the rest of the process: the same TZID must never come with another definition.
    def definitions(*walls: datetime) -> dict[str, bytes]:
        zone = load_zone("America/New_York")
        times = [wall.replace(tzinfo=zone) for wall in (*walls, datetime(2026, 6, 2, 10))]
        return {period.tzid: period.vtimezone.to_ical() for period in zone_periods("America/New_York", times)}

    one = definitions(datetime(2006, 7, 4, 10))
    other = definitions(datetime(1999, 1, 12, 10), datetime(2005, 10, 31, 10))
    assert one["America/New_York (until 2007-03-11)"] == other["America/New_York (until 2007-03-11)"]


def test_an_event_may_start_and_end_in_different_periods() -> None:
    (entry,) = [entry for entry in samples.mixed_changes().entries if entry.uid.startswith("almaty-across")]
    ics = feed_of(entry)
    assert b"DTSTART;TZID=Asia/Almaty (until 2024-03-01):20240229T220000\r\n" in ics
    assert b"DTEND;TZID=Asia/Almaty:20240301T020000\r\n" in ics
    assert assert_parses_everywhere(ics) == [(entry.uid, entry.start.astimezone(UTC), entry.end.astimezone(UTC))]


def test_cairo_keeps_its_transition_list() -> None:
    # Left as before: RRULE cannot say Cairo's current rule (last Thursday at 24:00), so its
    # VTIMEZONE lists the changes, which Outlook misreads as it did.
    entries = samples.sessions("Africa/Cairo", "cairo", (datetime(2026, 3, 3, 10), datetime(2027, 7, 6, 10)))
    (vtz,) = icalendar.Calendar.from_ical(feed_of(*entries)).timezones
    assert vtz.to_ical() == vtimezone("Africa/Cairo", date(2026, 3, 3), date(2027, 7, 6)).to_ical()
    assert len(vtz.standard) > 1

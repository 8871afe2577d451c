"""What a subscription feed must and must not contain (ICALENDAR.md items 1-4, 12, 14, 15)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import icalendar
from ical.calendar_stream import IcsCalendarStream
from ical.event import EventStatus

from calendar_export import Calendar, build_calendar, load_zone
from tests.calendar_export import samples
from tests.calendar_export.parsers import assert_byte_rules


def all_samples() -> bytes:
    """Every sample entry in one feed (several zones, all-day and timed)."""
    entries = (
        samples.summit().entries
        + samples.soc_almaty().entries
        + samples.new_york_dst().entries
        + samples.cancelled().entries
        + samples.postponed(after=True).entries
        + samples.long_title().entries
    )
    return build_calendar(samples.feed("CICA meetings", entries), dtstamp=samples.DTSTAMP)


def names(ics: bytes) -> list[str]:
    return [line.split(":", 1)[0].split(";", 1)[0] for line in assert_byte_rules(ics)]


def test_calendar_properties() -> None:
    lines = assert_byte_rules(all_samples())
    assert lines[:9] == [
        "BEGIN:VCALENDAR",
        "PRODID:-//CICA Secretariat//CICA Meetings//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "NAME:CICA meetings",
        "X-WR-CALNAME:CICA meetings",
        "SOURCE;VALUE=URI:https://cica.example/calendar.ics",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
    ]


def test_no_method_and_no_x_wr_timezone_in_feeds() -> None:
    assert "METHOD" not in names(all_samples())
    assert "X-WR-TIMEZONE" not in names(all_samples())


def test_one_vtimezone_per_zone_before_the_events_in_order_of_use() -> None:
    lines = assert_byte_rules(all_samples())
    tzids = [line.removeprefix("TZID:") for line in lines if line.startswith("TZID:")]
    assert tzids == ["Asia/Almaty", "America/New_York", "Asia/Baku", "Asia/Dushanbe", "Asia/Tashkent"]
    assert max(i for i, line in enumerate(lines) if line == "END:VTIMEZONE") < lines.index("BEGIN:VEVENT")


def test_entries_keep_the_given_order() -> None:
    lines = assert_byte_rules(all_samples())
    uids = [line.removeprefix("UID:") for line in lines if line.startswith("UID:")]
    assert uids == [
        "meeting-7@cica.example",
        "agenda-item-101@cica.example",
        "agenda-item-102@cica.example",
        "agenda-item-201@cica.example",
        "agenda-item-202@cica.example",
        "meeting-31@cica.example",
        "meeting-40@cica.example",
        "agenda-item-401@cica.example",
        "agenda-item-777@cica.example",
    ]


def test_the_dtstamp_is_the_one_given_in_utc() -> None:
    ics = build_calendar(samples.summit(), dtstamp=datetime(2026, 5, 4, 15, 0, tzinfo=load_zone("Asia/Almaty")))
    assert "DTSTAMP:20260504T100000Z" in assert_byte_rules(ics)


def test_a_changed_input_changes_just_its_lines() -> None:
    # That equal input gives equal bytes, in any process: test_golden.test_another_process_makes_the_same_bytes.
    before = assert_byte_rules(build_calendar(samples.summit(), dtstamp=samples.DTSTAMP))
    changed = replace(samples.summit(), refresh=timedelta(hours=12))
    after = assert_byte_rules(build_calendar(changed, dtstamp=samples.DTSTAMP))
    assert [(b, a) for b, a in zip(before, after, strict=True) if b != a] == [
        ("REFRESH-INTERVAL;VALUE=DURATION:PT6H", "REFRESH-INTERVAL;VALUE=DURATION:PT12H"),
        ("X-PUBLISHED-TTL:PT6H", "X-PUBLISHED-TTL:PT12H"),
    ]


def test_an_empty_feed_is_still_a_calendar() -> None:
    ics = build_calendar(Calendar("CICA", "", None, timedelta(hours=1), ()), dtstamp=datetime(2026, 1, 1, tzinfo=UTC))
    assert assert_byte_rules(ics) == [
        "BEGIN:VCALENDAR",
        "PRODID:-//CICA Secretariat//CICA Meetings//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "NAME:CICA",
        "X-WR-CALNAME:CICA",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
        "END:VCALENDAR",
    ]


def versions(ics: bytes) -> list[tuple[str, int, str, date | datetime]]:
    """(UID, SEQUENCE, STATUS, DTSTART) of each event, as icalendar reads the bytes."""
    return [(str(e["UID"]), e["SEQUENCE"], str(e["STATUS"]), e.start) for e in icalendar.Calendar.from_ical(ics).events]


def test_postponement_keeps_the_uid_and_raises_the_sequence() -> None:
    dushanbe = load_zone("Asia/Dushanbe")
    before = samples.calendar_bytes(samples.postponed(after=False))
    after = samples.calendar_bytes(samples.postponed(after=True))
    assert versions(before) == [
        ("meeting-40@cica.example", 0, "CONFIRMED", date(2026, 9, 22)),
        ("agenda-item-401@cica.example", 0, "CONFIRMED", datetime(2026, 9, 22, 10, tzinfo=dushanbe)),
    ]
    assert versions(after) == [
        ("meeting-40@cica.example", 1, "CONFIRMED", date(2026, 11, 10)),
        ("agenda-item-401@cica.example", 1, "CONFIRMED", datetime(2026, 11, 10, 10, tzinfo=dushanbe)),
    ]


def test_a_cancelled_meeting_stays_with_its_status_and_sequence() -> None:
    ics = samples.calendar_bytes(samples.cancelled())
    assert versions(ics) == [
        ("meeting-31@cica.example", 3, "CANCELLED", datetime(2026, 6, 9, 9, 30, tzinfo=load_zone("Asia/Baku")))
    ]
    assert [event.status for event in IcsCalendarStream.calendar_from_ics(ics.decode("utf-8")).events] == [
        EventStatus.CANCELLED
    ]


def test_an_entry_without_a_status_is_confirmed_and_a_tentative_one_stays_so() -> None:
    ics = samples.calendar_bytes(samples.soc_almaty())
    almaty = load_zone("Asia/Almaty")
    assert versions(ics) == [
        ("agenda-item-101@cica.example", 1, "CONFIRMED", datetime(2026, 7, 1, 10, tzinfo=almaty)),
        ("agenda-item-102@cica.example", 0, "TENTATIVE", datetime(2026, 7, 1, 15, tzinfo=almaty)),
    ]


def test_a_literal_backslash_n_stays_text() -> None:
    # Regression: icalendar 7.3.2's TEXT escaping turns a literal "\N" into a line break.
    entry = samples.summit().entries[0]
    text = "C:\\New\\Network \\N \\n"
    changed = replace(samples.summit(), name=text, entries=(replace(entry, summary=text, categories=(text,)),))
    lines = assert_byte_rules(build_calendar(changed, dtstamp=samples.DTSTAMP))
    escaped = "C:\\\\New\\\\Network \\\\N \\\\n"
    assert [f"NAME:{escaped}", f"SUMMARY:{escaped}", f"CATEGORIES:{escaped}"] == [
        line for line in lines if line.startswith(("NAME:", "SUMMARY:", "CATEGORIES:"))
    ]

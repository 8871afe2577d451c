"""Bad input is refused when the data is constructed, with ValueError (TypeError for a
wrong type of argument)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from calendar_export import (
    Calendar,
    Entry,
    Person,
    build_calendar,
    build_invitation,
    load_zone,
)

ALMATY = load_zone("Asia/Almaty")
START = datetime(2026, 7, 1, 10, tzinfo=ALMATY)
END = datetime(2026, 7, 1, 12, tzinfo=ALMATY)


def entry(**changes) -> Entry:
    fields = {"uid": "m-1@cica.example", "summary": "SOC", "start": START, "end": END, "timezone": "Asia/Almaty"}
    return Entry(**(fields | changes))


def test_a_valid_entry_keeps_its_values() -> None:
    made = entry(summary="a\r\nb\rc", created=datetime(2026, 1, 1, 6, tzinfo=ALMATY))
    assert made.summary == "a\nb\nc"
    assert made.created == datetime(2026, 1, 1, 1, tzinfo=UTC)
    assert made.start == START and made.start.tzinfo is ALMATY
    assert made.all_day is False


def test_an_instant_in_another_zone_is_converted_to_the_entry_zone() -> None:
    made = entry(start=datetime(2026, 7, 1, 5, tzinfo=UTC), end=datetime(2026, 7, 1, 7, tzinfo=UTC))
    assert (made.start.replace(tzinfo=None), made.start.tzinfo) == (datetime(2026, 7, 1, 10), ALMATY)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start": datetime(2026, 7, 1, 10)}, "timezone-aware"),
        ({"end": datetime(2026, 7, 1, 12)}, "timezone-aware"),
        ({"end": START}, "must be after start"),
        ({"end": START - timedelta(hours=1)}, "must be after start"),
        ({"timezone": None}, "needs a timezone"),
        ({"timezone": "Asia/Nowhere"}, "unknown time zone"),
        ({"timezone": "+05:00"}, "unknown time zone"),
        ({"end": date(2026, 7, 2)}, "both be datetimes"),
        ({"start": date(2026, 7, 1)}, "both be datetimes"),
        ({"start": date(2026, 7, 2), "end": date(2026, 7, 2)}, "must be after start"),
        ({"start": START.replace(microsecond=5)}, "fractions of a second"),
        ({"status": "CANCELED"}, "status must be one of"),
        ({"status": "confirmed"}, "status must be one of"),
        ({"status": "POSTPONED"}, "status must be one of"),
        ({"classification": "SECRET"}, "classification must be one of"),
        ({"sequence": -1}, "sequence"),
        ({"sequence": True}, "sequence"),
        ({"uid": ""}, "uid"),
        ({"uid": "meeting 42@cica.example"}, "uid"),
        ({"uid": "meeting-42@cica.example\n"}, "uid"),
        ({"summary": "   "}, "summary must not be empty"),
        ({"summary": "\ufeff"}, "summary must not be empty"),
        ({"summary": "bell\x07"}, "control character U\\+0007"),
        ({"description": "nul\x00"}, "control character U\\+0000"),
        ({"location": "escape\x1b"}, "control character U\\+001B"),
        ({"location": "del\x7f"}, "control character U\\+007F"),
        ({"summary": "lone \ud800 surrogate"}, "control character U\\+D800"),
        ({"categories": ("",)}, "category must not be empty"),
        ({"categories": ("a,b",)}, "must not contain a comma"),
        ({"categories": ("a\nb",)}, "single line"),
        ({"url": "cica.example/meetings/1"}, "absolute URI"),
        ({"url": "https://cica.example/a b"}, "URI without spaces"),
        ({"created": datetime(2026, 1, 1)}, "timezone-aware"),
        ({"last_modified": datetime(2026, 1, 1)}, "timezone-aware"),
    ],
)
def test_bad_entries_are_refused(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        entry(**changes)


def test_a_tab_is_text() -> None:
    assert entry(summary="a\tb").summary == "a\tb"


def test_an_all_day_entry_needs_no_zone() -> None:
    made = entry(start=date(2026, 9, 14), end=date(2026, 9, 17), timezone=None)
    assert (made.all_day, made.end) == (True, date(2026, 9, 17))


def calendar(**changes) -> Calendar:
    fields = {"name": "CICA", "description": "", "source_url": None, "refresh": timedelta(hours=1), "entries": ()}
    return Calendar(**(fields | changes))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "needs a name"),
        ({"name": "two\nlines"}, "single line"),
        ({"refresh": timedelta(0)}, "positive"),
        ({"refresh": timedelta(seconds=1.5)}, "whole number of seconds"),
        ({"source_url": "calendar.ics"}, "absolute URI"),
        ({"prodid": ""}, "prodid"),
        ({"entries": (entry(), entry())}, "share a UID"),
    ],
)
def test_bad_calendars_are_refused(changes: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        calendar(**changes)


def test_wrong_types_are_type_errors() -> None:
    with pytest.raises(TypeError):
        calendar(entries=[entry()])
    with pytest.raises(TypeError):
        entry(categories=["SOC"])
    with pytest.raises(TypeError):
        entry(summary=None)


def test_the_builders_refuse_a_naive_dtstamp() -> None:
    with pytest.raises(ValueError, match="dtstamp must be a timezone-aware datetime"):
        build_calendar(calendar(), dtstamp=datetime(2026, 1, 1))


@pytest.mark.parametrize("email", ["", "no-at-sign", "a@b", "a b@c.org", "a@b.org>", "mailto:a@b.org", "a@@b.org"])
def test_bad_addresses_are_refused(email: str) -> None:
    with pytest.raises(ValueError, match="e-mail address"):
        Person(email)


@pytest.mark.parametrize(
    ("method", "status", "attendees", "message"),
    [
        ("PUBLISH", "CONFIRMED", (Person("a@b.org"),), "method must be one of"),
        ("REQUEST", "CANCELLED", (Person("a@b.org"),), "sent with method CANCEL"),
        ("CANCEL", "CONFIRMED", (Person("a@b.org"),), "needs an entry with status CANCELLED"),
        ("REQUEST", "CONFIRMED", (), "at least one attendee"),
        ("REQUEST", "CONFIRMED", (Person("a@b.org"), Person("A@B.org")), "appears twice"),
    ],
)
def test_bad_invitations_are_refused(method: str, status: str, attendees: tuple, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_invitation(
            entry(status=status),
            method=method,
            organizer=Person("secretariat@cica.example"),
            attendees=attendees,
            dtstamp=datetime(2026, 1, 1, tzinfo=UTC),
        )

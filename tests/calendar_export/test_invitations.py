"""E-mail invitations (RFC 5546): REQUEST, then CANCEL with the same UID and a higher SEQUENCE."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import icalendar
from ical.calendar_stream import IcsCalendarStream

from calendar_export import Person, build_invitation
from tests.calendar_export import samples
from tests.calendar_export.parsers import assert_parses_everywhere, ical_js_parse


def parsed_event(ics: bytes) -> tuple[icalendar.Calendar, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(ics)
    (event,) = calendar.events
    return calendar, event


def test_request_has_method_organizer_and_attendees() -> None:
    ics = samples.invitation(cancelled=False)
    assert_parses_everywhere(ics)
    calendar, event = parsed_event(ics)
    assert calendar["METHOD"] == "REQUEST"
    assert event["ORGANIZER"] == "mailto:secretariat@cica.example"
    assert event["ORGANIZER"].params["CN"] == "CICA Secretariat"
    assert [(str(a), a.params["CN"], a.params["RSVP"], a.params["PARTSTAT"]) for a in event["ATTENDEE"]] == [
        ("mailto:focal.point@mfa.example.kz", "Айгерим Сейтказы", "TRUE", "NEEDS-ACTION"),
        ("mailto:delegate@mfa.example.cn", "王伟, Delegation of China", "TRUE", "NEEDS-ACTION"),
    ]
    strict = IcsCalendarStream.calendar_from_ics(ics.decode("utf-8"))
    assert strict.method == "REQUEST"
    (strict_event,) = strict.events
    assert strict_event.organizer.uri == "mailto:secretariat@cica.example"
    assert [a.uri for a in strict_event.attendees] == [
        "mailto:focal.point@mfa.example.kz",
        "mailto:delegate@mfa.example.cn",
    ]


def test_cancel_has_same_uid_higher_sequence_and_cancelled_status() -> None:
    request = samples.invitation(cancelled=False)
    cancel = samples.invitation(cancelled=True)
    assert_parses_everywhere(cancel)
    _, requested = parsed_event(request)
    calendar, cancelled = parsed_event(cancel)
    assert calendar["METHOD"] == "CANCEL"
    assert cancelled["STATUS"] == "CANCELLED"
    assert (requested["UID"], requested["SEQUENCE"], requested["STATUS"]) == (
        "agenda-item-101@cica.example", 1, "CONFIRMED")
    assert (cancelled["UID"], cancelled["SEQUENCE"]) == ("agenda-item-101@cica.example", 2)
    assert [str(a) for a in cancelled["ATTENDEE"]] == [str(a) for a in requested["ATTENDEE"]]
    assert "RSVP" not in cancelled["ATTENDEE"][0].params


def test_ical_js_reads_the_invitation() -> None:
    parsed = ical_js_parse(samples.invitation(cancelled=True))
    assert parsed["method"] == "CANCEL"
    (event,) = parsed["events"]
    assert (event["uid"], event["status"], event["sequence"], event["organizer"], event["attendees"]) == (
        "agenda-item-101@cica.example",
        "CANCELLED",
        2,
        "mailto:secretariat@cica.example",
        ["mailto:focal.point@mfa.example.kz", "mailto:delegate@mfa.example.cn"],
    )


def test_the_same_request_sent_later_is_newer_only_by_its_dtstamp() -> None:
    """RFC 5546: an iTIP message's DTSTAMP is when the message was made (the caller's clock), apart
    from LAST-MODIFIED (when the meeting last changed). Re-sent after a change that moves no SEQUENCE,
    the message is still the newer one."""
    entry = samples.invitation_entry(cancelled=False)
    later = samples.DTSTAMP + timedelta(days=1, minutes=5)
    first, second = (
        build_invitation(entry, method="REQUEST", organizer=samples.SECRETARIAT, attendees=samples.ATTENDEES,
                         dtstamp=stamp)
        for stamp in (samples.DTSTAMP, later)
    )
    (_, one), (_, two) = parsed_event(first), parsed_event(second)
    assert (one["DTSTAMP"].dt, two["DTSTAMP"].dt) == (samples.DTSTAMP, later)
    assert one["LAST-MODIFIED"].dt == two["LAST-MODIFIED"].dt == samples.MODIFIED
    assert (one["UID"], one["SEQUENCE"]) == (two["UID"], two["SEQUENCE"])
    assert [line for line in first.split(b"\r\n") if not line.startswith(b"DTSTAMP")] == [
        line for line in second.split(b"\r\n") if not line.startswith(b"DTSTAMP")]


def test_a_russian_invitation_names_the_secretariat_in_russian() -> None:
    entry = samples.invitation_entry(cancelled=False)
    ics = build_invitation(
        replace(entry, summary="КСДЛ: пленарное заседание", location="Конференц-зал, Алматы"),
        method="REQUEST",
        organizer=Person("secretariat@cica.example", "Секретариат СВМДА"),
        attendees=samples.ATTENDEES,
        dtstamp=samples.DTSTAMP,
    )
    assert_parses_everywhere(ics)
    _, event = parsed_event(ics)
    assert event["ORGANIZER"].params["CN"] == "Секретариат СВМДА"
    assert (event["SUMMARY"], event["LOCATION"]) == ("КСДЛ: пленарное заседание", "Конференц-зал, Алматы")
    (strict_event,) = IcsCalendarStream.calendar_from_ics(ics.decode("utf-8")).events
    assert strict_event.organizer.common_name == "Секретариат СВМДА"

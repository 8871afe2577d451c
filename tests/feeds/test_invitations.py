"""Invitations by e-mail through a real SMTP server (aiosmtpd), read back as mail clients read them:
with Python's email package and with an independent MIME parser (fast-mail-parser, Rust's mailparse)."""

import email
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from email import policy

import fast_mail_parser
import icalendar
import pytest

from meetings.extensions import db
from meetings.feeds import mail
from meetings.models import (
    AgendaItemKind,
    AuditEntry,
    Meeting,
    MeetingStatus,
    OutboxMessage,
    OutboxStatus,
    User,
    UserRole,
    Venue,
)
from meetings.scheduling import services as scheduling
from meetings.scheduling.services import PostponeInput, cancel_meeting, postpone_meeting
from tests.calendar_export.parsers import assert_parses_everywhere
from tests.conftest import PASSWORD, ServerLikeClient, deliver_outbox, free_port
from tests.feeds.webforms import submit


def send_at(client, meeting_id: int, now: datetime) -> mail.SendReport:
    """Send to every participant as the invitations page does, with the clock passed in, then
    deliver the outbox as the worker does."""
    with client.application.test_request_context():
        meeting = db.session.get(Meeting, meeting_id)
        report = mail.queue_invitations(meeting, mail.active_registrations(meeting), user_id=None, now=now,
                                        page_url=lambda lang: f"https://example.org/meetings/{meeting_id}?lang={lang}")
    deliver_outbox(client.application)
    return report


@dataclass
class Read:
    """A received message as one mail reader understands it."""

    subject: str
    sender: str  # the From display name
    method: str  # the method parameter of the text/calendar part
    parts: dict[str, str]  # content type -> text of each leaf part


def read_with_python(raw: bytes) -> Read:
    message = email.message_from_bytes(raw, policy=policy.default)
    parts, method = {}, ""
    for part in message.walk():
        if part.is_multipart():
            continue
        content = part.get_content()  # text/*: decoded with the declared charset (US-ASCII if none)
        if isinstance(content, bytes):  # application/ics: bytes, in the charset the part declares
            assert part.get_content_charset() == "utf-8", part["Content-Type"]
            content = content.decode("utf-8")
        if part.get_content_type() == "text/calendar":
            method = part.get_param("method")
        parts[part.get_content_type()] = content
    return Read(message["Subject"], message["From"].addresses[0].display_name, method, parts)


def read_with_fast_mail_parser(raw: bytes) -> Read:
    """A MIME parser that shares no code with Python's (Rust's mailparse), strict: a lossy repair
    such as a charset fallback is an error."""
    parts, method = {}, ""
    for part in fast_mail_parser.walk(fast_mail_parser.parse_email_tree(raw)):
        if part.content is None:  # a multipart container
            continue
        (content_type,) = part.headers["Content-Type"]
        charset = re.search(r'charset="?([^";\s]+)', content_type, re.IGNORECASE)
        assert charset is not None and charset[1].lower() == "utf-8", content_type
        if part.content_type == "text/calendar":
            method = re.search(r'method="?([A-Z]+)', content_type)[1]
        parts[part.content_type] = part.content.decode("utf-8")
    flat = fast_mail_parser.parse_email(raw, strict=True)
    assert flat.text_plain == [parts["text/plain"]]  # decoded by the parser with the declared charset
    return Read(flat.subject, flat.from_.display_name, method, parts)


def readings(raw: bytes) -> tuple[Read, Read]:
    return read_with_python(raw), read_with_fast_mail_parser(raw)


def event_in(read: Read, content_type: str = "text/calendar") -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(read.parts[content_type])
    assert calendar["METHOD"] == read.method
    (event,) = calendar.walk("VEVENT")
    return event


def received_by(inbox, address: str) -> list[bytes]:
    return [raw for raw, message in zip(inbox.raw, inbox.messages, strict=True)
            if message["To"].addresses[0].addr_spec == address]


def unfolded(text: str) -> str:
    return re.sub(r"\r?\n[ \t]", "", text)


def invitation_of(message) -> icalendar.Calendar:
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    assert parts[0].get_param("method") in ("REQUEST", "CANCEL")
    return icalendar.Calendar.from_ical(parts[0].get_content())


def test_invitation_reaches_the_participant_with_the_meeting(mail_client, smtp, build):
    _, inbox = smtp
    start = datetime(2026, 12, 9, 5, tzinfo=UTC)
    meeting = build.meeting(title_en="Senior Officials Committee", starts_at=start, ends_at=start + timedelta(hours=8))
    person = build.person(email="aida@example.org", given_names="Aida", family_name="Bekova")
    nobody = build.person(email="")
    build.registration(meeting, person=person)
    build.registration(meeting, person=nobody)
    response = mail_client.post(f"/manage/meetings/{meeting.id}/invitations", follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "Invitation queued for 1 participant." in body
    assert "No e-mail address for" in body
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "Aida Bekova <aida@example.org>"
    assert message["Subject"] == "Invitation: Senior Officials Committee"
    calendar = invitation_of(message)
    assert calendar["METHOD"] == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == f"meeting-{meeting.id}@meetings.s-cica.org"
    assert str(event["ORGANIZER"]).lower() == "mailto:meetings@s-cica.org"
    attendees = event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]
    assert [str(a).lower() for a in attendees] == ["mailto:aida@example.org"]
    assert event["DTSTART"].dt == start
    assert db.session.query(AuditEntry).filter_by(action="meeting.notified", meeting_id=meeting.id).count() == 1


def test_cancellation_updates_the_same_invitation(mail_client, smtp, build):
    _, inbox = smtp
    meeting = build.meeting(title_en="Expert meeting")
    build.registration(meeting, email="x@example.org")
    mail_client.post(f"/manage/meetings/{meeting.id}/invitations")
    # The cancellation goes to the participants by itself (a notice), nobody has to send it.
    submit(mail_client, f"/manage/meetings/{meeting.id}/cancel", {"reason": "The host withdrew."})
    db.session.expire_all()
    assert (meeting.status, meeting.sequence) == (MeetingStatus.CANCELLED, 1)
    first, second = (invitation_of(m) for m in inbox.messages)
    assert second["METHOD"] == "CANCEL"
    old, new = first.walk("VEVENT")[0], second.walk("VEVENT")[0]
    assert new["UID"] == old["UID"]
    assert new["SEQUENCE"] > old["SEQUENCE"]
    assert new["STATUS"] == "CANCELLED"
    assert inbox.messages[1]["Subject"] == "Cancelled: Expert meeting"


def event_of(calendar: icalendar.Calendar, uid: str) -> icalendar.Event:
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid]
    return event


def assert_local_start(event: icalendar.Event, zone: str, local: datetime, instant: datetime) -> None:
    """DTSTART written as wall time in the meeting's zone (TZID), and the instant it stands for."""
    start = event["DTSTART"]
    assert start.params["TZID"] == zone
    assert start.dt.replace(tzinfo=None) == local
    assert start.dt.astimezone(UTC) == instant


@pytest.mark.parametrize(("zone", "old_day", "new_day", "old_utc_hour", "new_utc_hour"), [
    # Kazakhstan has kept UTC+5 all year since March 2024: the same instant of day.
    ("Asia/Almaty", date(2026, 10, 20), date(2026, 11, 10), 4, 4),
    # Over the end of daylight saving time (1 November 2026): 09:00 EDT is 13:00Z, 09:00 EST 14:00Z.
    ("America/New_York", date(2026, 10, 20), date(2026, 11, 10), 13, 14),
    # Over the start of summer time (28 March 2027): 09:00 CET is 08:00Z, 09:00 CEST 07:00Z.
    ("Europe/Berlin", date(2027, 3, 16), date(2027, 4, 6), 8, 7),
])
def test_a_postponement_reaches_feed_and_mail_in_local_time(mail_client, smtp, build, zone, old_day, new_day,
                                                            old_utc_hour, new_utc_hour):
    """Moved to a new day through the scheduling service: the feed and the updated invitation keep
    the meeting and its sessions at the same wall-clock times in its zone, on the new day, with a
    higher SEQUENCE, planned there (no "POSTPONED:"); across a clock change the UTC instant moves
    by the extra hour."""
    _, inbox = smtp
    organizer = build.user(UserRole.ORGANIZER)
    meeting = scheduling.create_meeting(scheduling.MeetingInput(
        title_en="Expert meeting", type_id=build.meeting_type("SOC").id, timezone=zone,
        status=MeetingStatus.PLANNED, local_start=datetime.combine(old_day, time(9)),
        local_end=datetime.combine(old_day, time(17)), city_en="Somewhere",
    ), user=organizer, accept_warnings=True)
    item = scheduling.add_agenda_item(meeting, scheduling.ItemInput(
        title_en="Opening", kind=AgendaItemKind.PLENARY,
        local_start=datetime.combine(old_day, time(10)), local_end=datetime.combine(old_day, time(11, 30)),
    ), user=organizer, accept_warnings=True)
    build.registration(meeting, email="x@example.org")
    uid, item_uid = f"meeting-{meeting.id}@meetings.s-cica.org", f"agenda-item-{item.id}@meetings.s-cica.org"
    url = f"/meetings/{meeting.id}.ics"
    mail_client.post(f"/manage/meetings/{meeting.id}/invitations")
    before = mail_client.get(url)
    old_event = event_of(icalendar.Calendar.from_ical(before.data), uid)
    old_instant = datetime.combine(old_day, time(old_utc_hour), tzinfo=UTC)
    assert_local_start(old_event, zone, datetime.combine(old_day, time(9)), old_instant)

    scheduling.postpone_meeting(meeting, PostponeInput(new_start=datetime.combine(new_day, time(9)),
                                                       new_end=datetime.combine(new_day, time(17)),
                                                       reason="The host asked for later dates."),
                                user=organizer, expected_version=meeting.version)

    new_instant = datetime.combine(new_day, time(new_utc_hour), tzinfo=UTC)
    assert new_instant - old_instant == (new_day - old_day) + timedelta(hours=new_utc_hour - old_utc_hour)
    after = mail_client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    parsed = {p.uid: p.start for p in assert_parses_everywhere(after.data)}  # every engine agrees on instants
    assert (parsed[uid], parsed[item_uid]) == (new_instant, new_instant + timedelta(hours=1))
    feed = icalendar.Calendar.from_ical(after.data)
    event = event_of(feed, uid)
    assert_local_start(event, zone, datetime.combine(new_day, time(9)), new_instant)
    assert event["SEQUENCE"] == old_event["SEQUENCE"] + 1
    assert (str(event["SUMMARY"]), event["STATUS"]) == ("Expert meeting", "TENTATIVE")
    assert str(event["DESCRIPTION"]).startswith("Rescheduled from ")
    moved = event_of(feed, item_uid)
    assert_local_start(moved, zone, datetime.combine(new_day, time(10)),
                       new_instant + timedelta(hours=1))
    assert moved["SEQUENCE"] > event_of(icalendar.Calendar.from_ical(before.data), item_uid)["SEQUENCE"]

    deliver_outbox(mail_client.application)  # the notice of the postponement, queued by the service
    assert len(inbox.messages) == 2
    assert inbox.messages[1]["Subject"] == "Rescheduled: Expert meeting"
    first, update = (invitation_of(m) for m in inbox.messages)
    assert update["METHOD"] == "REQUEST"
    sent_before, sent = first.walk("VEVENT")[0], update.walk("VEVENT")[0]
    assert str(sent["UID"]) == str(sent_before["UID"]) == uid
    assert_local_start(sent_before, zone, datetime.combine(old_day, time(9)), old_instant)
    assert_local_start(sent, zone, datetime.combine(new_day, time(9)), new_instant)
    assert sent["SEQUENCE"] == sent_before["SEQUENCE"] + 1


def test_an_invitation_sent_again_after_a_change_is_newer(mail_client, smtp, build):
    """RFC 5546: DTSTAMP is when the message was made; a venue renamed between two sends also
    raises SEQUENCE (its name is in LOCATION), so the second message is newer on both counts."""
    _, inbox = smtp
    venue_form = {"name_en": "Palace of Independence", "city_en": "Astana", "timezone": "Asia/Almaty"}
    assert mail_client.post("/manage/venues", data=venue_form).status_code == 302
    venue = db.session.scalar(db.select(Venue).where(Venue.name_en == "Palace of Independence"))
    meeting = build.meeting(venue=venue)
    build.registration(meeting, email="x@example.org")
    sent_at = datetime(2026, 11, 2, 9, 30, 15, tzinfo=UTC)
    send_at(mail_client, meeting.id, sent_at)
    renamed = venue_form | {"name_en": "Palace of Peace and Reconciliation"}
    assert mail_client.post(f"/manage/venues/{venue.id}", data=renamed).status_code == 302
    send_at(mail_client, meeting.id, sent_at + timedelta(minutes=5))
    first, second = (invitation_of(m).walk("VEVENT")[0] for m in inbox.messages)
    assert "Palace of Independence" in first["LOCATION"]
    assert "Palace of Peace and Reconciliation" in second["LOCATION"]
    assert second["UID"] == first["UID"]
    assert second["SEQUENCE"] == first["SEQUENCE"] + 1
    assert (first["DTSTAMP"].dt, second["DTSTAMP"].dt) == (sent_at, sent_at + timedelta(minutes=5))
    assert [m["Date"].datetime for m in inbox.messages] == [sent_at, sent_at + timedelta(minutes=5)]


def test_the_invitations_page_stamps_the_sending_time(mail_client, smtp, build):
    _, inbox = smtp
    meeting = build.meeting()
    build.registration(meeting, email="x@example.org")
    before = datetime.now(UTC).replace(microsecond=0)
    mail_client.post(f"/manage/meetings/{meeting.id}/invitations")
    after = datetime.now(UTC)
    stamp = invitation_of(inbox.messages[0]).walk("VEVENT")[0]["DTSTAMP"].dt
    assert before <= stamp <= after


def test_a_russian_invitation_reads_intact_in_two_mail_parsers(mail_client, smtp, build):
    """The calendar part and the attachment say charset=utf-8: without it a reader takes the
    bytes as US-ASCII and every Cyrillic letter becomes U+FFFD. Subject and names are encoded so
    that RFC 2047 readers keep their spaces."""
    _, inbox = smtp
    venue = build.venue("Palace of Independence", "Astana", "Asia/Almaty", name_ru="Дворец Независимости",
                        city_ru="Астана")
    title = "Совещание старших должностных лиц"
    meeting = build.meeting(title_ru=title, venue=venue, city_en="Astana", city_ru="Астана")
    build.registration(meeting, person=build.person(email="a.seitkazy@mfa.example.kz", given_names="Айгерим",
                                         family_name="Сейтказы", party=build.party("KZ")))
    send_at(mail_client, meeting.id, datetime(2026, 11, 2, 9, tzinfo=UTC))
    (raw,) = inbox.raw
    for read in readings(raw):
        assert set(read.parts) == {"text/plain", "text/calendar", "application/ics"}
        for content_type, text in read.parts.items():
            assert "\ufffd" not in text, content_type
            assert title in unfolded(text), content_type
        for content_type in ("text/calendar", "application/ics"):
            event = event_in(read, content_type)
            assert (event["SUMMARY"], event["LOCATION"]) == (title, "Дворец Независимости, Астана")
            assert event["ATTENDEE"].params["CN"] == "Айгерим Сейтказы"
        assert (read.subject, read.sender) == (f"Приглашение: {title}", "Секретариат СВМДА")
    assert fast_mail_parser.parse_email(raw).to[0].display_name == "Айгерим Сейтказы"


ENGLISH = {"subject": "Invitation: Senior Officials Committee", "intro": "You are invited to the following meeting:",
           "summary": "Senior Officials Committee", "secretariat": "CICA Secretariat"}
RUSSIAN = {"subject": "Приглашение: Комитет старших должностных лиц",
           "intro": "Приглашаем вас на следующее мероприятие:",
           "summary": "Комитет старших должностных лиц", "secretariat": "Секретариат СВМДА"}


def test_each_invitation_is_in_its_recipients_language(mail_client, smtp, build):
    """One send by an organizer working in Russian: each message in its recipient's language (their
    account's preference, else their party's language of correspondence, else English)."""
    _, inbox = smtp
    meeting = build.meeting(title_en="Senior Officials Committee", title_ru="Комитет старших должностных лиц")
    china, kazakhstan = build.party("CN"), build.party("KZ")
    people = {
        "prefers-russian@mfa.example.cn": (china, "ru", RUSSIAN),  # the account's preference wins
        "prefers-english@mfa.example.kz": (kazakhstan, "en", ENGLISH),
        "no-account@mfa.example.kz": (kazakhstan, None, RUSSIAN),  # Kazakhstan's language of correspondence
        "no-account@mfa.example.cn": (china, None, ENGLISH),
        "no-party@example.org": (None, None, ENGLISH),
    }
    for address, (party, preference, _expected) in people.items():
        person = build.person(email=address, party=party)
        build.registration(meeting, person=person)
        if preference:  # the delegate saves the preference on their account page
            user = build.user(UserRole.DELEGATE, person_id=person.id)
            delegate = mail_client.application.test_client()
            delegate.post("/login", data={"email": user.email, "password": PASSWORD})
            assert delegate.post("/account/language", data={"locale": preference}).status_code == 302
            assert db.session.scalar(db.select(User.locale).where(User.id == user.id)) == preference
    # A person without a party of their own, in Kazakhstan's delegation.
    build.registration(meeting, kazakhstan, build.person(email="delegation@mfa.example.kz"))
    people["delegation@mfa.example.kz"] = (kazakhstan, None, RUSSIAN)

    mail_client.post(f"/manage/meetings/{meeting.id}/invitations?lang=ru")
    assert len(inbox.raw) == len(people)
    for address, (_party, _preference, expected) in people.items():
        (raw,) = received_by(inbox, address)
        lang = "ru" if expected is RUSSIAN else "en"
        for read in readings(raw):
            assert (read.subject, read.sender) == (expected["subject"], expected["secretariat"]), address
            assert expected["intro"] in read.parts["text/plain"]
            event = event_in(read)
            assert event["SUMMARY"] == expected["summary"]
            assert event["ORGANIZER"].params["CN"] == expected["secretariat"]
            assert event["URL"] == f"http://localhost/meetings/{meeting.id}?lang={lang}"
    (entry,) = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "meeting.notified"))
    assert entry.changes["languages"] == {"en": 3, "ru": 3}


def test_a_party_changed_to_russian_on_its_page_gets_russian_invitations(mail_client, smtp, build):
    _, inbox = smtp
    china = build.party("CN")
    meeting = build.meeting(title_en="Senior Officials Committee", title_ru="Комитет старших должностных лиц")
    build.registration(meeting, person=build.person(email="x@mfa.example.cn", party=china))
    form = {"name_en": china.name_en, "name_ru": china.name_ru, "kind": china.kind.value, "active": "y",
            "language": "ru"}
    assert mail_client.post(f"/parties/{china.id}/edit", data=form).status_code == 302
    assert 'lang="ru">Русский' in mail_client.get(f"/parties/{china.id}").get_data(as_text=True)
    mail_client.post(f"/manage/meetings/{meeting.id}/invitations")
    assert inbox.messages[0]["Subject"] == RUSSIAN["subject"]
    form["language"] = "de"
    assert "Not a valid choice" in mail_client.post(f"/parties/{china.id}/edit", data=form).get_data(as_text=True)


UPDATES = {
    "en": [("Invitation: Council of Ministers of Foreign Affairs", "REQUEST",
            "Council of Ministers of Foreign Affairs", "You are invited to the following meeting:"),
           ("Rescheduled: Council of Ministers of Foreign Affairs", "REQUEST",
            "Council of Ministers of Foreign Affairs", "The following meeting has changed"),
           ("Cancelled: Council of Ministers of Foreign Affairs", "CANCEL",
            "CANCELLED: Council of Ministers of Foreign Affairs", "the following meeting has been cancelled")],
    "ru": [("Приглашение: Совет министров иностранных дел", "REQUEST",
            "Совет министров иностранных дел", "Приглашаем вас на следующее мероприятие:"),
           ("Перенесено: Совет министров иностранных дел", "REQUEST",
            "Совет министров иностранных дел", "В следующее мероприятие внесены изменения"),
           ("Отменено: Совет министров иностранных дел", "CANCEL",
            "ОТМЕНЕНО: Совет министров иностранных дел", "следующее мероприятие отменено")],
}


def test_postponement_and_cancellation_reach_each_recipient_in_their_language(mail_client, smtp, build):
    """The same invitation (UID) updated by a postponement through the scheduling service, then
    cancelled, each notice sent by the service itself: higher SEQUENCE and later DTSTAMP each
    time, read alike by both readers."""
    _, inbox = smtp
    organizer = build.user(UserRole.ORGANIZER)
    start = datetime(2026, 11, 11, 5, tzinfo=UTC)  # 09:00 in Baku
    meeting = build.meeting(title_en="Council of Ministers of Foreign Affairs", title_ru="Совет министров иностранных дел",
                            timezone="Asia/Baku", starts_at=start, ends_at=start + timedelta(hours=8))
    build.registration(meeting, person=build.person(email="en@mfa.example.cn", party=build.party("CN")))
    build.registration(meeting, person=build.person(email="ru@mfa.example.az", party=build.party("AZ")))
    sent = [datetime(2026, 10, 1, 9, tzinfo=UTC) + timedelta(days=n) for n in range(3)]
    send_at(mail_client, meeting.id, sent[0])
    postponed_at = datetime.now(UTC).replace(microsecond=0)
    postpone_meeting(meeting, PostponeInput(new_start=datetime(2026, 12, 17, 10), new_end=datetime(2026, 12, 17, 18),
                                            reason="Held online instead."), user=organizer, expected_version=meeting.version)
    deliver_outbox(mail_client.application)
    cancel_meeting(meeting, reason="Postponed sine die.", user=organizer, expected_version=meeting.version)
    deliver_outbox(mail_client.application)
    assert len(inbox.raw) == 6
    for address, lang in (("en@mfa.example.cn", "en"), ("ru@mfa.example.az", "ru")):
        messages = received_by(inbox, address)
        for reader in (read_with_python, read_with_fast_mail_parser):
            events = []
            for raw, (subject, method, summary, sentence) in zip(messages, UPDATES[lang], strict=True):
                read = reader(raw)
                event = event_in(read)
                assert (read.subject, read.method, event["SUMMARY"]) == (subject, method, summary)
                assert sentence in read.parts["text/plain"]
                assert event_in(read, "application/ics")["SEQUENCE"] == event["SEQUENCE"]
                events.append(event)
            first, postponed, cancelled = events
            assert first["DTSTAMP"].dt == sent[0]
            assert postponed_at <= postponed["DTSTAMP"].dt <= cancelled["DTSTAMP"].dt
            assert first["UID"] == postponed["UID"] == cancelled["UID"]
            assert first["SEQUENCE"] < postponed["SEQUENCE"] < cancelled["SEQUENCE"]
            assert first["DTSTART"].dt == start
            assert postponed["DTSTART"].dt == datetime(2026, 12, 17, 6, tzinfo=UTC)  # 10:00 in Baku
            assert cancelled["STATUS"] == "CANCELLED"


def test_one_participant_can_be_invited_alone_and_ids_are_checked(mail_client, smtp, build):
    _, inbox = smtp
    meeting = build.meeting()
    one = build.registration(meeting, email="one@example.org")
    build.registration(meeting, email="two@example.org")
    other = build.registration(build.meeting(), email="three@example.org")
    mail_client.post(f"/manage/meetings/{meeting.id}/invitations", data={"registration_id": one.id})
    assert [m["To"].addresses[0].addr_spec for m in inbox.messages] == ["one@example.org"]
    response = mail_client.post(f"/manage/meetings/{meeting.id}/invitations", data={"registration_id": other.id})
    assert response.status_code == 404
    assert len(inbox.messages) == 1


def test_mail_server_down_keeps_the_invitation_queued_not_a_500(make_app, build, auth):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_DELIVERY="inline")
    app.test_client_class = ServerLikeClient
    client = app.test_client()
    meeting = build.meeting()
    build.registration(meeting, email="x@example.org")
    client.post("/login", data={"email": build.user(UserRole.ADMIN).email, "password": PASSWORD})
    response = client.post(f"/manage/meetings/{meeting.id}/invitations", follow_redirects=True)
    assert response.status_code == 200
    assert "Invitation queued for 1 participant." in response.get_data(as_text=True)
    (message,) = db.session.scalars(db.select(OutboxMessage))
    assert (message.status, message.attempts, message.recipient) == (OutboxStatus.QUEUED, 1, "x@example.org")
    assert "refused" in message.last_error.lower()


@pytest.mark.parametrize("role", [UserRole.STAFF, UserRole.FOCAL_POINT, UserRole.DELEGATE])
def test_only_organizers_send_invitations(client, auth, build, role):
    meeting = build.meeting()
    auth.login(role)
    assert client.get(f"/manage/meetings/{meeting.id}/invitations").status_code == 403
    assert client.post(f"/manage/meetings/{meeting.id}/invitations").status_code == 403


def test_organizer_issues_a_calendar_address_for_a_participant_without_account(client, auth, build):
    meeting = build.meeting()
    registration = build.registration(meeting)
    auth.login(UserRole.ORGANIZER)
    page = client.post(f"/manage/meetings/{meeting.id}/invitations/{registration.id}/feed", follow_redirects=True)
    body = page.get_data(as_text=True)
    path = body.split('id="issued-feed-url" value="')[1].split('"')[0].replace("http://localhost", "")
    client.post("/logout")
    feed = client.get(path)
    assert feed.status_code == 200
    assert f"meeting-{meeting.id}@meetings.s-cica.org".encode() in feed.data


def test_an_address_outside_ascii_is_named_not_a_500(mail_client, smtp, build):
    _, inbox = smtp
    meeting = build.meeting(title_en="Expert meeting")
    build.registration(meeting, email="aida@example.org")
    build.registration(meeting, email="josé@пример.рф", given_names="José", family_name="Ruiz")
    response = mail_client.post(f"/manage/meetings/{meeting.id}/invitations", follow_redirects=True)
    assert response.status_code == 200
    assert [m["To"].addresses[0].addr_spec for m in inbox.messages] == ["aida@example.org"]
    assert "Not sent to addresses with letters outside Latin script (ask for another address): " \
           "José Ruiz &lt;josé@пример.рф&gt;" in response.get_data(as_text=True)

"""Invitations by e-mail through a real SMTP server (aiosmtpd), read back with the email parser."""

import email
import socket
from datetime import UTC, date, datetime, time, timedelta
from email import policy

import icalendar
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink

from meetings.extensions import db
from meetings.models import AuditEntry, MeetingStatus, UserRole
from meetings.scheduling import services as scheduling
from tests.calendar_export.parsers import assert_parses_everywhere
from tests.feeds.webforms import submit


class Inbox(Sink):
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


@pytest.fixture
def mail_client(make_app, smtp, build):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp[0])
    client = app.test_client()
    organizer = build.user(UserRole.ORGANIZER)
    from tests.conftest import PASSWORD

    client.post("/login", data={"email": organizer.email, "password": PASSWORD})
    return client


def invitation_of(message) -> icalendar.Calendar:
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    assert parts[0].get_param("method") in ("REQUEST", "CANCEL")
    return icalendar.Calendar.from_ical(parts[0].get_content())


def test_invitation_reaches_the_participant_with_the_meeting(mail_client, smtp, build, feeds):
    _, inbox = smtp
    start = datetime(2026, 12, 9, 5, tzinfo=UTC)
    meeting = build.meeting(title_en="Senior Officials Committee", starts_at=start, ends_at=start + timedelta(hours=8))
    person = build.person(email="aida@example.org", given_names="Aida", family_name="Bekova")
    nobody = build.person(email="")
    feeds.register(meeting, person)
    feeds.register(meeting, nobody)
    response = mail_client.post(f"/manage/meetings/{meeting.id}/invitations", follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "Invitation sent to 1 participant." in body
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


def test_cancellation_updates_the_same_invitation(mail_client, smtp, build, feeds):
    _, inbox = smtp
    meeting = build.meeting(title_en="Expert meeting")
    feeds.register(meeting, build.person(email="x@example.org"))
    mail_client.post(f"/manage/meetings/{meeting.id}/invitations")
    submit(mail_client, f"/manage/meetings/{meeting.id}/cancel", {"reason": "The host withdrew."})
    db.session.expire_all()
    assert (meeting.status, meeting.sequence) == (MeetingStatus.CANCELLED, 1)
    mail_client.post(f"/manage/meetings/{meeting.id}/invitations")
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
def test_a_postponement_reaches_feed_and_mail_in_local_time(mail_client, smtp, build, feeds, zone, old_day, new_day,
                                                            old_utc_hour, new_utc_hour):
    """Postponed through the scheduling service: the feed and the updated invitation keep the
    meeting and its sessions at the same wall-clock times in its zone, on the new day, with a
    higher SEQUENCE; across a clock change the UTC instant moves by the extra hour."""
    _, inbox = smtp
    organizer = build.user(UserRole.ORGANIZER)
    meeting = scheduling.create_meeting({
        "title_en": "Expert meeting", "type_id": build.meeting_type("SOC").id, "timezone": zone,
        "status": MeetingStatus.PLANNED, "local_start": datetime.combine(old_day, time(9)),
        "local_end": datetime.combine(old_day, time(17)), "city_en": "Somewhere",
    }, user=organizer, accept_warnings=True)
    item = scheduling.add_agenda_item(meeting, {
        "title_en": "Opening", "kind": "plenary",
        "local_start": datetime.combine(old_day, time(10)), "local_end": datetime.combine(old_day, time(11, 30)),
    }, user=organizer, accept_warnings=True)
    feeds.register(meeting, build.person(email="x@example.org"))
    uid, item_uid = f"meeting-{meeting.id}@meetings.s-cica.org", f"agenda-item-{item.id}@meetings.s-cica.org"
    url = f"/meetings/{meeting.id}.ics"
    mail_client.post(f"/manage/meetings/{meeting.id}/invitations")
    before = mail_client.get(url)
    old_event = event_of(icalendar.Calendar.from_ical(before.data), uid)
    old_instant = datetime.combine(old_day, time(old_utc_hour), tzinfo=UTC)
    assert_local_start(old_event, zone, datetime.combine(old_day, time(9)), old_instant)

    scheduling.postpone_meeting(meeting, new_start=datetime.combine(new_day, time(9)),
                                new_end=datetime.combine(new_day, time(17)), reason="The host asked for later dates.",
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
    assert str(event["SUMMARY"]) == "POSTPONED: Expert meeting"
    moved = event_of(feed, item_uid)
    assert_local_start(moved, zone, datetime.combine(new_day, time(10)),
                       new_instant + timedelta(hours=1))
    assert moved["SEQUENCE"] > event_of(icalendar.Calendar.from_ical(before.data), item_uid)["SEQUENCE"]

    mail_client.post(f"/manage/meetings/{meeting.id}/invitations")
    assert len(inbox.messages) == 2
    assert inbox.messages[1]["Subject"] == "Updated invitation: Expert meeting"
    first, update = (invitation_of(m) for m in inbox.messages)
    assert update["METHOD"] == "REQUEST"
    sent_before, sent = first.walk("VEVENT")[0], update.walk("VEVENT")[0]
    assert str(sent["UID"]) == str(sent_before["UID"]) == uid
    assert_local_start(sent_before, zone, datetime.combine(old_day, time(9)), old_instant)
    assert_local_start(sent, zone, datetime.combine(new_day, time(9)), new_instant)
    assert sent["SEQUENCE"] == sent_before["SEQUENCE"] + 1


def test_one_participant_can_be_invited_alone_and_ids_are_checked(mail_client, smtp, build, feeds):
    _, inbox = smtp
    meeting = build.meeting()
    one = feeds.register(meeting, build.person(email="one@example.org"))
    feeds.register(meeting, build.person(email="two@example.org"))
    other = feeds.register(build.meeting(), build.person(email="three@example.org"))
    mail_client.post(f"/manage/meetings/{meeting.id}/invitations", data={"registration_id": one.id})
    assert [m["To"].addresses[0].addr_spec for m in inbox.messages] == ["one@example.org"]
    response = mail_client.post(f"/manage/meetings/{meeting.id}/invitations", data={"registration_id": other.id})
    assert response.status_code == 404
    assert len(inbox.messages) == 1


def test_mail_server_down_is_a_message_not_a_500(make_app, build, feeds, auth):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    client = app.test_client()
    meeting = build.meeting()
    feeds.register(meeting, build.person(email="x@example.org"))
    from tests.conftest import PASSWORD

    client.post("/login", data={"email": build.user(UserRole.ADMIN).email, "password": PASSWORD})
    response = client.post(f"/manage/meetings/{meeting.id}/invitations", follow_redirects=True)
    assert response.status_code == 200
    assert "could not be reached" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [UserRole.STAFF, UserRole.FOCAL_POINT, UserRole.DELEGATE])
def test_only_organizers_send_invitations(client, auth, build, role):
    meeting = build.meeting()
    auth.login(role)
    assert client.get(f"/manage/meetings/{meeting.id}/invitations").status_code == 403
    assert client.post(f"/manage/meetings/{meeting.id}/invitations").status_code == 403


def test_organizer_issues_a_calendar_address_for_a_participant_without_account(client, auth, build, feeds):
    meeting = build.meeting()
    registration = feeds.register(meeting, build.person())
    auth.login(UserRole.ORGANIZER)
    page = client.post(f"/manage/meetings/{meeting.id}/invitations/{registration.id}/feed", follow_redirects=True)
    body = page.get_data(as_text=True)
    path = body.split('id="issued-feed-url" value="')[1].split('"')[0].replace("http://localhost", "")
    client.post("/logout")
    feed = client.get(path)
    assert feed.status_code == 200
    assert f"meeting-{meeting.id}@meetings.s-cica.org".encode() in feed.data

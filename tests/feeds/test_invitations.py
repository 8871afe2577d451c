"""Invitations by e-mail through a real SMTP server (aiosmtpd), read back as mail clients read them:
with Python's email package and with an independent MIME parser (fast-mail-parser, Rust's mailparse)."""

import email
import re
import socket
from datetime import UTC, datetime, timedelta
from email import policy

import fast_mail_parser
import icalendar
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Sink

from meetings.extensions import db
from meetings.feeds import mail
from meetings.models import AuditEntry, Meeting, MeetingStatus, UserRole, Venue


class Inbox(Sink):
    def __init__(self) -> None:
        self.raw: list[bytes] = []  # as received
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.raw.append(envelope.content)
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


def send_at(client, meeting_id: int, now: datetime, lang: str = "en") -> mail.SendReport:
    """Send to every participant as the invitations page does, with the clock passed in."""
    with client.application.test_request_context():
        meeting = db.session.get(Meeting, meeting_id)
        return mail.send_invitations(meeting, mail.active_registrations(meeting), page_url="https://example.org/m",
                                     lang=lang, user_id=None, now=now)


def parts_read_by_python(raw: bytes) -> dict[str, str]:
    """Content type -> text of every leaf part, as Python's email package reads the message."""
    message = email.message_from_bytes(raw, policy=policy.default)
    texts = {}
    for part in message.walk():
        if part.is_multipart():
            continue
        content = part.get_content()  # text/*: decoded with the declared charset (US-ASCII if none)
        if isinstance(content, bytes):  # application/ics: bytes, in the charset the part declares
            assert part.get_content_charset() == "utf-8", part["Content-Type"]
            content = content.decode("utf-8")
        texts[part.get_content_type()] = content
    return texts


def parts_read_by_fast_mail_parser(raw: bytes) -> dict[str, str]:
    """The same, read by a MIME parser that shares no code with Python's (Rust's mailparse)."""
    texts = {}
    for part in fast_mail_parser.walk(fast_mail_parser.parse_email_tree(raw)):
        if part.content is None:  # a multipart container
            continue
        (content_type,) = part.headers["Content-Type"]
        charset = re.search(r'charset="?([^";\s]+)', content_type, re.IGNORECASE)
        assert charset is not None and charset[1].lower() == "utf-8", content_type
        texts[part.content_type] = part.content.decode("utf-8")
    return texts


def unfolded(text: str) -> str:
    return re.sub(r"\r?\n[ \t]", "", text)


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
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    db.session.commit()
    mail_client.post(f"/manage/meetings/{meeting.id}/invitations")
    first, second = (invitation_of(m) for m in inbox.messages)
    assert second["METHOD"] == "CANCEL"
    old, new = first.walk("VEVENT")[0], second.walk("VEVENT")[0]
    assert new["UID"] == old["UID"]
    assert new["SEQUENCE"] > old["SEQUENCE"]
    assert new["STATUS"] == "CANCELLED"
    assert inbox.messages[1]["Subject"] == "Cancelled: Expert meeting"


def test_an_invitation_sent_again_after_a_change_is_newer(mail_client, smtp, build, feeds):
    """RFC 5546: DTSTAMP is when the message was made. A venue renamed between two sends changes
    no SEQUENCE, so only a later DTSTAMP tells the client that the second message is the newer."""
    _, inbox = smtp
    venue_form = {"name_en": "Palace of Independence", "city_en": "Astana", "timezone": "Asia/Almaty"}
    assert mail_client.post("/manage/venues", data=venue_form).status_code == 302
    venue = db.session.scalar(db.select(Venue).where(Venue.name_en == "Palace of Independence"))
    meeting = build.meeting(venue=venue)
    feeds.register(meeting, build.person(email="x@example.org"))
    sent_at = datetime(2026, 11, 2, 9, 30, 15, tzinfo=UTC)
    send_at(mail_client, meeting.id, sent_at)
    renamed = venue_form | {"name_en": "Palace of Peace and Reconciliation"}
    assert mail_client.post(f"/manage/venues/{venue.id}", data=renamed).status_code == 302
    send_at(mail_client, meeting.id, sent_at + timedelta(minutes=5))
    first, second = (invitation_of(m).walk("VEVENT")[0] for m in inbox.messages)
    assert "Palace of Independence" in first["LOCATION"]
    assert "Palace of Peace and Reconciliation" in second["LOCATION"]
    assert second["UID"] == first["UID"]
    assert (first["DTSTAMP"].dt, second["DTSTAMP"].dt) == (sent_at, sent_at + timedelta(minutes=5))
    assert [m["Date"].datetime for m in inbox.messages] == [sent_at, sent_at + timedelta(minutes=5)]


def test_the_invitations_page_stamps_the_sending_time(mail_client, smtp, build, feeds):
    _, inbox = smtp
    meeting = build.meeting()
    feeds.register(meeting, build.person(email="x@example.org"))
    before = datetime.now(UTC).replace(microsecond=0)
    mail_client.post(f"/manage/meetings/{meeting.id}/invitations")
    after = datetime.now(UTC)
    stamp = invitation_of(inbox.messages[0]).walk("VEVENT")[0]["DTSTAMP"].dt
    assert before <= stamp <= after


def test_a_russian_invitation_reads_intact_in_two_mail_parsers(mail_client, smtp, build, feeds):
    """The calendar part and the attachment say charset=utf-8: without it a reader takes the
    bytes as US-ASCII and every Cyrillic letter becomes U+FFFD."""
    _, inbox = smtp
    venue = Venue(name_en="Palace of Independence", name_ru="Дворец Независимости", city_en="Astana",
                  city_ru="Астана", timezone="Asia/Almaty")
    title = "Совещание старших должностных лиц"
    meeting = build.meeting(title_ru=title, venue=venue, city_en="Astana", city_ru="Астана")
    feeds.register(meeting, build.person(email="x@example.org"))
    send_at(mail_client, meeting.id, datetime(2026, 11, 2, 9, tzinfo=UTC), lang="ru")
    (raw,) = inbox.raw
    python, independent = parts_read_by_python(raw), parts_read_by_fast_mail_parser(raw)
    assert set(python) == set(independent) == {"text/plain", "text/calendar", "application/ics"}
    for reader in (python, independent):
        for content_type, text in reader.items():
            assert "\ufffd" not in text, content_type
            assert title in unfolded(text), content_type
        for content_type in ("text/calendar", "application/ics"):
            (event,) = icalendar.Calendar.from_ical(reader[content_type]).walk("VEVENT")
            assert (event["SUMMARY"], event["LOCATION"]) == (title, "Дворец Независимости, Астана")
    assert fast_mail_parser.parse_email(raw).subject == inbox.messages[0]["Subject"] == f"Приглашение: {title}"


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

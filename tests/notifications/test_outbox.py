"""The outbox: messages queued with the change that causes them, delivered to a real SMTP server
(aiosmtpd) or to .eml files, retried with backoff, given up after the limit; party invitations,
reminders and notices, read back with the ``email`` package and icalendar."""

import email
from datetime import UTC, datetime, time, timedelta
from email import policy

import icalendar
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text

from meetings.extensions import db
from meetings.models import (
    AuditEntry,
    DelegationReply,
    MeetingStatus,
    MessageKind,
    OutboxMessage,
    OutboxStatus,
    UserRole,
)
from meetings.notifications import notices, outbox
from meetings.participants import services as participants
from meetings.scheduling.inputs import PostponeInput
from meetings.scheduling.workflow import postpone_meeting, postpone_until_further_notice
from meetings.timeutil import local_dates, local_today
from meetings.transaction import transaction
from tests.conftest import PASSWORD, Inbox, ServerLikeClient, deliver_outbox, free_port, requires_postgres
from tests.feeds.webforms import submit


def messages() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)))


def attachment_calendar(message) -> icalendar.Calendar:
    (part,) = [p for p in message.walk() if p.get_content_type() == "application/ics"]
    assert part.get_filename() == "invite.ics"
    return icalendar.Calendar.from_ical(part.get_content())


def is_reminder(message) -> bool:
    return message["Subject"].startswith(("Reminder:", "Напоминание:"))


def logged_in(app, user):
    app.test_client_class = ServerLikeClient
    client = app.test_client()
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    return client


def test_a_message_is_queued_in_the_transaction_of_its_cause(app_context, build):
    meeting = build.meeting()
    build.user(UserRole.FOCAL_POINT, party_id=build.party("KZ").id)
    with pytest.raises(RuntimeError), transaction():
        participants.invite_parties(meeting, [build.party("KZ")], build.secretariat)
        assert len(messages()) == 1  # queued beside the invitation...
        raise RuntimeError("the request fails after")
    assert messages() == []  # ...and gone with it: nothing half-written
    participants.invite_parties(meeting, [build.party("KZ")], build.secretariat)
    (queued,) = messages()
    assert (queued.status, queued.kind, queued.attempts) == (OutboxStatus.QUEUED, MessageKind.PARTY_INVITATION, 0)


def test_party_invitations_reach_only_that_partys_focal_points_in_their_language(make_app, build, smtp):
    port, inbox = smtp
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DELIVERY="inline")
    kz, cn, tr = build.party("KZ"), build.party("CN"), build.party("TR")
    assert (kz.language, cn.language) == ("ru", "en")
    build.user(UserRole.FOCAL_POINT, party_id=kz.id, email="fp@mfa.example.kz")  # the party's language: Russian
    english_reader = build.user(UserRole.FOCAL_POINT, party_id=kz.id, email="fp-en@mfa.example.kz")
    english_reader.locale = "en"  # their own account's language (saved on their account page)
    db.session.commit()
    build.user(UserRole.FOCAL_POINT, party_id=cn.id, email="fp@mfa.example.cn")
    build.user(UserRole.FOCAL_POINT, party_id=tr.id, email="fp@mfa.example.tr")  # not invited
    build.user(UserRole.DELEGATE, email="delegate@example.org", person_id=build.person(party=kz).id)
    meeting = build.meeting(title_en="Senior Officials Committee", title_ru="Комитет старших должностных лиц")
    client = logged_in(app, build.user(UserRole.ORGANIZER))
    page = client.post(f"/meetings/{meeting.id}/delegations/invite", data={"parties": [kz.id, cn.id]},
                       follow_redirects=True)
    assert "2 parties invited." in page.get_data(as_text=True)
    received = {m["To"].addresses[0].addr_spec: m for m in inbox.messages}
    assert sorted(received) == ["fp-en@mfa.example.kz", "fp@mfa.example.cn", "fp@mfa.example.kz"]
    russian, english = received["fp@mfa.example.kz"], received["fp-en@mfa.example.kz"]
    assert russian["Subject"] == "Приглашение на мероприятие «Комитет старших должностных лиц»"
    assert english["Subject"] == received["fp@mfa.example.cn"]["Subject"] == "Invitation to Senior Officials Committee"
    text = russian.get_body(preferencelist=("plain",)).get_content()
    assert "Сторона «Казахстан» приглашается" in text
    assert "http://localhost/desk/party?lang=ru" in text
    event = attachment_calendar(russian).walk("VEVENT")[0]
    assert str(event["UID"]) == f"meeting-{meeting.id}@meetings.s-cica.org"
    assert str(event["SUMMARY"]) == "Комитет старших должностных лиц"
    assert [m.status for m in messages()] == [OutboxStatus.SENT] * 3
    # Invited once, told once: inviting all Member States now tells only those newly invited (Türkiye).
    client.post(f"/meetings/{meeting.id}/delegations/invite-members")
    assert [m["To"].addresses[0].addr_spec for m in inbox.messages[3:]] == ["fp@mfa.example.tr"]


def test_a_failed_attempt_is_retried_with_backoff_and_sent_once(make_app, build, app_context):
    port = free_port()
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_RETRY_SECONDS=60)
    meeting = build.meeting()
    build.registration(meeting, email="x@example.org")
    deliver_outbox(app)  # nothing queued yet: nothing happens
    client = logged_in(app, build.user(UserRole.ORGANIZER))
    client.post(f"/manage/meetings/{meeting.id}/invitations")  # worker mode: queued, not delivered
    (message,) = messages()
    assert (message.status, message.attempts) == (OutboxStatus.QUEUED, 0)
    before = datetime.now(UTC)
    deliver_outbox(app)  # the server is down
    (message,) = messages()
    assert (message.status, message.attempts) == (OutboxStatus.QUEUED, 1)
    assert "refused" in message.last_error.lower()
    assert message.next_attempt_at >= before + timedelta(seconds=60)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        deliver_outbox(app)  # up again, but the next attempt is not due yet
        assert inbox.messages == []
        with app.app_context():
            report = outbox.deliver_due(now=message.next_attempt_at)
        assert (report.sent, report.retrying, report.failed) == (1, 0, 0)
        with app.app_context():
            outbox.deliver_due(now=message.next_attempt_at + timedelta(days=1))
    finally:
        controller.stop()
    (message,) = messages()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 2)
    assert [m["To"].addresses[0].addr_spec for m in inbox.messages] == ["x@example.org"]


def test_a_message_is_given_up_after_the_limit_and_an_admin_retries_it(make_app, build, smtp, app_context):
    port, inbox = smtp
    down = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_MAX_ATTEMPTS=3, MAIL_RETRY_SECONDS=0)
    meeting = build.meeting()
    build.registration(meeting, email="x@example.org")
    logged_in(down, build.user(UserRole.ORGANIZER)).post(f"/manage/meetings/{meeting.id}/invitations")
    for _ in range(5):
        deliver_outbox(down)
    (message,) = messages()
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 3)

    up = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DELIVERY="inline", MAIL_MAX_ATTEMPTS=3)
    admin = logged_in(up, build.user(UserRole.ADMIN))
    page = admin.get("/admin/outbox?status=failed").get_data(as_text=True)
    assert "x@example.org" in page and f"/admin/outbox/{message.id}" in page
    detail = admin.get(f"/admin/outbox/{message.id}").get_data(as_text=True)
    assert "Connection refused" in detail and "invite.ics" in detail and "Invitation: " in detail
    response = admin.post(f"/admin/outbox/{message.id}/retry", follow_redirects=True)
    assert "The message is queued again" in response.get_data(as_text=True)
    (message,) = messages()
    assert (message.status, message.attempts) == (OutboxStatus.SENT, 3)
    assert len(inbox.messages) == 1
    assert db.session.scalar(db.select(AuditEntry.action).where(AuditEntry.object_type == "outbox_message")) \
        == "outbox_message.retried"


def test_a_refusal_for_good_is_not_retried(make_app, build, app_context):
    class Refusing(Inbox):
        async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
            return "550 5.1.1 No such mailbox"

    port = free_port()
    controller = Controller(Refusing(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        meeting = build.meeting()
        build.registration(meeting, email="gone@example.org")
        logged_in(app, build.user(UserRole.ORGANIZER)).post(f"/manage/meetings/{meeting.id}/invitations")
        deliver_outbox(app)
    finally:
        controller.stop()
    (message,) = messages()
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 1)
    assert message.last_error.startswith("550")


def test_without_a_mail_server_messages_are_written_as_eml_files(make_app, build, tmp_path, app_context):
    app = make_app(MAIL_SERVER="", MAIL_FILE_DIR=str(tmp_path / "mail"))
    meeting = build.meeting(title_en="Expert meeting")
    build.registration(meeting, email="x@example.org")
    logged_in(app, build.user(UserRole.ORGANIZER)).post(f"/manage/meetings/{meeting.id}/invitations")
    deliver_outbox(app)
    (path,) = (tmp_path / "mail").iterdir()
    assert path.name.endswith("-invitation.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert (message["Subject"], message["To"].addresses[0].addr_spec) == ("Invitation: Expert meeting", "x@example.org")
    assert attachment_calendar(message)["METHOD"] == "REQUEST"
    assert messages()[0].status is OutboxStatus.SENT


def test_reminders_go_once_to_parties_that_have_not_replied_or_registered(make_app, build, smtp, app_context):
    port, inbox = smtp
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_REMINDER_DAYS=(7, 1))
    meeting = build.meeting()
    today = local_today(meeting.timezone, datetime.now(UTC))
    meeting.registration_deadline = today + timedelta(days=7)
    db.session.commit()
    parties = {code: build.party(code) for code in ("KZ", "CN", "TR", "IN")}
    for code, party in parties.items():
        build.user(UserRole.FOCAL_POINT, party_id=party.id, email=f"fp@{code.lower()}.example.org")
    for party in parties.values():
        build.delegation(meeting, party)  # KZ: no reply
    build.registration(meeting, parties["CN"])  # CN: registered someone
    for code, reply in (("CN", DelegationReply.ACCEPTED), ("TR", DelegationReply.DECLINED),
                        ("IN", DelegationReply.ACCEPTED)):  # IN: accepted, nobody registered
        delegation = participants.delegation_for(meeting, parties[code].id)
        participants.update_delegation(meeting, delegation, reply, None, build.secretariat)
    deliver_outbox(app)  # the party invitations, and the reminders
    reminders = [m for m in inbox.messages if is_reminder(m)]
    assert sorted(m["To"].addresses[0].addr_spec for m in reminders) == ["fp@in.example.org", "fp@kz.example.org"]
    by_address = {m["To"].addresses[0].addr_spec: m.get_body(preferencelist=("plain",)).get_content() for m in reminders}
    assert "Сторона «Казахстан» пока не ответила на приглашение." in by_address["fp@kz.example.org"]
    assert "No one from India is registered yet." in by_address["fp@in.example.org"]
    deliver_outbox(app)  # run twice: nothing more
    assert len([m for m in inbox.messages if is_reminder(m)]) == 2
    # A week later, the day before: the last reminder; and a changed deadline reminds again.
    with app.app_context():
        assert notices.queue_due_reminders(now=datetime.now(UTC) + timedelta(days=6)) == 2
        assert notices.queue_due_reminders(now=datetime.now(UTC) + timedelta(days=6)) == 0
    meeting.registration_deadline = today + timedelta(days=5)
    db.session.commit()
    deliver_outbox(app)
    assert len([m for m in inbox.messages if is_reminder(m)]) == 2 + 2  # those of a week later are due then
    assert len([m for m in messages() if m.kind is MessageKind.REMINDER]) == 2 + 2 + 2


def test_a_cancellation_notifies_the_participants_in_their_language(make_app, build, smtp, app_context):
    port, inbox = smtp
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DELIVERY="inline")
    meeting = build.meeting(title_en="Expert meeting", title_ru="Совещание экспертов")
    build.registration(meeting, person=build.person(email="a@mfa.example.kz", party=build.party("KZ")))
    build.registration(meeting, person=build.person(email="b@mfa.example.cn", party=build.party("CN")))
    client = logged_in(app, build.user(UserRole.ORGANIZER))
    submit(client, f"/manage/meetings/{meeting.id}/cancel", {"reason": "The host withdrew."})
    subjects = sorted(m["Subject"] for m in inbox.messages)
    assert subjects == ["Cancelled: Expert meeting", "Отменено: Совещание экспертов"]
    assert {m.kind for m in messages()} == {MessageKind.NOTICE}


@requires_postgres
def test_two_workers_never_take_the_same_message(make_app, build, smtp, app_context):
    """A worker holding a message (its claim's row lock, mid-send) is skipped by another worker,
    which neither waits for it nor sends it too."""
    port, inbox = smtp
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    meeting = build.meeting()
    build.registration(meeting, email="one@example.org")
    build.registration(meeting, email="two@example.org")
    logged_in(app, build.user(UserRole.ORGANIZER)).post(f"/manage/meetings/{meeting.id}/invitations")
    first, second = messages()
    db.session.commit()
    with db.engine.connect() as other_worker, other_worker.begin():
        other_worker.execute(text("SELECT id FROM outbox_message WHERE id = :id FOR UPDATE"), {"id": first.id})
        with app.app_context():
            report = outbox.deliver_due()
        assert (report.sent, report.retrying, report.failed) == (1, 0, 0)
        assert [m["To"].addresses[0].addr_spec for m in inbox.messages] == ["two@example.org"]
    with app.app_context():
        assert outbox.deliver_due().sent == 1
    assert sorted(m["To"].addresses[0].addr_spec for m in inbox.messages) == ["one@example.org", "two@example.org"]


def test_without_a_worker_a_page_view_queues_the_due_reminders_and_retries_at_most_every_sweep(
        make_app, build, smtp, app_context):
    # MAIL_DELIVERY=inline is what `make run` has: no worker runs, yet reminders must go.
    port, inbox = smtp
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DELIVERY="inline", OUTBOX_INLINE_SWEEP_SECONDS=3600)
    meeting = build.meeting()
    meeting.registration_deadline = local_today(meeting.timezone, datetime.now(UTC)) + timedelta(days=1)
    db.session.commit()
    party = build.party("KZ")
    build.user(UserRole.FOCAL_POINT, party_id=party.id, email="fp@kz.example.org")
    build.delegation(meeting, party)
    app.test_client_class = ServerLikeClient
    client = app.test_client()
    assert client.get("/").status_code == 200  # the first response of the process sweeps
    assert [m["To"].addresses[0].addr_spec for m in inbox.messages if is_reminder(m)] == ["fp@kz.example.org"]
    # A second party's reminder is due too, but this process swept a moment ago: it waits.
    other = build.party("CN")
    build.user(UserRole.FOCAL_POINT, party_id=other.id, email="fp@cn.example.org")
    build.delegation(meeting, other)
    assert client.get("/").status_code == 200
    assert len([m for m in inbox.messages if is_reminder(m)]) == 1
    assert not [m for m in messages() if m.kind is MessageKind.REMINDER and m.recipient == "fp@cn.example.org"]


def test_a_postponement_until_further_notice_tells_the_participants_and_a_move_reschedules(
        make_app, build, smtp, app_context):
    port, inbox = smtp
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    organizer = build.user(UserRole.ORGANIZER)
    meeting = build.meeting(title_en="Expert meeting", status=MeetingStatus.CONFIRMED)
    build.registration(meeting, person=build.person(email="d@mfa.example.cn", party=build.party("CN")))
    postpone_until_further_notice(meeting, reason="The host asked for time.", user=organizer,
                                  expected_version=meeting.version)
    deliver_outbox(app)
    notice = icalendar.Calendar.from_ical(inbox.messages[-1].get_body(("calendar",)).get_content())
    assert inbox.messages[-1]["Subject"] == "Postponed: Expert meeting"
    assert str(notice.walk("VEVENT")[0]["SUMMARY"]).startswith("POSTPONED:")
    first = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)[0] + timedelta(days=30)
    postpone_meeting(meeting, PostponeInput(new_start=datetime.combine(first, time(10)),
                                            new_end=datetime.combine(first, time(17)), reason="A new date is agreed.",
                                            status=MeetingStatus.CONFIRMED),
                     user=organizer, expected_version=meeting.version)
    deliver_outbox(app)
    update = icalendar.Calendar.from_ical(inbox.messages[-1].get_body(("calendar",)).get_content())
    assert inbox.messages[-1]["Subject"] == "Rescheduled: Expert meeting"
    event = update.walk("VEVENT")[0]
    assert (str(event["SUMMARY"]), str(event["STATUS"])) == ("Expert meeting", "CONFIRMED")
    assert len(inbox.messages) == 2


def test_the_text_of_a_notice_says_postponed_until_further_notice_or_where_a_meeting_moved_from(build, app_context):
    """The subject said Postponed, the text 'has changed' above the old dates, as if they were the
    new ones; after a move it did not say from which dates, as the feeds and documents do."""
    organizer = build.user(UserRole.ORGANIZER)
    meeting = build.meeting(title_en="Expert meeting", title_ru="Совещание экспертов", status=MeetingStatus.CONFIRMED)
    build.registration(meeting, person=build.person(email="d@mfa.example.cn", party=build.party("CN")))
    build.registration(meeting, person=build.person(email="d@mid.example.ru", party=build.party("RU")))
    postpone_until_further_notice(meeting, reason="The host asked for time.", user=organizer,
                                  expected_version=meeting.version)
    first = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)[0] + timedelta(days=30)
    postpone_meeting(meeting, PostponeInput(new_start=datetime.combine(first, time(10)),
                                            new_end=datetime.combine(first, time(17)), reason="A new date is agreed.",
                                            status=MeetingStatus.CONFIRMED),
                     user=organizer, expected_version=meeting.version)
    texts = {}
    for row in messages():
        parsed = email.message_from_bytes(row.content, policy=policy.default)
        texts[parsed["Subject"]] = parsed.get_body(("plain",)).get_content()
    assert set(texts) == {"Postponed: Expert meeting", "Отложено: Совещание экспертов",
                          "Rescheduled: Expert meeting", "Перенесено: Совещание экспертов"}
    assert "postponed until further notice" in texts["Postponed: Expert meeting"]
    assert "has changed" not in texts["Postponed: Expert meeting"]
    assert "отложено до особого уведомления" in texts["Отложено: Совещание экспертов"]
    assert "Rescheduled from 9 December 2026" in texts["Rescheduled: Expert meeting"]
    assert "Перенесено с прежних дат: 9 декабря 2026" in texts["Перенесено: Совещание экспертов"]
    assert "Rescheduled from" not in texts["Postponed: Expert meeting"]


def test_no_deadline_reminder_for_a_meeting_postponed_until_further_notice(app, build, app_context):
    """Its dates, and so its registration deadline, no longer stand: 'registration closes on ...'
    would tell the focal points otherwise. Moved to new dates, it reminds again."""
    organizer = build.user(UserRole.ORGANIZER)
    meeting = build.meeting(title_en="Expert meeting")
    today = local_today(meeting.timezone, datetime.now(UTC))
    meeting.registration_deadline = today + timedelta(days=7)
    db.session.commit()
    build.user(UserRole.FOCAL_POINT, party_id=build.party("KZ").id, email="fp@kz.example.org")
    build.delegation(meeting, "KZ")  # no reply yet
    postpone_until_further_notice(meeting, reason="The host asked for time.", user=organizer,
                                  expected_version=meeting.version)
    assert notices.queue_due_reminders() == 0
    first = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)[0] + timedelta(days=30)
    postpone_meeting(meeting, PostponeInput(new_start=datetime.combine(first, time(10)),
                                            new_end=datetime.combine(first, time(17)), reason="A new date is agreed."),
                     user=organizer, expected_version=meeting.version)
    assert notices.queue_due_reminders() == 1


def test_the_outbox_in_russian_names_kinds_of_e_mail_and_languages(client, auth, build, app_context):
    message = email.message.EmailMessage()
    message["Subject"] = "Отменено: Совещание экспертов"
    message.set_content("Мероприятие отменено.")
    with transaction():
        outbox.queue(message, recipient="a@mfa.example.kz", subject=message["Subject"],
                     kind=MessageKind.CANCELLATION, language="ru", meeting_id=None)
    auth.login(UserRole.ADMIN)
    client.get("/language/ru?next=/")
    listing = client.get("/admin/outbox").get_data(as_text=True)
    # The e-mail's kind, not the word that leaves a form.
    assert "Уведомление об отмене" in listing and ">Отмена<" not in listing
    (stored,) = messages()
    detail = client.get(f"/admin/outbox/{stored.id}").get_data(as_text=True)
    assert "<dd>русский</dd>" in detail and "<dd>ru</dd>" not in detail

"""Invitations by e-mail: the meeting as an iTIP attachment (RFC 5546) that mail clients file
as an invitation, and updates (same UID, higher SEQUENCE) or cancellations of it."""

import smtplib
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from calendar_export import Person as Attendee
from calendar_export import build_invitation
from meetings import audit
from meetings.extensions import db
from meetings.feeds.services import meeting_entry
from meetings.i18n import localized
from meetings.models import Meeting, MeetingStatus, Registration
from meetings.models.base import utcnow
from meetings.visibility import ACTIVE_REGISTRATION


class MailError(RuntimeError):
    """The mail server could not be reached or refused the message."""


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # people without an e-mail address


def _message(registration: Registration, *, page_url: str, lang: str, now: datetime) -> EmailMessage:
    meeting, person = registration.meeting, registration.person
    method = "CANCEL" if meeting.status is MeetingStatus.CANCELLED else "REQUEST"
    sender_name, sender_email = parseaddr(current_app.config["MAIL_SENDER"])
    with force_locale(lang):
        entry = meeting_entry(meeting, lang=lang, domain=current_app.config["UID_DOMAIN"], page_url=page_url)
        ics = build_invitation(
            entry,
            method=method,
            organizer=Attendee(email=sender_email, name=sender_name),
            attendees=(Attendee(email=person.email, name=person.display_name),),
            # RFC 5546: an iTIP message's DTSTAMP is when the message was made. With the meeting's
            # update time a message re-sent after a change (a renamed venue) looked no newer than
            # the one before it, and clients kept the old one.
            dtstamp=now,
        )
        title = str(localized(meeting, "title", lang))
        if method == "CANCEL":
            subject = _("Cancelled: %(title)s", title=title)
        elif meeting.sequence:
            subject = _("Updated invitation: %(title)s", title=title)
        else:
            subject = _("Invitation: %(title)s", title=title)
        body = render_template("feeds/invitation.txt", meeting=meeting, person=person, page_url=page_url,
                               cancelled=method == "CANCEL", lang=lang)
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = formataddr((person.display_name, person.email))
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=current_app.config["UID_DOMAIN"])
    message.set_content(body)
    # Outlook and Gmail recognise an invitation by this alternative part with its METHOD.
    message.add_alternative(ics, maintype="text", subtype="calendar", params={"method": method})
    message.add_attachment(ics, maintype="application", subtype="ics", filename="invite.ics")
    return message


def _send(messages: list[EmailMessage]) -> None:
    config = current_app.config
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            for message in messages:
                smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(str(error)) from error


def active_registrations(meeting: Meeting) -> list[Registration]:
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.meeting_id == meeting.id, Registration.status.in_(ACTIVE_REGISTRATION))
            .options(joinedload(Registration.person))
            .order_by(Registration.id)
        )
    )


def send_invitations(meeting: Meeting, registrations: list[Registration], *, page_url: str, lang: str,
                     user_id: int | None, now: datetime | None = None) -> SendReport:
    """Send the invitation (or its update or cancellation) to each person; one audit entry.

    ``now`` is the sending time, the DTSTAMP of every message (passed in so tests are exact)."""
    now = now or utcnow()
    report = SendReport()
    messages = []
    for registration in registrations:
        if registration.meeting_id != meeting.id:
            raise ValueError("registration of another meeting")
        if not registration.person.email:
            report.skipped.append(registration.person.display_name)
            continue
        messages.append(_message(registration, page_url=page_url, lang=lang, now=now))
        report.sent.append(registration.person.email)
    if messages:
        _send(messages)
        audit.record(
            user_id, "meeting", "notified", object_id=meeting.id, meeting_id=meeting.id,
            summary=f"Invitation (sequence {meeting.sequence}) sent to {len(messages)} participants",
            changes={"sequence": meeting.sequence, "recipients": len(messages)},
        )
        db.session.commit()
    return report

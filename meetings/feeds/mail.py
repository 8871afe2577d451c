"""Invitations by e-mail: the meeting as an iTIP attachment (RFC 5546) that mail clients file
as an invitation, and updates (same UID, higher SEQUENCE) or cancellations of it.

Each message is in its recipient's language (see ``invitation_languages``), whoever sends it.
Messages are queued in the outbox (meetings/notifications), never sent from here."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.header import Header
from email.message import EmailMessage
from email.policy import Policy
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
from meetings.feeds.entries import meeting_entry
from meetings.i18n import localized
from meetings.models import Delegation, Meeting, MeetingStatus, MessageKind, Person, Registration, User
from meetings.models.base import utcnow
from meetings.names import display_name
from meetings.notifications import outbox
from meetings.transaction import operation
from meetings.visibility import ACTIVE_REGISTRATION


@dataclass
class SendReport:
    queued: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # people without an e-mail address
    # Addresses with non-ASCII characters (josé@..., ...@пример.рф): valid, but our messages are
    # sent without SMTPUTF8, so they would fail the whole batch; these people are named instead.
    unsendable: list[str] = field(default_factory=list)


class _EncodedWords(str):
    """A header with non-ASCII text, encoded by ``email.header`` instead of folded by EmailMessage.

    Python 3.11's folding may break the line at the space between two words and leave that space
    between two encoded-words, where RFC 2047 (6.2) tells readers to ignore it: mail clients read
    "Совещание старших" as "Совещаниестарших" (about one Russian subject in eight). email.header
    cuts encoded-words inside the text instead, each carrying its own spaces. (Python's own
    parser reads the whitespace between encoded-words as a space, against 6.2; conforming
    readers, such as mail clients, are the reference.)
    """

    name: str  # EmailMessage stores a value with a ``name`` as it is and asks it to fold itself

    def __new__(cls, name: str, text: str, address: str | None = None) -> "_EncodedWords":
        header = super().__new__(cls, formataddr((text, address)) if address is not None else text)
        header.name, header._text, header._address = name, text, address
        return header

    def fold(self, *, policy: Policy) -> str:
        folded = Header(self._text, "utf-8", header_name=self.name).encode(linesep=policy.linesep)
        if self._address is not None:
            folded += f"{policy.linesep} <{self._address}>"
        return f"{self.name}: {folded}{policy.linesep}"


def _header(name: str, text: str, address: str | None = None) -> str:
    """The value of header ``name``: ``text``, or a display name ``text`` with ``address``."""
    if text.isascii():
        return formataddr((text, address)) if address is not None else text
    return _EncodedWords(name, text, address)


def invitation_languages(registrations: list[Registration]) -> dict[int, str]:
    """Registration id -> the language of that person's invitation: the preference saved in their
    own account (a user linked to the person), else the language of correspondence of their party
    (the person's, else their delegation's), else the default language (English)."""
    languages = current_app.config["LANGUAGES"]
    preferred: dict[int, str] = {}
    person_ids = {registration.person_id for registration in registrations}
    if person_ids:
        rows = db.session.execute(
            select(User.person_id, User.locale)
            .where(User.person_id.in_(person_ids), User.locale.in_(languages))
            .order_by(User.active.desc(), User.id)  # one person, two accounts: the active, then the first
        )
        for person_id, locale in rows:
            preferred.setdefault(person_id, locale)
    chosen = {}
    for registration in registrations:
        party = registration.person.party
        if party is None and registration.delegation is not None:
            party = registration.delegation.party
        chosen[registration.id] = (preferred.get(registration.person_id)
                                   or (party.language if party is not None else None)
                                   or current_app.config["BABEL_DEFAULT_LOCALE"])
    return chosen


def _secretariat_name(configured: str) -> str:
    """The sender's name in the current language. MAIL_SENDER names the Secretariat in English
    ("CICA Secretariat", which the catalogue translates); a name it does not know stays as is."""
    return _(configured) if configured else _("CICA Secretariat")


def message_head(subject: str, to_name: str, to_email: str, *, now: datetime) -> EmailMessage:
    """A message from the Secretariat (named in the current language) with its headers set."""
    configured_name, sender_email = parseaddr(current_app.config["MAIL_SENDER"])
    message = EmailMessage()
    message["Subject"] = _header("Subject", subject)
    message["From"] = _header("From", _secretariat_name(configured_name), sender_email)
    message["To"] = _header("To", to_name, to_email)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(domain=current_app.config["UID_DOMAIN"])
    return message


def invitation_message(meeting: Meeting, *, to_name: str, to_email: str, subject: str, body: str, lang: str,
                       page_url: str, now: datetime) -> EmailMessage:
    """``body`` with the meeting as an iTIP invitation (or its cancellation) of ``to_email``, in
    ``lang`` (the caller's locale must be ``lang``)."""
    method = "CANCEL" if meeting.status is MeetingStatus.CANCELLED else "REQUEST"
    configured_name, sender_email = parseaddr(current_app.config["MAIL_SENDER"])
    entry = meeting_entry(meeting, lang=lang, domain=current_app.config["UID_DOMAIN"], page_url=page_url)
    ics = build_invitation(
        entry,
        method=method,
        organizer=Attendee(email=sender_email, name=_secretariat_name(configured_name)),
        attendees=(Attendee(email=to_email, name=to_name),),
        # RFC 5546: an iTIP message's DTSTAMP is when the message was made. With the meeting's
        # update time a message re-sent after a change (a renamed venue) looked no newer than
        # the one before it, and clients kept the old one.
        dtstamp=now,
    )
    message = message_head(subject, to_name, to_email, now=now)
    message.set_content(body)
    # Outlook and Gmail recognise an invitation by this alternative part with its METHOD. Both
    # calendar parts say charset=utf-8: without it MIME means US-ASCII, and readers turned every
    # Cyrillic letter into U+FFFD. The bytes go base64-encoded, so their CRLF line ends survive.
    message.add_alternative(ics, maintype="text", subtype="calendar",
                            params={"charset": "utf-8", "method": method})
    # The same file as an attachment for clients that read only attachments: application/ics, as
    # the CalConnect guide to iMIP recommends, since a second text/calendar part with a METHOD
    # could be taken for a second invitation.
    message.add_attachment(ics, maintype="application", subtype="ics", filename="invite.ics",
                           params={"charset": "utf-8"})
    return message


def invitation_kind(meeting: Meeting) -> MessageKind:
    if meeting.status is MeetingStatus.CANCELLED:
        return MessageKind.CANCELLATION
    return MessageKind.UPDATE if meeting.sequence else MessageKind.INVITATION


def _message(registration: Registration, *, kind: MessageKind, page_url: Callable[[str], str], lang: str,
             now: datetime) -> tuple[EmailMessage, str]:
    """The message to one participant, and its subject as read."""
    meeting, person = registration.meeting, registration.person
    url = page_url(lang)
    with force_locale(lang):
        title = str(localized(meeting, "title", lang))
        if meeting.status is MeetingStatus.CANCELLED:
            subject = _("Cancelled: %(title)s", title=title)
        elif meeting.status is MeetingStatus.POSTPONED:  # until further notice: its dates stand for now
            subject = _("Postponed: %(title)s", title=title)
        elif kind is MessageKind.NOTICE:  # moved to new dates
            subject = _("Rescheduled: %(title)s", title=title)
        elif meeting.sequence:
            subject = _("Updated invitation: %(title)s", title=title)
        else:
            subject = _("Invitation: %(title)s", title=title)
        body = render_template("feeds/invitation.txt", meeting=meeting, person=person, page_url=url,
                               cancelled=meeting.status is MeetingStatus.CANCELLED,
                               postponed=meeting.status is MeetingStatus.POSTPONED, lang=lang)
        message = invitation_message(meeting, to_name=str(display_name(person, lang)), to_email=person.email, subject=subject,
                                     body=body, lang=lang, page_url=url, now=now)
    return message, subject


def active_registrations(meeting: Meeting) -> list[Registration]:
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.meeting_id == meeting.id, Registration.status.in_(ACTIVE_REGISTRATION))
            .options(joinedload(Registration.person).joinedload(Person.party),
                     joinedload(Registration.delegation).joinedload(Delegation.party))
            .order_by(Registration.id)
        )
    )


@operation
def queue_invitations(meeting: Meeting, registrations: list[Registration], *, page_url: Callable[[str], str],
                      user_id: int | None, kind: MessageKind | None = None, now: datetime | None = None) -> SendReport:
    """Queue the invitation (or its update or cancellation) to each person, in their language
    (``page_url(lang)`` is the meeting's page in it), in the caller's transaction; one audit entry.

    ``kind``: NOTICE for the automatic notices of a postponement or cancellation; by default what
    the meeting's state makes it. ``now`` is the time of the messages, the DTSTAMP of each
    (passed in so tests are exact)."""
    now = now or utcnow()
    kind = kind or invitation_kind(meeting)
    report = SendReport()
    languages = invitation_languages(registrations)
    sent_in: Counter[str] = Counter()
    for registration in registrations:
        if registration.meeting_id != meeting.id:
            raise ValueError("registration of another meeting")
        if not registration.person.email:
            report.skipped.append(registration.person.display_name)
            continue
        if not registration.person.email.isascii():
            report.unsendable.append(f"{registration.person.display_name} <{registration.person.email}>")
            continue
        lang = languages[registration.id]
        message, subject = _message(registration, kind=kind, page_url=page_url, lang=lang, now=now)
        outbox.queue(message, recipient=registration.person.email, subject=subject, kind=kind, language=lang,
                     meeting_id=meeting.id, now=now)
        sent_in[lang] += 1
        report.queued.append(registration.person.email)
    if report.queued:
        audit.record(
            user_id, "meeting", "notified", object_id=meeting.id, meeting_id=meeting.id,
            summary=f"Invitation (sequence {meeting.sequence}) queued for {len(report.queued)} participants",
            changes={"sequence": meeting.sequence, "recipients": len(report.queued), "kind": kind.value,
                     "languages": dict(sorted(sent_in.items()))},
        )
    return report

"""What the application tells people by e-mail on its own: a party's invitation to its focal
points, reminders of the registration deadline, and notices of a postponement or cancellation to
the registered participants. Each is queued in the transaction of the change that causes it."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from meetings.extensions import db
from meetings.feeds import mail
from meetings.i18n import format_full_date, localized
from meetings.models import (
    Delegation,
    DelegationReply,
    Meeting,
    MeetingStatus,
    MessageKind,
    Party,
    Registration,
    User,
    UserRole,
    utcnow,
)
from meetings.notifications import outbox
from meetings.participants.workflow import ACTIVE
from meetings.timeutil import local_today
from meetings.transaction import operation

# Meetings whose parties are still being asked to reply and register. Not one postponed until
# further notice: its dates, and so its deadline, no longer stand (a move to new dates makes it
# planned or confirmed again, and the reminders resume).
OPEN_FOR_REGISTRATION = (MeetingStatus.PLANNED, MeetingStatus.CONFIRMED)


def absolute_url(endpoint: str, **values) -> str:
    """A link for an e-mail: from the request's host, else (the worker, commands) on UID_DOMAIN."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=f"https://{current_app.config['UID_DOMAIN']}"):
        return url_for(endpoint, _external=True, **values)


def user_language(user: User, party: Party | None) -> str:
    """The account's language, else the party's language of correspondence, else the default."""
    if user.locale in current_app.config["LANGUAGES"]:
        return user.locale
    return party.language if party is not None else current_app.config["BABEL_DEFAULT_LOCALE"]


def focal_points(party_ids: Iterable[int]) -> dict[int, list[User]]:
    """Party id -> its active focal points with an address mail can carry (ASCII: no SMTPUTF8)."""
    users = db.session.scalars(
        select(User).where(User.role == UserRole.FOCAL_POINT, User.active, User.party_id.in_(set(party_ids)))
        .order_by(User.id)
    )
    found: dict[int, list[User]] = defaultdict(list)
    for user in users:
        if user.email.isascii():
            found[user.party_id].append(user)
    return found


@operation
def queue_party_invitations(meeting: Meeting, delegations: list[Delegation], *, now: datetime | None = None) -> int:
    """Each newly invited party's focal points: the invitation in their language, with the meeting
    as an .ics invitation and links to their desk and the meeting's page. Once per person."""
    now = now or utcnow()
    queued = 0
    by_party = focal_points(d.party_id for d in delegations)
    for delegation in delegations:
        for user in by_party.get(delegation.party_id, []):
            lang = user_language(user, delegation.party)
            page_url = absolute_url("calendar.meeting", meeting_id=meeting.id, lang=lang)
            with force_locale(lang):
                title = str(localized(meeting, "title", lang))
                subject = _("Invitation to %(title)s", title=title)
                body = render_template(
                    "notifications/party_invitation.txt", meeting=meeting, user=user, lang=lang, page_url=page_url,
                    party_name=str(localized(delegation.party, "name", lang)),
                    desk_url=absolute_url("desks.party", lang=lang),
                    deadline=format_full_date(meeting.registration_deadline, lang) if meeting.registration_deadline else "")
                message = mail.invitation_message(meeting, to_name=user.name, to_email=user.email, subject=subject,
                                                  body=body, lang=lang, page_url=page_url, now=now)
            queued += outbox.queue(message, recipient=user.email, subject=subject, kind=MessageKind.PARTY_INVITATION,
                                   language=lang, meeting_id=meeting.id, now=now,
                                   dedup_key=f"party-invitation:{meeting.id}:{delegation.party_id}:{user.id}")
    return queued


def _notify_participants(meeting: Meeting, user) -> None:
    mail.queue_invitations(
        meeting, mail.active_registrations(meeting), kind=MessageKind.NOTICE, user_id=getattr(user, "id", None),
        page_url=lambda lang: absolute_url("calendar.meeting", meeting_id=meeting.id, lang=lang))


def meeting_status_changed(meeting: Meeting, *, user) -> None:
    """After a status change: the participants of a cancelled meeting get the cancellation, those
    of a meeting postponed until further notice the notice of it."""
    if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.POSTPONED):
        _notify_participants(meeting, user)


def meeting_rescheduled(meeting: Meeting, *, user) -> None:
    """After a move to new dates: the participants get the updated invitation (the new dates)."""
    _notify_participants(meeting, user)


def _reminder_window(days_left: int) -> int | None:
    """The configured reminder (days before the deadline) that ``days_left`` falls in: the nearest
    one at or after it, so a worker that was down on the 7th day still reminds once, on the 5th."""
    windows = [d for d in current_app.config["MAIL_REMINDER_DAYS"] if d >= days_left]
    return min(windows) if windows and days_left >= 0 else None


@operation
def queue_due_reminders(*, now: datetime | None = None) -> int:
    """Reminders of the registration deadline to the focal points of invited parties that have
    not replied, or accepted and registered nobody; each (person, deadline, window) once, so a
    run twice sends nothing more, and a changed deadline may remind again."""
    now = now or utcnow()
    reach = max(current_app.config["MAIL_REMINDER_DAYS"], default=-1)
    if reach < 0:
        return 0
    # A day either side of UTC's today: each meeting's own today is decided in its zone below.
    today_utc = now.date()
    meetings = db.session.scalars(
        select(Meeting).where(Meeting.status.in_(OPEN_FOR_REGISTRATION),
                              Meeting.registration_deadline.between(today_utc - timedelta(days=1),
                                                                    today_utc + timedelta(days=reach + 1)))
    ).all()
    due: dict[int, tuple[Meeting, int]] = {}
    for meeting in meetings:
        window = _reminder_window((meeting.registration_deadline - local_today(meeting.timezone, now)).days)
        if window is not None:
            due[meeting.id] = (meeting, window)
    if not due:
        return 0
    registered = (select(func.count(Registration.id))
                  .where(Registration.delegation_id == Delegation.id, Registration.status.in_(ACTIVE))
                  .scalar_subquery())
    waiting = db.session.execute(
        select(Delegation, registered).where(Delegation.meeting_id.in_(due), Delegation.reply != DelegationReply.DECLINED)
        .options(joinedload(Delegation.party)).order_by(Delegation.id)
    ).all()
    waiting = [d for d, count in waiting if d.reply is DelegationReply.PENDING or count == 0]
    by_party = focal_points(d.party_id for d in waiting)
    queued = 0
    for delegation in waiting:
        meeting, window = due[delegation.meeting_id]
        for user in by_party.get(delegation.party_id, []):
            queued += _queue_reminder(meeting, delegation, user, window=window, replied=delegation.reply
                                      is not DelegationReply.PENDING, now=now)
    return queued


def _queue_reminder(meeting: Meeting, delegation: Delegation, user: User, *, window: int, replied: bool,
                    now: datetime) -> bool:
    deadline = meeting.registration_deadline
    lang = user_language(user, delegation.party)
    with force_locale(lang):
        title = str(localized(meeting, "title", lang))
        subject = _("Reminder: registration for %(title)s closes on %(day)s", title=title,
                    day=format_full_date(deadline, lang))
        body = render_template("notifications/reminder.txt", meeting=meeting, user=user, lang=lang, replied=replied,
                               deadline=format_full_date(deadline, lang),
                               party_name=str(localized(delegation.party, "name", lang)),
                               desk_url=absolute_url("desks.party", lang=lang),
                               page_url=absolute_url("calendar.meeting", meeting_id=meeting.id, lang=lang))
        message = mail.message_head(subject, user.name, user.email, now=now)
        message.set_content(body)
    return outbox.queue(message, recipient=user.email, subject=subject, kind=MessageKind.REMINDER, language=lang,
                        meeting_id=meeting.id, now=now,
                        dedup_key=f"reminder:{meeting.id}:{deadline.isoformat()}:{window}:{user.id}")

"""Who may see and change a meeting's participants, and until when.

Secretariat roles see every participant; a focal point sees their own party's delegation only,
and registers or edits it until the registration deadline; organizers are never bound by it.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from meetings.domain import NotAllowedError, NotFoundError, RuleError
from meetings.extensions import db
from meetings.models import Delegation, Meeting, MeetingStatus, Person, Registration, User, UserRole, utcnow
from meetings.security import mark_private
from meetings.timeutil import local_dates, to_local
from meetings.visibility import get_visible_meeting


class RegistrationClosedError(RuleError):
    """A focal point's change after the registration deadline."""


@dataclass
class Access:
    """A user's view of one meeting's participants: all of them, or one party's delegation."""

    meeting: Meeting
    user: User
    delegation: Delegation | None = None  # set for a focal point: the only delegation they see

    @property
    def is_secretariat(self) -> bool:
        return self.user.is_secretariat

    @property
    def can_manage(self) -> bool:
        return self.user.is_organizer

    @property
    def can_edit(self) -> bool:
        """Register and edit people now, and reply: organizers always, a focal point until the
        deadline of a meeting that is not cancelled."""
        return self.can_manage or (self.delegation is not None and self.meeting.status is not MeetingStatus.CANCELLED
                                   and registration_open(self.meeting))

    @property
    def sees_private(self) -> bool:
        return self.user.is_secretariat


def participants_access(user, meeting_id: int) -> Access:
    """Secretariat roles see every participant; a focal point only their party's delegation of a
    meeting their party is invited to (otherwise NotFoundError); other roles NotAllowedError."""
    meeting = get_visible_meeting(user, meeting_id)
    mark_private()  # a list of people: kept by no cache
    if user.is_secretariat:
        return Access(meeting, user)
    if user.role is UserRole.FOCAL_POINT and user.party_id is not None:
        delegation = db.session.scalar(
            select(Delegation).where(Delegation.meeting_id == meeting.id, Delegation.party_id == user.party_id)
        )
        if delegation is None:
            raise NotFoundError()
        return Access(meeting, user, delegation)
    raise NotAllowedError()


def registration_deadline(meeting: Meeting) -> date:
    """The last day (in the meeting's zone) focal points may register: the meeting's deadline,
    or its first day when none is set."""
    if meeting.registration_deadline is not None:
        return meeting.registration_deadline
    return local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)[0]


def registration_open(meeting: Meeting, now=None) -> bool:
    today = to_local(now or utcnow(), meeting.timezone).date()
    return today <= registration_deadline(meeting)


def require_editable(access: Access) -> None:
    """Registering and editing people: organizers always; a focal point until the deadline of a
    meeting not cancelled (else RegistrationClosedError); anyone else (staff) NotAllowedError."""
    if access.can_edit:
        return
    if access.delegation is None:
        raise NotAllowedError()
    if access.meeting.status is MeetingStatus.CANCELLED:  # a desk opened before the cancellation
        raise RegistrationClosedError(_("This meeting has been cancelled."))
    raise RegistrationClosedError(_("The registration deadline has passed: the delegation can no longer be changed. "
                                    "Write to the Secretariat for any change."))


def require_manager(access: Access) -> None:
    """What only organizers do (importing a file, say)."""
    if not access.can_manage:
        raise NotAllowedError()


def get_registration(access: Access, registration_id: int) -> Registration:
    """A registration of this meeting that the user may see, or NotFoundError."""
    query = (
        select(Registration)
        .where(Registration.id == registration_id, Registration.meeting_id == access.meeting.id)
        .options(joinedload(Registration.person).joinedload(Person.party), joinedload(Registration.delegation))
    )
    if access.delegation is not None:
        query = query.where(Registration.delegation_id == access.delegation.id)
    registration = db.session.scalar(query)
    if registration is None:
        raise NotFoundError()
    return registration

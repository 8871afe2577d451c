"""The accreditation workflow: which status may follow which, for whom, and badge numbers."""

from flask_babel import lazy_gettext as _
from sqlalchemy import func, select

from meetings import audit
from meetings.domain import RuleError
from meetings.extensions import db
from meetings.labels import label
from meetings.models import AccreditationStatus, Meeting, Registration, utcnow
from meetings.participants.access import Access
from meetings.transaction import operation

S = AccreditationStatus

# The accreditation workflow, in one place. Attendance is a recorded fact, so ATTENDED is final;
# a declined or cancelled registration may be re-opened by an organizer.
TRANSITIONS: dict[AccreditationStatus, frozenset[AccreditationStatus]] = {
    S.INVITED: frozenset({S.REGISTERED, S.DECLINED, S.CANCELLED}),
    S.REGISTERED: frozenset({S.ACCREDITED, S.DECLINED, S.CANCELLED}),
    S.ACCREDITED: frozenset({S.ATTENDED, S.CANCELLED}),
    S.ATTENDED: frozenset(),
    S.DECLINED: frozenset({S.INVITED, S.REGISTERED}),
    S.CANCELLED: frozenset({S.INVITED, S.REGISTERED}),
}
# A focal point registers, declines or cancels their own people before accreditation; only
# organizers accredit, record attendance and re-open.
FOCAL_POINT_SOURCES = frozenset({S.INVITED, S.REGISTERED})
FOCAL_POINT_TARGETS = frozenset({S.REGISTERED, S.DECLINED, S.CANCELLED})
ACTIVE = frozenset({S.INVITED, S.REGISTERED, S.ACCREDITED, S.ATTENDED})
# Whose coming is known (registered, accredited, or seen at the meeting): the printed list of
# participants and the attendance rooms must hold.
COMING = (S.REGISTERED, S.ACCREDITED, S.ATTENDED)


class WorkflowError(RuleError):
    """A change the participants' rules refuse; ``str()`` gives the message for the user,
    translated when shown (lazily, so services also run without a request: CLI, import, tests)."""


def allowed_transitions(access: Access, registration: Registration) -> list[AccreditationStatus]:
    targets = TRANSITIONS[registration.status]
    if access.can_manage:
        return [s for s in AccreditationStatus if s in targets]
    if access.can_edit and registration.status in FOCAL_POINT_SOURCES:
        return [s for s in AccreditationStatus if s in targets & FOCAL_POINT_TARGETS]
    return []


def _next_badge_number(meeting_id: int) -> int:
    # Lock the meeting row first, so concurrent accreditations on PostgreSQL take turns and each
    # sees the numbers the others committed (SQLite serialises writers anyway). The unique
    # constraint on (meeting, badge) stays as the last line of defence.
    db.session.execute(select(Meeting.id).where(Meeting.id == meeting_id).with_for_update())
    highest = db.session.scalar(
        select(func.max(Registration.badge_number)).where(Registration.meeting_id == meeting_id)
    )
    return (highest or 0) + 1


@operation
def change_status(access: Access, registration: Registration, new_status: AccreditationStatus) -> Registration:
    """Move a registration along the workflow; a badge number is issued on first accreditation
    and kept afterwards (a printed badge is never re-used for someone else)."""
    old = registration.status
    if new_status not in allowed_transitions(access, registration):
        raise WorkflowError(_("A registration cannot go from %(old)s to %(new)s.", old=label(old), new=label(new_status)),
                            "status")
    changes = {"status": [old.value, new_status.value]}
    if new_status is S.ACCREDITED and registration.badge_number is None:
        registration.badge_number = _next_badge_number(registration.meeting_id)
        changes["badge_number"] = [None, registration.badge_number]
    registration.status = new_status
    registration.status_changed_at = utcnow()
    registration.status_changed_by_id = access.user.id
    audit.record(access.user, "registration", "status_changed", object_id=registration.id,
                 meeting_id=registration.meeting_id,
                 summary=f"{registration.person.display_name}: {old.value} -> {new_status.value}", changes=changes)
    return registration

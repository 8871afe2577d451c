"""The status workflow: every allowed transition works, every other one is refused."""

from datetime import UTC, datetime
from itertools import product

import pytest
from sqlalchemy import func, select

from meetings.extensions import db
from meetings.models import AuditEntry, MeetingStatus
from meetings.scheduling import services
from meetings.scheduling.services import PostponeInput, SchedulingError, TransitionError

S = MeetingStatus
ALLOWED = {
    (S.DRAFT, S.PLANNED), (S.DRAFT, S.CANCELLED),
    (S.PLANNED, S.CONFIRMED), (S.PLANNED, S.POSTPONED), (S.PLANNED, S.CANCELLED),
    (S.CONFIRMED, S.HELD), (S.CONFIRMED, S.POSTPONED), (S.CONFIRMED, S.CANCELLED),
    (S.POSTPONED, S.PLANNED), (S.POSTPONED, S.CONFIRMED), (S.POSTPONED, S.CANCELLED),
}
AFTER_THE_MEETING = datetime(2027, 1, 1, tzinfo=UTC)


def test_the_table_is_the_issue_s_workflow():
    assert {(old, new) for old, targets in services.TRANSITIONS.items() for new in targets} == ALLOWED


def _meeting_in(plan, status):
    meeting = plan.meeting(status=S.PLANNED)
    # Reach the starting status through the workflow itself.
    path = {S.DRAFT: [], S.PLANNED: [], S.CONFIRMED: [S.CONFIRMED], S.HELD: [S.CONFIRMED, S.HELD],
            S.CANCELLED: [S.CANCELLED], S.POSTPONED: ["postpone"]}[status]
    if status is S.DRAFT:
        return plan.meeting(status=S.DRAFT)
    for step in path:
        if step == "postpone":
            _postpone(meeting, plan.user)
        else:
            services.change_status(meeting, step, user=plan.user, expected_version=meeting.version,
                                   reason="why", now=AFTER_THE_MEETING)
    assert meeting.status is status
    return meeting


def _postpone(meeting, user):
    return services.postpone_meeting(
        meeting, PostponeInput(new_start=datetime(2026, 12, 16, 9), new_end=datetime(2026, 12, 17, 18),
                               reason="Host's request"),
        user=user, expected_version=meeting.version, accept_warnings=True)


@pytest.mark.parametrize(("old", "new"), sorted(product(S, S)))
def test_every_transition(plan, old, new):
    meeting = _meeting_in(plan, old)
    entries = db.session.scalar(select(func.count()).select_from(AuditEntry))
    version = meeting.version

    def attempt():
        if new is S.POSTPONED:
            return _postpone(meeting, plan.user)
        return services.change_status(meeting, new, user=plan.user, expected_version=meeting.version,
                                      reason="why", now=AFTER_THE_MEETING)

    if (old, new) in ALLOWED:
        attempt()
        assert meeting.status is new
        assert meeting.version == version + 1
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == entries + 1
    else:
        with pytest.raises(TransitionError):
            attempt()
        db.session.refresh(meeting)
        assert meeting.status is old
        assert meeting.version == version
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == entries


def test_cancelling_needs_a_reason(plan):
    meeting = plan.meeting()
    with pytest.raises(SchedulingError) as refused:
        services.cancel_meeting(meeting, reason="  ", user=plan.user, expected_version=meeting.version)
    assert refused.value.field == "reason"
    assert meeting.status is S.PLANNED
    services.cancel_meeting(meeting, reason="Host's request", user=plan.user, expected_version=meeting.version)
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (meeting.status, entry.action, entry.reason) == (S.CANCELLED, "meeting.cancelled", "Host's request")


def test_a_meeting_is_not_held_before_it_starts(plan):
    meeting = _meeting_in(plan, S.CONFIRMED)
    with pytest.raises(TransitionError):
        services.mark_held(meeting, user=plan.user, expected_version=meeting.version,
                           now=datetime(2026, 12, 9, 4, 59, tzinfo=UTC))
    services.mark_held(meeting, user=plan.user, expected_version=meeting.version,
                       now=datetime(2026, 12, 9, 5, 0, tzinfo=UTC))  # 09:00 in Baku
    assert meeting.status is S.HELD


def test_a_postponement_goes_through_postpone_meeting_only(plan):
    meeting = plan.meeting()
    with pytest.raises(SchedulingError, match="new dates"):
        services.change_status(meeting, S.POSTPONED, user=plan.user, expected_version=meeting.version)


def test_new_meetings_start_as_draft_planned_or_confirmed(plan):
    with pytest.raises(SchedulingError) as refused:
        plan.meeting(status=S.HELD)
    assert refused.value.field == "status"
    assert plan.meeting(status=S.DRAFT).status is S.DRAFT

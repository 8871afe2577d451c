"""The status workflow: every allowed transition and move to new dates works, every other one is refused."""

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
    (S.POSTPONED, S.CANCELLED),  # planned or confirmed again only with new dates: a move
}
# Moves to new dates (postpone_meeting): from planned, confirmed or postponed, to planned or confirmed.
MOVES = {(old, new) for old in (S.PLANNED, S.CONFIRMED, S.POSTPONED) for new in (S.PLANNED, S.CONFIRMED)}
AFTER_THE_MEETING = datetime(2027, 1, 1, tzinfo=UTC)


def test_the_table_is_the_issue_s_workflow():
    assert {(old, new) for old, targets in services.TRANSITIONS.items() for new in targets} == ALLOWED
    assert {(old, new) for old in services.MOVABLE for new in services.STATUSES_AFTER_MOVE} == MOVES


def _meeting_in(plan, status):
    meeting = plan.meeting(status=S.PLANNED)
    # Reach the starting status through the workflow itself.
    path = {S.DRAFT: [], S.PLANNED: [], S.CONFIRMED: [S.CONFIRMED], S.HELD: [S.CONFIRMED, S.HELD],
            S.CANCELLED: [S.CANCELLED], S.POSTPONED: [S.POSTPONED]}[status]
    if status is S.DRAFT:
        return plan.meeting(status=S.DRAFT)
    for step in path:
        services.change_status(meeting, step, user=plan.user, expected_version=meeting.version,
                               reason="why", now=AFTER_THE_MEETING)
    assert meeting.status is status
    return meeting


def _move(meeting, user, status=None):
    return services.postpone_meeting(
        meeting, PostponeInput(new_start=datetime(2026, 12, 16, 9), new_end=datetime(2026, 12, 17, 18),
                               reason="Host's request", status=status),
        user=user, expected_version=meeting.version, accept_warnings=True)


@pytest.mark.parametrize(("old", "new"), sorted(product(S, S)))
def test_every_transition(plan, old, new):
    meeting = _meeting_in(plan, old)
    entries = db.session.scalar(select(func.count()).select_from(AuditEntry))
    version = meeting.version

    def attempt():
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


@pytest.mark.parametrize(("old", "new"), sorted(product(S, S)))
def test_every_move_to_new_dates(plan, old, new):
    meeting = _meeting_in(plan, old)
    entries = db.session.scalar(select(func.count()).select_from(AuditEntry))
    version, sequence = meeting.version, meeting.sequence
    if (old, new) in MOVES:
        _move(meeting, plan.user, new)
        assert (meeting.status, meeting.version, meeting.sequence) == (new, version + 1, sequence + 1)
        assert (meeting.rescheduled_from_start.isoformat(), meeting.rescheduled_from_end.isoformat()) == (
            "2026-12-09", "2026-12-10")
        entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (entry.action, entry.reason) == ("meeting.rescheduled", "Host's request")
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == entries + 1
    else:
        with pytest.raises(TransitionError):
            _move(meeting, plan.user, new)
        db.session.refresh(meeting)
        assert (meeting.status, meeting.version, meeting.rescheduled_from_start) == (old, version, None)
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == entries


@pytest.mark.parametrize(("old", "kept"), [(S.PLANNED, S.PLANNED), (S.CONFIRMED, S.CONFIRMED), (S.POSTPONED, S.PLANNED)])
def test_a_move_without_a_status_keeps_the_meeting_s_own(plan, old, kept):
    meeting = _meeting_in(plan, old)
    _move(meeting, plan.user)
    assert meeting.status is kept


def test_a_move_within_the_same_days_says_no_rescheduled_from(plan):
    meeting = plan.meeting()
    services.postpone_meeting(meeting, PostponeInput(new_start=datetime(2026, 12, 9, 11), new_end=datetime(2026, 12, 10, 17),
                                                     reason="Later start"),
                              user=plan.user, expected_version=meeting.version, accept_warnings=True)
    assert meeting.rescheduled_from_start is None
    assert meeting.sequence == 1  # the times moved: calendars must see it


def test_postponed_until_further_notice_keeps_its_dates_and_needs_a_reason(plan):
    meeting = plan.meeting()
    starts_at, ends_at = meeting.starts_at, meeting.ends_at
    with pytest.raises(SchedulingError) as refused:
        services.postpone_until_further_notice(meeting, reason=" ", user=plan.user, expected_version=meeting.version)
    assert refused.value.field == "reason"
    services.postpone_until_further_notice(meeting, reason="Awaiting the host", user=plan.user,
                                           expected_version=meeting.version)
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (meeting.status, meeting.starts_at, meeting.ends_at, meeting.sequence) == (S.POSTPONED, starts_at, ends_at, 1)
    assert (entry.action, entry.reason, entry.changes["status"]) == (
        "meeting.postponed", "Awaiting the host", ["planned", "postponed"])


def test_a_postponed_meeting_is_planned_again_only_with_new_dates(plan):
    meeting = _meeting_in(plan, S.POSTPONED)
    with pytest.raises(TransitionError, match="Give the new dates"):
        services.change_status(meeting, S.PLANNED, user=plan.user, expected_version=meeting.version)


def test_new_meetings_start_as_draft_planned_or_confirmed(plan):
    with pytest.raises(SchedulingError) as refused:
        plan.meeting(status=S.HELD)
    assert refused.value.field == "status"
    assert plan.meeting(status=S.DRAFT).status is S.DRAFT

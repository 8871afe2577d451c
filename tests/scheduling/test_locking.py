"""Concurrent work on one meeting: optimistic locking of edits, row locks for rooms (PostgreSQL)."""

import threading
from datetime import datetime

import pytest
from flask import current_app
from sqlalchemy import func, select

from meetings.extensions import db
from meetings.models import AgendaItem, AuditEntry, Meeting
from meetings.scheduling import services
from meetings.scheduling.services import ConflictError, StaleVersionError
from tests.conftest import requires_postgres


def test_a_stale_save_is_refused_with_what_changed(plan, build):
    meeting = plan.meeting()
    opened_at = meeting.version
    services.update_meeting(meeting, plan.meeting_data(title_en="Renamed by a colleague"), user=plan.user,
                            expected_version=opened_at)
    with pytest.raises(StaleVersionError) as refused:
        services.update_meeting(meeting, plan.meeting_data(description_en="Mine"), user=plan.user,
                                expected_version=opened_at)
    assert refused.value.changes == [
        f"{plan.user.email}: Title (English): Senior Officials Committee → Renamed by a colleague"]
    db.session.expire_all()
    assert (meeting.title_en, meeting.description_en) == ("Renamed by a colleague", "")


def test_timetable_changes_make_open_meeting_forms_stale(plan):
    meeting = plan.meeting()
    opened_at = meeting.version
    plan.item(meeting)
    with pytest.raises(StaleVersionError) as refused:
        services.cancel_meeting(meeting, reason="x", user=plan.user, expected_version=opened_at)
    assert len(refused.value.changes) == 1


def test_the_database_catches_a_save_racing_past_the_check(plan, app):
    """Two sessions load version 1; the second flush finds the row changed (UPDATE ... WHERE version)."""
    meeting = plan.meeting()
    meeting_id = meeting.id
    with app.app_context():  # another request, its own session
        other = db.session.get(Meeting, meeting_id)
        other.title_en = "Changed elsewhere"
        db.session.commit()
        db.session.remove()
    with pytest.raises(StaleVersionError):  # this session still holds version 1 in memory
        services.update_meeting(meeting, plan.meeting_data(title_en="Mine"), user=plan.user,
                                expected_version=meeting.version)
    db.session.expire_all()
    assert meeting.title_en == "Changed elsewhere"


def test_a_save_racing_past_the_check_is_told_what_changed(plan, app):
    """The database's refusal reads like the version check's: what changed, and the version now."""
    meeting = plan.meeting()
    meeting_id, opened_at, user_id = meeting.id, meeting.version, plan.user.id
    with app.app_context():  # a colleague's request, its own session, through the service
        other = db.session.get(Meeting, meeting_id)
        services.update_meeting(other, plan.meeting_data(title_en="Renamed by a colleague"),
                                user=db.session.get(type(plan.user), user_id), expected_version=opened_at)
        db.session.remove()
    entries = db.session.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(StaleVersionError) as refused:  # this session still holds the old version in memory
        services.update_meeting(meeting, plan.meeting_data(title_en="Mine"), user=plan.user,
                                expected_version=opened_at)
    assert refused.value.changes == [
        f"{plan.user.email}: Title (English): Senior Officials Committee → Renamed by a colleague"]
    assert refused.value.version == opened_at + 1
    db.session.expire_all()
    assert (meeting.title_en, meeting.version) == ("Renamed by a colleague", opened_at + 1)
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == entries


@requires_postgres
def test_concurrent_bookings_of_one_room_let_exactly_one_through(plan, venue):
    app = current_app._get_current_object()
    meetings = [plan.meeting(title_en=f"Meeting {n}", type_code="WORKSHOP").id for n in range(6)]
    room_id = venue.rooms[0].id
    user_id = plan.user.id
    db.session.commit()
    barrier = threading.Barrier(len(meetings))
    outcomes: list[str] = []

    def book(meeting_id: int, minute: int) -> None:
        with app.app_context():
            try:
                meeting = db.session.get(Meeting, meeting_id)
                user = db.session.get(type(plan.user), user_id)
                barrier.wait(timeout=10)
                services.add_agenda_item(meeting, plan.item_data(
                    room_id=room_id, local_start=datetime(2026, 12, 9, 10, minute),
                    local_end=datetime(2026, 12, 9, 11, minute)), user=user, accept_warnings=True)
                outcomes.append("booked")
            except ConflictError:
                outcomes.append("conflict")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=book, args=(mid, n * 5)) for n, mid in enumerate(meetings)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["booked"] + ["conflict"] * (len(meetings) - 1)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(AgendaItem).where(AgendaItem.room_id == room_id)) == 1
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "agenda_item.added")) == 1

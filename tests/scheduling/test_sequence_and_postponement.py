"""SEQUENCE grows on what a calendar sees, not on other edits; a move to new dates takes the timetable along."""

from datetime import datetime

import pytest
from sqlalchemy import select

from meetings.extensions import db
from meetings.models import AgendaItemKind, AuditEntry, MeetingFormat, MeetingStatus, Visibility
from meetings.scheduling import services
from meetings.scheduling.services import PostponeInput, SchedulingError
from meetings.timeutil import to_local


def _edit(plan, meeting, **changes):
    return services.update_meeting(meeting, plan.meeting_data(**changes), user=plan.user,
                                   expected_version=meeting.version, accept_warnings=True)


@pytest.mark.parametrize("changes", [
    {"title_en": "Renamed"},
    {"title_ru": "Другое"},
    {"local_start": datetime(2026, 12, 9, 10, 0)},
    {"local_end": datetime(2026, 12, 10, 19, 0)},
    {"timezone": "Asia/Tbilisi"},
    {"city_en": "Ganja"},
    {"format": MeetingFormat.HYBRID},
    {"online_url": "https://meet.example.org/x"},
    {"description_en": "More words"},  # DESCRIPTION
    {"visibility": Visibility.MEMBERS},  # CLASS
    {"type_code": "SWG"},  # CATEGORIES
])
def test_calendar_visible_edits_raise_the_sequence_of_meeting_and_items(plan, changes):
    meeting = plan.meeting()
    item = plan.item(meeting)
    _edit(plan, meeting, **changes)
    assert (meeting.sequence, item.sequence) == (1, 1)


@pytest.mark.parametrize("changes", [
    {"cbm_dimension": "Economic"},
    {"number": 3},
])
def test_other_edits_do_not(plan, changes):
    meeting = plan.meeting()
    item = plan.item(meeting)
    version = meeting.version
    _edit(plan, meeting, **changes)
    assert (meeting.sequence, item.sequence) == (0, 0)
    assert meeting.version == version + 1  # still a new version: open forms are stale


def test_saving_unchanged_writes_nothing(plan):
    meeting = plan.meeting()
    version, entries = meeting.version, len(db.session.scalars(select(AuditEntry)).all())
    _edit(plan, meeting)
    assert (meeting.version, meeting.sequence, len(db.session.scalars(select(AuditEntry)).all())) == (version, 0, entries)


def test_status_changes_raise_the_sequence(plan):
    meeting = plan.meeting()
    item = plan.item(meeting)
    services.change_status(meeting, MeetingStatus.CONFIRMED, user=plan.user, expected_version=meeting.version)
    assert (meeting.sequence, item.sequence) == (1, 1)


@pytest.mark.parametrize(("changes", "bumps"), [
    ({"title_en": "Opening"}, 1), ({"local_start": datetime(2026, 12, 9, 9, 30)}, 1), ("room", 1),
    ({"description_en": "Details"}, 1), ({"kind": AgendaItemKind.BILATERAL}, 1), ("chair", 1),
    ({"documents": "CICA/SOC/2026/1"}, 0), ({"position": 4}, 0),
])
def test_item_sequence(plan, venue, changes, bumps):
    meeting = plan.meeting()
    item = plan.item(meeting)
    if changes == "room":
        changes = {"room_id": venue.rooms[0].id}
    elif changes == "chair":
        changes = {"chair_id": plan.build.person().id}
    services.update_agenda_item(item, plan.item_data(**changes), user=plan.user, expected_version=meeting.version)
    assert (item.sequence, meeting.sequence) == (bumps, 0)


def test_postponement_moves_the_timetable_day_for_day_and_keeps_identity(plan, venue):
    # The 7th Ministerial Council: planned for Baku on 11 November 2024, held online on 17 December.
    meeting = plan.meeting(type_code="MC", title_en="7th Meeting of the CICA Ministerial Council",
                           local_start=datetime(2024, 11, 11, 9), local_end=datetime(2024, 11, 12, 18),
                           venue_id=venue.id)
    meeting_id, uid = meeting.id, meeting.uid
    first = plan.item(meeting, local_start=datetime(2024, 11, 11, 9, 30), local_end=datetime(2024, 11, 11, 10, 0),
                      room_id=venue.rooms[0].id)
    second = plan.item(meeting, title_en="Closing", local_start=datetime(2024, 11, 12, 16, 0),
                       local_end=datetime(2024, 11, 12, 16, 30))
    services.postpone_meeting(meeting, PostponeInput(
        new_start=datetime(2024, 12, 17, 9), new_end=datetime(2024, 12, 18, 18), venue_id=None,
        city_en="", city_ru="", format=MeetingFormat.ONLINE, online_url="https://meet.example.org/cica",
        reason="Moved online at the request of the host."), user=plan.user, expected_version=meeting.version)
    db.session.expire_all()
    # Moved, not postponed: planned at the new dates, remembering the old ones.
    assert (meeting.id, meeting.uid, meeting.status, meeting.sequence) == (meeting_id, uid, MeetingStatus.PLANNED, 1)
    assert (meeting.rescheduled_from_start.isoformat(), meeting.rescheduled_from_end.isoformat()) == (
        "2024-11-11", "2024-11-12")
    assert (meeting.venue_id, meeting.format.value) == (None, "online")
    local = [(to_local(i.starts_at, "Asia/Baku").replace(tzinfo=None), to_local(i.ends_at, "Asia/Baku").replace(tzinfo=None))
             for i in (first, second)]
    assert local == [(datetime(2024, 12, 17, 9, 30), datetime(2024, 12, 17, 10, 0)),
                     (datetime(2024, 12, 18, 16, 0), datetime(2024, 12, 18, 16, 30))]
    assert (first.sequence, second.sequence) == (1, 1)
    assert first.room_id is None  # the old venue's room is not at the new place
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "meeting.rescheduled")).one()
    assert entry.meeting_id == meeting_id
    assert entry.reason == "Moved online at the request of the host."
    assert "status" not in entry.changes  # planned before, planned at the new dates
    assert entry.changes["starts_at"] == ["2024-11-11T05:00:00+00:00", "2024-12-17T05:00:00+00:00"]


def test_postponement_into_another_zone_keeps_local_times_of_day(plan):
    meeting = plan.meeting()  # Baku, UTC+4
    item = plan.item(meeting)  # 10:00-12:00 Baku
    services.postpone_meeting(meeting, PostponeInput(new_start=datetime(2027, 3, 2, 9), new_end=datetime(2027, 3, 3, 18),
                                                     timezone="Asia/Almaty", reason="Moved to Astana"),
                              user=plan.user, expected_version=meeting.version)
    start = to_local(item.starts_at, "Asia/Almaty")
    assert (start.date().isoformat(), start.strftime("%H:%M")) == ("2027-03-02", "10:00")


def test_postponement_that_leaves_items_outside_is_refused(plan):
    meeting = plan.meeting()
    item = plan.item(meeting, local_start=datetime(2026, 12, 10, 10), local_end=datetime(2026, 12, 10, 11))
    with pytest.raises(SchedulingError) as refused:
        services.postpone_meeting(meeting, PostponeInput(new_start=datetime(2027, 1, 5, 9),
                                                         new_end=datetime(2027, 1, 5, 18), reason="Shorter"),
                                  user=plan.user, expected_version=meeting.version)
    assert refused.value.field == "ends_at"
    db.session.expire_all()
    assert meeting.status is MeetingStatus.PLANNED
    assert to_local(item.starts_at, "Asia/Baku").date().isoformat() == "2026-12-10"


def test_editing_dates_that_leave_items_outside_is_refused(plan):
    meeting = plan.meeting()
    plan.item(meeting)
    with pytest.raises(SchedulingError) as refused:
        _edit(plan, meeting, local_start=datetime(2026, 12, 9, 13, 0))
    assert refused.value.field == "starts_at"
    assert meeting.sequence == 0


def test_a_rise_committed_meanwhile_is_not_lost(plan):
    """SEQUENCE rises in SQL: a rename of the venue committed after this request loaded the meeting
    (meetings/calendar_fields.py raises it in the database) and this edit both count."""
    from sqlalchemy import update

    from meetings.models import Meeting

    meeting = plan.meeting()
    assert meeting.sequence == 0  # loaded: this request's copy
    table = Meeting.__table__  # Core, as another request's commit: this request's copy stays as loaded
    db.session.execute(update(table).where(table.c.id == meeting.id).values(sequence=table.c.sequence + 1))
    _edit(plan, meeting, title_en="Renamed")
    db.session.expire_all()
    assert meeting.sequence == 2

"""Rooms, people and bodies: conflicts are compared as instants, across meetings and zones."""

from datetime import datetime

import pytest
from sqlalchemy import func, select

from meetings.extensions import db
from meetings.models import AgendaItem, MeetingStatus
from meetings.scheduling import services
from meetings.scheduling.services import ConflictError, PostponeInput, WarningsPending


def _items() -> int:
    return db.session.scalar(select(func.count()).select_from(AgendaItem))


def test_a_room_holds_one_item_at_a_time_in_one_meeting(plan, venue):
    meeting = plan.meeting()
    room = venue.rooms[0]
    plan.item(meeting, room_id=room.id)
    with pytest.raises(ConflictError) as refused:
        plan.item(meeting, title_en="Overlap", room_id=room.id, local_start=datetime(2026, 12, 9, 11, 59),
                  local_end=datetime(2026, 12, 9, 13, 0))
    assert refused.value.field == "room_id"
    assert "Plenary Hall" in refused.value.message
    assert _items() == 1


def test_intervals_are_half_open(plan, venue):
    meeting = plan.meeting()
    room = venue.rooms[0]
    plan.item(meeting, room_id=room.id)
    plan.item(meeting, title_en="Right after", room_id=room.id, local_start=datetime(2026, 12, 9, 12, 0),
              local_end=datetime(2026, 12, 9, 13, 0))
    plan.item(meeting, title_en="Right before", room_id=room.id, local_start=datetime(2026, 12, 9, 9, 0),
              local_end=datetime(2026, 12, 9, 10, 0))
    assert _items() == 3


def test_rooms_conflict_across_meetings_and_zones(plan, almaty_room):
    # 10:00 in Baku (UTC+4) is 11:00 in Astana (UTC+5): the same instant, whatever the zones say.
    baku = plan.meeting(local_start=datetime(2026, 12, 9, 8), local_end=datetime(2026, 12, 9, 18))
    astana = plan.meeting(title_en="Workshop", type_code="WORKSHOP", timezone="Asia/Almaty",
                          local_start=datetime(2026, 12, 9, 9), local_end=datetime(2026, 12, 9, 19))
    plan.item(astana, room_id=almaty_room.id, local_start=datetime(2026, 12, 9, 11, 0),
              local_end=datetime(2026, 12, 9, 11, 30))
    with pytest.raises(ConflictError) as refused:
        plan.item(baku, room_id=almaty_room.id, local_start=datetime(2026, 12, 9, 10, 15),
                  local_end=datetime(2026, 12, 9, 10, 45))
    assert "Workshop" in refused.value.message
    # Half an hour earlier by the clock of Baku is free, though 09:30 Baku "looks" before 11:00.
    plan.item(baku, room_id=almaty_room.id, local_start=datetime(2026, 12, 9, 9, 30),
              local_end=datetime(2026, 12, 9, 10, 0))
    assert _items() == 2


def test_a_cancelled_meeting_frees_its_rooms(plan, venue):
    first = plan.meeting()
    plan.item(first, room_id=venue.rooms[0].id)
    services.cancel_meeting(first, reason="Cancelled", user=plan.user, expected_version=first.version)
    second = plan.meeting(title_en="Other", type_code="WORKSHOP")
    plan.item(second, room_id=venue.rooms[0].id)
    assert _items() == 2


def test_moving_an_item_into_a_taken_room_is_refused(plan, venue):
    meeting = plan.meeting()
    plan.item(meeting, room_id=venue.rooms[0].id)
    other = plan.item(meeting, title_en="Side event", room_id=venue.rooms[1].id)
    with pytest.raises(ConflictError):
        services.update_agenda_item(other, plan.item_data(title_en="Side event", room_id=venue.rooms[0].id),
                                    user=plan.user, expected_version=meeting.version)
    db.session.expire_all()
    assert other.room_id == venue.rooms[1].id


def test_postponing_into_a_taken_room_is_refused(plan, venue):
    moving = plan.meeting()
    plan.item(moving, room_id=venue.rooms[0].id)
    staying = plan.meeting(title_en="Workshop", type_code="WORKSHOP", local_start=datetime(2027, 1, 12, 9),
                           local_end=datetime(2027, 1, 12, 18))
    plan.item(staying, room_id=venue.rooms[0].id, local_start=datetime(2027, 1, 12, 11),
              local_end=datetime(2027, 1, 12, 12))
    with pytest.raises(ConflictError):
        services.postpone_meeting(moving, PostponeInput(new_start=datetime(2027, 1, 12, 9),
                                                        new_end=datetime(2027, 1, 13, 18), reason="Later"),
                                  user=plan.user, expected_version=moving.version)
    db.session.expire_all()
    assert moving.status is MeetingStatus.PLANNED


@pytest.mark.parametrize("role", ["chair", "speaker"])
def test_a_person_booked_twice_is_a_warning_the_organizer_may_accept(plan, build, role):
    person = build.person(family_name="Abenov", given_names="Nurlan")
    first = plan.meeting()
    other = plan.meeting(title_en="Workshop", type_code="WORKSHOP", timezone="Asia/Almaty",
                         local_start=datetime(2026, 12, 9, 9), local_end=datetime(2026, 12, 9, 19))
    plan.item(first, chair_id=person.id)  # 10:00-12:00 Baku = 11:00-13:00 Astana
    booking = {"chair_id": person.id} if role == "chair" else {"speaker_ids": [person.id]}
    with pytest.raises(WarningsPending) as pending:
        plan.item(other, accept_warnings=False, local_start=datetime(2026, 12, 9, 12, 30),
                  local_end=datetime(2026, 12, 9, 13, 30), **booking)
    assert len(pending.value.warnings) == 1
    assert "Nurlan Abenov" in pending.value.warnings[0]
    assert _items() == 1
    plan.item(other, accept_warnings=True, local_start=datetime(2026, 12, 9, 12, 30),
              local_end=datetime(2026, 12, 9, 13, 30), **booking)
    assert _items() == 2
    # Not overlapping (13:00 Astana is the end of the first): no warning.
    plan.item(other, accept_warnings=False, local_start=datetime(2026, 12, 9, 13, 30),
              local_end=datetime(2026, 12, 9, 14, 0), chair_id=person.id)


def test_two_meetings_of_one_body_overlapping_is_a_warning(plan):
    plan.meeting(type_code="MC", title_en="Ministerial Council")
    with pytest.raises(WarningsPending) as pending:
        plan.meeting(type_code="IMC", title_en="Informal Ministerial Council", accept_warnings=False)
    assert pending.value.warnings == [
        "“Ministerial Council” of the same body (Council of Ministers of Foreign Affairs) overlaps these dates."]
    plan.meeting(type_code="SOC", accept_warnings=False)  # another body: no warning
    plan.meeting(type_code="IMC", title_en="Informal Ministerial Council", accept_warnings=True)


def test_conflicts_name_items_meetings_and_bodies_in_the_readers_language(app, plan, venue, build):
    """A Russian organizer is told in Russian which entry, meeting and body are in the way, never
    the English titles (the message is written in the language of the request)."""
    meeting, person = plan.meeting(), build.person()
    plan.item(meeting, room_id=venue.rooms[0].id, chair_id=person.id)
    with app.test_request_context("/?lang=ru"):
        with pytest.raises(ConflictError) as refused:
            plan.item(meeting, title_en="Overlap", room_id=venue.rooms[0].id)
        with pytest.raises(WarningsPending) as pending:
            plan.item(meeting, accept_warnings=False, chair_id=person.id, local_start=datetime(2026, 12, 9, 11),
                      local_end=datetime(2026, 12, 9, 11, 30))
        with pytest.raises(WarningsPending) as overlap:
            plan.meeting(title_en="Second", title_ru="Второе заседание", accept_warnings=False)
    assert "«Пленарное заседание» (Комитет старших должностных лиц, 9 декабря 2026\u00a0г., 10:00–12:00; Баку, UTC+4)" \
        in refused.value.message
    assert "в пункте «Пленарное заседание» (Комитет старших должностных лиц" in pending.value.warnings[0]
    assert overlap.value.warnings[0].startswith("«Комитет старших должностных лиц»")
    assert not any(word in refused.value.message + pending.value.warnings[0] + overlap.value.warnings[0]
                   for word in ("Plenary session", "Senior Officials", "Asia/Baku"))

"""Venues and rooms: the rules, and every change in the audit trail with who made it."""

import pytest
from sqlalchemy import func, select

from meetings.extensions import db
from meetings.models import AuditEntry, Room, Venue
from meetings.scheduling import services
from meetings.scheduling.services import RoomInput, SchedulingError, VenueInput

BAKU = VenueInput(name_en="Baku Congress Center", name_ru="Бакинский конгресс-центр", city_en="Baku",
                  timezone="Asia/Baku")


def _entries(after: int = 0) -> list[tuple]:
    """The audit trail of venues and rooms (not of the accounts logged in), or its entries after the
    one numbered ``after``."""
    return [(e.action, e.object_type, e.object_id, e.user_id, e.meeting_id, e.changes)
            for e in db.session.scalars(select(AuditEntry).where(
                AuditEntry.id > after, AuditEntry.object_type.in_(("venue", "room"))).order_by(AuditEntry.id))]


def _last() -> int:
    """The number of the last entry: the venue fixture's own (made through the services) come before."""
    return db.session.scalar(select(func.max(AuditEntry.id))) or 0


def test_adding_and_editing_a_venue_is_recorded_with_who_and_what(organizer):
    venue = services.save_venue(None, BAKU, user=organizer)
    assert (venue.name_en, venue.city_en, venue.timezone) == ("Baku Congress Center", "Baku", "Asia/Baku")
    services.save_venue(venue, VenueInput(name_en="Baku Congress Centre", name_ru="Бакинский конгресс-центр",
                                          city_en="Baku", timezone="Asia/Baku", address="Heydar Aliyev Ave 1"),
                        user=organizer)
    services.save_venue(venue, VenueInput(name_en="Baku Congress Centre", name_ru="Бакинский конгресс-центр",
                                          city_en="Baku", timezone="Asia/Baku", address="Heydar Aliyev Ave 1"),
                        user=organizer)  # unchanged: nothing to record
    assert _entries() == [
        ("venue.created", "venue", venue.id, organizer.id, None, {
            "name_en": [None, "Baku Congress Center"], "name_ru": [None, "Бакинский конгресс-центр"],
            "city_en": [None, "Baku"], "city_ru": [None, ""], "address": [None, ""], "address_ru": [None, ""],
            "timezone": [None, "Asia/Baku"]}),
        ("venue.edited", "venue", venue.id, organizer.id, None, {
            "name_en": ["Baku Congress Center", "Baku Congress Centre"], "address": ["", "Heydar Aliyev Ave 1"]}),
    ]


def test_rooms_added_edited_and_deleted_are_recorded(organizer, venue):
    last = _last()
    room = services.save_room(venue, None, RoomInput(name="Room 2", capacity=30), user=organizer)
    services.save_room(venue, room, RoomInput(name="Room 2", capacity=35, interpretation_booths=1), user=organizer)
    room_id = room.id
    assert services.delete_room(room, user=organizer) is venue
    assert db.session.get(Room, room_id) is None
    assert _entries(last) == [
        ("room.created", "room", room_id, organizer.id, None,
         {"name": [None, "Room 2"], "name_ru": [None, ""], "capacity": [None, 30], "interpretation_booths": [None, 0]}),
        ("room.edited", "room", room_id, organizer.id, None,
         {"capacity": [30, 35], "interpretation_booths": [0, 1]}),
        ("room.deleted", "room", room_id, organizer.id, None,
         {"name": ["Room 2", None], "name_ru": ["", None], "capacity": [35, None], "interpretation_booths": [1, None]}),
    ]


def test_the_system_is_recorded_as_nobody(venue):
    last = _last()
    services.save_room(venue, None, RoomInput(name="Room 3"), user=None)
    assert _entries(last)[0][:4] == ("room.created", "room", venue.rooms[-1].id, None)


def test_refused_changes_record_nothing(organizer, venue, plan):
    meeting = plan.meeting()
    plan.item(meeting, room_id=venue.rooms[0].id)
    entries = _entries()
    with pytest.raises(SchedulingError) as refused:
        services.save_venue(None, VenueInput(name_en="Baku Congress Center", city_en="Baku", timezone="Asia/Baku"),
                            user=organizer)
    assert refused.value.field == "name_en"
    with pytest.raises(SchedulingError) as refused:
        services.save_venue(venue, VenueInput(name_en="Hall", city_en="Baku", timezone="Mars/Olympus_Mons"),
                            user=organizer)
    assert refused.value.field == "timezone"
    with pytest.raises(SchedulingError) as refused:
        services.save_room(venue, None, RoomInput(name="Room 1"), user=organizer)
    assert refused.value.field == "name"
    with pytest.raises(SchedulingError) as refused:
        services.save_room(venue, venue.rooms[1], RoomInput(name="Room 1b", capacity=-1), user=organizer)
    assert refused.value.field == "capacity"
    with pytest.raises(SchedulingError) as refused:
        services.delete_room(venue.rooms[0], user=organizer)
    assert refused.value.field == "room"
    db.session.expire_all()
    assert _entries() == entries
    assert [(r.name, r.capacity) for r in venue.rooms] == [("Plenary Hall", 600), ("Room 1", 40)]
    assert db.session.scalars(select(Venue.name_en)).all() == ["Baku Congress Center"]

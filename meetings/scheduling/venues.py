"""Venues and their rooms: unique names, a valid zone, and no deleting a room a timetable uses.
Every change is in the audit trail with who made it and the values before and after."""

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from meetings import audit
from meetings.domain import RuleError
from meetings.extensions import db
from meetings.history import jsonable
from meetings.i18n import whole_number_range
from meetings.models import AgendaItem, Room, Venue
from meetings.scheduling import rules
from meetings.scheduling.inputs import RoomInput, VenueInput
from meetings.transaction import operation


def venue_list():
    """The statement of every venue with its rooms, by city and name (the id last: a stable order
    for pages)."""
    return select(Venue).options(selectinload(Venue.rooms)).order_by(Venue.city_en, Venue.name_en, Venue.id)


def _save(obj: Venue | Room, values: dict, *, user, label: str) -> None:
    """Record and set the new values of an existing venue or room (nothing when nothing changed)."""
    changes = audit.diff(obj, values)
    if not changes:
        return
    kind = type(obj).__tablename__
    audit.record(user, kind, "edited", object_id=obj.id, meeting_id=None, summary=f"Edited: {label}",
                 changes=changes)
    for name, value in values.items():
        setattr(obj, name, value)


@operation
def save_venue(venue: Venue | None, data: VenueInput, *, user) -> Venue:
    """Add a venue (``venue`` None) or change one."""
    values = {
        "name_en": rules.text(data.name_en, "name_en", Venue, required=True),
        "name_ru": rules.text(data.name_ru, "name_ru", Venue),
        "city_en": rules.text(data.city_en, "city_en", Venue, required=True),
        "city_ru": rules.text(data.city_ru, "city_ru", Venue),
        "address": rules.text(data.address, "address", Venue),
        "address_ru": rules.text(data.address_ru, "address_ru", Venue),
        "timezone": rules.zone(data.timezone),
    }
    duplicate = db.session.scalar(select(Venue.id).where(
        Venue.name_en == values["name_en"], Venue.city_en == values["city_en"], Venue.id != (venue.id if venue else 0)))
    if duplicate is not None:
        raise RuleError(_("This venue exists already."), "name_en")
    if venue is None:
        venue = Venue(**values)
        db.session.add(venue)
        db.session.flush()
        audit.record(user, "venue", "created", object_id=venue.id, meeting_id=None,
                     summary=f"Created: {venue.name_en}", changes=audit.created(values))
    else:
        _save(venue, values, user=user, label=values["name_en"])
    db.session.flush()
    return venue


def _room_values(data: RoomInput) -> dict:
    values: dict = {"name": rules.text(data.name, "name", Room, required=True),
                    "name_ru": rules.text(data.name_ru, "name_ru", Room)}
    for field in ("capacity", "interpretation_booths"):
        value = getattr(data, field)
        if not 0 <= value <= 100_000:
            raise RuleError(whole_number_range(0, 100_000), field)
        values[field] = value
    return values


@operation
def save_room(venue: Venue, room: Room | None, data: RoomInput, *, user) -> Room:
    """Add a room to the venue (``room`` None) or change one of its rooms."""
    values = _room_values(data)
    duplicate = db.session.scalar(select(Room.id).where(
        Room.venue_id == venue.id, Room.name == values["name"], Room.id != (room.id if room else 0)))
    if duplicate is not None:
        raise RuleError(_("This venue has a room of that name already."), "name")
    if room is None:
        room = Room(venue=venue, **values)
        db.session.add(room)
        db.session.flush()
        audit.record(user, "room", "created", object_id=room.id, meeting_id=None,
                     summary=f"Created: {room.name} ({venue.name_en})", changes=audit.created(values))
    else:
        _save(room, values, user=user, label=f"{values['name']} ({venue.name_en})")
    db.session.flush()
    return room


@operation
def delete_room(room: Room, *, user) -> Venue:
    """Delete a room no timetable uses; its venue is returned."""
    used = db.session.scalar(select(AgendaItem.id).where(AgendaItem.room_id == room.id).limit(1))
    if used is not None:
        raise RuleError(_("This room is used in a timetable and cannot be deleted."), "room")
    venue = room.venue
    audit.record(user, "room", "deleted", object_id=room.id, meeting_id=None, summary=f"Deleted: {room.name} ({venue.name_en})",
                 changes={name: [jsonable(getattr(room, name)), None]
                          for name in ("name", "name_ru", "capacity", "interpretation_booths")})
    db.session.delete(room)
    db.session.flush()
    return venue

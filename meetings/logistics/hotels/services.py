"""Accommodation of a meeting: hotels, room blocks and who sleeps where, and the rules.

A block is ``rooms`` rooms of one type in one hotel for the nights from its check-in to its
check-out (the night of a date is the one that begins that evening: check-out day is not a night).
An assignment takes one room of a block for some of those nights. The rules:

- no night of a block holds more assignments than the block has rooms (the block's row is locked
  with SELECT ... FOR UPDATE before the count, so two requests taking the last room cannot both
  pass; SQLite serialises writers anyway);
- an assignment lies within the block's nights, and leaves after it arrives;
- a block cannot shrink below what is assigned, nor its nights leave an assignment outside;
- dates more than two days away from the meeting's own local dates are a warning to confirm.
"""

from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from meetings import audit
from meetings.domain import ConflictError, RuleError, found
from meetings.extensions import db
from meetings.history import jsonable
from meetings.i18n import whole_number_range
from meetings.logistics.hotels.inputs import AssignmentInput, BlockInput, HotelInput
from meetings.logistics.hotels.occupancy import block_label, meeting_dates, night_counts, nights
from meetings.logistics.hotels.occupancy import summary as summary  # the dashboard's (meetings/logistics/dashboard.py)
from meetings.models import (
    Hotel,
    HotelAssignment,
    HotelBlock,
    Meeting,
    Registration,
)
from meetings.names import sorted_name
from meetings.participants.workflow import ACTIVE
from meetings.scheduling import rules
from meetings.timeutil import FIRST_YEAR, LAST_YEAR
from meetings.transaction import operation

MAX_ROOMS = 10_000
# How far from the meeting's own dates a stay is still expected (arrive two days early, leave two days late).
MARGIN = timedelta(days=2)


# --- values -------------------------------------------------------------------------------------



def _year(day: date | None, field: str) -> date | None:
    """A day of the years meetings are held in (9999-12-31 or 0001-01-01 is a slip of the keyboard)."""
    if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise RuleError(_("Enter a year between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR), field)
    return day


def _stay(check_in: date | None, check_out: date | None) -> tuple[date, date]:
    if _year(check_in, "check_in") is None:
        raise RuleError(_("Enter a date."), "check_in")
    if _year(check_out, "check_out") is None:
        raise RuleError(_("Enter a date."), "check_out")
    if check_out <= check_in:
        raise RuleError(_("The check-out must be after the check-in."), "check_out")
    if (check_out - check_in).days > 366:
        raise RuleError(_("A stay of more than a year is not a hotel booking: check the dates."), "check_out")
    return check_in, check_out


def date_warnings(meeting: Meeting, check_in: date, check_out: date) -> list[str]:
    """A stay that begins or ends more than two days from the meeting's own local dates."""
    first, last = meeting_dates(meeting)
    if check_in >= first - MARGIN and check_out <= last + MARGIN:
        return []
    return [_("The dates %(check_in)s – %(check_out)s lie more than two days away from the meeting "
              "(%(first)s – %(last)s).", check_in=check_in.isoformat(), check_out=check_out.isoformat(),
              first=first.isoformat(), last=last.isoformat())]


def _edit(obj, values: dict, *, user, meeting_id: int | None, summary: str):
    """Set the new values of a hotel, block or assignment, and record what changed (nothing: no entry)."""
    changes = audit.diff(obj, values)
    if changes:
        audit.record(user, type(obj).__tablename__, "edited", object_id=obj.id, meeting_id=meeting_id,
                     summary=summary, changes=changes)
        for name, value in values.items():
            setattr(obj, name, value)
        db.session.flush()
    return obj


# --- hotels -------------------------------------------------------------------------------------


def list_hotels() -> list[Hotel]:
    return list(db.session.scalars(select(Hotel).order_by(Hotel.city, Hotel.name_en)))


def get_hotel(hotel_id: int) -> Hotel:
    return found(db.session.get(Hotel, hotel_id))


def _hotel_values(data: HotelInput) -> dict:
    values = {
        "name_en": rules.text(data.name_en, "name_en", Hotel, required=True),
        "name_ru": rules.text(data.name_ru, "name_ru", Hotel),
        "city": rules.text(data.city, "city", Hotel, required=True),
        "address_en": rules.text(data.address_en, "address_en", Hotel),
        "address_ru": rules.text(data.address_ru, "address_ru", Hotel),
        "phone": rules.text(data.phone, "phone", Hotel),
        "email": rules.text(data.email, "email", Hotel),
    }
    if values["email"] and ("@" not in values["email"] or " " in values["email"]):
        raise RuleError(_("Enter an e-mail address."), "email")
    return values


@operation
def save_hotel(hotel: Hotel | None, data: HotelInput, *, user) -> Hotel:
    """Add a hotel (``hotel`` None) or change one; a hotel serves every meeting in its city."""
    values = _hotel_values(data)
    duplicate = db.session.scalar(select(Hotel.id).where(
        Hotel.name_en == values["name_en"], Hotel.city == values["city"], Hotel.id != (hotel.id if hotel else 0)))
    if duplicate is not None:
        raise RuleError(_("This hotel exists already."), "name_en")
    if hotel is None:
        hotel = Hotel(**values)
        db.session.add(hotel)
        _flush_hotel()
        audit.record(user, "hotel", "created", object_id=hotel.id, meeting_id=None,
                     summary=f"Created: {hotel.name_en}", changes=audit.created(values))
        return hotel
    saved = _edit(hotel, values, user=user, meeting_id=None, summary=f"Edited: {values['name_en']}")
    _flush_hotel()
    return saved


def _flush_hotel() -> None:
    try:
        db.session.flush()
    except IntegrityError:  # the same hotel added by someone else at the same moment
        raise RuleError(_("This hotel exists already."), "name_en") from None


# --- blocks -------------------------------------------------------------------------------------


def get_block(meeting: Meeting, block_id: int) -> HotelBlock:
    block = db.session.scalar(select(HotelBlock).where(HotelBlock.id == block_id, HotelBlock.meeting_id == meeting.id)
                              .options(joinedload(HotelBlock.hotel)))
    return found(block)


def _lock_block(block_id: int) -> tuple[int, date, date]:
    """Lock the block's row until the transaction ends (PostgreSQL: SELECT ... FOR UPDATE) and read
    its rooms and nights as committed now, not as this session loaded them. A block deleted by
    someone else meanwhile is not found (a 404, as after the deletion)."""
    row = found(db.session.execute(
        select(HotelBlock.rooms, HotelBlock.check_in, HotelBlock.check_out)
        .where(HotelBlock.id == block_id).with_for_update()
    ).one_or_none())
    return row.rooms, row.check_in, row.check_out


def _stays(block_id: int, exclude_id: int | None = None) -> list[tuple[date, date]]:
    query = select(HotelAssignment.check_in, HotelAssignment.check_out).where(
        HotelAssignment.hotel_block_id == block_id)
    if exclude_id is not None:
        query = query.where(HotelAssignment.id != exclude_id)
    return [(row.check_in, row.check_out) for row in db.session.execute(query)]


def _block_values(data: BlockInput) -> dict:
    if data.hotel_id is None or db.session.get(Hotel, data.hotel_id) is None:
        raise RuleError(_("Choose a value from the list."), "hotel_id")
    if data.rooms is None or not 0 <= data.rooms <= MAX_ROOMS:
        raise RuleError(whole_number_range(0, MAX_ROOMS), "rooms")
    check_in, check_out = _stay(data.check_in, data.check_out)
    if _year(data.release_date, "release_date") is not None and data.release_date > check_in:
        raise RuleError(_("The release date comes before the check-in."), "release_date")
    return {
        "hotel_id": data.hotel_id,
        "room_type": rules.text(data.room_type, "room_type", HotelBlock, required=True),
        "rooms": data.rooms,
        "check_in": check_in,
        "check_out": check_out,
        "rate": rules.text(data.rate, "rate", HotelBlock),
        "release_date": data.release_date,
        "note": rules.long_text(data.note, "note", rules.REASON_LENGTH),
    }


@operation
def save_block(meeting: Meeting, block: HotelBlock | None, data: BlockInput, *, user,
               accept_warnings: bool = False) -> HotelBlock:
    """Add a room block to the meeting (``block`` None) or change one: never fewer rooms on a
    night than are assigned, never nights that leave an assignment outside."""
    values = _block_values(data)
    hotel = db.session.get(Hotel, values["hotel_id"])
    if block is not None:
        _lock_block(block.id)
        stays = _stays(block.id)
        outside = [s for s in stays if s[0] < values["check_in"] or s[1] > values["check_out"]]
        if outside:
            raise RuleError(ngettext("%(num)d assignment lies outside these nights: change or remove it first.",
                                     "%(num)d assignments lie outside these nights: change or remove them first.",
                                     len(outside)), "check_in")
        busiest = max(night_counts(stays, values["check_in"], values["check_out"]).values(), default=0)
        if values["rooms"] < busiest:
            raise RuleError(ngettext("%(num)d room is assigned on the busiest night: the block cannot have fewer.",
                                     "%(num)d rooms are assigned on the busiest night: the block cannot have fewer.",
                                     busiest), "rooms")
    rules.warn(date_warnings(meeting, values["check_in"], values["check_out"]), accept_warnings)
    if block is None:
        block = HotelBlock(meeting_id=meeting.id, **values)
        db.session.add(block)
        db.session.flush()
        audit.record(user, "hotel_block", "created", object_id=block.id, meeting_id=meeting.id,
                     summary=f"Room block added: {block_label(values, hotel)}", changes=audit.created(values))
        return block
    return _edit(block, values, user=user, meeting_id=meeting.id,
                 summary=f"Room block edited: {block_label(values, hotel)}")


@operation
def delete_block(block: HotelBlock, *, user) -> Meeting:
    """Delete a block no one is assigned to; its meeting is returned."""
    _lock_block(block.id)
    if _stays(block.id):
        raise RuleError(_("People are assigned to this block: remove their assignments first."), "block")
    meeting = block.meeting
    audit.record(user, "hotel_block", "deleted", object_id=block.id, meeting_id=block.meeting_id,
                 summary=f"Room block deleted: {block_label(block, block.hotel)}",
                 changes={name: [jsonable(getattr(block, name)), None]
                          for name in ("hotel_id", "room_type", "rooms", "check_in", "check_out")})
    db.session.delete(block)
    db.session.flush()
    return meeting


# --- assignments --------------------------------------------------------------------------------


def get_assignment(meeting: Meeting, assignment_id: int) -> HotelAssignment:
    assignment = db.session.scalar(
        select(HotelAssignment).join(HotelAssignment.hotel_block)
        .where(HotelAssignment.id == assignment_id, HotelBlock.meeting_id == meeting.id)
        .options(joinedload(HotelAssignment.hotel_block).joinedload(HotelBlock.hotel),
                 joinedload(HotelAssignment.registration).joinedload(Registration.person))
    )
    return found(assignment)


def _assignment_values(data: AssignmentInput, block_nights: tuple[date, date]) -> dict:
    check_in, check_out = _stay(data.check_in, data.check_out)
    first, last = block_nights
    if check_in < first or check_in >= last:
        raise RuleError(_("The block's nights run from %(first)s to %(last)s (check-out): choose a check-in "
                          "within them.", first=first.isoformat(), last=last.isoformat()), "check_in")
    if check_out > last:
        raise RuleError(_("The block's nights run from %(first)s to %(last)s (check-out): choose a check-out "
                          "no later.", first=first.isoformat(), last=last.isoformat()), "check_out")
    return {"check_in": check_in, "check_out": check_out,
            "room_number": rules.text(data.room_number, "room_number", HotelAssignment),
            "note": rules.long_text(data.note, "note", rules.REASON_LENGTH)}


def _check_rooms(block_id: int, rooms: int, check_in: date, check_out: date, exclude_id: int | None) -> None:
    """Every night of the stay must have a room left (the block is locked by the caller)."""
    used = night_counts(_stays(block_id, exclude_id), check_in, check_out)
    full = [night for night in nights(check_in, check_out) if used[night] >= rooms]
    if full:
        raise ConflictError(
            _("No room of this block is left on the night of %(nights)s: all rooms (%(rooms)d) are assigned.",
              nights=", ".join(n.isoformat() for n in full), rooms=rooms), "check_in")


def _flush_assignment() -> None:
    try:
        db.session.flush()
    except IntegrityError:  # the same person given a room by someone else at the same moment
        raise ConflictError(_("This participant has a room already."), "registration_id") from None


def _who(registration: Registration) -> str:
    return str(sorted_name(registration.person, "en"))  # the audit trail is written in English


@operation
def assign(block: HotelBlock, data: AssignmentInput, *, user, accept_warnings: bool = False) -> HotelAssignment:
    """Give a participant of the block's meeting a room of the block for some of its nights."""
    rooms, first, last = _lock_block(block.id)
    meeting = block.meeting
    registration = None
    if data.registration_id is not None:
        registration = db.session.scalar(
            select(Registration).where(Registration.id == data.registration_id,
                                       Registration.meeting_id == meeting.id)
            .options(joinedload(Registration.person)))
    if registration is None:
        raise RuleError(_("Choose a value from the list."), "registration_id")
    if registration.status not in ACTIVE:
        raise RuleError(_("This participant has declined or is cancelled."), "registration_id")
    if db.session.scalar(select(HotelAssignment.id).where(HotelAssignment.registration_id == registration.id)):
        raise RuleError(_("This participant has a room already."), "registration_id")
    values = _assignment_values(data, (first, last))
    _check_rooms(block.id, rooms, values["check_in"], values["check_out"], None)
    rules.warn(date_warnings(meeting, values["check_in"], values["check_out"]), accept_warnings)
    assignment = HotelAssignment(registration_id=registration.id, hotel_block_id=block.id, **values)
    db.session.add(assignment)
    _flush_assignment()
    audit.record(user, "hotel_assignment", "created", object_id=assignment.id, meeting_id=meeting.id,
                 summary=f"Room assigned: {_who(registration)} at {block_label(block, block.hotel)}",
                 changes=audit.created({"registration_id": registration.id, "hotel_block_id": block.id, **values}))
    return assignment


@operation
def update_assignment(assignment: HotelAssignment, data: AssignmentInput, *, user,
                      accept_warnings: bool = False) -> HotelAssignment:
    """Change a participant's dates, room number or note (the block and the person stay)."""
    block = assignment.hotel_block
    rooms, first, last = _lock_block(block.id)
    values = _assignment_values(data, (first, last))
    _check_rooms(block.id, rooms, values["check_in"], values["check_out"], assignment.id)
    rules.warn(date_warnings(block.meeting, values["check_in"], values["check_out"]), accept_warnings)
    return _edit(assignment, values, user=user, meeting_id=block.meeting_id,
                 summary=f"Room assignment edited: {_who(assignment.registration)}")


@operation
def remove_assignment(assignment: HotelAssignment, *, user) -> Meeting:
    block = assignment.hotel_block
    audit.record(user, "hotel_assignment", "deleted", object_id=assignment.id, meeting_id=block.meeting_id,
                 summary=f"Room assignment removed: {_who(assignment.registration)}",
                 changes={name: [jsonable(getattr(assignment, name)), None]
                          for name in ("registration_id", "hotel_block_id", "check_in", "check_out", "room_number")})
    db.session.delete(assignment)
    db.session.flush()
    return block.meeting

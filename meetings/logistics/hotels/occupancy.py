"""What a meeting's accommodation holds: the nights of each block and how many rooms each night
uses (pick-up), the release date ahead, who still needs a room, and the rooming list of a hotel.
Reading only, in a fixed number of queries however many participants; the rules that change
anything are in services.py."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext, pgettext
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from meetings.domain import NotFoundError
from meetings.extensions import db
from meetings.i18n import localized
from meetings.logistics.summary import Attention, Count, Section
from meetings.models import AccreditationStatus, Hotel, HotelAssignment, HotelBlock, Meeting, Person, Registration
from meetings.names import display_name, name_key, sorted_name, typed
from meetings.participants.workflow import ACTIVE
from meetings.timeutil import local_dates, local_today

# A release date this close (days) with rooms still unassigned is on the dashboard.
RELEASE_SOON = 7


def meeting_dates(meeting: Meeting) -> tuple[date, date]:
    return local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)


def nights(check_in: date, check_out: date) -> list[date]:
    """The nights of a stay, each named by the date it begins: check-out day is not one."""
    return [check_in + timedelta(days=n) for n in range((check_out - check_in).days)]


# --- what a block holds -------------------------------------------------------------------------


@dataclass
class Night:
    day: date
    used: int
    rooms: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.used / self.rooms) if self.rooms else None

    @property
    def full(self) -> bool:
        return self.used >= self.rooms


@dataclass
class BlockUse:
    """A block with its assignments: room-nights used per night and in all, and its release."""

    block: HotelBlock
    assignments: list[HotelAssignment]
    nights: list[Night]
    today: date

    @property
    def room_nights(self) -> int:
        return self.block.rooms * len(self.nights)

    @property
    def used_nights(self) -> int:
        return sum(n.used for n in self.nights)

    @property
    def pickup(self) -> int | None:
        """Pick-up: the share (%) of the block's room-nights assigned; None for an empty block."""
        return round(100 * self.used_nights / self.room_nights) if self.room_nights else None

    @property
    def unused_nights(self) -> int:
        return self.room_nights - self.used_nights

    @property
    def days_to_release(self) -> int | None:
        """Days from today to the release date (negative: past); None without one."""
        if self.block.release_date is None:
            return None
        return (self.block.release_date - self.today).days

    @property
    def released(self) -> bool:
        return self.days_to_release is not None and self.days_to_release < 0

    @property
    def release_soon(self) -> bool:
        return self.days_to_release is not None and 0 <= self.days_to_release <= RELEASE_SOON


def night_counts(stays, check_in: date, check_out: date) -> Counter:
    """How many of ``stays`` ((check_in, check_out) pairs) cover each night of [check_in, check_out)."""
    used: Counter = Counter()
    for start, end in stays:
        for night in nights(max(start, check_in), min(end, check_out)):
            used[night] += 1
    return used


def block_use(block: HotelBlock, assignments: list[HotelAssignment], today: date) -> BlockUse:
    used = night_counts(((a.check_in, a.check_out) for a in assignments), block.check_in, block.check_out)
    return BlockUse(block, assignments, [Night(n, used[n], block.rooms) for n in nights(block.check_in, block.check_out)],
                    today)



def accommodation(meeting: Meeting, now: datetime) -> list[BlockUse]:
    """The meeting's blocks (by hotel, then check-in) with their assignments and people: 2 queries."""
    blocks = db.session.scalars(
        select(HotelBlock).join(HotelBlock.hotel).where(HotelBlock.meeting_id == meeting.id)
        .options(joinedload(HotelBlock.hotel))
        .order_by(Hotel.name_en, HotelBlock.check_in, HotelBlock.id)
    ).all()
    by_block: dict[int, list[HotelAssignment]] = {b.id: [] for b in blocks}
    if blocks:
        for a in db.session.scalars(
            select(HotelAssignment)
            .where(HotelAssignment.hotel_block_id.in_(by_block))
            .options(joinedload(HotelAssignment.registration).joinedload(Registration.person)
                     .joinedload(Person.party))
        ):
            by_block[a.hotel_block_id].append(a)
        for assignments in by_block.values():  # by arrival, then in the page's alphabet
            assignments.sort(key=lambda a: (a.check_in, name_key(a.registration.person), a.id))
    today = local_today(meeting.timezone, now)
    return [block_use(b, by_block[b.id], today) for b in blocks]


def unassigned_registrations(meeting: Meeting) -> list[Registration]:
    """Who may still get a room: the meeting's registrations without one (not declined or
    cancelled), accredited first, then registered, then the rest; by name within each."""
    assigned = select(HotelAssignment.registration_id)
    found = db.session.scalars(
        select(Registration).join(Registration.person)
        .where(Registration.meeting_id == meeting.id, Registration.status.in_(ACTIVE),  # not who declined or was cancelled
               Registration.id.not_in(assigned))
        .options(joinedload(Registration.person).joinedload(Person.party))
    ).all()
    order = {AccreditationStatus.ACCREDITED: 0, AccreditationStatus.ATTENDED: 0, AccreditationStatus.REGISTERED: 1}
    return sorted(found, key=lambda r: (order.get(r.status, 2), name_key(r.person), r.id))


# --- the rooming list ---------------------------------------------------------------------------


@dataclass
class RoomingLine:
    name: str  # "FAMILY, Given", in the list's language where the person has a name in it
    party: object  # a Party or None
    check_in: date
    check_out: date
    room_type: str
    room_number: str
    note: str

    @property
    def nights(self) -> int:
        return (self.check_out - self.check_in).days


@dataclass
class RoomingList:
    hotel: Hotel
    lines: list[RoomingLine] = field(default_factory=list)


def rooming_list(meeting: Meeting, hotel_id: int, lang: str) -> RoomingList:
    """The hotel's guests of the meeting, in the order a hotel's front desk wants them: by
    arrival date, then family name in the list's alphabet (2 queries, however many guests).
    NotFoundError for a hotel with no block at the meeting."""
    hotel = db.session.scalar(select(Hotel).where(
        Hotel.id == hotel_id,
        select(HotelBlock.id).where(HotelBlock.hotel_id == hotel_id, HotelBlock.meeting_id == meeting.id).exists()))
    if hotel is None:
        raise NotFoundError()
    rows = db.session.execute(
        select(HotelAssignment, HotelBlock.room_type)
        .join(HotelAssignment.hotel_block)
        .where(HotelBlock.meeting_id == meeting.id, HotelBlock.hotel_id == hotel_id)
        .options(joinedload(HotelAssignment.registration).joinedload(Registration.person).joinedload(Person.party))
    ).all()
    rows.sort(key=lambda row: (row[0].check_in, name_key(row[0].registration.person, lang), row[0].id))
    return RoomingList(hotel, [
        RoomingLine(str(sorted_name(a.registration.person, lang)), a.registration.person.party, a.check_in,
                    a.check_out, room_type, a.room_number, a.note)
        for a, room_type in rows])


def block_label(block: HotelBlock | dict, hotel: Hotel) -> str:
    """"Hilton Baku, Standard single", in English, for the audit trail (a page names a block with
    ``_block_on_page``, in the page's language)."""
    room_type = block["room_type"] if isinstance(block, dict) else block.room_type
    return f"{localized(hotel, 'name', 'en')}, {room_type}"


def _block_on_page(block: HotelBlock) -> Markup:
    """A block named on a page: the hotel in the page's language, the room type as it was typed
    (marked with its language when that is not the page's)."""
    return Markup("{0}, {1}").format(localized(block.hotel, "name"), typed(block.room_type))


# --- the dashboard ------------------------------------------------------------------------------


EXAMPLES = 3


def summary(meeting: Meeting, now: datetime) -> Section:
    """Counts and what needs attention: accredited people without a room, and blocks whose release
    date is near or past with rooms unused. Four queries, however many participants."""
    page = url_for("logistics.hotels", meeting_id=meeting.id)
    uses = accommodation(meeting, now)
    rooms = sum(u.block.rooms for u in uses)
    assigned = sum(len(u.assignments) for u in uses)
    room_nights = sum(u.room_nights for u in uses)
    used = sum(u.used_nights for u in uses)
    section = Section(str(_l("Accommodation")), page, counts=[
        Count(str(_l("Room blocks")), len(uses)),
        Count(pgettext("hotel", "Rooms"), rooms),
        Count(str(_l("People with a room")), assigned),
        Count(pgettext("hotel block", "Pick-up"), f"{round(100 * used / room_nights)} %" if room_nights else "—"),
    ])
    homeless = (
        select(Registration.id).where(Registration.meeting_id == meeting.id,
                                      Registration.status == AccreditationStatus.ACCREDITED,
                                      Registration.id.not_in(select(HotelAssignment.registration_id)))
    )
    count = db.session.scalar(select(func.count()).select_from(homeless.subquery()))
    # A few examples by name in the page's alphabet: the people are sorted here, not by the database.
    people = sorted(db.session.scalars(
        select(Person).join(Registration, Registration.person_id == Person.id).where(Registration.id.in_(homeless))
    ), key=lambda p: (name_key(p), p.id))[:EXAMPLES]
    if count:
        section.attention.append(Attention(
            ngettext("%(num)d accredited participant without a hotel",
                     "%(num)d accredited participants without a hotel", count), count, page + "#assign",
            [str(display_name(p)) for p in people]))
    released = [u for u in uses if u.released and u.unused_nights]
    soon = [u for u in uses if u.release_soon and u.unused_nights]
    if released:
        section.attention.append(Attention(
            ngettext("%(num)d room block past its release date with rooms unused",
                     "%(num)d room blocks past their release date with rooms unused", len(released)), len(released),
            f"{page}#block-{released[0].block.id}",
            [_block_on_page(u.block) for u in released[:EXAMPLES]]))
    if soon:
        section.attention.append(Attention(
            ngettext("%(num)d room block to release within 7 days with rooms unused",
                     "%(num)d room blocks to release within 7 days with rooms unused", len(soon)), len(soon),
            f"{page}#block-{soon[0].block.id}",
            [_block_on_page(u.block) for u in soon[:EXAMPLES]], level="info"))
    return section

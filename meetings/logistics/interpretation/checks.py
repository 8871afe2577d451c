"""What a meeting's interpretation looks like and what is wrong with it, read in a fixed number
of queries however many items, rooms, interpreters and participants there are.

An agenda item of a kind that is interpreted (plenary, closed session, working session) without
any Interpretation row needs the defaults, English and Russian; another kind needs nothing unless
languages were set for it. Then, per item:
- booths: its room has fewer interpretation booths than languages needed;
- missing: a language needed with no interpreter booked;
- double booking: an interpreter of it is booked on an overlapping item ([start, end) instants,
  so one ending at 11:00 and one starting at 11:00 do not overlap) in another room (or with no
  room), at this meeting or any other not cancelled;
- capacity: its room holds fewer people than the meeting expects (scheduling/capacity.py).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from meetings.extensions import db
from meetings.i18n import current_language
from meetings.logistics.interpretation.languages import DEFAULT_LANGUAGES
from meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Interpretation,
    Interpreter,
    Meeting,
    MeetingStatus,
)
from meetings.models.logistics import interpretation_interpreter
from meetings.scheduling.capacity import expected_attendance, under_capacity
from meetings.timeutil import to_local

INTERPRETED_KINDS = frozenset({AgendaItemKind.PLENARY, AgendaItemKind.CLOSED_SESSION,
                               AgendaItemKind.WORKING_SESSION})


@dataclass(frozen=True)
class Booking:
    """An interpreter booked on an item (of any meeting)."""

    interpreter_id: int
    item_id: int
    item_title: str
    meeting_title: str
    timezone: str
    starts_at: datetime
    ends_at: datetime
    room_id: int | None


@dataclass
class Language:
    tag: str
    interpreters: list[Interpreter]


@dataclass
class Clash:
    interpreter: Interpreter
    other: Booking


@dataclass
class ItemPlan:
    item: AgendaItem
    day: date
    languages: list[Language]
    default: bool  # no row: English and Russian by default
    clashes: list[Clash] = field(default_factory=list)
    under_capacity: bool = False

    @property
    def interpreted(self) -> bool:
        return bool(self.languages)

    @property
    def missing(self) -> list[str]:
        return [language.tag for language in self.languages if not language.interpreters]

    @property
    def booth_shortage(self) -> bool:
        room = self.item.room
        return room is not None and room.interpretation_booths < len(self.languages)

    @property
    def has_warnings(self) -> bool:
        return bool(self.missing or self.booth_shortage or self.clashes or self.under_capacity)


@dataclass
class Plan:
    meeting: Meeting
    items: list[ItemPlan]
    expected: int

    def shown(self, problem: str | None) -> list[ItemPlan]:
        """The items with one kind of problem ("missing", "booths", "double", "capacity"), or all."""
        test = {"missing": lambda p: p.missing, "booths": lambda p: p.booth_shortage,
                "double": lambda p: p.clashes, "capacity": lambda p: p.under_capacity}.get(problem or "")
        return [p for p in self.items if test(p)] if test else self.items


def _title(model):
    """The title of an item or a meeting in the page's language, else in the other one."""
    first, other = ("title_ru", "title_en") if current_language() == "ru" else ("title_en", "title_ru")
    return func.coalesce(func.nullif(getattr(model, first), ""), getattr(model, other))


def _bookings(interpreter_ids: set[int], starts_at: datetime, ends_at: datetime) -> list[Booking]:
    """Every booking of these interpreters on items overlapping [starts_at, ends_at), any meeting."""
    if not interpreter_ids:
        return []
    rows = db.session.execute(
        select(interpretation_interpreter.c.interpreter_id, AgendaItem.id, _title(AgendaItem), _title(Meeting),
               Meeting.timezone, AgendaItem.starts_at, AgendaItem.ends_at, AgendaItem.room_id)
        .select_from(interpretation_interpreter)
        .join(Interpretation, Interpretation.id == interpretation_interpreter.c.interpretation_id)
        .join(AgendaItem, AgendaItem.id == Interpretation.agenda_item_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(interpretation_interpreter.c.interpreter_id.in_(sorted(interpreter_ids)),
               Meeting.status != MeetingStatus.CANCELLED,
               AgendaItem.starts_at < ends_at, AgendaItem.ends_at > starts_at)
        .distinct()
    ).tuples()
    return [Booking(*row) for row in rows]


def clashes_of(item: AgendaItem, interpreters: dict[int, Interpreter], bookings: list[Booking]) -> list[Clash]:
    found = []
    for booking in bookings:
        if (booking.interpreter_id in interpreters and booking.item_id != item.id
                and booking.starts_at < item.ends_at and booking.ends_at > item.starts_at
                and (booking.room_id is None or booking.room_id != item.room_id)):
            found.append(Clash(interpreters[booking.interpreter_id], booking))
    return sorted(found, key=lambda c: (c.interpreter.name, c.other.starts_at, c.other.item_id))


def plan(meeting: Meeting) -> Plan:
    """The meeting's items with their languages, interpreters and warnings: five queries."""
    items = db.session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
        .options(joinedload(AgendaItem.room))
        .order_by(AgendaItem.starts_at, AgendaItem.position, AgendaItem.id)
    ).all()
    rows = db.session.scalars(
        select(Interpretation).join(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
        .options(selectinload(Interpretation.interpreters)).order_by(Interpretation.id)
    ).all() if items else []
    by_item: dict[int, list[Interpretation]] = defaultdict(list)
    for row in rows:
        by_item[row.agenda_item_id].append(row)
    booked = {i.id: i for row in rows for i in row.interpreters}
    bookings = _bookings(set(booked), min(i.starts_at for i in items), max(i.ends_at for i in items)) if booked else []
    expected = expected_attendance([meeting.id])[meeting.id]
    plans = []
    for item in items:
        mine = by_item.get(item.id, [])
        if mine:
            languages = [Language(r.language, list(r.interpreters)) for r in _ordered(mine)]
        elif item.kind in INTERPRETED_KINDS:
            languages = [Language(tag, []) for tag in DEFAULT_LANGUAGES]
        else:
            languages = []
        ids = {i.id for language in languages for i in language.interpreters}
        plans.append(ItemPlan(
            item=item, day=to_local(item.starts_at, meeting.timezone).date(), languages=languages,
            default=not mine and bool(languages),
            clashes=clashes_of(item, {i: booked[i] for i in ids}, bookings),
            under_capacity=under_capacity(item.room, expected)))
    return Plan(meeting, plans, expected)


def _ordered(rows: list[Interpretation]) -> list[Interpretation]:
    """English and Russian first, then the others by tag."""
    return sorted(rows, key=lambda r: (DEFAULT_LANGUAGES.index(r.language) if r.language in DEFAULT_LANGUAGES
                                       else len(DEFAULT_LANGUAGES), r.language))

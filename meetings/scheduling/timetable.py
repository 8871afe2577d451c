"""A meeting's timetable: entries inside the meeting, one booking of a room at a time, and a
warning when a person would chair or speak in two places at once."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from meetings import audit, names
from meetings.calendar_fields import ITEM_CALENDAR_FIELDS
from meetings.domain import ConflictError, RuleError
from meetings.extensions import db
from meetings.i18n import format_wall_time, localized, whole_number_range, zone_label
from meetings.models import AgendaItem, Meeting, MeetingStatus, Person, Room, agenda_item_speaker
from meetings.models.base import MAX_ID
from meetings.scheduling import rules
from meetings.scheduling.capacity import capacity_warnings
from meetings.scheduling.inputs import ItemInput
from meetings.timeutil import to_local
from meetings.transaction import operation

# An entry's order among those at the same time.
MAX_POSITION = 10_000


def lock_rooms(room_ids: Iterable[int]) -> None:
    """Row locks on the rooms (PostgreSQL: SELECT ... FOR UPDATE; SQLite serialises writers anyway),
    so two requests booking one room cannot both pass check_room. Sorted: no deadlocks."""
    ids = sorted(set(room_ids))
    if ids:
        db.session.execute(select(Room.id).where(Room.id.in_(ids)).order_by(Room.id).with_for_update())


def check_room(room_id: int, starts_at: datetime, ends_at: datetime, *, exclude_item_id: int | None = None,
               exclude_meeting_id: int | None = None) -> None:
    """A room holds one item at a time, across all meetings: half-open [start, end) instants."""
    query = (
        select(AgendaItem).join(AgendaItem.meeting)
        .where(AgendaItem.room_id == room_id, AgendaItem.starts_at < ends_at, AgendaItem.ends_at > starts_at,
               Meeting.status != MeetingStatus.CANCELLED)
        .options(joinedload(AgendaItem.meeting), joinedload(AgendaItem.room))
        .order_by(AgendaItem.starts_at).limit(1)
    )
    if exclude_item_id is not None:
        query = query.where(AgendaItem.id != exclude_item_id)
    if exclude_meeting_id is not None:
        query = query.where(AgendaItem.meeting_id != exclude_meeting_id)
    taken = db.session.scalar(query)
    if taken is not None:
        tz = taken.meeting.timezone
        raise ConflictError(
            _("%(room)s is taken then by “%(item)s” (%(meeting)s, %(start)s–%(end)s; %(zone)s).",
              room=str(localized(taken.room, "name")), item=str(localized(taken, "title")),
              meeting=str(localized(taken.meeting, "title")),
              start=format_wall_time(to_local(taken.starts_at, tz)),
              end=to_local(taken.ends_at, tz).strftime("%H:%M"), zone=zone_label(tz, taken.starts_at)), "room_id")


def _people_warnings(person_ids: set[int], starts_at: datetime, ends_at: datetime,
                     exclude_item_id: int | None) -> list[str]:
    """A person chairing or speaking in two overlapping items, in any meeting."""
    if not person_ids:
        return []
    spoken = select(agenda_item_speaker.c.agenda_item_id).where(agenda_item_speaker.c.person_id.in_(person_ids))
    others = db.session.scalars(
        select(AgendaItem).join(AgendaItem.meeting)
        .where(or_(AgendaItem.chair_id.in_(person_ids), AgendaItem.id.in_(spoken)),
               AgendaItem.starts_at < ends_at, AgendaItem.ends_at > starts_at,
               Meeting.status != MeetingStatus.CANCELLED, AgendaItem.id != (exclude_item_id or 0))
        .options(joinedload(AgendaItem.meeting), joinedload(AgendaItem.chair), selectinload(AgendaItem.speakers))
        .order_by(AgendaItem.starts_at)
    ).unique().all()
    warnings = []
    for other in others:
        busy = ([other.chair] if other.chair_id in person_ids else []) + [
            p for p in other.speakers if p.id in person_ids and p.id != other.chair_id]
        for person in busy:
            tz = other.meeting.timezone
            warnings.append(_(
                "%(person)s is already booked then for “%(item)s” (%(meeting)s, %(start)s; %(zone)s).",
                person=str(names.display_name(person)), item=str(localized(other, "title")),
                meeting=str(localized(other.meeting, "title")),
                start=format_wall_time(to_local(other.starts_at, tz)), zone=zone_label(tz, other.starts_at)))
    return warnings


def _item_values(meeting: Meeting, data: ItemInput) -> tuple[dict[str, Any], list[Person]]:
    values: dict[str, Any] = {
        "title_en": rules.text(data.title_en, "title_en", AgendaItem, required=True),
        "title_ru": rules.text(data.title_ru, "title_ru", AgendaItem),
        **rules.times(data.local_start, data.local_end, meeting.timezone),
    }
    if values["starts_at"] < meeting.starts_at or values["ends_at"] > meeting.ends_at:
        first, last = (to_local(t, meeting.timezone) for t in (meeting.starts_at, meeting.ends_at))
        raise RuleError(
            _("The entry must lie within the meeting: from %(start)s to %(end)s (%(zone)s).",
              start=format_wall_time(first), end=format_wall_time(last),
              zone=zone_label(meeting.timezone, meeting.starts_at)),
            "starts_at")
    if not 0 <= data.position <= MAX_POSITION:
        raise RuleError(whole_number_range(0, MAX_POSITION), "position")
    values.update(
        kind=data.kind,
        room_id=rules.id_of(Room, data.room_id, "room_id"),
        chair_id=rules.id_of(Person, data.chair_id, "chair_id"),
        documents=rules.long_text(data.documents, "documents", rules.ITEM_TEXT_LENGTH),
        description_en=rules.long_text(data.description_en, "description_en", rules.ITEM_TEXT_LENGTH),
        description_ru=rules.long_text(data.description_ru, "description_ru", rules.ITEM_TEXT_LENGTH),
        position=data.position,
    )
    speaker_ids = sorted(set(data.speaker_ids))
    speakers = list(db.session.scalars(select(Person).where(Person.id.in_(speaker_ids)).order_by(Person.id))) \
        if all(1 <= ident <= MAX_ID for ident in speaker_ids) else []
    if len(speakers) != len(speaker_ids):
        raise RuleError(_("Choose a value from the list."), "speaker_ids")
    return values, speakers


def _check_item(meeting: Meeting, values: dict, speakers: list[Person], item_id: int | None,
                accept_warnings: bool) -> None:
    if values["room_id"] is not None:
        lock_rooms([values["room_id"]])
        check_room(values["room_id"], values["starts_at"], values["ends_at"], exclude_item_id=item_id)
    people = {p.id for p in speakers} | ({values["chair_id"]} if values["chair_id"] else set())
    rules.warn(_people_warnings(people, values["starts_at"], values["ends_at"], item_id)
               + capacity_warnings(meeting.id, values["room_id"]), accept_warnings)


def _item_titles(before: AgendaItem | None, after: AgendaItem | None) -> dict[str, list]:
    """The entry's title in both languages, before and after: its history reads in the reader's."""
    return {"item": [before and before.title_en, after and after.title_en],
            "item_ru": [before and before.title_ru, after and after.title_ru]}


@operation
def add_agenda_item(meeting: Meeting, data: ItemInput, *, user, expected_version: int | None = None,
                    accept_warnings: bool = False) -> AgendaItem:
    rules.check_version(meeting, expected_version)
    values, speakers = _item_values(meeting, data)
    _check_item(meeting, values, speakers, None, accept_warnings)
    version = meeting.version
    item = AgendaItem(meeting=meeting, speakers=speakers, **values)
    db.session.add(item)
    rules.touch(meeting)
    rules.flush(meeting, expected_version)
    rules.record(meeting, "added", f"Timetable: added {item.title_en}", user=user, item=item,
                 changes=_item_titles(None, item), version_before=version)
    return item


@operation
def update_agenda_item(item: AgendaItem, data: ItemInput, *, user, expected_version: int | None = None,
                       accept_warnings: bool = False) -> AgendaItem:
    """Edit or move an entry of the timetable."""
    meeting = item.meeting
    rules.check_version(meeting, expected_version)
    values, speakers = _item_values(meeting, data)
    _check_item(meeting, values, speakers, item.id, accept_warnings)
    changes = audit.diff(item, values)
    if [p.id for p in item.speakers] != [p.id for p in speakers]:
        changes["speakers"] = [[p.display_name for p in item.speakers], [p.display_name for p in speakers]]
    if not changes:
        return item
    version = meeting.version
    with db.session.no_autoflush:
        for name, value in values.items():
            setattr(item, name, value)
        item.speakers = speakers
        if set(changes) & set(ITEM_CALENDAR_FIELDS):
            rules.raise_sequence(item)
        rules.touch(meeting)
    rules.record(meeting, "edited", f"Timetable: edited {item.title_en}", user=user, item=item,
                 changes={**_item_titles(item, item), **changes}, version_before=version)
    rules.flush(meeting, expected_version)
    return item


@operation
def delete_agenda_item(item: AgendaItem, *, user, expected_version: int | None = None) -> Meeting:
    """Remove an entry; the meeting (a new version of it) is returned."""
    meeting = item.meeting
    rules.check_version(meeting, expected_version)
    rules.record(meeting, "deleted", f"Timetable: deleted {item.title_en}", user=user, item=item,
                 changes=_item_titles(item, None), version_before=meeting.version)
    meeting.agenda_items.remove(item)
    rules.touch(meeting)
    rules.flush(meeting, expected_version)
    return meeting


# The checks of one entry alone, without the write: bulk benchmark rows (meetings/bench_data.py).
item_values = _item_values

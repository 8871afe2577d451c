"""Planning meetings: every rule of scheduling, whatever the way in (form, CLI, API, import).

Each service validates first and changes nothing until every check has passed, then writes an
AuditEntry and commits. A refusal raises SchedulingError (with the field it belongs to) after a
rollback, so nothing is ever half written. Warnings (a person booked twice, one body meeting
twice at once) raise WarningsPending unless the caller accepted them.

Times come in as naive local wall-clock datetimes in the meeting's IANA zone and are stored as
UTC instants; every comparison (rooms, people, bodies) is between instants, so entries in
different zones compare correctly.
"""

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from meetings import audit
from meetings.calendar_fields import ITEM_CALENDAR_FIELDS, MEETING_CALENDAR_FIELDS
from meetings.extensions import db
from meetings.history import describe_changes, jsonable
from meetings.models import (
    AgendaItem,
    AgendaItemKind,
    AuditEntry,
    Meeting,
    MeetingFormat,
    MeetingStatus,
    MeetingType,
    Party,
    Person,
    Room,
    Venue,
    Visibility,
    agenda_item_speaker,
    utcnow,
)
from meetings.text import without_invisible_characters
from meetings.timeutil import FIRST_YEAR, LAST_YEAR, from_local, is_valid_timezone, local_dates, to_local

S = MeetingStatus

# The status workflow, in one place: draft -> planned -> confirmed -> held;
# planned/confirmed -> postponed -> planned/confirmed; any but held -> cancelled.
TRANSITIONS: dict[MeetingStatus, frozenset[MeetingStatus]] = {
    S.DRAFT: frozenset({S.PLANNED, S.CANCELLED}),
    S.PLANNED: frozenset({S.CONFIRMED, S.POSTPONED, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.HELD, S.POSTPONED, S.CANCELLED}),
    S.POSTPONED: frozenset({S.PLANNED, S.CONFIRMED, S.CANCELLED}),
    S.CANCELLED: frozenset(),
    S.HELD: frozenset(),
}
# A meeting may be entered as a draft, or directly as planned or confirmed (e.g. from an import).
INITIAL_STATUSES = (S.DRAFT, S.PLANNED, S.CONFIRMED)

MEETING_FIELDS = (
    "title_en", "title_ru", "type_id", "number", "host_party_id", "chair_party_id", "city_en", "city_ru",
    "venue_id", "format", "online_url", "timezone", "visibility", "cbm_dimension", "description_en",
    "description_ru", "registration_deadline",
)
ITEM_FIELDS = ("title_en", "title_ru", "kind", "room_id", "chair_id", "documents", "description_en",
               "description_ru", "position")

UNCHANGED: Any = object()


class SchedulingError(Exception):
    """A refused change; ``field`` names the input it belongs to (None: the whole form)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(SchedulingError):
    """A room is already taken at that time."""


class TransitionError(SchedulingError):
    """The status workflow does not allow this change."""


class StaleVersionError(SchedulingError):
    """The meeting changed since the form was opened; ``changes`` says how."""

    def __init__(self, message: str, changes: list[str]) -> None:
        super().__init__(message)
        self.changes = changes


class WarningsPending(Exception):  # noqa: N818 - not an error: the organizer may accept them
    """The change is possible but deserves a second look; call again with accept_warnings=True."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__("; ".join(warnings))
        self.warnings = warnings


# --- small helpers ------------------------------------------------------------------------------


def _refuse(error: SchedulingError):
    db.session.rollback()
    raise error


def _instant(local: datetime | None, tz: str, field: str) -> datetime:
    """A local wall-clock time as an instant; a time skipped by a clock change is refused."""
    if local is None:
        _refuse(SchedulingError(_("Enter a date and a time."), field))
    if not FIRST_YEAR <= local.year <= LAST_YEAR:
        _refuse(SchedulingError(_("Enter a year between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR),
                                field))
    instant = from_local(local, tz)
    if to_local(instant, tz).replace(tzinfo=None) != local:
        _refuse(SchedulingError(
            _("%(time)s does not exist in %(zone)s: the clocks are moved forward then. Choose another time.",
              time=local.strftime("%Y-%m-%d %H:%M"), zone=tz), field))
    return instant


# Control characters pasted from other programs: PostgreSQL refuses NUL outright, and calendars and
# PDFs choke on the rest. Word's line and page breaks (VT, FF) become real line breaks.
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_LINE_BREAKS = re.compile(r"\s*[\t\n\r]+\s*")


def _plain(value: str | None, *, multiline: bool = False) -> str:
    """A text without control characters; a one-line text also without line breaks."""
    value = without_invisible_characters((value or "").translate(_BREAKS))
    return (value.replace("\r\n", "\n") if multiline else _LINE_BREAKS.sub(" ", value)).strip()


def _long_text(data: dict, name: str) -> str:
    return _plain(data.get(name), multiline=True)


def _text(data: dict, name: str, model, *, required: bool = False) -> str:
    value = _plain(data.get(name))
    if required and not value:
        _refuse(SchedulingError(_("This field is required."), name))
    length = model.__table__.c[name].type.length
    if length is not None and len(value) > length:
        _refuse(SchedulingError(_("At most %(n)d characters.", n=length), name))
    return value


def _exists(model, ident, field: str):
    if ident in (None, "", 0):
        return None
    obj = db.session.get(model, ident) if isinstance(ident, int) else None
    if obj is None:
        _refuse(SchedulingError(_("Choose a value from the list."), field))
    return obj


def _enum(enum_class, value, field: str):
    try:
        return enum_class(value)
    except ValueError:
        _refuse(SchedulingError(_("Choose a value from the list."), field))


def _check_version(meeting: Meeting, expected_version: int | None) -> None:
    if expected_version is not None and meeting.version != expected_version:
        _refuse(_stale(meeting, expected_version))


def _stale(meeting: Meeting, expected_version: int) -> StaleVersionError:
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.meeting_id == meeting.id, audit.in_meeting_history())
        .options(joinedload(AuditEntry.user)).order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    changes = []
    for entry in entries:
        if entry.changes.get("version_before", -1) < expected_version:
            continue
        who = (entry.user.name or entry.user.email) if entry.user else _("the system")
        lines = describe_changes(entry.changes, meeting.timezone) or [entry.summary]
        changes.append(_("%(who)s: %(what)s", who=who, what="; ".join(lines)))
    return StaleVersionError(
        _("Someone else changed this meeting since you opened the form. Nothing was saved: "
          "check the changes below, then save again if you still want yours."),
        changes,
    )


def _commit(meeting: Meeting, expected_version: int | None) -> None:
    """Commit; a concurrent save that slipped past the version check is caught by the database."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise _stale(meeting, expected_version or meeting.version) from None


def _audit(meeting: Meeting, verb: str, summary: str, *, user, changes: dict, reason: str = "",
           item: AgendaItem | None = None, version_before: int | None = None) -> None:
    changes = dict(changes)
    changes["version_before"] = version_before if version_before is not None else meeting.version
    with db.session.no_autoflush:  # a concurrent change must surface in _commit, not here
        user_id = user.id if user is not None and getattr(user, "is_authenticated", False) else None
    audit.record(
        user_id, "agenda_item" if item is not None else "meeting", verb,
        object_id=item.id if item is not None else meeting.id, meeting_id=meeting.id,
        summary=summary, reason=reason, changes=changes,
    )


def _diff(obj, values: dict[str, Any]) -> dict[str, list]:
    return {
        name: [jsonable(getattr(obj, name)), jsonable(value)]
        for name, value in values.items() if getattr(obj, name) != value
    }


# SEQUENCE rises in SQL (column + 1), never from the value this request loaded: a rename of the
# venue or chair committed meanwhile (meetings/calendar_fields.py) raises it too, and both count.
def _raise_sequence(obj: Meeting | AgendaItem) -> None:
    obj.sequence = type(obj).sequence + 1


def _bump_items(meeting: Meeting) -> None:
    for item in meeting.agenda_items:
        _raise_sequence(item)


def _touch(meeting: Meeting) -> None:
    """A timetable change makes the meeting a new version: open forms of it become stale."""
    meeting.updated_at = utcnow()


# --- meetings -----------------------------------------------------------------------------------


def _meeting_values(data: dict) -> dict[str, Any]:
    tz = (data.get("timezone") or "").strip()
    if not is_valid_timezone(tz):
        _refuse(SchedulingError(_("Choose a time zone from the list."), "timezone"))
    number = data.get("number")
    if number is not None and (not isinstance(number, int) or number <= 0):
        _refuse(SchedulingError(_("Enter a whole number greater than zero."), "number"))
    mtype = _exists(MeetingType, data.get("type_id"), "type_id")
    if mtype is None:
        _refuse(SchedulingError(_("This field is required."), "type_id"))
    values = {name: _text(data, name, Meeting, required=name == "title_en") for name in (
        "title_en", "title_ru", "city_en", "city_ru", "online_url", "cbm_dimension")}
    values.update(
        description_en=_long_text(data, "description_en"),
        description_ru=_long_text(data, "description_ru"),
        type_id=mtype.id, number=number, timezone=tz,
        host_party_id=getattr(_exists(Party, data.get("host_party_id"), "host_party_id"), "id", None),
        chair_party_id=getattr(_exists(Party, data.get("chair_party_id"), "chair_party_id"), "id", None),
        venue_id=getattr(_exists(Venue, data.get("venue_id"), "venue_id"), "id", None),
        format=_enum(MeetingFormat, data.get("format") or MeetingFormat.IN_PERSON, "format"),
        visibility=_enum(Visibility, data.get("visibility") or Visibility.PUBLIC, "visibility"),
        registration_deadline=data.get("registration_deadline"),
    )
    values.update(_times(data.get("local_start"), data.get("local_end"), tz))
    return values


def _times(local_start: datetime | None, local_end: datetime | None, tz: str) -> dict[str, datetime]:
    starts_at = _instant(local_start, tz, "starts_at")
    ends_at = _instant(local_end, tz, "ends_at")
    if ends_at <= starts_at:
        _refuse(SchedulingError(_("The end must be after the start."), "ends_at"))
    return {"starts_at": starts_at, "ends_at": ends_at}


def _body_warnings(meeting_id: int | None, type_id: int, starts_at: datetime, ends_at: datetime) -> list[str]:
    """Two meetings of one body (e.g. Ministerial Council and its informal meeting) at once."""
    mtype = db.session.get(MeetingType, type_id)
    if not mtype.body_en:
        return []
    others = db.session.scalars(
        select(Meeting).join(Meeting.type)
        .where(MeetingType.body_en == mtype.body_en, Meeting.status != S.CANCELLED,
               Meeting.starts_at < ends_at, Meeting.ends_at > starts_at,
               Meeting.id != (meeting_id or 0))
        .order_by(Meeting.starts_at)
    ).all()
    return [
        _("“%(title)s” of the same body (%(body)s) overlaps these dates.", title=other.title_en, body=mtype.body_en)
        for other in others
    ]


def _items_outside(meeting: Meeting, starts_at: datetime, ends_at: datetime) -> None:
    outside = [i for i in meeting.agenda_items if i.starts_at < starts_at or i.ends_at > ends_at]
    if outside:
        _refuse(SchedulingError(
            _("%(n)d timetable entries would lie outside the new dates (first: “%(title)s”). Move or delete them "
              "first, or postpone the meeting to move its timetable with it.",
              n=len(outside), title=outside[0].title_en), "starts_at"))


def _warn(warnings: list[str], accept_warnings: bool) -> None:
    if warnings and not accept_warnings:
        db.session.rollback()
        raise WarningsPending(warnings)


def create_meeting(data: dict, *, user, accept_warnings: bool = False) -> Meeting:
    values = _meeting_values(data)
    status = _enum(MeetingStatus, data.get("status") or S.DRAFT, "status")
    if status not in INITIAL_STATUSES:
        _refuse(SchedulingError(_("A new meeting is a draft, planned or confirmed."), "status"))
    _warn(_body_warnings(None, values["type_id"], values["starts_at"], values["ends_at"]), accept_warnings)
    meeting = Meeting(status=status, **values)
    db.session.add(meeting)
    db.session.flush()
    _audit(meeting, "created", f"Created: {meeting.title_en}", user=user, version_before=0,
           changes={"status": [None, status.value]})
    db.session.commit()
    return meeting


def update_meeting(meeting: Meeting, data: dict, *, user, expected_version: int | None,
                   accept_warnings: bool = False) -> Meeting:
    """Edit a meeting's details (not its status: see change_status, postpone_meeting, cancel_meeting)."""
    _check_version(meeting, expected_version)
    values = _meeting_values(data)
    if (values["starts_at"], values["ends_at"]) != (meeting.starts_at, meeting.ends_at):
        _items_outside(meeting, values["starts_at"], values["ends_at"])
        _warn(_body_warnings(meeting.id, values["type_id"], values["starts_at"], values["ends_at"]),
              accept_warnings)
    changes = _diff(meeting, values)
    if not changes:
        return meeting
    version = meeting.version
    _apply(meeting, values, changes)
    _audit(meeting, "edited", f"Edited: {', '.join(changes)}", user=user, changes=changes, version_before=version)
    _commit(meeting, expected_version)
    return meeting


def _apply(meeting: Meeting, values: dict, changes: dict) -> None:
    with db.session.no_autoflush:
        if {"starts_at", "ends_at", "timezone"} & changes.keys():
            # Recorded before the change, so "old" values are the old ones.
            for name in ("starts_at", "ends_at", "timezone"):
                changes.setdefault(name, [jsonable(getattr(meeting, name))] * 2)
        for name, value in values.items():
            setattr(meeting, name, value)
        if set(changes) & set(MEETING_CALENDAR_FIELDS):
            _raise_sequence(meeting)
            _bump_items(meeting)


def allowed_transitions(status: MeetingStatus) -> frozenset[MeetingStatus]:
    return TRANSITIONS[status]


def _check_transition(meeting: Meeting, new: MeetingStatus) -> None:
    if new not in TRANSITIONS[meeting.status]:
        from meetings.labels import label

        _refuse(TransitionError(
            _("A meeting that is %(old)s cannot become %(new)s.",
              old=label(meeting.status).lower(), new=label(new).lower()), "status"))


def change_status(meeting: Meeting, status: MeetingStatus | str, *, user, expected_version: int | None,
                  reason: str = "", now: datetime | None = None) -> Meeting:
    """Every status change but a postponement (which needs new dates: postpone_meeting)."""
    _check_version(meeting, expected_version)
    new = _enum(MeetingStatus, status, "status")
    _check_transition(meeting, new)
    reason = _plain(reason, multiline=True)
    if new is S.POSTPONED:
        _refuse(SchedulingError(_("A postponement needs new dates."), "status"))
    if new is S.CANCELLED and not reason:
        _refuse(SchedulingError(_("Give the reason for the cancellation."), "reason"))
    if new is S.HELD and meeting.starts_at > (now or utcnow()):
        _refuse(TransitionError(_("A meeting cannot be marked as held before it starts."), "status"))
    old = meeting.status
    changes = {"status": [old.value, new.value]}
    _apply(meeting, {"status": new}, changes)
    action = {S.CANCELLED: "cancelled", S.HELD: "held"}.get(new, "status_changed")
    _audit(meeting, action, f"Status: {old.value} -> {new.value}", user=user, changes=changes, reason=reason,
           version_before=meeting.version)
    _commit(meeting, expected_version)
    return meeting


def cancel_meeting(meeting: Meeting, *, reason: str, user, expected_version: int | None) -> Meeting:
    return change_status(meeting, S.CANCELLED, user=user, expected_version=expected_version, reason=reason)


def mark_held(meeting: Meeting, *, user, expected_version: int | None, now: datetime | None = None) -> Meeting:
    return change_status(meeting, S.HELD, user=user, expected_version=expected_version, now=now)


def postpone_meeting(meeting: Meeting, *, new_start: datetime, new_end: datetime, reason: str, user,
                     expected_version: int | None, timezone: str = UNCHANGED, venue_id: int | None = UNCHANGED,
                     city_en: str = UNCHANGED, city_ru: str = UNCHANGED, format: MeetingFormat | str = UNCHANGED,  # noqa: A002
                     online_url: str = UNCHANGED, accept_warnings: bool = False) -> Meeting:
    """Move a meeting to new local dates (optionally a new place and format); it stays the same
    meeting (same UID), and its timetable moves with it day for day, keeping the local times."""
    _check_version(meeting, expected_version)
    _check_transition(meeting, S.POSTPONED)
    reason = _plain(reason, multiline=True)
    if not reason:
        _refuse(SchedulingError(_("Give the reason for the postponement."), "reason"))
    given = {"timezone": timezone, "venue_id": venue_id, "city_en": city_en, "city_ru": city_ru,
             "format": format, "online_url": online_url}
    data = {name: getattr(meeting, name) if value is UNCHANGED else value for name, value in given.items()}
    tz = (data["timezone"] or "").strip()
    if not is_valid_timezone(tz):
        _refuse(SchedulingError(_("Choose a time zone from the list."), "timezone"))
    values: dict[str, Any] = {
        "timezone": tz,
        "venue_id": getattr(_exists(Venue, data["venue_id"], "venue_id"), "id", None),
        "format": _enum(MeetingFormat, data["format"], "format"),
        "city_en": _text(data, "city_en", Meeting), "city_ru": _text(data, "city_ru", Meeting),
        "online_url": _text(data, "online_url", Meeting),
        **_times(new_start, new_end, tz),
    }
    # Day for day: the first local day moves to the new first local day, times of day stay.
    old_first = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)[0]
    shift = timedelta(days=(new_start.date() - old_first).days)
    venue_changed = values["venue_id"] != meeting.venue_id
    moved = {}
    for item in meeting.agenda_items:
        start = from_local(to_local(item.starts_at, meeting.timezone).replace(tzinfo=None) + shift, tz)
        end = from_local(to_local(item.ends_at, meeting.timezone).replace(tzinfo=None) + shift, tz)
        room_id = item.room_id
        if venue_changed and item.room is not None and item.room.venue_id != values["venue_id"]:
            room_id = None  # the old venue's rooms are not at the new place
        moved[item] = (start, end, room_id)
    outside = [i for i, (s, e, _r) in moved.items() if s < values["starts_at"] or e > values["ends_at"]]
    if outside:
        _refuse(SchedulingError(
            _("The timetable does not fit the new dates: %(n)d entries would lie outside them (first: “%(title)s”).",
              n=len(outside), title=outside[0].title_en), "ends_at"))
    rooms = {room_id for (_s, _e, room_id) in moved.values() if room_id is not None}
    _lock_rooms(rooms)
    for start, end, room_id in moved.values():
        if room_id is not None:
            _check_room(room_id, start, end, exclude_meeting_id=meeting.id)
    _warn(_body_warnings(meeting.id, meeting.type_id, values["starts_at"], values["ends_at"]), accept_warnings)
    version = meeting.version
    changes = _diff(meeting, values)
    changes["status"] = [meeting.status.value, S.POSTPONED.value]
    values["status"] = S.POSTPONED
    _apply(meeting, values, changes)
    with db.session.no_autoflush:
        for item, (start, end, room_id) in moved.items():
            item.starts_at, item.ends_at, item.room_id = start, end, room_id
    _audit(meeting, "postponed", f"Postponed: {reason}", user=user, changes=changes, reason=reason,
           version_before=version)
    _commit(meeting, expected_version)
    return meeting


# --- timetable ----------------------------------------------------------------------------------


def _lock_rooms(room_ids: Iterable[int]) -> None:
    """Row locks on the rooms (PostgreSQL: SELECT ... FOR UPDATE; SQLite serialises writers anyway),
    so two requests booking one room cannot both pass the check below. Sorted: no deadlocks."""
    ids = sorted(set(room_ids))
    if ids:
        db.session.execute(select(Room.id).where(Room.id.in_(ids)).order_by(Room.id).with_for_update())


def _check_room(room_id: int, starts_at: datetime, ends_at: datetime, *, exclude_item_id: int | None = None,
                exclude_meeting_id: int | None = None) -> None:
    """A room holds one item at a time, across all meetings: half-open [start, end) instants."""
    query = (
        select(AgendaItem).join(AgendaItem.meeting)
        .where(AgendaItem.room_id == room_id, AgendaItem.starts_at < ends_at, AgendaItem.ends_at > starts_at,
               Meeting.status != S.CANCELLED)
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
        _refuse(ConflictError(
            _("%(room)s is taken then by “%(item)s” (%(meeting)s, %(start)s–%(end)s %(zone)s).",
              room=taken.room.name, item=taken.title_en, meeting=taken.meeting.title_en,
              start=to_local(taken.starts_at, tz).strftime("%Y-%m-%d %H:%M"),
              end=to_local(taken.ends_at, tz).strftime("%H:%M"), zone=tz), "room_id"))


def _people_warnings(person_ids: set[int], starts_at: datetime, ends_at: datetime,
                     exclude_item_id: int | None) -> list[str]:
    """A person chairing or speaking in two overlapping items, in any meeting."""
    if not person_ids:
        return []
    spoken = select(agenda_item_speaker.c.agenda_item_id).where(agenda_item_speaker.c.person_id.in_(person_ids))
    others = db.session.scalars(
        select(AgendaItem).join(AgendaItem.meeting)
        .where(or_(AgendaItem.chair_id.in_(person_ids), AgendaItem.id.in_(spoken)),
               AgendaItem.starts_at < ends_at, AgendaItem.ends_at > starts_at, Meeting.status != S.CANCELLED,
               AgendaItem.id != (exclude_item_id or 0))
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
                "%(person)s is already booked then for “%(item)s” (%(meeting)s, %(start)s %(zone)s).",
                person=person.display_name, item=other.title_en, meeting=other.meeting.title_en,
                start=to_local(other.starts_at, tz).strftime("%Y-%m-%d %H:%M"), zone=tz))
    return warnings


def _item_values(meeting: Meeting, data: dict) -> tuple[dict[str, Any], list[Person]]:
    values: dict[str, Any] = {name: _text(data, name, AgendaItem, required=name == "title_en")
                              for name in ("title_en", "title_ru")}
    values.update(_times(data.get("local_start"), data.get("local_end"), meeting.timezone))
    if values["starts_at"] < meeting.starts_at or values["ends_at"] > meeting.ends_at:
        first, last = (to_local(t, meeting.timezone) for t in (meeting.starts_at, meeting.ends_at))
        _refuse(SchedulingError(
            _("The entry must lie within the meeting: from %(start)s to %(end)s (%(zone)s).",
              start=first.strftime("%Y-%m-%d %H:%M"), end=last.strftime("%Y-%m-%d %H:%M"), zone=meeting.timezone),
            "starts_at"))
    position = data.get("position") or 0
    if not isinstance(position, int) or not 0 <= position <= 10_000:
        _refuse(SchedulingError(_("Enter a whole number from 0 to 10000."), "position"))
    values.update(
        kind=_enum(AgendaItemKind, data.get("kind") or AgendaItemKind.PLENARY, "kind"),
        room_id=getattr(_exists(Room, data.get("room_id"), "room_id"), "id", None),
        chair_id=getattr(_exists(Person, data.get("chair_id"), "chair_id"), "id", None),
        documents=_long_text(data, "documents"),
        description_en=_long_text(data, "description_en"),
        description_ru=_long_text(data, "description_ru"),
        position=position,
    )
    speaker_ids = sorted(set(data.get("speaker_ids") or []))
    speakers = list(db.session.scalars(select(Person).where(Person.id.in_(speaker_ids)).order_by(Person.id)))
    if len(speakers) != len(speaker_ids):
        _refuse(SchedulingError(_("Choose a value from the list."), "speaker_ids"))
    return values, speakers


def _check_item(values: dict, speakers: list[Person], item_id: int | None, accept_warnings: bool) -> None:
    if values["room_id"] is not None:
        _lock_rooms([values["room_id"]])
        _check_room(values["room_id"], values["starts_at"], values["ends_at"], exclude_item_id=item_id)
    people = {p.id for p in speakers} | ({values["chair_id"]} if values["chair_id"] else set())
    _warn(_people_warnings(people, values["starts_at"], values["ends_at"], item_id), accept_warnings)


def add_agenda_item(meeting: Meeting, data: dict, *, user, expected_version: int | None = None,
                    accept_warnings: bool = False) -> AgendaItem:
    _check_version(meeting, expected_version)
    values, speakers = _item_values(meeting, data)
    _check_item(values, speakers, None, accept_warnings)
    version = meeting.version
    item = AgendaItem(meeting=meeting, speakers=speakers, **values)
    db.session.add(item)
    _touch(meeting)
    db.session.flush()
    _audit(meeting, "added", f"Timetable: added {item.title_en}", user=user, item=item,
           changes={"item": [None, item.title_en]}, version_before=version)
    _commit(meeting, expected_version)
    return item


def update_agenda_item(item: AgendaItem, data: dict, *, user, expected_version: int | None = None,
                       accept_warnings: bool = False) -> AgendaItem:
    """Edit or move an entry of the timetable."""
    meeting = item.meeting
    _check_version(meeting, expected_version)
    values, speakers = _item_values(meeting, data)
    _check_item(values, speakers, item.id, accept_warnings)
    changes = _diff(item, values)
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
            _raise_sequence(item)
        _touch(meeting)
    _audit(meeting, "edited", f"Timetable: edited {item.title_en}", user=user, item=item,
           changes={"item": [item.title_en, item.title_en], **changes}, version_before=version)
    _commit(meeting, expected_version)
    return item


def delete_agenda_item(item: AgendaItem, *, user, expected_version: int | None = None) -> None:
    meeting = item.meeting
    _check_version(meeting, expected_version)
    version = meeting.version
    _audit(meeting, "deleted", f"Timetable: deleted {item.title_en}", user=user, item=item,
           changes={"item": [item.title_en, None]}, version_before=version)
    meeting.agenda_items.remove(item)
    _touch(meeting)
    _commit(meeting, expected_version)


# --- venues and rooms ---------------------------------------------------------------------------


def save_venue(venue: Venue | None, data: dict, *, user) -> Venue:
    values = {name: _text(data, name, Venue, required=name in ("name_en", "city_en"))
              for name in ("name_en", "name_ru", "city_en", "city_ru", "address")}
    tz = (data.get("timezone") or "").strip()
    if not is_valid_timezone(tz):
        _refuse(SchedulingError(_("Choose a time zone from the list."), "timezone"))
    values["timezone"] = tz
    duplicate = db.session.scalar(select(Venue.id).where(
        Venue.name_en == values["name_en"], Venue.city_en == values["city_en"], Venue.id != (venue.id if venue else 0)))
    if duplicate is not None:
        _refuse(SchedulingError(_("This venue exists already."), "name_en"))
    if venue is None:
        venue = Venue(**values)
        db.session.add(venue)
    else:
        for name, value in values.items():
            setattr(venue, name, value)
    db.session.commit()
    return venue


def save_room(venue: Venue, room: Room | None, data: dict, *, user) -> Room:
    name = _text(data, "name", Room, required=True)
    numbers = {}
    for field in ("capacity", "interpretation_booths"):
        value = data.get(field) or 0
        if not isinstance(value, int) or not 0 <= value <= 100_000:
            _refuse(SchedulingError(_("Enter a whole number from 0 to 100000."), field))
        numbers[field] = value
    duplicate = db.session.scalar(select(Room.id).where(
        Room.venue_id == venue.id, Room.name == name, Room.id != (room.id if room else 0)))
    if duplicate is not None:
        _refuse(SchedulingError(_("This venue has a room of that name already."), "name"))
    if room is None:
        room = Room(venue=venue, name=name, **numbers)
        db.session.add(room)
    else:
        room.name = name
        for field, value in numbers.items():
            setattr(room, field, value)
    db.session.commit()
    return room


def delete_room(room: Room, *, user) -> None:
    used = db.session.scalar(select(AgendaItem.id).where(AgendaItem.room_id == room.id).limit(1))
    if used is not None:
        _refuse(SchedulingError(_("This room is used in a timetable and cannot be deleted."), "room"))
    db.session.delete(room)
    db.session.commit()


def meetings_for_management(*, status: MeetingStatus | None = None) -> list[Meeting]:
    query = (
        select(Meeting).options(joinedload(Meeting.type), joinedload(Meeting.venue))
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    )
    if status is not None:
        query = query.where(Meeting.status == status)
    return list(db.session.scalars(query))


__all__ = [
    "INITIAL_STATUSES", "TRANSITIONS", "ConflictError", "SchedulingError", "StaleVersionError", "TransitionError",
    "WarningsPending", "add_agenda_item", "allowed_transitions", "cancel_meeting", "change_status", "create_meeting",
    "delete_agenda_item", "delete_room", "mark_held", "postpone_meeting", "save_room", "save_venue",
    "update_agenda_item", "update_meeting",
]

"""Room capacity against a meeting's expected attendance.

Expected: the meeting's registrations that are registered, accredited or attended (those who are
coming or came; the list of participants prints the same ones). Invited people have not said they
come; declined and cancelled ones will not. A room's capacity of 0 means it is not known: no
warning then.
"""

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import func, select

from meetings.extensions import db
from meetings.i18n import format_number, localized
from meetings.models import Registration, Room
from meetings.participants.workflow import COMING


def expected_attendance(meeting_ids: Iterable[int]) -> dict[int, int]:
    """How many are expected at each meeting, in one query."""
    ids = sorted(set(meeting_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(Registration.meeting_id, func.count()).where(
            Registration.meeting_id.in_(ids), Registration.status.in_(COMING))
        .group_by(Registration.meeting_id))
    return dict.fromkeys(ids, 0) | dict(rows.tuples().all())


def under_capacity(room: Room | None, expected: int) -> bool:
    return room is not None and room.capacity > 0 and expected > room.capacity


def capacity_warning(room: Room, expected: int) -> str:
    return _("%(room)s holds %(capacity)s people, but %(expected)s participants are expected "
             "(registered or accredited).", room=str(localized(room, "name")), capacity=format_number(room.capacity),
             expected=format_number(expected))


def capacity_warnings(meeting_id: int, room_id: int | None) -> list[str]:
    """The timetable's warning for an entry in ``room_id`` at the meeting."""
    room = db.session.get(Room, room_id) if room_id is not None else None
    if room is None or room.capacity <= 0:
        return []
    expected = expected_attendance([meeting_id])[meeting_id]
    return [capacity_warning(room, expected)] if under_capacity(room, expected) else []

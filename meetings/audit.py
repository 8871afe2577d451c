"""The audit trail: who changed what and when, in one shape for every kind of object.

Actions are namespaced by the kind of object they concern (``meeting.postponed``,
``agenda_item.added``, ``registration.status_changed``), so a reader of one kind (a meeting's
history) never meets another kind's entries: a registration's status is not a meeting's.
"""

from typing import Any

from sqlalchemy import ColumnElement

from meetings.extensions import db
from meetings.models import AuditEntry

# What a meeting's history shows: changes of the meeting and of its timetable.
MEETING_HISTORY = frozenset({
    "meeting.created", "meeting.edited", "meeting.postponed", "meeting.cancelled", "meeting.held",
    "meeting.status_changed", "meeting.notified",
    "agenda_item.added", "agenda_item.edited", "agenda_item.deleted",
})


def action_name(object_type: str, verb: str) -> str:
    return f"{object_type}.{verb}"


def record(user_id: int | None, object_type: str, verb: str, *, object_id: int | None, meeting_id: int | None,
           summary: str, changes: dict[str, Any] | None = None, reason: str = "") -> AuditEntry:
    """Add an entry to the session; the caller's commit makes it part of the same change."""
    entry = AuditEntry(
        user_id=user_id, action=action_name(object_type, verb), object_type=object_type, object_id=object_id,
        meeting_id=meeting_id, summary=summary[:500], reason=reason, changes=changes or {},
    )
    db.session.add(entry)
    return entry


def in_meeting_history() -> ColumnElement[bool]:
    return AuditEntry.action.in_(MEETING_HISTORY)

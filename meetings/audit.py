"""The audit trail: who changed what and when, in one shape for every kind of object.

Actions are namespaced by the kind of object they concern (``meeting.postponed``,
``agenda_item.added``, ``registration.status_changed``), so a reader of one kind (a meeting's
history) never meets another kind's entries: a registration's status is not a meeting's.
"""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import ColumnElement

from meetings.extensions import db
from meetings.history import jsonable
from meetings.models import AuditEntry

# What a meeting's history shows: changes of the meeting and of its timetable.
MEETING_HISTORY = frozenset({
    "meeting.created", "meeting.edited", "meeting.postponed", "meeting.cancelled", "meeting.held",
    "meeting.status_changed", "meeting.notified",
    "agenda_item.added", "agenda_item.edited", "agenda_item.deleted",
})


def action_name(object_type: str, verb: str) -> str:
    return f"{object_type}.{verb}"


def actor_id(user) -> int | None:
    """Who acts: a logged-in user's id; None for the system (demo, CLI) and anonymous users."""
    if user is None or isinstance(user, int):
        return user
    with db.session.no_autoflush:  # reading the id must not flush a change that is still being checked
        return user.id if getattr(user, "is_authenticated", False) else None


def diff(obj, values: Mapping[str, Any]) -> dict[str, list]:
    """The fields ``values`` would change on ``obj``, as [before, after] in JSON form."""
    return {
        name: [jsonable(getattr(obj, name)), jsonable(value)]
        for name, value in values.items() if getattr(obj, name) != value
    }


def record(user, object_type: str, verb: str, *, object_id: int | None, meeting_id: int | None,
           summary: str, changes: dict[str, Any] | None = None, reason: str = "") -> AuditEntry:
    """Add an entry to the session; the caller's transaction makes it part of the same change.
    ``user`` is the acting user (or None for the system); ``changes`` maps each changed field
    to [before, after]."""
    entry = AuditEntry(
        user_id=actor_id(user), action=action_name(object_type, verb), object_type=object_type, object_id=object_id,
        meeting_id=meeting_id, summary=summary[:500], reason=reason, changes=changes or {},
    )
    db.session.add(entry)
    return entry


def in_meeting_history() -> ColumnElement[bool]:
    return AuditEntry.action.in_(MEETING_HISTORY)

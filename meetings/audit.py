"""The audit trail: who changed what and when, in one shape for every kind of object.

Actions are namespaced by the kind of object they concern (``meeting.postponed``,
``agenda_item.added``, ``registration.status_changed``), so a reader of one kind (a meeting's
history) never meets another kind's entries: a registration's status is not a meeting's.

The trail is written here and only added to: no route changes an entry, and the session refuses
to update or delete one (``refuse_changes_to_the_trail``), whichever code asks.
"""

from collections.abc import Mapping
from typing import Any

from flask import g, has_request_context
from sqlalchemy import ColumnElement, event
from sqlalchemy.orm import ORMExecuteState, Session

from meetings.extensions import db
from meetings.history import jsonable
from meetings.models import AuditEntry

# What a meeting's history shows: changes of the meeting and of its timetable.
MEETING_HISTORY = frozenset({
    "meeting.created", "meeting.edited", "meeting.rescheduled", "meeting.postponed", "meeting.cancelled", "meeting.held",
    "meeting.status_changed", "meeting.notified",
    "agenda_item.added", "agenda_item.edited", "agenda_item.deleted",
})


class AuditEntryChangeError(RuntimeError):
    """Raised when code tries to change or delete an audit entry: a bug, never a user's doing."""


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


def created(values: Mapping[str, Any]) -> dict[str, list]:
    """The changes of a new object: [None, value] for each of its ``values``."""
    return {name: [None, jsonable(value)] for name, value in values.items()}


def record(user, object_type: str, verb: str, *, object_id: int | None, meeting_id: int | None,
           summary: str, changes: dict[str, Any] | None = None, reason: str = "") -> AuditEntry:
    """Add an entry to the session; the caller's transaction makes it part of the same change.
    ``user`` is the acting user (or None for the system); ``changes`` maps each changed field
    to [before, after]."""
    entry = AuditEntry(
        user_id=actor_id(user), action=action_name(object_type, verb), object_type=object_type, object_id=object_id,
        meeting_id=meeting_id, summary=summary[:500], reason=reason, changes=changes or {},
        api_token_id=g.api_token.id if has_request_context() and g.get("api_token") else None,
    )
    db.session.add(entry)
    return entry


def in_meeting_history() -> ColumnElement[bool]:
    return AuditEntry.action.in_(MEETING_HISTORY)


# The guard holds for every session (the app's, and the reader sessions services open): an entry
# is history, so the unit of work and the ORM's bulk statements may add entries, never alter them.
@event.listens_for(Session, "before_flush")
def refuse_changes_to_the_trail(session: Session, _flush_context, _instances) -> None:
    if any(isinstance(obj, AuditEntry) for obj in session.deleted):
        raise AuditEntryChangeError("audit entries are never deleted")
    if any(isinstance(obj, AuditEntry) and session.is_modified(obj) for obj in session.dirty):
        raise AuditEntryChangeError("audit entries are never changed")


@event.listens_for(Session, "do_orm_execute")
def refuse_bulk_changes_to_the_trail(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete) and any(m.class_ is AuditEntry for m in state.all_mappers):
        raise AuditEntryChangeError("audit entries are never changed or deleted")

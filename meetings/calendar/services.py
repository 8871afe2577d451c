"""Reading the calendar: which meetings a user sees, loaded in a fixed number of queries."""

from datetime import datetime

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from meetings.extensions import db
from meetings.models import AgendaItem, Meeting, utcnow
from meetings.visibility import visible_meetings_clause

RECENT_LIMIT = 10


def _meetings_query(user):
    return (
        select(Meeting)
        .where(visible_meetings_clause(user))
        .options(joinedload(Meeting.type), joinedload(Meeting.host_party), joinedload(Meeting.venue))
    )


def upcoming_and_recent(user, now: datetime | None = None) -> tuple[list[Meeting], list[Meeting]]:
    now = now or utcnow()
    upcoming = db.session.scalars(
        _meetings_query(user).where(Meeting.ends_at >= now).order_by(Meeting.starts_at, Meeting.id)
    ).all()
    recent = db.session.scalars(
        _meetings_query(user)
        .where(Meeting.ends_at < now)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(RECENT_LIMIT)
    ).all()
    return list(upcoming), list(recent)


def get_visible_meeting(user, meeting_id: int, *, with_timetable: bool = False) -> Meeting:
    """The meeting, or a 404 for anyone who may not see it (never a 403 that confirms it exists)."""
    query = _meetings_query(user).where(Meeting.id == meeting_id)
    if with_timetable:
        query = query.options(
            selectinload(Meeting.agenda_items).options(
                joinedload(AgendaItem.room), joinedload(AgendaItem.chair), selectinload(AgendaItem.speakers)
            )
        )
    meeting = db.session.scalar(query)
    if meeting is None:
        abort(404)
    return meeting

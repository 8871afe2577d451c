"""The lists of tasks: a meeting's checklist, filtered, and a Secretariat member's own tasks across
meetings; each in a fixed number of queries however many tasks there are."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from meetings.extensions import db
from meetings.logistics.tasks.services import UNFINISHED, is_overdue
from meetings.models import Meeting, Task, TaskStatus
from meetings.timeutil import local_today

NOBODY = 0  # the owner filter's value for tasks nobody owns yet


@dataclass(frozen=True)
class Row:
    task: Task
    overdue: bool


def _by_due_date(query):
    # Undated tasks last, then by day and title (SQLite and PostgreSQL sort NULL differently).
    return query.order_by(Task.due_date.is_(None), Task.due_date, Task.title_en, Task.id)


def meeting_tasks(meeting: Meeting, now: datetime, *, status: TaskStatus | None = None,
                  owner_id: int | None = None, overdue: bool = False) -> list[Row]:
    """The meeting's tasks by due date, with their owners (one query); ``owner_id`` NOBODY: unowned."""
    today = local_today(meeting.timezone, now)
    query = select(Task).where(Task.meeting_id == meeting.id).options(joinedload(Task.owner))
    if status is not None:
        query = query.where(Task.status == status)
    if owner_id == NOBODY:
        query = query.where(Task.owner_id.is_(None))
    elif owner_id is not None:
        query = query.where(Task.owner_id == owner_id)
    if overdue:
        query = query.where(Task.status.in_(UNFINISHED), Task.due_date < today)
    return [Row(task, is_overdue(task, today)) for task in db.session.scalars(_by_due_date(query))]


def my_tasks(user, now: datetime) -> list[Row]:
    """The open and in-progress tasks ``user`` owns, at every meeting, by due date; overdue by each
    meeting's own calendar (one query, the meetings joined in)."""
    query = (select(Task).where(Task.owner_id == user.id, Task.status.in_(UNFINISHED))
             .options(joinedload(Task.meeting)))
    rows = list(db.session.scalars(_by_due_date(query)))
    todays: dict[int, date] = {}
    result = []
    for task in rows:
        today = todays.setdefault(task.meeting_id, local_today(task.meeting.timezone, now))
        result.append(Row(task, is_overdue(task, today)))
    return result

"""Tasks of a meeting: the rules. Organizers add, edit, delete and apply a meeting type's standard
checklist; a staff member changes the status and note of the tasks they own; the due dates of
unfinished tasks move with the meeting when it is postponed.

Due dates are calendar days in the meeting's time zone: a task is overdue once its due day is over
there (due before today in the meeting's zone) while it is still open or in progress.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from flask_babel import ngettext
from sqlalchemy import func, select

from meetings import audit
from meetings.domain import NotAllowedError, RuleError, found
from meetings.extensions import db
from meetings.i18n import localized
from meetings.logistics.access import require_organizer
from meetings.logistics.summary import Attention, Count, Section
from meetings.logistics.tasks.templates import template_for
from meetings.models import SECRETARIAT_ROLES, Meeting, Task, TaskStatus, User
from meetings.text import check_text
from meetings.timeutil import FIRST_YEAR, LAST_YEAR, local_dates, local_today
from meetings.transaction import operation

UNFINISHED = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)
TITLE_LENGTH = Task.__table__.c.title_en.type.length
NOTE_LENGTH = 2000
SOON_DAYS = 7  # "due in the next week" on the dashboard
EXAMPLES = 3


@dataclass(frozen=True)
class TaskInput:
    title_en: str
    owner_id: int | None
    due_date: date | None
    status: TaskStatus
    note: str = ""
    title_ru: str = ""



def is_overdue(task: Task, today: date) -> bool:
    return task.status in UNFINISHED and task.due_date is not None and task.due_date < today


# --- reading -------------------------------------------------------------------------------------

def get_task(meeting: Meeting, task_id: int) -> Task:
    """A task of this meeting; a task of another meeting is not found here."""
    return found(db.session.get(Task, task_id), lambda task: task.meeting_id == meeting.id)


def owners(keep: int | None = None) -> list[User]:
    """Who may own a task: the active Secretariat (and the present owner, kept if no longer so)."""
    active = (User.active.is_(True) & User.role.in_(SECRETARIAT_ROLES))
    where = active | (User.id == keep) if keep is not None else active
    return list(db.session.scalars(select(User).where(where).order_by(User.name, User.email)))


def may_change_status(user, task: Task) -> bool:
    """Organizers change every task; a staff member the status and note of their own."""
    return user.is_organizer or (user.is_secretariat and task.owner_id == user.id)


# --- the rules of a task's fields ------------------------------------------------------------------

def _titles(data: TaskInput) -> dict[str, str]:
    """The title in English and in Russian: one of them at least."""
    titles = {}
    for name in ("title_en", "title_ru"):
        value = check_text(getattr(data, name) or "", name).strip()
        if len(value) > TITLE_LENGTH:
            raise RuleError(_l("At most %(n)d characters.", n=TITLE_LENGTH), name)
        titles[name] = value
    if not any(titles.values()):
        raise RuleError(_l("Give the task a title."), "title_en")
    return titles


def _note(value: str) -> str:
    value = check_text(value or "", "note", multiline=True).replace("\r\n", "\n").strip()
    if len(value) > NOTE_LENGTH:
        raise RuleError(_l("At most %(n)d characters.", n=NOTE_LENGTH), "note")
    return value


def _due_date(value: date | None) -> date | None:
    """A day of the years meetings are held in (a due date of year 9999 cannot move with the meeting)."""
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise RuleError(_l("Enter a year between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR),
                        "due_date")
    return value


def _owner_id(owner_id: int | None, present: int | None = None) -> int | None:
    """A Secretariat user (active, unless they already own the task), or nobody."""
    if owner_id is None:
        return None
    owner = db.session.get(User, owner_id)
    if owner is None or owner.role not in SECRETARIAT_ROLES or not (owner.active or owner_id == present):
        raise RuleError(_l("Choose a member of the Secretariat from the list."), "owner_id")
    return owner.id


def _values(data: TaskInput, present_owner: int | None = None) -> dict:
    if not isinstance(data.status, TaskStatus):
        raise RuleError(_l("Choose a status from the list."), "status")
    return {**_titles(data), "owner_id": _owner_id(data.owner_id, present_owner),
            "due_date": _due_date(data.due_date), "status": data.status, "note": _note(data.note)}


# --- changing -------------------------------------------------------------------------------------

def _change(task: Task, values: dict, verb: str, user) -> Task:
    """Set ``values``; audited when anything changed (saving unchanged writes nothing)."""
    changes = audit.diff(task, values)
    for name, value in values.items():
        setattr(task, name, value)
    if changes:
        audit.record(user, "task", verb, object_id=task.id, meeting_id=task.meeting_id,
                     summary=f"Task {verb.replace('_', ' ')}: {task.title_en or task.title_ru}", changes=changes)
    return task


@operation
def create_task(meeting: Meeting, data: TaskInput, *, user) -> Task:
    require_organizer(user)
    values = _values(data)
    task = Task(meeting_id=meeting.id, **values)
    db.session.add(task)
    db.session.flush()
    audit.record(user, "task", "created", object_id=task.id, meeting_id=meeting.id,
                 summary=f"Task added: {task.title_en or task.title_ru}", changes=audit.created(values))
    return task


@operation
def update_task(task: Task, data: TaskInput, *, user) -> Task:
    require_organizer(user)
    return _change(task, _values(data, task.owner_id), "edited", user)


@operation
def change_status(task: Task, status: TaskStatus, *, user, note: str | None = None) -> Task:
    """The status (and, given, the note) of a task: by an organizer or by the task's owner."""
    if not may_change_status(user, task):
        raise NotAllowedError()
    if not isinstance(status, TaskStatus):
        raise RuleError(_l("Choose a status from the list."), "status")
    values: dict = {"status": status}
    if note is not None:
        values["note"] = _note(note)
    return _change(task, values, "status_changed", user)


@operation
def delete_task(task: Task, *, user) -> str:
    """Returns the deleted task's title (in the reader's language)."""
    require_organizer(user)
    audit.record(user, "task", "deleted", object_id=task.id, meeting_id=task.meeting_id,
                 summary=f"Task deleted: {task.title_en or task.title_ru}",
                 changes={"title_en": [task.title_en, None], "title_ru": [task.title_ru, None],
                          "status": [task.status.value, None]})
    db.session.delete(task)
    return str(localized(task, "title"))


@operation
def apply_template(meeting: Meeting, *, user) -> list[Task]:
    """Add the meeting type's standard checklist, due dates counted from the meeting's first or
    last local day, titles in both languages. A task whose title is already there, in either
    language, is skipped: applying twice adds nothing. Owners are left to choose."""
    require_organizer(user)
    # The meeting is locked (PostgreSQL) before its titles are read: a double click takes turns, and
    # the second finds the first's tasks instead of adding the whole checklist again.
    db.session.execute(select(Meeting.id).where(Meeting.id == meeting.id).with_for_update())
    first_day, last_day = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)
    present = {title for row in db.session.execute(select(Task.title_en, Task.title_ru)
                                                   .where(Task.meeting_id == meeting.id)) for title in row if title}
    added = []
    for item in template_for(meeting.type.code):
        if item.title_en in present or item.title_ru in present:
            continue
        task = Task(meeting_id=meeting.id, title_en=item.title_en, title_ru=item.title_ru,
                    due_date=item.due(first_day, last_day), status=TaskStatus.OPEN)
        db.session.add(task)
        present.update((item.title_en, item.title_ru))
        added.append(task)
    if added:
        db.session.flush()
        audit.record(user, "task", "template_applied", object_id=None, meeting_id=meeting.id,
                     summary=f"Checklist of {meeting.type.code} applied: {len(added)} tasks",
                     changes={"tasks": [None, [t.title_en for t in added]]})
    return added


@operation
def shift_due_dates(meeting: Meeting, days: int, *, user) -> int:
    """The meeting moved by ``days`` (its first local day): unfinished tasks move with it, done
    and cancelled ones keep the day they had. Returns how many moved (audited as one entry)."""
    if not days:
        return 0
    moving = list(db.session.scalars(select(Task).where(
        Task.meeting_id == meeting.id, Task.status.in_(UNFINISHED), Task.due_date.is_not(None))))
    for task in moving:
        task.due_date += timedelta(days=days)
    if moving:
        audit.record(user, "task", "moved", object_id=None, meeting_id=meeting.id,
                     summary=f"{len(moving)} tasks moved by {days} days with the meeting",
                     changes={"due_date": [None, f"{days:+d} days"]})
    return len(moving)


# --- the dashboard -------------------------------------------------------------------------------

def summary(meeting: Meeting, now: datetime) -> Section:
    """Counts by status, the overdue tasks (act today) and those due within a week: two queries."""
    url = url_for("logistics.tasks", meeting_id=meeting.id)
    counts = dict(db.session.execute(select(Task.status, func.count()).where(Task.meeting_id == meeting.id)
                                     .group_by(Task.status)).all())
    today = local_today(meeting.timezone, now)
    soon_end = today + timedelta(days=SOON_DAYS)
    pending = db.session.scalars(
        select(Task).where(Task.meeting_id == meeting.id, Task.status.in_(UNFINISHED), Task.due_date < soon_end)
        .order_by(Task.due_date, Task.title_en, Task.id)).all()
    overdue = [str(localized(task, "title")) for task in pending if task.due_date < today]
    soon = [str(localized(task, "title")) for task in pending if task.due_date >= today]
    section = Section(str(_l("Tasks")), url, counts=[
        Count(str(_lp("tasks counted", "Open")), counts.get(TaskStatus.OPEN, 0)),
        Count(str(_lp("tasks counted", "In progress")), counts.get(TaskStatus.IN_PROGRESS, 0)),
        Count(str(_lp("tasks counted", "Done")), counts.get(TaskStatus.DONE, 0)),
    ])
    if overdue:
        section.attention.append(Attention(
            ngettext("%(num)d overdue task", "%(num)d overdue tasks", len(overdue)), len(overdue),
            url_for("logistics.tasks", meeting_id=meeting.id, overdue="1"), overdue[:EXAMPLES]))
    if soon:
        section.attention.append(Attention(
            ngettext("%(num)d task due in the next 7 days", "%(num)d tasks due in the next 7 days", len(soon)), len(soon), url,
            soon[:EXAMPLES], level="info"))
    return section

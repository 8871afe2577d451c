"""The demo's logistics for a meeting with participants and a venue: each part's function adds
what the meeting lacks of that part (idempotent: a part already there is left alone), through the
part's services where they exist, as the demo organizer.

TODO(#14): each part's function goes through its services.
"""

from datetime import timedelta

from sqlalchemy import exists, select

from meetings.accounts.services import find_user
from meetings.demo_data import DEMO_ACCOUNTS
from meetings.extensions import db
from meetings.logistics.tasks import services as task_services
from meetings.logistics.tasks.services import TaskInput
from meetings.models import (
    AgendaItemKind,
    Hotel,
    HotelAssignment,
    HotelBlock,
    Interpretation,
    Meeting,
    Registration,
    Task,
    TaskStatus,
    Travel,
    TravelDirection,
    User,
    UserRole,
    VisaLetter,
    VisaLetterStatus,
)
from meetings.timeutil import local_dates


def _registrations(meeting: Meeting) -> list[Registration]:
    return list(db.session.scalars(select(Registration).where(Registration.meeting_id == meeting.id)
                                   .order_by(Registration.id)))


def _has(model, *where) -> bool:
    return bool(db.session.scalar(select(exists().where(*where))))


def hotels(meeting: Meeting, actor: User) -> None:
    if _has(HotelBlock, HotelBlock.meeting_id == meeting.id):
        return
    hotel = db.session.scalar(select(Hotel).where(Hotel.name_en == "Hilton Baku"))
    if hotel is None:
        hotel = Hotel(name_en="Hilton Baku", city="Baku", address_en="1B Azadliq Ave", phone="+994 12 464 5000")
        db.session.add(hotel)
    first_day, last_day = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)
    block = HotelBlock(meeting=meeting, hotel=hotel, rooms=40, check_in=first_day - timedelta(days=1),
                       check_out=last_day + timedelta(days=1), rate="USD 180 per night")
    db.session.add(block)
    for registration in _registrations(meeting)[:6]:
        db.session.add(HotelAssignment(registration=registration, hotel_block=block, check_in=block.check_in,
                                       check_out=block.check_out))


def travel(meeting: Meeting, actor: User) -> None:
    if _has(Travel, Travel.registration_id == Registration.id, Registration.meeting_id == meeting.id):
        return
    for i, registration in enumerate(_registrations(meeting)):
        if i % 4 == 0:
            db.session.add(Travel(registration=registration, direction=TravelDirection.ARRIVAL,
                                  at=meeting.starts_at - timedelta(days=1), flight=f"J2 {100 + i}",
                                  airport="GYD" if meeting.city_en == "Baku" else "NQZ", pickup=True))


def interpretation(meeting: Meeting, actor: User) -> None:
    for item in meeting.agenda_items:
        if item.kind in (AgendaItemKind.PLENARY, AgendaItemKind.CLOSED_SESSION) and not _has(
                Interpretation, Interpretation.agenda_item_id == item.id):
            for lang in ("en", "ru"):
                db.session.add(Interpretation(agenda_item=item, language=lang))


def visas(meeting: Meeting, actor: User) -> None:
    if _has(VisaLetter, VisaLetter.registration_id == Registration.id, Registration.meeting_id == meeting.id):
        return
    for i, registration in enumerate(_registrations(meeting)):
        if i % 5 == 1:
            db.session.add(VisaLetter(registration=registration, status=VisaLetterStatus.REQUESTED))


def tasks(meeting: Meeting, actor: User) -> None:
    """The meeting type's standard checklist, through the tasks' services: the earliest third done,
    the next ones shared between the demo organizer and the demo staff member (the staff's first one
    in progress), the rest nobody's yet. Which are overdue follows from today's date, as in life."""
    if _has(Task, Task.meeting_id == meeting.id):
        return
    staff = find_user(next(email for email, _name, role in DEMO_ACCOUNTS if role is UserRole.STAFF))
    added = sorted(task_services.apply_template(meeting, user=actor, lang="en"), key=lambda t: (t.due_date, t.id))
    done = len(added) // 3
    for i, task in enumerate(added):
        owner = (actor, staff)[i % 2] if i < len(added) - 2 else None
        status = TaskStatus.DONE if i < done else (TaskStatus.IN_PROGRESS if i == done + 1 else TaskStatus.OPEN)
        task_services.update_task(task, TaskInput(title=task.title, owner_id=owner.id if owner else None,
                                                  due_date=task.due_date, status=status, note=task.note),
                                  user=actor)


def load(meeting: Meeting, actor: User) -> None:
    for part in (hotels, travel, interpretation, visas, tasks):
        part(meeting, actor)
        db.session.flush()

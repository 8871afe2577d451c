"""The demo's logistics for a meeting with participants and a venue: each part's function adds
what the meeting lacks of that part (idempotent: a part already there is left alone), through the
part's services where they exist, as the demo organizer.

TODO(#14): each part's function goes through its services.
"""

from datetime import timedelta

from sqlalchemy import exists, select

from meetings.extensions import db
from meetings.logistics.interpretation import services as interpretation_services
from meetings.logistics.interpretation.inputs import InterpreterInput, ItemLanguagesInput
from meetings.models import (
    AgendaItem,
    AgendaItemKind,
    Hotel,
    HotelAssignment,
    HotelBlock,
    Interpretation,
    Interpreter,
    Meeting,
    Registration,
    Task,
    TaskStatus,
    Travel,
    TravelDirection,
    User,
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


# Interpreters shared by every meeting: (name, languages, e-mail).
INTERPRETERS = [
    ("Anna Petrova", "ru, en", "a.petrova@interpreters.example.org"),
    ("James Whitfield", "en, ru", "j.whitfield@interpreters.example.org"),
    ("Olga Sokolova", "ru, en", "o.sokolova@interpreters.example.org"),
    ("Michael Grant", "en, ru", "m.grant@interpreters.example.org"),
    ("Li Na", "zh, en", "li.na@interpreters.example.org"),
    ("Karim Haddad", "ar, en, ru", "k.haddad@interpreters.example.org"),
]


def _interpreters(actor: User) -> dict[str, Interpreter]:
    known = {i.name: i for i in interpretation_services.interpreters()}
    for name, languages, email in INTERPRETERS:
        if name not in known:
            known[name] = interpretation_services.save_interpreter(
                None, InterpreterInput(name=name, languages=languages, email=email), user=actor)
    return known


def interpretation(meeting: Meeting, actor: User) -> None:
    """English and Russian on every session, interpreters booked on the plenaries and closed
    sessions (two per language, the pairs taking turns by day), and Chinese asked for the first
    plenary with nobody booked yet: the dashboard shows it as missing."""
    if _has(Interpretation, Interpretation.agenda_item_id == AgendaItem.id, AgendaItem.meeting_id == meeting.id):
        return
    people = _interpreters(actor)
    interpretation_services.apply_defaults(meeting, user=actor)
    pairs = [(people["James Whitfield"], people["Anna Petrova"]), (people["Michael Grant"], people["Olga Sokolova"])]
    first_plenary = True
    for day, items in meeting.timetable_days():
        english, russian = pairs[day.toordinal() % 2]
        for item in items:
            if item.kind not in (AgendaItemKind.PLENARY, AgendaItemKind.CLOSED_SESSION):
                continue
            languages = ["en", "ru"] + (["zh"] if first_plenary else [])
            interpretation_services.set_item_languages(item, ItemLanguagesInput(
                languages, {"en": [english.id], "ru": [russian.id]}), user=actor)
            first_plenary = False


def visas(meeting: Meeting, actor: User) -> None:
    if _has(VisaLetter, VisaLetter.registration_id == Registration.id, Registration.meeting_id == meeting.id):
        return
    for i, registration in enumerate(_registrations(meeting)):
        if i % 5 == 1:
            db.session.add(VisaLetter(registration=registration, status=VisaLetterStatus.REQUESTED))


def tasks(meeting: Meeting, actor: User) -> None:
    if _has(Task, Task.meeting_id == meeting.id):
        return
    first_day = local_dates(meeting.starts_at, meeting.ends_at, meeting.timezone)[0]
    for title, days_before, status in [
        ("Send invitations (notes verbales) to Member States", 60, TaskStatus.DONE),
        ("Confirm interpretation EN/RU", 30, TaskStatus.DONE),
        ("Book hotel room block", 30, TaskStatus.IN_PROGRESS),
        ("Issue visa support letters", 21, TaskStatus.IN_PROGRESS),
        ("Print badges and list of participants", 2, TaskStatus.OPEN),
        ("Arrange airport pick-up", 3, TaskStatus.OPEN),
    ]:
        db.session.add(Task(meeting=meeting, title=title, due_date=first_day - timedelta(days=days_before),
                            status=status))


def load(meeting: Meeting, actor: User) -> None:
    for part in (hotels, travel, interpretation, visas, tasks):
        part(meeting, actor)
        db.session.flush()
